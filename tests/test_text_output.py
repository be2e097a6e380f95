"""Plain-text output keeps one cell on one line: ids and names with line breaks or other
control characters are written escaped in every text table (issue 11)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum._text import printable
from sozialraum.demo import format_table
from sozialraum.metrics import MetricTable, Row, render_report
from sozialraum.statistics import ReconciliationTable

HOSTILE = ["S-NORD\nTotal  99", "a\rb", "tab\there", "esc\x1b[2J", "ls\u2028x", "nul\x00"]


def _one_line_per_row(text: str, rows: int) -> None:
    assert len(text.splitlines()) == rows
    assert all(line.isprintable() for line in text.splitlines())


@given(st.text())
def test_printable_text_is_one_printable_line(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable()
    assert len(shown.splitlines()) <= 1
    if text.isprintable():
        assert shown == text


@pytest.mark.parametrize("name", HOSTILE)
def test_metrics_report_text(name: str) -> None:
    table = MetricTable(
        [
            Row(metric="use_rate_u21", dimensions=(("space", name),), value=Fraction(5), unit="x"),
            Row(metric="use_rate_u21", dimensions=(("space", "*"),), value=Fraction(5), unit="x"),
        ]
    )
    text = render_report(table)
    assert printable(name) in text
    assert all(line.isprintable() for line in text.splitlines())
    assert not any(line.startswith("Total") for line in text.splitlines())


@pytest.mark.parametrize("name", HOSTILE)
def test_reconciliation_table_text(name: str) -> None:
    table = ReconciliationTable(
        name="t", title="T", columns=(name, "b"), lines=((name, (1, 2)), ("total", (1, 2)))
    )
    _one_line_per_row(table.render(), 4)


@pytest.mark.parametrize("name", HOSTILE)
def test_demo_tables(name: str) -> None:
    _one_line_per_row(format_table(["space", "cases"], [[name, 1], ["Süd", 2]]), 3)


@pytest.mark.parametrize("name", HOSTILE)
def test_simulation_text_table(name: str) -> None:
    import attrs

    from sozialraum.simulation import sample_study, simulate, text_table

    study, parameters, municipality = sample_study()
    hostile = attrs.evolve(
        study, scenarios=(*study.scenarios, attrs.evolve(study.scenarios[0], name=name))
    )
    result = simulate(
        hostile, runs=2, seed=1, years=1, parameters=parameters, municipality=municipality
    )
    text = text_table(result)
    assert printable(name) in text
    assert all(line.isprintable() for line in text.splitlines())
    plain = text_table(
        simulate(study, runs=2, seed=1, years=1, parameters=parameters, municipality=municipality)
    )
    assert len(text.splitlines()) > len(plain.splitlines())
