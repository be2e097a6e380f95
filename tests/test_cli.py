"""The ``sozialraum`` command line: exit codes, output formats, streaming input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sozialraum import records, schema
from sozialraum.cli import main
from sozialraum.data import sample_file


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text(sample_file("cases.jsonl").read_text("utf-8"), "utf-8")
    return path


def write_lines(path: Path, *lines: str | bytes) -> Path:
    with path.open("wb") as f:
        for line in lines:
            f.write(line if isinstance(line, bytes) else line.encode())
            f.write(b"\n")
    return path


VALID_PROVIDER = {"id": "T1", "name": "Träger Eins", "kind": "24"}


def test_demo_prints_a_summary_of_the_sample() -> None:
    code, out, _ = run("demo")
    assert code == 0
    assert "Musterstadt" in out
    for heading in (
        "Social spaces",
        "Providers",
        "Helps by setting and type",
        "Costs",
        "Case lifecycle",
        "Overdue reviews",
    ):
        assert heading in out


def test_validate_valid_jsonl_exits_0(cases_file: Path) -> None:
    code, out, err = run("validate", str(cases_file), "--type", "case")
    assert code == 0, out + err
    assert out.strip().endswith("420 case records checked: all valid (0 issues)")


def test_validate_reports_every_issue_with_line_and_path(tmp_path: Path) -> None:
    bad = dict(VALID_PROVIDER, kind="99", nmae="x")
    path = write_lines(tmp_path / "p.jsonl", json.dumps(VALID_PROVIDER), json.dumps(bad), "{")
    code, out, _ = run("validate", str(path), "--type", "provider")
    assert code == 1
    lines = out.splitlines()
    assert f"{path}: line 2: /kind: not a code of the list 'provider_kinds' [code.unknown]" in lines
    assert any("line 2: /nmae:" in line and "did you mean 'name'?" in line for line in lines)
    assert any("line 3" in line and "[json.invalid]" in line for line in lines)
    assert lines[-1] == "3 provider records checked: 2 invalid (3 issues)"


def test_validate_json_format_is_machine_readable(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", json.dumps({"id": "T1"}))
    code, out, _ = run("validate", str(path), "--type", "provider", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {"records": 1, "invalid": 1, "issues": 2, "type": "provider"}
    assert {(i["path"], i["code"]) for i in report["issues"]} == {
        ("/name", "key.missing"),
        ("/kind", "key.missing"),
    }
    assert all(i["record"] == 1 and i["file"] == str(path) for i in report["issues"])


def test_validate_json_format_when_valid(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps([VALID_PROVIDER, VALID_PROVIDER]), "utf-8")
    code, out, _ = run("validate", str(path), "--type", "provider", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "issues": [],
        "summary": {"records": 2, "invalid": 0, "issues": 0, "type": "provider"},
    }


def test_validate_single_json_document(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(sample_file("municipality.json").read_text("utf-8"), "utf-8")
    assert run("validate", str(path), "--type", "municipality")[0] == 0


def test_validate_broken_json_document(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"id": \n', "utf-8")
    code, out, _ = run("validate", str(path), "--type", "municipality")
    assert code == 1
    assert "[json.invalid]" in out


def test_validate_lines_flag_reads_any_file_as_json_lines(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "providers.txt", json.dumps(VALID_PROVIDER), "")
    code, out, _ = run("validate", str(path), "--type", "provider", "--lines")
    assert code == 0
    assert "1 provider record checked" in out


def test_validate_bad_encoding_is_reported_per_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", b"\xff\xfe{", json.dumps(VALID_PROVIDER))
    code, out, _ = run("validate", str(path), "--type", "provider")
    assert code == 1
    assert 'line 1: "": this line is not UTF-8 text [json.encoding]' in out
    assert out.splitlines()[-1] == "2 provider records checked: 1 invalid (1 issue)"


def test_validate_never_prints_personal_values(tmp_path: Path) -> None:
    doc = {
        "id": "C1",
        "space_id": "S",
        "opened": "2024-01-01",
        "young_person": {"id": "P1", "birth": "2011-13-05", "gender": "Erika Mustermann"},
    }
    path = write_lines(tmp_path / "c.jsonl", json.dumps(doc))
    code, out, _ = run("validate", str(path), "--type", "case")
    assert code == 1
    assert "2011-13-05" not in out
    assert "Erika" not in out
    assert "/young_person/birth" in out
    assert "/young_person/gender" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("validate", "x.jsonl", "--type", "nope"),
        ("validate", "/no/such/file.jsonl", "--type", "case"),
        ("validate", "--type", "case"),
        ("frobnicate",),
        (),
    ],
)
def test_usage_errors_exit_2(argv: tuple[str, ...], tmp_path: Path) -> None:
    code, _, _ = run(*argv)
    assert code == 2


def test_unknown_type_suggests_a_name(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", "{}")
    code, _, err = run("validate", str(path), "--type", "cas")
    assert code == 2
    assert "did you mean 'case'?" in err


def test_schema_out_writes_every_record_type(tmp_path: Path) -> None:
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{n}.schema.json" for n in records.RECORD_TYPES)
    assert len(out.splitlines()) == len(names)


def test_schema_type_prints_one_schema() -> None:
    code, out, _ = run("schema", "--type", "help")
    assert code == 0
    assert json.loads(out) == records.json_schema("help")


def test_schema_lists_types_without_arguments() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert "case" in out
    assert "municipality" in out


def test_schema_unknown_type_exits_2() -> None:
    assert run("schema", "--type", "helps")[0] == 2


def test_sample_writes_files_that_validate(tmp_path: Path) -> None:
    code, _, _ = run("sample", "--out", str(tmp_path / "m"))
    assert code == 0
    assert run("validate", str(tmp_path / "m" / "cases.jsonl"), "--type", "case")[0] == 0
    work = str(tmp_path / "m" / "case_independent_work.jsonl")
    assert run("validate", work, "--type", "case_independent_work")[0] == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--version")[0] == 0
    assert "sozialraum" in capsys.readouterr().out


def test_diagram_of_the_default_process_in_german() -> None:
    code, out, _ = run("diagram", "--lang", "de")
    assert code == 0
    assert out.startswith("stateDiagram-v2")
    assert "Hilfeplanung" in out


def test_diagram_of_a_process_file_as_dot(tmp_path: Path) -> None:
    from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS

    path = tmp_path / "process.json"
    path.write_text(json.dumps(schema.unstructure(DEFAULT_PROCESS)), "utf-8")
    code, out, _ = run("diagram", str(path), "--format", "dot", "--no-guards")
    assert code == 0
    assert out.startswith('digraph "sgb8"')
    assert "youth_office_decides" not in out


def test_diagram_of_an_invalid_process_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "process.json"
    path.write_text('{"name": 1}', "utf-8")
    code, _, err = run("diagram", str(path))
    assert code == 1
    assert "/states: this key is required [key.missing]" in err


@pytest.mark.parametrize("content", [None, "{"])
def test_diagram_usage_errors(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "p.json"
    if content is not None:
        path.write_text(content, "utf-8")
    assert run("diagram", str(path))[0] == 2


def test_validate_case_files(tmp_path: Path) -> None:
    from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS, example_history

    case_file = DEFAULT_PROCESS.replay(example_history(), case_id="F-1")
    good = schema.unstructure(case_file)
    bad = dict(good, events=[{**good["events"][0], "on": "2024-02-30"}])
    path = write_lines(tmp_path / "files.jsonl", json.dumps(good), json.dumps(bad))
    code, out, _ = run("validate", str(path), "--type", "case_file")
    assert code == 1
    assert "line 2: /events/0/on: not a valid calendar date [date.invalid]" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_validate_shows_progress_only_on_a_terminal(cases_file: Path) -> None:
    err = _Terminal()
    code = main(["validate", str(cases_file), "--type", "case"], stdout=io.StringIO(), stderr=err)
    assert code == 0
    text = err.getvalue()
    assert "records checked" in text
    assert text.endswith("\r\033[K")  # the line is cleared at the end
    _, _, plain_err = run("validate", str(cases_file), "--type", "case")
    assert plain_err == ""
