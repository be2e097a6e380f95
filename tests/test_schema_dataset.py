"""Data-set validation: every record, then ids, references and dates across records."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialraum import _reader
from sozialraum.cli import main
from sozialraum.data import sample_documents
from sozialraum.errors import UnknownCodeError
from sozialraum.schema import DataFile, DatasetIssue, iter_dataset, validate_dataset
from sozialraum.schema._dataset import _check
from sozialraum.schema._dataset_rules import _Index

MUNICIPALITY = next(sample_documents("municipality"))
CASES = list(sample_documents("case"))
WORK = list(sample_documents("case_independent_work"))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_set(
    folder: Path,
    cases: list[dict[str, Any]] | None = None,
    work: list[dict[str, Any]] | None = None,
    municipality: dict[str, Any] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "municipality.json").write_text(json.dumps(municipality or MUNICIPALITY), "utf-8")
    for name, docs in (("cases.jsonl", cases), ("case_independent_work.jsonl", work)):
        lines = [json.dumps(d) for d in (docs if docs is not None else [])]
        (folder / name).write_text("".join(line + "\n" for line in lines), "utf-8")
    return folder


def some_cases(n: int = 30) -> list[dict[str, Any]]:
    return copy.deepcopy(CASES[:n])


def found(issues: tuple[DatasetIssue, ...]) -> set[tuple[str, int | None, str, str]]:
    return {(Path(i.file).name, i.line, i.path, i.code) for i in issues}


def first(cases: list[dict[str, Any]], has: Callable[[dict[str, Any]], bool]) -> int:
    return next(i for i, c in enumerate(cases) if has(c))


# -- the sample ------------------------------------------------------------------------------


def test_the_sample_is_a_valid_data_set(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "ms", CASES, WORK)
    assert validate_dataset(folder) == ()
    code, out, _ = run("validate", str(folder))
    assert code == 0
    assert out == (
        "data set: 549 records checked (1 municipality, 420 case, 128 case_independent_work):"
        " all valid (0 issues)\n"
    )


def test_the_sample_written_by_the_cli_is_valid(tmp_path: Path) -> None:
    assert run("sample", "--out", str(tmp_path / "m"))[0] == 0
    assert run("validate", str(tmp_path / "m"))[0] == 0


# -- each cross-record problem -------------------------------------------------------------


def test_the_same_case_id_on_two_lines(tmp_path: Path) -> None:
    cases = some_cases()
    cases[7]["id"] = cases[2]["id"]
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {("cases.jsonl", 8, "/id", "dataset.duplicate_id")}
    assert issues[0].issue.message.endswith("cases.jsonl, line 3")
    assert dict(issues[0].issue.params)["first_line"] == 3


def test_the_same_help_id_in_two_cases(tmp_path: Path) -> None:
    cases = some_cases()
    a, b = _two_with_helps(cases)
    old, new = cases[b]["helps"][0]["id"], cases[a]["helps"][0]["id"]
    cases[b]["helps"][0]["id"] = new
    for plan in cases[b].get("help_plans", ()):
        plan["help_ids"] = [new if h == old else h for h in plan["help_ids"]]
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {("cases.jsonl", b + 1, "/helps/0/id", "dataset.duplicate_id")}
    assert "help id" in issues[0].issue.message


def _two_with_helps(cases: list[dict[str, Any]]) -> tuple[int, int]:
    with_helps = [i for i, c in enumerate(cases) if c.get("helps")]
    return with_helps[0], with_helps[1]


def test_an_unknown_space_and_provider(tmp_path: Path) -> None:
    cases = some_cases()
    h = first(cases, lambda c: bool(c.get("helps")))
    cases[4]["space_id"] = "S-NORDD"
    cases[h]["helps"][0]["provider_id"] = "T-NOPE"
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {
        ("cases.jsonl", 5, "/space_id", "dataset.unknown_space"),
        ("cases.jsonl", h + 1, "/helps/0/provider_id", "dataset.unknown_provider"),
    }
    assert all("S-NORDD" not in str(i) and "T-NOPE" not in str(i) for i in issues)


def test_a_birth_after_the_case_opened(tmp_path: Path) -> None:
    cases = some_cases()
    opened = date.fromisoformat(cases[3]["opened"])
    cases[3]["young_person"]["birth"] = f"{opened.year + 1}-01"
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {
        ("cases.jsonl", 4, "/young_person/birth", "dataset.birth_after_opened")
    }


def test_a_birth_in_the_month_the_case_opened_is_plausible(tmp_path: Path) -> None:
    cases = some_cases()
    cases[3]["young_person"]["birth"] = cases[3]["opened"][:7]
    assert validate_dataset(write_set(tmp_path, cases)) == ()


def test_a_case_opened_on_0001_01_01(tmp_path: Path) -> None:
    cases = some_cases()
    i = first(cases, lambda c: not c.get("helps") and not c.get("risk_assessments"))
    cases[i]["opened"] = "0001-01-01"
    issues = validate_dataset(write_set(tmp_path, cases))
    assert ("cases.jsonl", i + 1, "/opened", "dataset.date_implausible") in found(issues)
    (implausible,) = [x for x in issues if x.code == "dataset.date_implausible"]
    assert implausible.issue.params == (("end", "2100-01-01"), ("start", "1990-10-03"))


@pytest.mark.parametrize("day", ["1990-10-02", "2100-01-01", "9999-12-31"])
def test_help_dates_outside_the_window(tmp_path: Path, day: str) -> None:
    cases = some_cases()
    h = first(cases, lambda c: bool(c.get("helps")) and not c.get("closed"))
    cases[h]["helps"][0]["planned_end"] = day
    issues = validate_dataset(write_set(tmp_path, cases))
    assert (
        "cases.jsonl",
        h + 1,
        "/helps/0/planned_end",
        "dataset.date_implausible",
    ) in found(issues)


def test_a_help_outside_its_case(tmp_path: Path) -> None:
    cases = some_cases()
    h = first(cases, lambda c: bool(c.get("helps")))
    c = first(cases, lambda c: bool(c.get("helps")) and bool(c.get("closed")))
    cases[h]["helps"][0]["period"]["start"] = "2001-01-01"
    closed = date.fromisoformat(cases[c]["closed"])
    cases[c]["helps"][0]["period"]["end"] = date.fromordinal(closed.toordinal() + 10).isoformat()
    issues = validate_dataset(write_set(tmp_path, cases))
    assert ("cases.jsonl", h + 1, "/helps/0/period/start", "help.before_case") in found(issues)
    assert ("cases.jsonl", c + 1, "/helps/0/period/end", "help.after_case") in found(issues)


def test_a_review_before_the_plan(tmp_path: Path) -> None:
    cases = some_cases(60)
    p = first(cases, lambda c: any(plan.get("reviews") for plan in c.get("help_plans", ())))
    cases[p]["help_plans"][0]["reviews"][0] = cases[p]["opened"]
    cases[p]["help_plans"][0]["agreed_on"] = cases[p]["helps"][0]["period"]["start"]
    issues = validate_dataset(write_set(tmp_path, cases))
    assert ("cases.jsonl", p + 1, "/help_plans/0/reviews/0", "plan.review_order") in found(issues)


def test_a_plan_before_the_case(tmp_path: Path) -> None:
    cases = some_cases()
    p = first(cases, lambda c: bool(c.get("help_plans")))
    cases[p]["help_plans"][0]["agreed_on"] = "2000-01-01"
    cases[p]["help_plans"][0].pop("reviews", None)
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {
        ("cases.jsonl", p + 1, "/help_plans/0/agreed_on", "dataset.plan_before_case")
    }


def test_a_young_person_of_27_when_the_case_opens(tmp_path: Path) -> None:
    cases = some_cases()
    i = first(cases, lambda c: not c.get("helps"))
    opened = date.fromisoformat(cases[i]["opened"])
    cases[i]["young_person"]["birth"] = opened.replace(year=opened.year - 27).isoformat()
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {("cases.jsonl", i + 1, "/young_person/birth", "dataset.too_old")}
    cases[i]["young_person"]["birth"] = f"{opened.year - 27}-12"  # may still be 26
    if opened.month < 12:
        assert validate_dataset(write_set(tmp_path, cases)) == ()


def test_one_young_person_with_two_dates_of_birth(tmp_path: Path) -> None:
    cases = some_cases()
    cases[9]["young_person"] = dict(cases[2]["young_person"], birth="2012-01-01")
    cases[2]["young_person"]["birth"] = "2012-02-01"
    issues = validate_dataset(write_set(tmp_path, cases))
    assert found(issues) == {("cases.jsonl", 10, "/young_person/birth", "dataset.person_conflict")}


def test_references_of_case_independent_work(tmp_path: Path) -> None:
    cases = some_cases()
    work = copy.deepcopy(WORK[:5])
    overarching = first(work, lambda w: w["work_type"] == "case_overarching")
    period = work[overarching]["period"]
    other = next(
        c
        for c in cases
        if c["space_id"] != work[overarching]["space_id"]
        and c["opened"] < period["end"]
        and c.get("closed", "9999") >= period["start"]
    )
    same = next(
        c
        for c in cases
        if c["space_id"] == work[overarching]["space_id"]
        and c["opened"] > work[overarching]["period"]["end"]
    )
    work[overarching]["case_ids"] = ["C-NOPE", other["id"], same["id"]]
    work[0]["space_id"] = "S-X"
    work[1]["provider_id"] = "T-X"
    issues = validate_dataset(write_set(tmp_path, cases, work))
    name = "case_independent_work.jsonl"
    line = overarching + 1
    assert found(issues) == {
        (name, 1, "/space_id", "dataset.unknown_space"),
        (name, 2, "/provider_id", "dataset.unknown_provider"),
        (name, line, "/case_ids/0", "dataset.unknown_case"),
        (name, line, "/case_ids/1", "dataset.case_other_space"),
        (name, line, "/case_ids/2", "dataset.case_not_open"),
    }


def test_missing_files_and_a_second_municipality(tmp_path: Path) -> None:
    issues = validate_dataset(tmp_path)
    assert found(issues) == {
        ("municipality.json", None, "", "dataset.file_missing"),
        ("cases.jsonl", None, "", "dataset.file_missing"),
    }
    folder = write_set(tmp_path / "set", some_cases(3))
    extra = DataFile("other.json", "municipality", lambda: io.BytesIO(b'{"id": "X"}'))
    issues = validate_dataset(folder, municipality=extra)
    assert ("other.json", 1, "", "dataset.municipality_twice") in found(issues)


def test_record_issues_and_set_issues_together(tmp_path: Path) -> None:
    cases = some_cases()
    cases[1]["space_id"] = "S-X"
    cases[1]["closed"] = "2024-13-01"
    folder = write_set(tmp_path, cases)
    with (folder / "cases.jsonl").open("a") as f:
        f.write("{\n")
    assert found(validate_dataset(folder)) == {
        ("cases.jsonl", 2, "/closed", "date.invalid"),
        # one round: the case's rules run on the fields that did read
        ("cases.jsonl", 2, "/closing_reason", "case.closing_reason_missing"),
        ("cases.jsonl", 2, "/helps/0/period/end", "help.after_case"),
        ("cases.jsonl", 2, "/space_id", "dataset.unknown_space"),
        ("cases.jsonl", 31, "", "json.invalid"),
    }


def test_an_unreadable_municipality_does_not_flood_the_report(tmp_path: Path) -> None:
    folder = write_set(tmp_path, some_cases())
    (folder / "municipality.json").write_text("{", "utf-8")
    assert found(validate_dataset(folder)) == {("municipality.json", 1, "", "json.invalid")}


def test_files_named_next_to_a_municipality(tmp_path: Path) -> None:
    folder = write_set(tmp_path, some_cases(5), copy.deepcopy(WORK[:3]))
    files = [folder / "case_independent_work.jsonl", folder / "cases.jsonl"]
    assert validate_dataset(municipality=folder / "municipality.json", files=files) == ()
    with pytest.raises(UnknownCodeError) as info:
        validate_dataset(files=[folder / "case.jsonl.bak", folder / "caes.jsonl"])
    assert info.value.suggestion == "cases.jsonl"
    assert isinstance(info.value, LookupError)


def test_iter_dataset_streams_the_same_findings(tmp_path: Path) -> None:
    cases = some_cases()
    cases[5]["id"] = cases[4]["id"]
    folder = write_set(tmp_path, cases)
    stream = iter_dataset(folder)
    assert iter(stream) is stream
    assert tuple(stream) == validate_dataset(folder)


# -- the command line ------------------------------------------------------------------------


def broken_set(tmp_path: Path) -> Path:
    cases = some_cases()
    cases[7]["id"] = cases[2]["id"]
    cases[4]["space_id"] = "S-NORDD"
    return write_set(tmp_path / "broken", cases)


def test_cli_json_output_shape(tmp_path: Path) -> None:
    folder = broken_set(tmp_path)
    code, out, err = run("validate", str(folder), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert set(report) == {"issues", "summary"}
    assert report["summary"] == {
        "records": 31,
        "invalid": 2,
        "issues": 2,
        "type": "dataset",
        "records_by_type": {"municipality": 1, "case": 30},
    }
    for issue in report["issues"]:
        assert set(issue) == {"file", "record", "path", "code", "message"}
        assert isinstance(issue["record"], int)
    assert [(i["record"], i["path"], i["code"]) for i in report["issues"]] == [
        (5, "/space_id", "dataset.unknown_space"),
        (8, "/id", "dataset.duplicate_id"),
    ]
    code, out, _ = run("validate", str(tmp_path / "empty"), "--format", "json")
    assert code == 2
    assert out == ""
    (tmp_path / "empty").mkdir()
    report = json.loads(run("validate", str(tmp_path / "empty"), "--format", "json")[1])
    assert {i["record"] for i in report["issues"]} == {None}


def test_cli_human_output(tmp_path: Path) -> None:
    folder = broken_set(tmp_path)
    code, out, _ = run("validate", str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder / 'cases.jsonl'}: line 5: /space_id: no social space with this id in the "
        "municipality [dataset.unknown_space]",
        f"{folder / 'cases.jsonl'}: line 8: /id: this case id is already used in "
        f"{folder / 'cases.jsonl'}, line 3 [dataset.duplicate_id]",
        "data set: 31 records checked (1 municipality, 30 case): 2 invalid (2 issues)",
    ]


def test_cli_files_with_a_municipality(tmp_path: Path) -> None:
    folder = broken_set(tmp_path)
    cases = str(folder / "cases.jsonl")
    municipality = str(folder / "municipality.json")
    code, out, _ = run("validate", cases, "--municipality", municipality)
    assert code == 1
    assert out.splitlines()[-1].endswith("2 invalid (2 issues)")
    renamed = tmp_path / "export.jsonl"
    renamed.write_bytes((folder / "cases.jsonl").read_bytes())
    code, out, err = run("validate", str(renamed), "--municipality", municipality)
    assert (code, out) == (2, "")
    assert "--type" in err
    code, out, _ = run("validate", str(renamed), "--municipality", municipality, "--type", "case")
    assert code == 1


@pytest.mark.parametrize(
    "extra",
    [("--type", "provider"), ("--municipality", "nope.json"), ("cases.jsonl",)],
)
def test_cli_data_set_usage_errors(tmp_path: Path, extra: tuple[str, ...]) -> None:
    folder = write_set(tmp_path / "set", some_cases(2))
    code, out, _ = run("validate", str(folder), *extra, "--format", "json")
    assert (code, out) == (2, "")


# -- bounded memory: streamed files, an index of ids ---------------------------------------


class _Generated(io.RawIOBase):
    """Case lines made up on demand; records the largest read asked for."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines = lines
        self.pending = b""
        self.largest = 0
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.largest = max(self.largest, len(buffer))
        self.reads += 1
        while len(self.pending) < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            self.pending += line
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def generated_cases(n: int) -> Iterator[bytes]:
    template = CASES[1]
    for i in range(n):
        doc = dict(template, id=f"C-{i:06d}")
        doc["young_person"] = dict(template["young_person"], id=f"P-{i:06d}")
        doc["helps"] = [dict(h, id=f"H-{i:06d}-{j}") for j, h in enumerate(template["helps"])]
        doc["help_plans"] = [
            dict(
                p,
                id=f"HP-{i:06d}-{j}",
                help_ids=[f"H-{i:06d}-{k}" for k in range(len(p["help_ids"]))],
            )
            for j, p in enumerate(template["help_plans"])
        ]
        doc["risk_assessments"] = [
            dict(r, id=f"R-{i:06d}-{j}") for j, r in enumerate(template.get("risk_assessments", ()))
        ]
        yield (json.dumps(doc) + "\n").encode()


def test_many_lines_are_streamed_and_the_index_holds_ids_only() -> None:
    n = 2000
    stream = _Generated(generated_cases(n))
    municipality = DataFile(
        "m.json", "municipality", lambda: io.BytesIO(json.dumps(MUNICIPALITY).encode())
    )
    cases = DataFile("cases.jsonl", "case", lambda: stream)
    index = _Index()
    checked = list(_check(municipality=municipality, files=[cases], index=index))
    assert len(checked) == n + 1
    assert all(not c.issues for c in checked)
    assert stream.largest <= _reader.CHUNK_SIZE  # never the whole file at once
    assert stream.reads > 1
    # the index: ids, positions and dates as numbers, nothing else
    assert len(index.cases) == n
    assert len(index.ids["help"]) == n * len(CASES[1]["helps"])
    for case_id, (space, opened, closed) in index.cases.items():
        assert type(case_id) is str
        assert type(space) is str
        assert type(opened) is int
        assert closed is None or type(closed) is int
    for table in index.ids.values():
        assert all(type(k) is str and type(v) is tuple and len(v) == 2 for k, v in table.items())
        assert all(type(x) is int for v in table.values() for x in v)
    for person, (birth, file_no, line) in index.people.items():
        assert type(person) is str
        assert type(birth) is str
        assert type(file_no) is int
        assert type(line) is int


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=15)
@given(st.lists(st.integers(0, 11), min_size=1, max_size=6))
def test_every_repeated_case_id_is_found_once_at_its_later_line(picks: list[int]) -> None:
    base = [json.dumps(c).encode() for c in CASES[:12]]
    lines = base + [base[i] for i in picks]
    municipality = DataFile(
        "m.json", "municipality", lambda: io.BytesIO(json.dumps(MUNICIPALITY).encode())
    )
    cases = DataFile("c.jsonl", "case", lambda: io.BytesIO(b"\n".join(lines)))
    issues = validate_dataset(municipality=municipality, files=[cases])
    case_dups = [i for i in issues if i.code == "dataset.duplicate_id" and i.path == "/id"]
    assert [i.line for i in case_dups] == list(range(13, 13 + len(picks)))
    assert {i.code for i in issues} <= {"dataset.duplicate_id"}
