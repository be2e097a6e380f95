"""Periods (half-open), Dated timelines, and the date arithmetic helpers."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as s

from sozialraum.errors import OutOfRangeError, SozialraumError, ValidationError
from sozialraum.periods import Dated, DatedEntry, Period, add_months, age_on, months_between

D = date


def closed_periods(**kw):
    return s.periods(open_ended=False, **kw)


# --------------------------------------------------------------------------- Period basics


def test_half_open_semantics():
    march = Period(D(2024, 3, 1), D(2024, 4, 1))
    assert D(2024, 3, 1) in march
    assert D(2024, 3, 31) in march
    assert D(2024, 4, 1) not in march
    assert D(2024, 2, 29) not in march
    assert march.contains(D(2024, 3, 15))
    assert march.days == 31
    assert march.last_day == D(2024, 3, 31)
    assert not march.is_open
    assert not march.is_empty


def test_empty_period_a_help_ending_on_its_start_day():
    p = Period(D(2024, 5, 1), D(2024, 5, 1))
    assert p.is_empty
    assert p.days == 0
    assert p.last_day is None
    assert D(2024, 5, 1) not in p
    assert not p.overlaps(p)
    assert p.intersection(Period.year(2024)) is None
    assert list(p.months()) == []
    assert list(p.years()) == []


def test_open_ended_period():
    p = Period(D(2024, 1, 1))
    assert p.end is None
    assert p.is_open
    assert not p.is_empty
    assert p.last_day is None
    assert D(9999, 12, 31) in p
    assert D(2023, 12, 31) not in p
    assert p.days_until(D(2024, 1, 11)) == 10
    assert p.days_until(D(2023, 1, 1)) == 0
    with pytest.raises(ValidationError) as info:
        _ = p.days
    assert [(i.path, i.code) for i in info.value.issues] == [("/end", "period.open")]
    with pytest.raises(ValidationError) as info:
        list(p.months())
    assert info.value.codes == ("period.open",)
    assert [str(m) for m in p.months(until=D(2024, 3, 1))] == [
        "[2024-01-01, 2024-02-01)",
        "[2024-02-01, 2024-03-01)",
    ]


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as info:
        Period(D(2024, 5, 2), D(2024, 5, 1))
    assert [(i.path, i.code) for i in info.value.issues] == [("/end", "period.end_before_start")]


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [("2024-01-01", None, "/start"), (D(2024, 1, 1), "2024-02-01", "/end"), (None, None, "/start")],
)
def test_non_dates_are_refused(start, end, path):
    with pytest.raises(ValidationError) as info:
        Period(start, end)
    assert [(i.path, i.code) for i in info.value.issues] == [(path, "date.type")]


def test_datetimes_are_not_dates():
    # a datetime is a date subclass, but comparing it with a date raises TypeError
    with pytest.raises(ValidationError) as info:
        Period(datetime(2024, 1, 1, 12, 0), D(2024, 2, 1))
    assert [(i.path, i.code) for i in info.value.issues] == [("/start", "date.type")]


def test_constructors():
    assert Period.year(2024).days == 366
    assert Period.year(2023).days == 365
    assert Period.year(2100).days == 365  # not a leap year
    assert Period.year(2000).days == 366
    assert Period.month(2024, 2).days == 29
    assert Period.month(2023, 2).days == 28
    assert Period.month(2024, 12) == Period(D(2024, 12, 1), D(2025, 1, 1))
    assert Period.quarter(2024, 1) == Period(D(2024, 1, 1), D(2024, 4, 1))
    assert Period.quarter(2024, 4) == Period(D(2024, 10, 1), D(2025, 1, 1))
    assert sum(Period.quarter(2024, q).days for q in (1, 2, 3, 4)) == 366
    assert Period.inclusive(D(2024, 1, 1), D(2024, 1, 31)) == Period.month(2024, 1)
    assert Period.inclusive(D(2024, 2, 29), D(2024, 2, 29)).days == 1


@pytest.mark.parametrize("q", [0, 5, -1])
def test_quarter_out_of_range(q):
    with pytest.raises(ValidationError) as info:
        Period.quarter(2024, q)
    assert [(i.path, i.code) for i in info.value.issues] == [("/quarter", "quarter.invalid")]


def test_str_and_repr():
    assert str(Period(D(2024, 1, 1), D(2024, 2, 1))) == "[2024-01-01, 2024-02-01)"
    assert str(Period(D(2024, 1, 1))) == "[2024-01-01, …)"
    assert repr(Period(D(2024, 1, 1))) == "Period('2024-01-01', None)"
    assert repr(Period(D(2024, 1, 1), D(2024, 1, 2))) == "Period('2024-01-01', '2024-01-02')"


def test_closed_at():
    p = Period(D(2024, 1, 1))
    assert p.closed_at(D(2024, 6, 1)) == Period(D(2024, 1, 1), D(2024, 6, 1))
    assert Period.year(2024).closed_at(D(2030, 1, 1)) == Period.year(2024)
    assert p.closed_at(D(2023, 1, 1)) == Period(D(2024, 1, 1), D(2024, 1, 1))  # empty


def test_overlaps_and_intersection_examples():
    a = Period(D(2024, 1, 1), D(2024, 2, 1))
    b = Period(D(2024, 2, 1), D(2024, 3, 1))
    assert not a.overlaps(b)  # touching half-open periods share no day
    assert a.intersection(b) is None
    c = Period(D(2024, 1, 31))
    assert a.overlaps(c)
    assert a.intersection(c) == Period(D(2024, 1, 31), D(2024, 2, 1))
    assert Period(D(2024, 1, 1)).intersection(Period(D(2025, 1, 1))) == Period(D(2025, 1, 1))
    assert Period.year(2024).intersection(Period(D(2024, 12, 1))) == Period(
        D(2024, 12, 1), D(2025, 1, 1)
    )


def test_months_clip_to_the_period_and_handle_month_ends():
    p = Period(D(2024, 1, 31), D(2024, 3, 1))
    assert [str(m) for m in p.months()] == ["[2024-01-31, 2024-02-01)", "[2024-02-01, 2024-03-01)"]
    assert [m.days for m in p.months()] == [1, 29]
    q = Period(D(2023, 11, 15), D(2025, 2, 10))
    assert [str(y) for y in q.years()] == [
        "[2023-11-15, 2024-01-01)",
        "[2024-01-01, 2025-01-01)",
        "[2025-01-01, 2025-02-10)",
    ]
    # ``until`` cuts a closed period too
    assert [str(m) for m in Period.year(2024).months(until=D(2024, 2, 15))] == [
        "[2024-01-01, 2024-02-01)",
        "[2024-02-01, 2024-02-15)",
    ]
    assert list(Period(D(2024, 1, 1)).years(until=D(2024, 1, 1))) == []


# --------------------------------------------------------------------------- properties


@given(closed_periods())
def test_days_count_the_contained_days(p):
    assert p.days == (p.end - p.start).days
    assert p.is_empty == (p.days == 0)
    if not p.is_empty:
        assert p.contains(p.start)
        assert p.contains(p.last_day)
        assert not p.contains(p.end)
        assert p.last_day + timedelta(days=1) == p.end
    assert not p.contains(p.start - timedelta(days=1))


@given(s.periods(max_days=800), st.integers(min_value=0, max_value=800))
def test_months_and_years_partition_the_period(p, extra):
    until = p.start + timedelta(days=extra) if p.is_open else None
    total = p.days if not p.is_open else extra
    for pieces in (list(p.months(until)), list(p.years(until))):
        assert sum(x.days for x in pieces) == total
        assert all(not x.is_empty for x in pieces)
        if pieces:
            assert pieces[0].start == p.start
            assert pieces[-1].end == (p.end if not p.is_open else until)
        for x, y in itertools.pairwise(pieces):
            assert x.end == y.start
    for m in p.months(until):
        assert (m.start.year, m.start.month) == (m.last_day.year, m.last_day.month)
    for y in p.years(until):
        assert y.start.year == y.last_day.year


@given(s.periods(), s.periods())
def test_overlap_and_intersection_are_commutative(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    assert a.intersection(b) == b.intersection(a)
    assert (a.intersection(b) is not None) == a.overlaps(b)


@given(s.periods(), s.periods(), s.dates())
def test_intersection_contains_exactly_the_shared_days(a, b, day):
    both = a.intersection(b)
    in_both = a.contains(day) and b.contains(day)
    if both is None:
        assert not in_both
    else:
        assert both.contains(day) == in_both
        assert not both.is_empty
        assert both.start >= a.start
        assert both.start >= b.start
        if both.end is not None:
            for p in (a, b):
                assert p.end is None or both.end <= p.end
        else:
            assert a.is_open
            assert b.is_open


@given(s.periods())
def test_overlaps_itself_unless_empty(p):
    assert p.overlaps(p) == (not p.is_empty)
    if not p.is_empty:
        assert p.intersection(p) == p


@given(s.periods(), s.dates())
def test_closed_at_and_days_until_agree(p, day):
    cut = p.closed_at(day)
    assert cut.start == p.start
    assert cut.days == p.days_until(day)


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2023, 8, 29), 6, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2099, 2, 28), 12, D(2100, 2, 28)),
        (D(2024, 5, 17), 0, D(2024, 5, 17)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 31), D(2024, 2, 28), 0),
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 1, 1), D(2025, 1, 1), 12),
        (D(2024, 1, 15), D(2024, 1, 14), 0),
        (D(2024, 3, 1), D(2024, 1, 1), -2),
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


@given(s.dates(max_value=date(2099, 1, 1)), st.integers(min_value=0, max_value=120))
def test_add_months_then_months_between(day, n):
    later = add_months(day, n)
    assert months_between(day, later) == n
    assert later.day <= day.day


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(2006, 5, 17), D(2024, 5, 16), 17),
        (D(2006, 5, 17), D(2024, 5, 17), 18),
        (D(2008, 2, 29), D(2026, 2, 28), 17),  # common year: birthday counts from 1 March
        (D(2008, 2, 29), D(2026, 3, 1), 18),
        (D(2008, 2, 29), D(2028, 2, 28), 19),
        (D(2008, 2, 29), D(2028, 2, 29), 20),  # leap year: on the day
        (D(2000, 1, 1), D(2000, 1, 1), 0),
        (D(2000, 12, 31), D(2001, 12, 30), 0),
        (D(2000, 12, 31), D(2001, 12, 31), 1),
    ],
)
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age


@given(s.dates(), s.dates())
def test_age_never_decreases_and_grows_by_one_a_year(birth, day):
    if day < birth:
        return
    a = age_on(birth, day)
    assert a >= 0
    assert age_on(birth, day + timedelta(days=1)) in (a, a + 1)
    if day.year < 9999:
        assert age_on(birth, add_months(day, 12)) in (a + 1, a)


# --------------------------------------------------------------------------- Dated


@pytest.fixture
def rate():
    return Dated.of(
        "monthly_cost_31",
        {D(2025, 1, 1): 1260, D(2024, 1, 1): 1200, D(2026, 7, 1): 1300},
        references={D(2024, 1, 1): "Beschluss JHA 12/2023"},
        valid_until=D(2027, 1, 1),
    )


def test_dated_lookup_and_boundaries(rate):
    assert [e.valid_from for e in rate] == [D(2024, 1, 1), D(2025, 1, 1), D(2026, 7, 1)]
    assert rate.at(D(2024, 1, 1)) == 1200  # first day of validity
    assert rate.at(D(2024, 12, 31)) == 1200  # last day before the next entry
    assert rate.at(D(2025, 1, 1)) == 1260
    assert rate.at(D(2026, 6, 30)) == 1260
    assert rate.at(D(2026, 12, 31)) == 1300  # last day before valid_until
    assert rate.entry_at(D(2024, 6, 1)).reference == "Beschluss JHA 12/2023"
    assert rate.entry_at(D(2025, 6, 1)).reference is None
    assert rate.period == Period(D(2024, 1, 1), D(2027, 1, 1))


def test_dated_before_first_entry(rate):
    with pytest.raises(OutOfRangeError) as info:
        rate.at(D(2023, 12, 31))
    err = info.value
    assert isinstance(err, LookupError)
    assert isinstance(err, SozialraumError)
    assert err.parameter == "monthly_cost_31"
    assert "'monthly_cost_31'" in str(err)
    assert "2023-12-31" in str(err)
    assert "defined from 2024-01-01 on" in str(err)


def test_dated_on_or_after_valid_until(rate):
    for day in (D(2027, 1, 1), D(2030, 1, 1)):
        with pytest.raises(LookupError) as info:
            rate.at(day)
        assert isinstance(info.value, OutOfRangeError)
        assert "'monthly_cost_31'" in str(info.value)
        assert "valid until 2027-01-01 (exclusive)" in str(info.value)


def test_dated_open_ended_and_constant():
    c = Dated.constant("share", 70)
    assert c.at(D(1900, 1, 1)) == 70
    assert c.at(D(9999, 12, 31)) == 70
    assert c.period == Period(D(1900, 1, 1))
    with pytest.raises(OutOfRangeError):
        c.at(D(1899, 12, 31))


def test_dated_refuses_bad_timelines():
    with pytest.raises(ValidationError) as info:
        Dated("x", ())
    assert [(i.path, i.code) for i in info.value.issues] == [("/entries", "dated.empty")]
    entries = (
        DatedEntry(D(2024, 1, 1), 1),
        DatedEntry(D(2024, 1, 1), 2),
        DatedEntry(D(2023, 1, 1), 3),
    )
    with pytest.raises(ValidationError) as info:
        Dated("x", entries, valid_until=D(2022, 1, 1))
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/entries/1/valid_from", "dated.unsorted"),
        ("/entries/2/valid_from", "dated.unsorted"),
        ("/valid_until", "dated.until_before_last"),
    ]
    with pytest.raises(ValidationError) as info:
        Dated.of("x", {D(2024, 1, 1): 1}, valid_until=D(2024, 1, 1))
    assert info.value.codes == ("dated.until_before_last",)


@given(
    st.lists(s.dates(), min_size=1, max_size=6, unique=True),
    s.dates(),
)
def test_dated_at_returns_the_latest_entry_not_after_the_day(starts, day):
    values = {d: i for i, d in enumerate(starts)}
    timeline = Dated.of("p", values)
    earlier = [d for d in starts if d <= day]
    if not earlier:
        with pytest.raises(OutOfRangeError):
            timeline.at(day)
    else:
        assert timeline.at(day) == values[max(earlier)]


def test_supported_date_range_is_enforced_with_sozialraum_errors():
    from sozialraum.periods import MAX_DATE, MIN_DATE, add_months

    assert (date(1900, 1, 1), date(2199, 12, 31)) == (MIN_DATE, MAX_DATE)
    assert Period.year(2199).end == date(2200, 1, 1)  # the day after MAX_DATE as an end
    for make in (
        lambda: Period.year(9999),
        lambda: Period.inclusive(date(2024, 1, 1), date(9999, 12, 31)),
        lambda: Period(date(1899, 12, 31)),
        lambda: Period(date(2024, 1, 1), date(2200, 1, 2)),
        lambda: add_months(date(9999, 12, 1), 1),
    ):
        with pytest.raises(ValidationError) as info:
            make()
        assert info.value.codes == ("date.range",)
    with pytest.raises(ValidationError) as info:
        Period.month(2024, 13)
    assert info.value.codes == ("date.month",)
    # arithmetic near the end of the range is safe
    assert add_months(MAX_DATE, 1200) == date(2299, 12, 31)
