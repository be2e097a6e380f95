"""Reconciliation tables: examples, lookups and rendering; and the package's place at the edge."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import attrs
import pytest

from sozialraum.catalog import CATALOG, CatalogVersion, Gender
from sozialraum.errors import UnknownCodeError, ValidationError
from sozialraum.model import RiskAssessment, YoungPerson
from sozialraum.statistics import (
    CustodyRecord,
    HelpRecord,
    from_csv,
    plausibility,
    reconciliation_tables,
    statistics_records,
    to_csv,
)

from .builders import case, help_


def _records():  # type: ignore[no-untyped-def]
    family = (
        YoungPerson(id="P-C1", birth=date(2010, 4, 1), gender=Gender.FEMALE),
        YoungPerson(id="P-C1-2", birth=date(2013, 6, 1), gender=Gender.MALE),
        YoungPerson(id="P-C1-3", birth=date(2015, 6, 1)),
    )
    r1 = RiskAssessment(
        id="R1",
        concluded_on=date(2024, 2, 1),
        result="acute",
        danger_forms=("neglect", "physical"),
        repeat_report=True,
    )
    r2 = RiskAssessment(id="R2", concluded_on=date(2024, 3, 1), result="help_needed")
    cases = [
        case(
            "C1",
            help_("H1", "31", date(2023, 5, 1), family_young_people=family),
            help_("H2", "34", date(2024, 2, 1), date(2024, 9, 1)),
            risk_assessments=(r1, r2),
        ),
        case("C2", help_("H3", "34", date(2024, 3, 1)), birth=date(2005, 1, 1)),
    ]
    return statistics_records(cases, 2024)


def test_tables_by_hand() -> None:
    helps, family, risk, custody = reconciliation_tables(_records())
    assert helps.lines == (
        ("31", (0, 0, 1, 1, 0)),
        ("34", (2, 1, 1, 2, 1)),
        ("hze", (2, 1, 2, 3, 1)),
        ("eingliederungshilfe", (0, 0, 0, 0, 0)),
        ("total", (2, 1, 2, 3, 1)),
    )
    assert family.cell("31", "families") == 1
    assert family.cell("31", "young_people") == 3
    assert risk.cell("acute", "neglect") == risk.cell("acute", "physical") == 1
    assert risk.cell("total", "repeat_reports") == 1
    assert risk.cell("help_needed", "assessments") == 1
    assert custody.lines == (("total", (0, 0, 0)),)


def test_table_lookups_and_text() -> None:
    helps = reconciliation_tables(_records())[0]
    with pytest.raises(UnknownCodeError):
        helps.cell("total", "nope")
    with pytest.raises(UnknownCodeError):
        helps.cell("33-general", "ended")
    assert helps.column("ended") == (0, 1, 1, 0, 1)
    text = helps.render()
    assert text.splitlines()[0].startswith("Helps by type, 2024")
    assert text.splitlines()[-1].split() == ["total", "2", "1", "2", "3", "1"]
    assert helps.to_csv().splitlines()[-1] == "total,2,1,2,3,1"


def test_bad_cells_name_the_expected_form() -> None:
    r = _records()
    header, row = to_csv(r.helps[:1], HelpRecord).splitlines()
    cells = row.split(",")
    names = header.split(",")
    cells[names.index("young_adult")] = "yes"
    with pytest.raises(ValidationError) as err:
        from_csv("\r\n".join([header, ",".join(cells)]), HelpRecord)
    (issue,) = err.value.issues
    assert (issue.path, dict(issue.params)) == ("/1/young_adult", {"expected": "true or false"})
    header, row = to_csv([], CustodyRecord).splitlines()[0], None
    assert row is None
    assert from_csv(header + "\r\n", CustodyRecord) == ()


def test_custody_of_another_year_and_lists_a_version_lacks() -> None:
    from sozialraum.model import ProtectiveCustody
    from sozialraum.periods import Period

    m = ProtectiveCustody(
        id="IO-1",
        kind="42",
        ground="2",
        period=Period(date(2024, 3, 1), date(2024, 3, 10)),
        ending="returned_to_custodians",
    )
    r = statistics_records([case("C1", protective_custodies=(m,))], 2024)
    moved = attrs.evolve(r, year=2025)
    assert [i.code for i in plausibility(moved)] == ["statistics.year_mismatch"]
    bare = CatalogVersion(name="bare", source="none", code_lists=())
    assert plausibility(r, version=bare) == plausibility(r, version=CATALOG) == ()


def test_the_core_never_imports_the_statistics() -> None:
    code = (
        "import sys, sozialraum.model, sozialraum.catalog, sozialraum.schema, "
        "sozialraum.metrics; print('sozialraum.statistics' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
