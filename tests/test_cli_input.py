"""The command line's input edge: safe JSON, bounded records, any readable file, safe output.

Each test reproduces a defect of issue 11 (D2 nesting, D3 surrogates, D4 memory, arguments
checked before output) and checks the class of defect, not only the example.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sozialraum import _reader, schema
from sozialraum._reader import read_records
from sozialraum.cli import main
from sozialraum.data import sample_file
from sozialraum.model import CaseIndependentWork, Help, Provider, RiskAssessment

PERSON = {"id": "P1", "birth": "2010-01-01"}
SURROGATE_KEY = '{"id":"P1","birth":"2010-01-01","\\ud800x":1}'


def run(*argv: str, stdout: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


# -- D2: nesting --------------------------------------------------------------------------

DEEP = "[" * 1100 + "]" * 1100


@pytest.mark.parametrize("name", ["d.json", "d.jsonl"])
def test_deep_nesting_is_an_issue_not_a_recursion_error(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, DEEP + "\n")
    code, out, err = run("validate", str(path), "--type", "case", "--format", "json")
    assert code == 1, err
    (issue,) = json.loads(out)["issues"]
    assert (issue["record"], issue["path"], issue["code"]) == (1, "", "json.too_deep")


def test_deep_nesting_in_diagram_and_simulate_files(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", DEEP)
    code, _, err = run("diagram", str(path))
    assert code == 2
    assert "[json.too_deep]" in err
    for name, text in (("s.json", DEEP), ("s.toml", "a = " + DEEP)):
        code, _, err = run("simulate", str(write(tmp_path / name, text)), "--runs", "2")
        assert code == 1
        assert "[json.too_deep]" in err
        assert "Traceback" not in err


# -- duplicate keys -----------------------------------------------------------------------


def test_duplicate_keys_are_reported_and_the_record_still_checked(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", '{"id": "P1", "id": "P2", "birth": "2010-13-01"}\n')
    code, out, _ = run("validate", str(path), "--type", "young_person")
    assert code == 1
    assert f"{path}: line 1: /id: this key appears more than once in the object" in out
    assert "/birth: " in out  # the data is checked too: one run reports everything


def test_duplicate_keys_in_a_process_file(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", '{"name": "x", "name": "y"}')
    code, _, err = run("diagram", str(path))
    assert code == 1
    assert "/name: this key appears more than once in the object [json.duplicate_key]" in err


def test_duplicate_keys_in_a_study_file(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", '{"name": "x", "name": "y"}')
    code, _, err = run("simulate", str(path), "--runs", "2")
    assert code == 1
    assert "[json.duplicate_key]" in err


# -- D3: surrogates and unprintable characters --------------------------------------------


def test_a_lone_surrogate_in_a_key_is_printed_escaped(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", SURROGATE_KEY + "\n")
    code, out, _ = run("validate", str(path), "--type", "young_person")
    assert code == 1
    assert "line 1: /\\ud800x…(2): unknown key for YoungPerson [key.unknown]" in out
    out.encode("utf-8")  # no lone surrogate left in the text


def test_json_output_with_a_surrogate_is_complete_valid_json(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", SURROGATE_KEY + "\n")
    code, out, _ = run("validate", str(path), "--type", "young_person", "--format", "json")
    assert code == 1
    out.encode("ascii")  # escaped, so any output encoding carries it
    report = json.loads(out)
    assert report["issues"][0]["path"] == "/\\ud800x…(2)"  # not a field name: shortened
    assert report["summary"]["issues"] == 1


def test_control_characters_in_keys_are_escaped_in_human_output(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", json.dumps({**PERSON, "a\nb\x1b[31m": 1}) + "\n")
    code, out, _ = run("validate", str(path), "--type", "young_person")
    assert code == 1
    assert "/a\\x0ab…(8): unknown key" in out
    assert len(out.splitlines()) == 2


def test_output_to_a_narrow_encoding_does_not_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", json.dumps({**PERSON, "größe": 1}) + "\n")
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    code = main(["validate", str(path), "--type", "young_person"], stdout=out, stderr=io.StringIO())
    out.flush()
    assert code == 1
    assert b"/gr\\xf6\\u2026(5): unknown key" in raw.getvalue()


# -- D4: bounded records, any readable file ----------------------------------------------


def test_an_oversized_line_is_an_issue_and_the_next_line_is_read(tmp_path: Path) -> None:
    big = json.dumps({"id": "x" * 5000, "birth": "2010-01-01"})
    path = write(tmp_path / "p.jsonl", "\n".join([big, json.dumps(PERSON), big, "{"]) + "\n")
    argv = ("validate", str(path), "--type", "young_person", "--max-record-size", "1k")
    code, out, _ = run(*argv, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [(i["record"], i["code"]) for i in report["issues"]] == [
        (1, "record.too_large"),
        (3, "record.too_large"),
        (4, "json.invalid"),
    ]
    assert report["issues"][0]["message"] == (
        "the record is larger than the limit of 1024 bytes; it was skipped"
    )
    assert report["summary"]["records"] == 4


def test_an_oversized_json_document_is_one_issue(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", json.dumps([PERSON] * 100))
    code, out, _ = run("validate", str(path), "--type", "young_person", "--max-record-size", "100")
    assert code == 1
    assert '"": the record is larger than the limit of 100 bytes' in out


class _Endless(io.RawIOBase):
    """A stream of ``size`` bytes made up on the fly: nothing of it is ever stored."""

    def __init__(self, size: int, tail: bytes) -> None:
        self.left = size
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left > 0:
            n = min(len(buffer), self.left)
            buffer[:n] = b"7" * n
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n] = self.tail[:n]
        self.tail = self.tail[n:]
        return n


def test_a_huge_line_is_never_held_in_memory() -> None:
    limit = 1024 * 1024
    stream = io.BufferedReader(_Endless(32 * limit, b"\n[1]\n"))
    tracemalloc.start()
    try:
        records = read_records(stream, lines=True, max_record_size=limit)
        found = [(r.line, r.document, r.issues) for r in records]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * limit + 4 * _reader.CHUNK_SIZE  # bounded by the limit, not the line
    assert found[0][2][0].code == "record.too_large"
    assert found[1][:2] == (2, [1])


def test_a_limit_exactly_at_the_line_length_is_accepted() -> None:
    line = json.dumps(PERSON).encode()
    (record,) = read_records(io.BytesIO(line + b"\n"), lines=True, max_record_size=len(line))
    assert record.document == PERSON
    (record,) = read_records(io.BytesIO(line), lines=True, max_record_size=len(line) - 1)
    assert record.issues[0].code == "record.too_large"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w") as f:
            f.write(json.dumps(PERSON) + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        code, out, err = run("validate", str(fifo), "--type", "young_person")
    finally:
        writer.join()
    assert code == 0, err
    assert "1 young_person record checked: all valid" in out


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = io.BytesIO((json.dumps(PERSON) + "\n{}\n").encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(data))
    code, out, _ = run("validate", "-", "--type", "young_person", "--lines")
    assert code == 1
    assert "-: line 2: /id: this key is required [key.missing]" in out


def test_standard_input_only_once() -> None:
    code, out, err = run("validate", "-", "-", "--type", "young_person")
    assert (code, out) == (2, "")
    assert "only once" in err


@pytest.mark.parametrize("size", ["0", "-1", "lots", "1.5M", "9" * 40])
def test_bad_record_sizes_are_usage_errors(size: str) -> None:
    assert run("validate", "-", "--type", "case", "--max-record-size", size)[0] == 2


# -- arguments checked before output; shapes of the output --------------------------------


@pytest.mark.parametrize("fmt", ["json", "human"])
def test_a_missing_file_is_found_before_anything_is_written(tmp_path: Path, fmt: str) -> None:
    dup = write(tmp_path / "dup.jsonl", '{"id": "P1", "id": "P1"}\n')
    argv = ("validate", str(dup), str(tmp_path / "nope.jsonl"), "--type", "case")
    code, out, err = run(*argv, "--format", fmt)
    assert (code, out) == (2, "")
    assert "no such file" in err


def test_a_folder_is_a_data_set_not_a_record_file(tmp_path: Path) -> None:
    code, out, err = run("validate", str(tmp_path), "--type", "case", "--format", "json")
    assert (code, out) == (2, "")
    assert "folder" in err
    code, out, _ = run("validate", str(tmp_path), "--format", "json")
    assert code == 1
    assert {i["code"] for i in json.loads(out)["issues"]} == {"dataset.file_missing"}


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n \n", b"  \n"])
@pytest.mark.parametrize("name", ["x.json", "x.jsonl"])
def test_a_file_of_only_a_bom_or_blanks_is_empty(tmp_path: Path, content: bytes, name: str) -> None:
    code, out, _ = run("validate", str(write(tmp_path / name, content)), "--type", "case")
    assert (code, out) == (0, "0 case records checked: all valid (0 issues)\n")


def test_json_output_names_the_line_as_a_number_and_the_root_as_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", json.dumps(PERSON) + "\n\n[]\n")
    code, out, _ = run("validate", str(path), "--type", "young_person", "--format", "json")
    assert code == 1
    (issue,) = json.loads(out)["issues"]
    assert issue == {
        "file": str(path),
        "record": 3,
        "path": "",
        "code": "type.object",
        "message": "expected an object",
    }
    _, human, _ = run("validate", str(path), "--type", "young_person")
    assert f'{path}: line 3: "": expected an object [type.object]' in human


def test_items_of_a_json_array_are_located_by_their_line(tmp_path: Path) -> None:
    text = "[\n" + json.dumps(PERSON) + ",\n  {\n" + '"id": "P2"}\n]\n'
    code, out, _ = run("validate", str(write(tmp_path / "p.json", text)), "--type", "young_person")
    assert code == 1
    assert out.splitlines()[0].endswith("line 3: /birth: this key is required [key.missing]")


def test_a_broken_json_array_is_one_issue(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", "[\n" + json.dumps(PERSON) + ",\n{\n")
    code, out, _ = run("validate", str(path), "--type", "young_person")
    assert code == 1
    assert "[json.invalid]" in out
    assert out.splitlines()[-1] == "1 young_person record checked: 1 invalid (1 issue)"


def test_sample_cases_still_stream_and_validate(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", sample_file("cases.jsonl").read_bytes())
    assert run("validate", str(path), "--type", "case")[0] == 0


# -- messages: amounts and codes ---------------------------------------------------------


HELP = {"id": "H", "help_type": "31", "provider_id": "T", "period": {"start": "2024-01-01"}}


@pytest.mark.parametrize("amount", ["1.234,56 €", "1,5", "€ 12", "12 EUR", "1e3"])
def test_a_formatted_amount_gets_write_amounts_as_a_decimal_string(amount: str) -> None:
    (issue,) = schema.validate({**HELP, "monthly_cost": amount}, Help)
    assert (issue.path, issue.code) == ("/monthly_cost", "money.format")
    assert issue.message == 'write amounts as a decimal string such as "1450.00"'


def test_three_decimals_get_at_most_two_decimals() -> None:
    (issue,) = schema.validate({**HELP, "monthly_cost": "12.345"}, Help)
    assert issue.message == 'an amount is written like "1450.00" (at most two decimals)'


def test_a_short_code_list_is_named_in_full() -> None:
    doc = {"id": "R", "concluded_on": "2024-01-01", "result": "acut"}
    (issue,) = schema.validate(doc, RiskAssessment)
    assert issue.message == (
        "not a code of the list 'risk_assessment_results'; "
        "allowed: 'acute', 'latent', 'help_needed', 'no_help_needed'"
    )
    work = {
        "id": "W",
        "space_id": "S",
        "work_type": "overarching",
        "period": {"start": "2024-01-01"},
    }
    work |= {"hours": "1", "cost": "1.00", "activity": "a"}
    (issue,) = schema.validate(work, CaseIndependentWork)
    assert issue.message.endswith(
        "; allowed: 'case_specific', 'case_overarching', 'case_independent'"
    )


def test_a_long_code_list_gets_a_did_you_mean() -> None:
    (issue,) = schema.validate({**HELP, "help_type": "35a-ambulent", "monthly_cost": "1.00"}, Help)
    assert issue.message == "not a code of the list 'help_types'; did you mean '35a-ambulant'?"
    (issue,) = schema.validate({"id": "T", "name": "n", "kind": "99"}, Provider)
    assert issue.message == "not a code of the list 'provider_kinds'"  # nothing close


# -- fuzz: pathological files never crash, JSON output always parses ---------------------

SEEDS = [
    b"",
    b"\xef\xbb\xbf",
    json.dumps(PERSON).encode(),
    SURROGATE_KEY.encode(),
    DEEP.encode(),
    b'{"id": "P1", "id": "P1", "birth": "2010-01"}',
    b"[" + json.dumps(PERSON).encode() + b", 1, null]",
    b"\x00\x00",
    b"\xff\xfe\xed\xa0\x80",
    b'{"id": "\\u0000", "birth": "2010-01-01"}',
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.sampled_from(SEEDS), min_size=0, max_size=4))
    data = bytearray(b"\n".join(lines))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=4) | st.sampled_from([b"[" * 70, b"\n", b'"']))
    if data and draw(st.booleans()):
        del data[draw(st.integers(0, len(data) - 1))]
    return bytes(data)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=mutated(),
    name=st.sampled_from(["f.json", "f.jsonl"]),
    limit=st.sampled_from(["64", "16M"]),
)
def test_fuzzed_files_give_issues_never_a_crash(
    tmp_path: Path, data: bytes, name: str, limit: str
) -> None:
    path = write(tmp_path / name, data)
    argv = ("validate", str(path), "--type", "young_person", "--max-record-size", limit)
    code, out, err = run(*argv, "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["summary"]["issues"] == len(report["issues"])
    assert all(isinstance(i["record"], int) and i["record"] >= 1 for i in report["issues"])
    code_h, human, _ = run(*argv)
    assert code_h == code
    human.encode("utf-8")
    assert human.count("\n") == len(report["issues"]) + 1


def test_a_deep_data_folder_file_for_the_report_is_an_issue(tmp_path: Path) -> None:
    from sozialraum.errors import ValidationError
    from sozialraum.report import load_dataset

    assert run("sample", "--out", str(tmp_path))[0] == 0
    write(tmp_path / "municipality.json", DEEP)
    with pytest.raises(ValidationError) as info:
        load_dataset(tmp_path)
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/municipality.json", "json.too_deep")
    ]


@given(
    content=st.lists(st.sampled_from([b"\n", b"\r\n", b" ", b"[1]", b"{}", b"x" * 9])).map(b"".join)
    | st.binary(max_size=60).filter(lambda b: not b.startswith(b"\xef")),
    chunk=st.integers(1, 9),
    limit=st.integers(1, 12),
)
def test_lines_are_split_as_by_bytes_splitlines_whatever_the_chunk_size(
    content: bytes, chunk: int, limit: int
) -> None:
    """Lines within one block and lines across blocks are read alike (issue 12)."""
    pieces = content.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    expected = [(i + 1, None if len(p) > limit else p) for i, p in enumerate(pieces)]
    old = _reader.CHUNK_SIZE
    _reader.CHUNK_SIZE = chunk
    try:
        got = list(_reader._lines(io.BufferedReader(io.BytesIO(content), chunk), limit))
    finally:
        _reader.CHUNK_SIZE = old
    assert got == expected
