"""CSV formula escaping: one rule (``sozialraum._csv``) for every CSV the library writes.

Hostile ids, names and labels go out of every CSV writer with a leading single quote; the
numbers the library formats (``-5.00`` too) stay numbers; reading a cell back and
stripping one leading quote gives the text unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum._csv import FORMULA_PREFIXES, cell, escape_text, texts, unescape_text, write
from sozialraum.metrics import MetricTable, Row
from sozialraum.money import Money
from sozialraum.simulation import Estimate, SummaryRow, sample_study, simulate
from sozialraum.simulation import to_csv as simulation_csv
from sozialraum.statistics import HelpRecord, ReconciliationTable, statistics_records
from sozialraum.statistics import to_csv as statistics_csv

from .statistics.builders import case, help_

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "'=already quoted",
]
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_safe(text: str, numeric: Callable[[str], bool] = lambda column: False) -> None:
    """No cell can start a formula: a cell beginning with a formula character is escaped,
    unless it is a number in a column of numbers."""
    rows = _cells(text)
    header = rows[0]
    for line in rows:
        for column, value in zip(header, line, strict=True):
            if not value.startswith(FORMULA_PREFIXES):
                continue
            assert numeric(column), (column, value)
            assert _NUMBER.fullmatch(value), (column, value)


def _metric_table(text: str) -> MetricTable:
    return MetricTable(
        [
            Row(
                metric=text,
                dimensions=(("space", text), ("provider", text)),
                value=Money(-500),
                numerator=-3,
                denominator=Fraction(-1, 3),
                unit=text,
                support=4,
            ),
            Row(metric="m", dimensions=(("space", text),), value=5, unit="helps").withheld(
                "cell.primary"
            ),
        ]
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_metric_tables_escape_text_and_keep_numbers(text: str) -> None:
    out = _metric_table(text).to_csv(places=2)
    assert_safe(out, lambda column: column in {"value", "numerator", "denominator", "n"})
    header, first, second = _cells(out)
    row = dict(zip(header, first, strict=True))
    for column in ("space", "provider", "metric", "unit"):
        assert row[column] == "'" + text
        assert unescape_text(row[column]) == text
    assert (row["value"], row["numerator"], row["denominator"]) == ("-5.00", "-3", "-0.33")
    assert dict(zip(header, second, strict=True))["space"] == "'" + text


def test_hostile_dimension_names_are_escaped_too() -> None:
    table = MetricTable([Row(metric="m", dimensions=(("=cmd", "x"),), value=1, unit="helps")])
    assert _cells(table.to_csv())[0][0] == "'=cmd"


@pytest.mark.parametrize("text", HOSTILE)
def test_statistics_records_and_tables_escape_text(text: str) -> None:
    record = statistics_records([case("C1", help_("H1", "31", date(2024, 1, 1)))], 2024).helps[0]
    odd = attrs.evolve(record, space=text, record_id=text, hours_per_week=Decimal("-1.5"))
    out = statistics_csv([odd], HelpRecord)
    assert_safe(out, lambda column: column == "hours_per_week")
    header, row = _cells(out)
    values = dict(zip(header, row, strict=True))
    assert values["space"] == values["record_id"] == "'" + text
    assert values["hours_per_week"] == "-1.5"
    table = ReconciliationTable(
        name="t", title="T", columns=(text, "b"), lines=((text, (-1, 2)), ("total", (-1, 2)))
    )
    out = table.to_csv()
    assert_safe(out, lambda column: column != "line")
    assert _cells(out)[1] == ["'" + text, "-1", "2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_simulation_rows_escape_text_and_keep_negative_numbers(text: str) -> None:
    e = Estimate(n=2, mean=Fraction(-500), p5=Fraction(-700), p50=Fraction(-500), p95=Fraction(1))
    row = SummaryRow(
        scenario=text, year=2026, level="space", key=text, quantity=text, unit="EUR", estimate=e
    )
    out = simulation_csv(None, [row])  # type: ignore[arg-type]
    numbers = {"year", "mean", "p5", "p50", "p95", "diff_mean", "diff_p5", "diff_p50", "diff_p95"}
    assert_safe(out, lambda column: column in numbers)
    header, values = _cells(out)
    got = dict(zip(header, values, strict=True))
    assert got["scenario"] == got["key"] == got["quantity"] == "'" + text
    assert (got["mean"], got["p5"]) == ("-5.00", "-7.00")


def test_a_simulated_study_with_a_hostile_scenario_name_goes_out_escaped() -> None:
    study, parameters, municipality = sample_study()
    hostile = attrs.evolve(
        study,
        scenarios=(
            *study.scenarios,
            attrs.evolve(study.scenarios[0], name='=HYPERLINK("http://x","y")'),
        ),
    )
    result = simulate(
        hostile, runs=2, seed=1, years=1, parameters=parameters, municipality=municipality
    )
    out = simulation_csv(result)
    numbers = {"year", "mean", "p5", "p50", "p95", "diff_mean", "diff_p5", "diff_p50", "diff_p95"}
    assert_safe(out, lambda column: column in numbers)
    names = {row[0] for row in _cells(out)[1:]}
    assert '\'=HYPERLINK("http://x","y")' in names


@given(st.text())
def test_any_text_cell_round_trips_and_never_starts_a_formula(text: str) -> None:
    escaped = escape_text(text)
    assert not escaped.startswith(FORMULA_PREFIXES)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([escaped, "x"])
    (back,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert unescape_text(back[0]) == text


@given(st.text(min_size=1))
def test_any_dimension_value_round_trips_through_a_metric_table(text: str) -> None:
    table = MetricTable([Row(metric="m", dimensions=(("space", text),), value=-1, unit="helps")])
    header, row = _cells(table.to_csv())
    assert unescape_text(row[header.index("space")]) == text
    assert row[header.index("value")] == "-1"


def test_cell_leaves_numbers_and_escapes_everything_else() -> None:
    assert cell(-5) == "-5"
    assert cell(Decimal("-5.00")) == "-5.00"
    assert cell(None) == ""
    assert cell("-5.00") == "'-5.00"  # text, even when it looks like a number
    assert cell(True) == "True"


@given(st.lists(st.one_of(st.text(), st.integers(), st.decimals(allow_nan=False))), st.data())
def test_a_row_reads_back_cell_by_cell(values: list[object], data: st.DataObject) -> None:
    terminator = data.draw(st.sampled_from(["\n", "\r\n"]))
    text = write([texts([*values, "end"])], terminator)
    (back,) = _cells(text)
    assert back[-1] == "end"
    for value, got in zip(values, back, strict=False):
        if isinstance(value, str):
            assert unescape_text(got) == value
        else:
            assert got == str(value)
