"""Grouping of metrics: dimensions, time buckets and margins (totals).

Every metric is computed for a closed :class:`~sozialraum.periods.Period` and grouped by
any of the dimensions its records have: ``space``, ``provider``, ``help_type``,
``setting`` and at most one time dimension, ``year``, ``quarter`` or ``month``. A time
dimension splits the period into calendar buckets clipped to it (a period from
15 March to 1 January has the buckets ``[15 Mar, 1 Apr)``, ``[1 Apr, 1 Jul)`` … by quarter).

With ``totals=True`` the results also contain the margins: the dimension value
:data:`~sozialraum.metrics.rows.TOTAL` (``"*"``) stands for "all values together", and for
a time dimension for the whole period.

>>> from datetime import date
>>> from sozialraum.periods import Period
>>> g = Grouping.of(Period(date(2024, 3, 15), date(2025, 1, 1)), ("space", "quarter"))
>>> g.static, g.time, g.labels
(('space',), 'quarter', ('2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'))
>>> g.bucket_of(date(2024, 7, 1).toordinal())
2
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import TypeVar

import attrs

from .. import messages
from ..errors import ValidationError
from ..periods import Period, add_months
from .rows import TOTAL

__all__ = [
    "HELP_DIMENSIONS",
    "HELP_FACT_DIMENSIONS",
    "STATIC_DIMENSIONS",
    "TIME_DIMENSIONS",
    "Grouping",
]

messages.define(
    "metrics.dimension_unknown#allowed",
    "this metric cannot be grouped by '{name}'; use one of {allowed}",
)
messages.define("metrics.period_open", "metrics need a period with an end")
messages.define("metrics.time_dimensions", "group by at most one of year, quarter, month")
messages.define("metrics.dimension_repeated", "a dimension is named twice")


#: Dimensions that do not depend on time.
STATIC_DIMENSIONS = ("space", "provider", "help_type", "setting")
#: Calendar dimensions; at most one per grouping.
TIME_DIMENSIONS = ("year", "quarter", "month")
#: Every dimension a help has.
HELP_DIMENSIONS = STATIC_DIMENSIONS + TIME_DIMENSIONS
#: The dimensions of the help metrics built on :class:`~sozialraum.metrics.HelpFacts`: those
#: of a help and ``young_adult`` (``"yes"``/``"no"``: a § 41 help, by the age at its start).
HELP_FACT_DIMENSIONS = (*STATIC_DIMENSIONS, "young_adult", *TIME_DIMENSIONS)

_STEP = {"year": 12, "quarter": 3, "month": 1}

A = TypeVar("A")


def _label(time: str, day: date) -> str:
    if time == "year":
        return f"{day.year}"
    if time == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _bucket_starts(period: Period, time: str) -> list[date]:
    assert period.end is not None
    step = _STEP[time]
    month = (period.start.month - 1) // step * step + 1
    cursor = date(period.start.year, month, 1)
    starts = [period.start]
    while True:
        cursor = add_months(cursor, step)
        if cursor >= period.end:
            return starts
        starts.append(cursor)


@attrs.frozen(kw_only=True)
class Grouping:
    """How a metric groups its records: static dimensions, an optional time dimension with
    its buckets, and whether margins are added.

    Build with :meth:`of`; the metric functions do this for you from ``period`` and ``by``.

    :param by: the dimensions in output order.
    :param static: the non-time dimensions, in ``by`` order.
    :param time: the time dimension or ``None``.
    :param starts: ordinal of the first day of each time bucket (one bucket without ``time``).
    :param labels: the label of each bucket (``"2024"``, ``"2024-Q1"``, ``"2024-01"``).
    """

    period: Period
    by: tuple[str, ...]
    static: tuple[str, ...]
    time: str | None
    starts: tuple[int, ...]
    labels: tuple[str, ...]
    totals: bool = True

    @classmethod
    def of(
        cls,
        period: Period,
        by: Sequence[str],
        *,
        allowed: Collection[str] = HELP_DIMENSIONS,
        totals: bool = True,
    ) -> Grouping:
        """Check ``period`` and ``by`` and build the grouping.

        :raises ValidationError: ``metrics.period_open`` for an open-ended period,
            ``metrics.dimension_unknown`` for a dimension the records do not have,
            ``metrics.dimension_repeated``, ``metrics.time_dimensions`` for more than one
            time dimension.
        """
        if isinstance(by, str):
            by = (by,)
        if period.end is None:
            raise ValidationError.single("/period/end", "metrics.period_open")
        for i, name in enumerate(by):
            if name not in allowed:
                raise ValidationError.single(
                    f"/by/{i}",
                    "metrics.dimension_unknown#allowed",
                    name=name,
                    allowed=", ".join(sorted(allowed)),
                )
            if name in by[:i]:
                raise ValidationError.single(f"/by/{i}", "metrics.dimension_repeated")
        times = [d for d in by if d in TIME_DIMENSIONS]
        if len(times) > 1:
            raise ValidationError.single("/by", "metrics.time_dimensions")
        time = times[0] if times else None
        if time is None or period.is_empty:
            starts = [period.start]
            labels = [_label(time, period.start)] if time else [""]
        else:
            starts = _bucket_starts(period, time)
            labels = [_label(time, d) for d in starts]
        return cls(
            period=period,
            by=tuple(by),
            static=tuple(d for d in by if d not in TIME_DIMENSIONS),
            time=time,
            starts=tuple(d.toordinal() for d in starts),
            labels=tuple(labels),
            totals=totals,
        )

    @property
    def start(self) -> int:
        """Ordinal of the period's first day."""
        return self.period.start.toordinal()

    @property
    def end(self) -> int:
        """Ordinal of the day after the period."""
        assert self.period.end is not None
        return self.period.end.toordinal()

    @property
    def buckets(self) -> int:
        """The number of time buckets (1 without a time dimension)."""
        return len(self.starts)

    def bucket_end(self, bucket: int) -> int:
        """Ordinal of the day after bucket ``bucket``."""
        return self.starts[bucket + 1] if bucket + 1 < len(self.starts) else self.end

    def bucket_of(self, ordinal: int) -> int:
        """The bucket containing the day ``ordinal``, ``-1`` if it is outside the period."""
        if ordinal < self.start or ordinal >= self.end:
            return -1
        return bisect_right(self.starts, ordinal) - 1

    def dimensions(self, key: tuple[str, ...], bucket: int) -> tuple[tuple[str, str], ...]:
        """The ``(name, value)`` pairs of a static ``key`` and a bucket (``-1``: total)."""
        values = dict(zip(self.static, key, strict=True))
        if self.time is not None:
            values[self.time] = TOTAL if bucket < 0 else self.labels[bucket]
        return tuple((name, values[name]) for name in self.by)

    def margins(
        self, groups: dict[tuple[str, ...], A], add: Callable[[A, A], A]
    ) -> dict[tuple[str, ...], A]:
        """``groups`` (by static key) plus, with :attr:`totals`, every margin: each subset of
        the static dimensions replaced by :data:`TOTAL`, combined with ``add``.

        >>> from datetime import date
        >>> g = Grouping.of(Period.year(2024), ("space", "provider"))
        >>> sorted(g.margins({("N", "A"): 1, ("S", "A"): 2}, int.__add__).items())
        [(('*', '*'), 3), (('*', 'A'), 3), (('N', '*'), 1), (('N', 'A'), 1), (('S', '*'), 2), (('S', 'A'), 2)]
        """  # noqa: E501
        out = dict(groups)
        n = len(self.static)
        if not self.totals or n == 0:
            return out
        masks = [m for r in range(1, n + 1) for m in itertools.combinations(range(n), r)]
        for key, acc in groups.items():
            for mask in masks:
                margin = tuple(TOTAL if i in mask else v for i, v in enumerate(key))
                out[margin] = add(out[margin], acc) if margin in out else acc
        return out

    def ordered(self, keys: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
        """Static keys sorted by value, margins last in each position."""
        return sorted(keys, key=lambda k: tuple((v == TOTAL, v) for v in k))

    def bucket_range(self) -> list[int]:
        """The bucket indices to report: each bucket, then ``-1`` (the whole period) when
        there is a time dimension and totals are wanted."""
        out = list(range(self.buckets))
        if self.time is not None and self.totals:
            out.append(-1)
        return out
