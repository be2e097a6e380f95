"""Small-cell suppression: examples, and that no withheld cell can be recomputed from its
line totals."""

from __future__ import annotations

import itertools
from collections import defaultdict
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.errors import ValidationError
from sozialraum.metrics import TOTAL, MetricTable, Row, Status, suppress
from sozialraum.metrics.suppression import lines

from .strategies import count_tables


def cnt(metric: str, basis: str, n: int, **dims: str) -> Row:
    return Row(
        metric=metric,
        dimensions=tuple(dims.items()),
        value=n,
        numerator=n,
        unit="helps",
        support=n,
        basis=basis,
    )


def test_primary_and_secondary_with_margin() -> None:
    t = suppress(
        MetricTable(
            [
                cnt("m", "b", 1, s="A"),
                cnt("m", "b", 5, s="B"),
                cnt("m", "b", 6, s="C"),
                cnt("m", "b", 12, s="*"),
            ]
        )
    )
    status = {r.dimension("s"): (r.status, r.note) for r in t}
    assert status["A"] == (Status.SUPPRESSED, "cell.suppressed")
    assert status["B"] == (Status.SUPPRESSED, "cell.suppressed")  # the smallest other cell
    assert status["C"][0] is Status.OK
    assert status["*"][0] is Status.OK


def test_withheld_rows_keep_no_numbers_and_are_not_zero() -> None:
    row = suppress(MetricTable([cnt("m", "b", 2, s="A")]), secondary=False).rows[0]
    assert row.status is Status.SUPPRESSED
    assert (row.value, row.numerator, row.denominator, row.support) == (None, None, None, None)
    assert row.display() == "."
    assert row.value != 0


def test_zero_is_shown() -> None:
    t = suppress(MetricTable([cnt("m", "b", 0, s="A"), cnt("m", "b", 9, s="B")]))
    assert all(r.status is Status.OK for r in t)


def test_rows_of_one_cell_go_together_and_missing_dimension_is_the_margin() -> None:
    rate = Row(
        metric="rate",
        dimensions=(("space", "A"),),
        value=Fraction(1, 100),
        numerator=1,
        denominator=100,
        unit="per 10,000",
        support=1,
        basis="helps",
    )
    by_setting = [
        cnt("n", "helps", 1, space="A", setting="x"),
        cnt("n", "helps", 0, space="A", setting="y"),
    ]
    t = suppress(MetricTable([rate, *by_setting]))
    # (space=A) is the margin (space=A, setting=*) of the line {x, y, *}: two cells of it
    # (x and the margin) are withheld, so it is protected without touching y
    assert t.rows[0].status is Status.SUPPRESSED
    assert t.rows[1].status is Status.SUPPRESSED
    assert t.rows[2].status is Status.OK


def test_share_with_small_numerator_is_withheld() -> None:
    share = Row(
        metric="s",
        dimensions=(("space", "A"),),
        value=Fraction(1, 40),
        numerator=1,
        denominator=40,
        unit="share",
        support=40,
        basis="ended",
    )
    assert suppress(MetricTable([share])).rows[0].status is Status.SUPPRESSED


def test_rows_without_support_are_never_withheld() -> None:
    row = Row(metric="work_hours", dimensions=(("space", "A"),), value=1, unit="hours")
    assert suppress(MetricTable([row])).rows[0].status is Status.OK


def test_threshold() -> None:
    t = MetricTable([cnt("m", "b", 3, s="A"), cnt("m", "b", 9, s="B")])
    assert suppress(t).rows[0].status is Status.OK
    assert suppress(t, threshold=3).rows[0].status is Status.SUPPRESSED
    assert suppress(t, threshold=0).rows[0].status is Status.OK
    with pytest.raises(ValidationError):
        suppress(t, threshold=-1)


def _unique_withheld(table: MetricTable) -> list[list[tuple[str, tuple[str, ...]]]]:
    cells = {(r.basis, tuple(v for _, v in r.dimensions)): r for r in table}
    return [
        line
        for line in lines(cells)
        if len(line) > 1 and sum(cells[c].status is Status.SUPPRESSED for c in line) == 1
    ]


@given(count_tables(), st.integers(1, 4))
def test_no_line_has_exactly_one_withheld_cell(table: MetricTable, threshold: int) -> None:
    result = suppress(table, threshold=threshold)
    assert _unique_withheld(result) == []
    for before, after in zip(table, result, strict=True):
        if before.support is not None and 1 <= before.support <= threshold:
            assert after.status is Status.SUPPRESSED
        if after.status is Status.SUPPRESSED:
            assert after.note == "cell.suppressed"  # never says which cell is small
        if after.status is Status.SUPPRESSED:
            assert after.value is None  # marked, never zero


@given(count_tables())
def test_withheld_cells_cannot_be_recomputed_from_totals(table: MetricTable) -> None:
    """Every withheld cell can take at least two values consistent with all published
    cells and all additive constraints (rows and columns summing to their totals)."""
    result = suppress(table)
    shown = {r.dimensions: r.value for r in result if r.status is Status.OK}
    hidden = [r.dimensions for r in result if r.status is Status.SUPPRESSED]
    inner = [d for d in hidden if TOTAL not in (d[0][1], d[1][1])]
    if not hidden or len(inner) > 4:
        return
    truth = {r.dimensions: r.value for r in table}
    rows = sorted({d[0][1] for d in truth if d[0][1] != TOTAL})
    cols = sorted({d[1][1] for d in truth if d[1][1] != TOTAL})

    def key(a: str, b: str) -> tuple[tuple[str, str], ...]:
        return (("a", a), ("b", b))

    bound = max([truth[d] for d in inner] + [0]) + 2  # type: ignore[type-var]
    seen: dict[tuple[tuple[str, str], ...], set[int]] = defaultdict(set)
    for combo in itertools.product(range(bound), repeat=len(inner)):
        v = {**shown, **dict(zip(inner, combo, strict=True))}
        for a in rows:
            v[key(a, TOTAL)] = sum(v[key(a, c)] for c in cols)  # type: ignore[misc]
        for c in [*cols, TOTAL]:
            v[key(TOTAL, c)] = sum(v[key(a, c)] for a in rows)  # type: ignore[misc]
        if all(v[d] == x for d, x in shown.items()):
            for d in hidden:
                seen[d].add(v[d])  # type: ignore[arg-type]
    for d in hidden:
        assert len(seen[d]) >= 2, d
