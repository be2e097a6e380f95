"""The helps of many cases as plain columns, and the single pass that counts them.

:class:`HelpFacts` copies what the metrics need from each help once (space, provider, type,
start and end as day ordinals, monthly cost, ending reason), like a user would build a data
frame (plus whether it is a § 41 help and how many young people it counts: the family's
for a family help). Every help metric then runs one pass over these columns with dict accumulators;
time buckets are handled with difference arrays, so a help running for ten years costs the
same as one running for a day.

Counting rules (half-open periods ``[start, end)``; a help with ``start == end`` is a help
that began and ended on its start day):

* *active* in a period: it has a day in the period, or it is empty and starts in it;
* *ended* in a period: its last day (the start day for an empty help) is in the period;
* *begun* in a period: its start day is in the period;
* *running at the end* of a period: active in it and not ended in it (the statistics'
  *Bestand am Stichtag*), so ``active = running at the end + ended``.

>>> from sozialraum.data import load_sample
>>> facts = HelpFacts.from_cases(load_sample().cases)
>>> len(facts), facts.help_type[0], facts.space[0]
(349, '29', 'S-MITTE')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import TypeAlias

import attrs

from .. import catalog
from ..model import Case, Help
from .grouping import Grouping

__all__ = [
    "HZE_HELP_TYPES",
    "OPEN",
    "Cases",
    "HelpFacts",
    "HelpStats",
    "as_facts",
    "help_stats",
    "young_people_of",
]

#: The end ordinal used for a running help (after any real date).
OPEN = date.max.toordinal() + 1

#: The help types of the Destatis total "Hilfen zur Erziehung insgesamt" (§§ 27–35 plus
#: § 41 young adults, without § 35a): the default scope of every help metric. The scope
#: lives in the catalogue (:data:`sozialraum.catalog.HZE`, with its source).
HZE_HELP_TYPES: frozenset[str] = catalog.HZE_HELP_TYPES

_SETTING = {code: str(t.setting) for code, t in catalog.HELP_TYPES.items()}


@attrs.frozen(kw_only=True, eq=False)
class HelpFacts:
    """The helps of a collection of cases as columns (one tuple per field, one entry per help).

    Build with :meth:`from_cases`. Days are ordinals (:meth:`datetime.date.toordinal`);
    ``end`` is :data:`OPEN` for a running help; ``last`` is the last day of the help (its
    start day for an empty help, :data:`OPEN` while it runs).
    """

    case_id: tuple[str, ...]
    space: tuple[str, ...]
    provider: tuple[str, ...]
    help_type: tuple[str, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]
    last: tuple[int, ...]
    monthly_cents: tuple[int, ...]
    ending_reason: tuple[str | None, ...]
    young_adult: tuple[bool, ...] = ()
    young_people: tuple[int, ...] = ()

    @classmethod
    def from_cases(cls, cases: Iterable[Case]) -> HelpFacts:
        """Collect the helps of ``cases``."""
        pairs = [(c, h) for c in cases for h in c.helps]
        starts = [h.period.start.toordinal() for _, h in pairs]
        ends = [OPEN if h.period.end is None else h.period.end.toordinal() for _, h in pairs]
        return cls(
            case_id=tuple(c.id for c, _ in pairs),
            space=tuple(c.space_id for c, _ in pairs),
            provider=tuple(h.provider_id for _, h in pairs),
            help_type=tuple(h.help_type for _, h in pairs),
            start=tuple(starts),
            end=tuple(ends),
            last=tuple(
                e if e == OPEN else (e - 1 if e > s else s)
                for s, e in zip(starts, ends, strict=True)
            ),
            monthly_cents=tuple(h.monthly_cost.cents for _, h in pairs),
            ending_reason=tuple(h.ending_reason for _, h in pairs),
            young_adult=tuple(
                h.help_type in catalog.HELP_TYPES and c.is_young_adult_help(h) for c, h in pairs
            ),
            young_people=tuple(young_people_of(h) for _, h in pairs),
        )

    def __len__(self) -> int:
        return len(self.start)

    def column(self, dimension: str) -> Sequence[str]:
        """The values of a static dimension (``space``, ``provider``, ``help_type``,
        ``setting``, ``young_adult``) per help."""
        if dimension == "setting":
            return [_SETTING[t] for t in self.help_type]
        if dimension == "young_adult":
            flags = self.young_adult or (False,) * len(self)
            return ["yes" if f else "no" for f in flags]
        values: Sequence[str] = getattr(self, dimension)
        return values

    def keys(self, dimensions: Sequence[str]) -> list[tuple[str, ...]]:
        """The group key of each help for the static ``dimensions``."""
        if not dimensions:
            return [()] * len(self)
        return list(zip(*(self.column(d) for d in dimensions), strict=True))


def young_people_of(help_: Help) -> int:
    """How many young people ``help_`` counts for: the young people of the family for a
    family help (§ 99(1) Nr. 3; at least one), else one.

    >>> from datetime import date
    >>> from sozialraum.model import Help
    >>> from sozialraum.money import Money
    >>> from sozialraum.periods import Period
    >>> young_people_of(Help(id="H1", help_type="34", provider_id="T1",
    ...     period=Period(date(2024, 1, 1)), monthly_cost=Money(cents=0)))
    1
    """
    if help_.is_family_help:
        return max(1, len(help_.family_young_people))
    return 1


#: Metric inputs: cases, or helps already collected into :class:`HelpFacts`.
Cases: TypeAlias = HelpFacts | Iterable[Case]


def as_facts(data: Cases) -> HelpFacts:
    """``data`` as :class:`HelpFacts` (collected if it is an iterable of cases)."""
    return data if isinstance(data, HelpFacts) else HelpFacts.from_cases(data)


@attrs.define
class HelpStats:
    """What one pass counts for one group and time bucket (mutable accumulator).

    :param active: helps active in the bucket (running at its end + ended in it).
    :param begun: helps begun in the bucket.
    :param ended: helps ended in the bucket.
    :param ended_days: total days of the helps ended in the bucket.
    :param planned: ended helps with a planned ending reason (``"10"``).
    :param ended_not_transferred: ended helps except those handed over to another
        Jugendamt (``"40"``): the denominator of the planned-ending share.
    :param running: helps running at the end of the bucket.
    :param running_days: total days they had run by the end of the bucket.
    :param ended_durations: the days of each ended help (only if asked for quantiles).
    :param running_durations: the days of each running help (only if asked for quantiles).
    """

    active: int = 0
    begun: int = 0
    ended: int = 0
    ended_days: int = 0
    planned: int = 0
    ended_not_transferred: int = 0
    running: int = 0
    running_days: int = 0
    ended_durations: list[int] = attrs.Factory(list)
    running_durations: list[int] = attrs.Factory(list)

    def __add__(self, other: HelpStats) -> HelpStats:
        return HelpStats(
            *(getattr(self, f.name) + getattr(other, f.name) for f in attrs.fields(HelpStats))
        )


_PLANNED = frozenset(e.code for e in catalog.ENDING_REASONS if e.planned)
_TRANSFER = frozenset(e.code for e in catalog.ENDING_REASONS if e.transfer)

# Offsets in the flat per-key accumulator (n = number of buckets).
# [active diff (n+1) | running diff (n+1) | running start-sum diff (n+1) | begun (n) |
#  ended (n) | ended days (n) | planned (n) | ended not transferred (n) | active total (1)]


def help_stats(
    data: Cases,
    grouping: Grouping,
    help_types: Collection[str] | None = HZE_HELP_TYPES,
    *,
    durations: bool = False,
    count: str = "helps",
) -> dict[tuple[str, ...], list[HelpStats]]:
    """Count the helps of ``data`` per static key and time bucket, in one pass.

    ``count="young_people"`` counts each help with its number of young people
    (:func:`young_people_of`): counts and day sums are weighted, and a duration appears
    once per young person.

    Returns, per static key (margins included when ``grouping.totals``), one
    :class:`HelpStats` per bucket and, with a time dimension and totals, a last one for the
    whole period. ``help_types=None`` counts every help. With ``durations`` the single
    durations are kept for quantiles.
    """
    facts = as_facts(data)
    n = grouping.buckets
    p0, p1 = grouping.start, grouping.end
    starts = grouping.starts
    r0, s0, b0_, e0, d0, pl0, nt0 = (
        n + 1,
        2 * n + 2,
        3 * n + 3,
        4 * n + 3,
        5 * n + 3,
        6 * n + 3,
        7 * n + 3,
    )
    tot = 8 * n + 3
    width = tot + 1
    acc: dict[tuple[str, ...], list[int]] = {}
    ended_lists: dict[tuple[str, ...], list[list[int]]] = {}
    running_lists: dict[tuple[str, ...], list[list[int]]] = {}
    allowed = None if help_types is None else frozenset(help_types)
    if p0 >= p1:
        return {}
    keys = facts.keys(grouping.static)
    weights: Sequence[int] = (
        facts.young_people if count == "young_people" and facts.young_people else (1,) * len(facts)
    )
    for key, ht, s, e, last, reason, w in zip(
        keys,
        facts.help_type,
        facts.start,
        facts.end,
        facts.last,
        facts.ending_reason,
        weights,
        strict=True,
    ):
        if (allowed is not None and ht not in allowed) or s >= p1 or last < p0:
            continue
        a = acc.get(key)
        if a is None:
            a = acc[key] = [0] * width
        if n == 1:
            b0 = 0
            b1 = 0
        else:
            b0 = 0 if s < p0 else bisect_right(starts, s) - 1
            b1 = n - 1 if last >= p1 else bisect_right(starts, last) - 1
        a[b0] += w
        a[b1 + 1] -= w
        a[tot] += w
        if s >= p0:
            a[b0_ + b0] += w
        if last < p1:  # ended in the period, in bucket b1
            days = e - s
            a[e0 + b1] += w
            a[d0 + b1] += days * w
            if reason not in _TRANSFER:
                a[nt0 + b1] += w
                if reason in _PLANNED:
                    a[pl0 + b1] += w
            rend = b1
            if durations:
                lists = ended_lists.get(key)
                if lists is None:
                    lists = ended_lists[key] = [[] for _ in range(n)]
                lists[b1].extend([days] * w)
        else:
            rend = n
        if rend > b0:  # running at the end of buckets b0 .. rend-1
            a[r0 + b0] += w
            a[r0 + rend] -= w
            a[s0 + b0] += s * w
            a[s0 + rend] -= s * w
            if durations:
                lists = running_lists.get(key)
                if lists is None:
                    lists = running_lists[key] = [[] for _ in range(n)]
                for b in range(b0, rend):
                    lists[b].extend([grouping.bucket_end(b) - s] * w)
    groups: dict[tuple[str, ...], list[HelpStats]] = {}
    for key, a in acc.items():
        active = running = start_sum = 0
        out = []
        for b in range(n):
            active += a[b]
            running += a[r0 + b]
            start_sum += a[s0 + b]
            out.append(
                HelpStats(
                    active=active,
                    begun=a[b0_ + b],
                    ended=a[e0 + b],
                    ended_days=a[d0 + b],
                    planned=a[pl0 + b],
                    ended_not_transferred=a[nt0 + b],
                    running=running,
                    running_days=running * grouping.bucket_end(b) - start_sum,
                    ended_durations=ended_lists[key][b] if key in ended_lists else [],
                    running_durations=running_lists[key][b] if key in running_lists else [],
                )
            )
        if grouping.time is not None and grouping.totals:
            whole = _sum(out)
            whole.active = a[tot]
            last_bucket = out[-1]
            whole.running = last_bucket.running
            whole.running_days = last_bucket.running_days
            whole.running_durations = list(last_bucket.running_durations)
            out.append(whole)
        groups[key] = out
    return grouping.margins(groups, _add_lists)


def _sum(stats: list[HelpStats]) -> HelpStats:
    total = HelpStats()
    for s in stats:
        total = total + s
    return total


def _add_lists(x: list[HelpStats], y: list[HelpStats]) -> list[HelpStats]:
    return [a + b for a, b in zip(x, y, strict=True)]
