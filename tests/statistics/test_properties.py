"""Properties of the statistics records: CSV round trip, reconciliation tables add up."""

from __future__ import annotations

from hypothesis import given
from tests.strategies import fewer_examples

from sozialraum.statistics import (
    ENDED,
    RUNNING,
    CustodyRecord,
    HelpRecord,
    RiskAssessmentRecord,
    StatisticsRecords,
    from_csv,
    reconciliation_tables,
    to_csv,
)

from .strategies import awkward_records, years_records


@fewer_examples(10)
@given(awkward_records())
def test_records_round_trip_through_csv(records: StatisticsRecords) -> None:
    assert from_csv(to_csv(records.helps, HelpRecord), HelpRecord) == records.helps
    risk = to_csv(records.risk_assessments, RiskAssessmentRecord)
    assert from_csv(risk, RiskAssessmentRecord) == records.risk_assessments
    custody = to_csv(records.protective_custodies, CustodyRecord)
    assert from_csv(custody, CustodyRecord) == records.protective_custodies


def _lines(table_lines: tuple[tuple[str, tuple[int, ...]], ...]) -> list[tuple[int, ...]]:
    special = {"total", "hze", "eingliederungshilfe"}
    return [values for label, values in table_lines if label not in special]


@fewer_examples(10)
@given(years_records())
def test_reconciliation_tables_add_up_to_the_record_counts(records: StatisticsRecords) -> None:
    helps, family, risk, custody = reconciliation_tables(records)
    n = len(records.helps)
    assert helps.cell("total", "ended") == len(records.ended)
    assert helps.cell("total", "running") == len(records.running)
    assert helps.cell("total", "ended_and_running") == n
    assert (
        helps.cell("hze", "ended_and_running")
        + helps.cell("eingliederungshilfe", "ended_and_running")
        == n
    )
    assert helps.cell("total", "young_adults") == sum(r.young_adult for r in records.helps)
    assert helps.cell("total", "begun") == sum(r.begin.year == records.year for r in records.helps)
    for column in helps.columns:
        assert sum(v[helps.columns.index(column)] for v in _lines(helps.lines)) == helps.cell(
            "total", column
        )
    for label, values in helps.lines:
        assert values[1] + values[2] == values[3], label
    family_records = [r for r in records.helps if r.family_help]
    assert family.cell("total", "families") == len(family_records)
    assert family.cell("total", "young_people") == sum(r.young_people for r in family_records)
    assert family.cell("total", "ended") + family.cell("total", "running") == len(family_records)
    assert risk.cell("total", "assessments") == len(records.risk_assessments)
    assert sum(v[0] for v in _lines(risk.lines)) == len(records.risk_assessments)
    forms = sum(len(r.danger_forms) for r in records.risk_assessments)
    assert sum(risk.cell("total", f) for f in risk.columns[1:-1]) == forms
    assert custody.cell("total", "measures") == len(records.protective_custodies)
    assert custody.cell("total", "days") == sum(m.days for m in records.protective_custodies)
    assert {r.report for r in records.helps} <= {ENDED, RUNNING}
