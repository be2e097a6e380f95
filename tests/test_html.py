"""The shared HTML table helper escapes everything."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sozialraum._html import esc, table

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("x")',
    "a & b",
]


def test_hostile_texts_are_escaped_everywhere() -> None:
    html = table(HOSTILE, [HOSTILE], caption=HOSTILE[0], footer=HOSTILE[1], row_headers=True)
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;&gt;&lt;img" in html
    assert '<th scope="row">&lt;script&gt;' in html


@given(st.text())
def test_escaped_text_has_no_markup(value: str) -> None:
    out = esc(value)
    assert "<" not in out
    assert ">" not in out
    assert '"' not in out
    assert "'" not in out


def test_numeric_columns_and_footer() -> None:
    html = table(["a", "b"], [["x", 1]], numeric=[False, True], footer="note")
    assert '<td class="num">1</td>' in html
    assert '<tfoot><tr><td colspan="2">note</td></tr></tfoot>' in html


# -- notebook views ---------------------------------------------------------------------------


def test_metric_table_in_a_notebook_marks_withheld_cells_and_escapes() -> None:
    from sozialraum.metrics import MetricTable, Row, suppress

    def cell(space: str, n: int) -> Row:
        return Row(
            metric="helps_active",
            dimensions=(("space", space),),
            value=n,
            numerator=n,
            unit="helps",
            support=n,
            basis="helps.active",
        )

    t = suppress(MetricTable([cell(HOSTILE[0], 2), cell("B", 7), cell("C", 9), cell("*", 18)]))
    html = t._repr_html_()
    assert "<script" not in html
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert html.count('<td class="num">.</td>') == 2
    assert html.count("cell.suppressed") == 2  # one note for every withheld cell
    assert "cell.primary" not in html  # which cell is small is not published
    assert "withheld" in html
    assert '<td class="num">18</td>' in html


def test_long_metric_table_is_cut_with_a_note() -> None:
    from sozialraum._html import MAX_ROWS
    from sozialraum.metrics import MetricTable, Row

    t = MetricTable(Row(metric="m", unit="helps", value=i) for i in range(MAX_ROWS + 5))
    html = t._repr_html_()
    assert html.count("<tr><td>") == MAX_ROWS
    assert "… 5 more rows" in html


def test_allocation_spending_and_simulation_in_a_notebook() -> None:
    from sozialraum.budget import spend
    from sozialraum.budget.demo import musterstadt_allocation
    from sozialraum.data import load_sample
    from sozialraum.periods import Period
    from sozialraum.simulation import simulate

    sample = load_sample()
    allocation = musterstadt_allocation(sample)
    html = allocation._repr_html_()
    for space, amount in allocation.by_space().items():
        assert f"<td>{space}</td>" in html
        assert amount.format_de() in html
    assert allocation.distributed.format_de() in html
    assert "held back" in html
    report = spend(allocation, sample.cases, sample.work, period=Period.year(2025))
    html = report._repr_html_()
    assert html.count("<tr>") == len(report.lines) + 2  # header, lines, total
    assert report.spent.format_de() in html
    result = simulate(runs=3, seed=1, years=1)
    html = result._repr_html_()
    assert "<td>baseline</td>" in html
    assert "3 runs, seed 1" in html
    assert " €</td>" in html
