"""Half-open date periods, values that change over time, and date arithmetic.

A :class:`Period` is ``[start, end)``: it contains ``start`` and stops *before* ``end``;
``end=None`` means open-ended. A help that runs for the whole of March 2024 is
``Period(date(2024, 3, 1), date(2024, 4, 1))``; a help ending on its start day is the empty
period ``Period(d, d)``.

>>> from datetime import date
>>> p = Period(date(2024, 1, 31), date(2024, 3, 1))
>>> p.days
30
>>> [str(m) for m in p.months()]
['[2024-01-31, 2024-02-01)', '[2024-02-01, 2024-03-01)']

:class:`Dated` is a timeline of values valid from given dates, each optionally with its legal
or documentary source, like the parameters of OpenFisca.

>>> rate = Dated.of("monthly_cost_31", {date(2024, 1, 1): 1200, date(2025, 1, 1): 1260})
>>> rate.at(date(2024, 12, 31))
1200
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from . import messages
from ._limits import MAX_DATE, MIN_DATE, date_problem
from .errors import Issue, OutOfRangeError, ValidationError

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "Dated",
    "DatedEntry",
    "Period",
    "add_months",
    "age_on",
    "check_date_range",
    "months_between",
]

_MONTH = messages.define("date.month", "a month is 1 to 12")
_YEAR_TYPE = messages.define("date.year_type", "a year and a month are integers")
messages.define(
    "dated.before_first",
    "parameter '{name}' has no value on {day}; it is defined from {valid_from} on",
)
messages.define(
    "dated.after_last",
    "parameter '{name}' has no value on {day}; "
    "its last value is valid until {valid_until} (exclusive)",
)
messages.define("date.type", "expected a date (not a datetime)")
messages.define("quarter.invalid", "a quarter is 1 to 4")
messages.define("period.open", "an open-ended period has no length; use days_until()")
messages.define("period.open#iterate", "iterating an open-ended period needs 'until'")
messages.define("dated.empty", "a dated parameter needs at least one entry")
messages.define("period.end_before_start", "the end must not be before the start")
messages.define("dated.until_before_last", "valid_until must be after the last entry's date")
messages.define("dated.unsorted", "entries must be in strictly increasing date order")


T = TypeVar("T")


def _check_date(value: object, path: str, *, exclusive_end: bool = False) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError.single(path, "date.type")
    check_date_range(value, path, exclusive_end=exclusive_end)


def check_date_range(day: date, path: str = "", *, exclusive_end: bool = False) -> date:
    """``day`` itself if it lies in the supported range ``[MIN_DATE, MAX_DATE]``.

    ``exclusive_end`` also admits the day after :data:`MAX_DATE` (the exclusive end of a
    period that runs to the last supported day).

    >>> check_date_range(date(9999, 12, 31))
    Traceback (most recent call last):
    ...
    sozialraum.errors.ValidationError: 1 issue:
      /: the date must lie from 1900-01-01 to 2199-12-31 [date.range]
    """
    problem = date_problem(day, exclusive_end=exclusive_end)
    if problem is not None:
        raise ValidationError([Issue.of(path, problem[0], **problem[1])])
    return day


def _out_of_range(path: str = "") -> ValidationError:
    return ValidationError(
        [Issue.of(path, "date.range", minimum=MIN_DATE.isoformat(), maximum=MAX_DATE.isoformat())]
    )


def _year_month(year: object, month: object) -> tuple[int, int]:
    for value in (year, month):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError([Issue.of("", _YEAR_TYPE)])
    assert isinstance(year, int)
    assert isinstance(month, int)
    if not 1 <= month <= 12:
        raise ValidationError([Issue.of("/month", _MONTH)])
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise _out_of_range("/year")
    return year, month


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day.

    >>> add_months(date(2024, 8, 31), 6)
    datetime.date(2025, 2, 28)
    >>> add_months(date(2023, 8, 29), 6)
    datetime.date(2024, 2, 29)

    :raises ValidationError: ``date.range`` when the result would lie outside the dates
        Python can represent (results beyond :data:`MAX_DATE` are returned, so a
        computation near the end of the supported range never fails).
    """
    if isinstance(months, bool) or not isinstance(months, int):
        raise ValidationError.single("/months", "type.integer")
    total = day.year * 12 + day.month - 1 + months
    if not 12 <= total < 10000 * 12:  # years 1 … 9999
        raise _out_of_range()
    result: date = day + relativedelta(months=months)
    return result


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (negative if ``end`` is earlier).

    Month ends count as whole months, matching :func:`add_months`: from 31 January, the
    month is complete on the last day of February.

    >>> months_between(date(2024, 1, 31), date(2024, 2, 28))
    0
    >>> months_between(date(2024, 1, 31), date(2024, 2, 29))
    1
    """
    delta = relativedelta(end, start)
    return int(delta.years * 12 + delta.months)


def age_on(birth: date, day: date) -> int:
    """Age in completed years on ``day`` (legal age: a person born on 29 February becomes
    one year older on 1 March in common years, per § 187(2), § 188(2) BGB).

    >>> age_on(date(2006, 5, 17), date(2024, 5, 16))
    17
    >>> age_on(date(2006, 5, 17), date(2024, 5, 17))
    18
    >>> age_on(date(2008, 2, 29), date(2026, 2, 28)), age_on(date(2008, 2, 29), date(2026, 3, 1))
    (17, 18)
    """
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


@attrs.frozen(slots=True, repr=False)
class Period:
    """A half-open date range ``[start, end)``; ``end=None`` is open-ended.

    Both dates lie in the supported range (:data:`MIN_DATE` to :data:`MAX_DATE`; the end
    may be the day after :data:`MAX_DATE`).

    :raises ValidationError: if ``end`` is before ``start`` (``period.end_before_start``),
        or a date is out of range (``date.range``).
    """

    start: date
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        _check_date(self.start, "/start")
        if self.end is not None:
            _check_date(self.end, "/end", exclusive_end=True)
            if self.end < self.start:
                raise ValidationError.single("/end", "period.end_before_start")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``.

        >>> Period.year(2024).days
        366
        """
        year, _ = _year_month(year, 1)
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month.

        >>> Period.month(2024, 2).days
        29
        """
        year, month = _year_month(year, month)
        start = date(year, month, 1)
        return cls(start, add_months(start, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """One calendar quarter (1–4)."""
        if quarter not in (1, 2, 3, 4):
            raise ValidationError.single("/quarter", "quarter.invalid")
        year, _ = _year_month(year, 1)
        start = date(year, 3 * quarter - 2, 1)
        return cls(start, add_months(start, 3))

    @classmethod
    def inclusive(cls, first: date, last: date) -> Period:
        """From the first to the last day *inclusive* (as forms and letters write it).

        >>> Period.inclusive(date(2024, 1, 1), date(2024, 1, 31)).end
        datetime.date(2024, 2, 1)
        """
        _check_date(first, "/start")
        _check_date(last, "/end")
        return cls(first, last + timedelta(days=1))

    @property
    def is_open(self) -> bool:
        """True for an open-ended period."""
        return self.end is None

    @property
    def is_empty(self) -> bool:
        """True when the period contains no day (``start == end``)."""
        return self.end is not None and self.end == self.start

    @property
    def last_day(self) -> date | None:
        """The last day contained, ``None`` if open-ended or empty."""
        if self.end is None or self.is_empty:
            return None
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """Number of days contained.

        :raises ValidationError: for an open-ended period (use :meth:`days_until`).
        """
        if self.end is None:
            raise ValidationError.single("/end", "period.open")
        return (self.end - self.start).days

    def days_until(self, day: date) -> int:
        """Days contained before ``day`` (for open-ended periods: running "to date")."""
        end = day if self.end is None else min(self.end, day)
        return max(0, (end - self.start).days)

    def closed_at(self, day: date) -> Period:
        """This period cut off at ``day`` (``end = min(end, day)``, never before start)."""
        end = day if self.end is None else min(self.end, day)
        return Period(self.start, max(end, self.start))

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in ``[start, end)``."""
        return self.start <= day and (self.end is None or day < self.end)

    __contains__ = contains

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        if self.is_empty or other.is_empty:
            return False
        starts_before_other_ends = other.end is None or self.start < other.end
        other_starts_before_end = self.end is None or other.start < self.end
        return starts_before_other_ends and other_starts_before_end

    def intersection(self, other: Period) -> Period | None:
        """The days both share, or ``None`` if they share none.

        >>> Period.year(2024).intersection(Period(date(2024, 12, 1)))
        Period('2024-12-01', '2025-01-01')
        """
        if not self.overlaps(other):
            return None
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        return Period(start, min(ends) if ends else None)

    def months(self, until: date | None = None) -> Iterator[Period]:
        """The calendar months this period touches, each clipped to the period.

        Open-ended periods need ``until`` (exclusive) to stop.
        """
        return self._split(1, until)

    def years(self, until: date | None = None) -> Iterator[Period]:
        """The calendar years this period touches, each clipped to the period."""
        return self._split(12, until)

    def _split(self, step: int, until: date | None) -> Iterator[Period]:
        end = self.end if self.end is not None else until
        if end is None:
            raise ValidationError.single("/end", "period.open#iterate")
        if self.end is not None and until is not None:
            end = min(end, until)
        cursor = self.start
        while cursor < end:
            if step == 12:
                boundary = date(cursor.year + 1, 1, 1)
            else:
                boundary = add_months(date(cursor.year, cursor.month, 1), step)
            nxt = min(boundary, end)
            yield Period(cursor, nxt)
            cursor = nxt

    def __str__(self) -> str:
        end = self.end.isoformat() if self.end is not None else "…"
        return f"[{self.start.isoformat()}, {end})"

    def __repr__(self) -> str:
        end = f"'{self.end.isoformat()}'" if self.end is not None else "None"
        return f"Period('{self.start.isoformat()}', {end})"


@attrs.frozen(slots=True)
class DatedEntry(Generic[T]):
    """One value of a :class:`Dated` timeline, valid from ``valid_from``.

    :param reference: where the value comes from (a paragraph, a council decision …).
    """

    valid_from: date
    value: T
    reference: str | None = None


@attrs.frozen(slots=True)
class Dated(Generic[T]):
    """A parameter whose value changes over time: each entry is valid from its date until
    the next entry (the last one until ``valid_until``, exclusive, or forever).

    :raises ValidationError: when entries are empty, unsorted, or share a date.

    >>> d = Dated("share", (DatedEntry(date(2024, 1, 1), 70, "Celle 2001"),))
    >>> d.at(date(2023, 6, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sozialraum.errors.OutOfRangeError: parameter 'share' has no value on 2023-06-01; ...
    >>> d.at(date(2023, 6, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sozialraum.errors.OutOfRangeError: ...; it is defined from 2024-01-01 on
    """

    name: str
    entries: tuple[DatedEntry[T], ...]
    valid_until: date | None = None

    def __attrs_post_init__(self) -> None:
        if not self.entries:
            raise ValidationError.single("/entries", "dated.empty")
        issues = []
        for i in range(1, len(self.entries)):
            if self.entries[i].valid_from <= self.entries[i - 1].valid_from:
                issues.append(Issue.of(f"/entries/{i}/valid_from", "dated.unsorted"))
        if self.valid_until is not None and self.valid_until <= self.entries[-1].valid_from:
            issues.append(Issue.of("/valid_until", "dated.until_before_last"))
        if issues:
            raise ValidationError(issues)

    @classmethod
    def of(
        cls,
        name: str,
        values: Mapping[date, T],
        *,
        references: Mapping[date, str] | None = None,
        valid_until: date | None = None,
    ) -> Dated[T]:
        """Build from a mapping ``{valid_from: value}`` (any order)."""
        refs = references or {}
        entries = tuple(DatedEntry(d, values[d], refs.get(d)) for d in sorted(values))
        return cls(name, entries, valid_until)

    @classmethod
    def constant(cls, name: str, value: T, since: date = date(1900, 1, 1)) -> Dated[T]:
        """A value that has always been valid (from ``since``)."""
        return cls(name, (DatedEntry(since, value),))

    @property
    def period(self) -> Period:
        """The whole range this parameter is defined for."""
        return Period(self.entries[0].valid_from, self.valid_until)

    def entry_at(self, day: date) -> DatedEntry[T]:
        """The entry valid on ``day``.

        :raises OutOfRangeError: naming the parameter and the range that is covered.
        """
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError.single("", "date.type")
        if day < self.entries[0].valid_from:
            raise OutOfRangeError(
                self.name,
                "dated.before_first",
                name=self.name,
                day=day,
                valid_from=self.entries[0].valid_from,
            )
        if self.valid_until is not None and day >= self.valid_until:
            raise OutOfRangeError(
                self.name, "dated.after_last", name=self.name, day=day, valid_until=self.valid_until
            )
        lo, hi = 0, len(self.entries)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.entries[mid].valid_from <= day:
                lo = mid
            else:
                hi = mid
        return self.entries[lo]

    def at(self, day: date) -> T:
        """The value valid on ``day``."""
        return self.entry_at(day).value

    def __iter__(self) -> Iterator[DatedEntry[T]]:
        return iter(self.entries)
