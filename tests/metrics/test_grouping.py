"""Time buckets and margins."""

from __future__ import annotations

from datetime import date

from sozialraum.metrics import TOTAL, Grouping
from sozialraum.periods import Period


def test_buckets_are_clipped_to_the_period() -> None:
    g = Grouping.of(Period(date(2023, 11, 15), date(2024, 3, 1)), ("month",))
    assert g.labels == ("2023-11", "2023-12", "2024-01", "2024-02")
    assert date.fromordinal(g.starts[0]) == date(2023, 11, 15)
    assert date.fromordinal(g.bucket_end(3)) == date(2024, 3, 1)
    assert g.bucket_of(date(2024, 2, 29).toordinal()) == 3
    assert g.bucket_of(date(2024, 3, 1).toordinal()) == -1
    assert g.bucket_range() == [0, 1, 2, 3, -1]


def test_years_and_quarters() -> None:
    years = Grouping.of(Period(date(2020, 7, 1), date(2023, 1, 1)), ("year",))
    assert years.labels == ("2020", "2021", "2022")
    q = Grouping.of(Period(date(2024, 2, 1), date(2024, 12, 1)), ("quarter",), totals=False)
    assert q.labels == ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")
    assert q.bucket_range() == [0, 1, 2, 3]
    assert q.dimensions((), 1) == (("quarter", "2024-Q2"),)
    assert q.dimensions((), -1) == (("quarter", TOTAL),)


def test_no_margins_without_totals() -> None:
    g = Grouping.of(Period.year(2024), ("space",), totals=False)
    assert g.margins({("A",): 1}, int.__add__) == {("A",): 1}
