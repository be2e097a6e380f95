"""Statistics records as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from sozialraum.data import load_sample
from sozialraum.errors import ValidationError
from sozialraum.statistics import (
    CustodyRecord,
    HelpRecord,
    RiskAssessmentRecord,
    from_csv,
    statistics_records,
    to_csv,
    to_json,
    write_records,
)

from .builders import case, help_


def _sample_2024():  # type: ignore[no-untyped-def]
    s = load_sample()
    return statistics_records(s.cases, 2024, municipality=s.municipality)


def test_sample_records_round_trip_through_csv() -> None:
    r = _sample_2024()
    assert from_csv(to_csv(r.helps, HelpRecord), HelpRecord) == r.helps
    assert from_csv(to_csv(r.risk_assessments, RiskAssessmentRecord), RiskAssessmentRecord) == (
        r.risk_assessments
    )
    assert from_csv(to_csv(r.protective_custodies, CustodyRecord), CustodyRecord) == (
        r.protective_custodies
    )


@pytest.mark.parametrize("code", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "'x"])
def test_formula_cells_are_escaped_and_come_back(code: str) -> None:
    record = statistics_records([case("C1", help_("H1", "31", date(2024, 1, 1)))], 2024).helps[0]
    odd = attrs.evolve(record, place_of_delivery=code)
    text = to_csv([odd], HelpRecord)
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    assert row[header.index("place_of_delivery")] == "'" + code
    assert from_csv(text, HelpRecord) == (odd,)


def test_bad_csv_gives_issues_with_line_and_field() -> None:
    r = _sample_2024()
    text = to_csv(r.helps[:2], HelpRecord)
    lines = text.splitlines()
    broken = "\r\n".join([lines[0], lines[1].replace("running", "running", 1) + ",extra", lines[2]])
    with pytest.raises(ValidationError) as err:
        from_csv(broken, HelpRecord)
    assert [(i.path, i.code) for i in err.value.issues] == [("/1", "statistics.csv_width")]
    bad_year = lines[2].split(",")
    bad_year[1] = "20x4"
    with pytest.raises(ValidationError) as err:
        from_csv("\r\n".join([lines[0], ",".join(bad_year)]), HelpRecord)
    assert [(i.path, i.code) for i in err.value.issues] == [
        ("/1/reporting_year", "statistics.csv_cell")
    ]
    with pytest.raises(ValidationError) as err:
        from_csv("a,b\r\n", HelpRecord)
    assert err.value.issues[0].code == "statistics.csv_header"


def test_write_records_writes_csv_and_json(tmp_path: Path) -> None:
    r = _sample_2024()
    paths = write_records(r, tmp_path / "out")
    assert [p.name for p in paths] == [
        "helps.csv",
        "risk_assessments.csv",
        "protective_custodies.csv",
        "records.json",
    ]
    doc = json.loads((tmp_path / "out" / "records.json").read_text(encoding="utf-8"))
    assert doc == to_json(r)
    assert len(doc["helps"]) == len(r.helps)
    assert doc["helps"][0]["begin"] == str(r.helps[0].begin)
    text = (tmp_path / "out" / "helps.csv").read_text(encoding="utf-8")
    assert from_csv(text, HelpRecord) == r.helps
