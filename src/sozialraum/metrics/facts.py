"""The helps of many cases as plain columns, and the single pass that counts them.

:class:`HelpFacts` copies what the metrics need from each help once (space, provider, type,
start and end as day ordinals, monthly cost, ending reason), like a user would build a data
frame (plus whether it is a § 41 help and how many young people it counts: the family's
for a family help). Every help metric runs one pass (:func:`help_stats`) over these columns,
over the helps of the cases directly (taking only what the grouping needs, nothing kept per
help), or over a data frame or Arrow table read by :mod:`~sozialraum.metrics.columns`. It
counts into one flat list of integers per group; time buckets are handled with a
day-to-bucket table and difference arrays, so a help running for ten years costs the same
as one running for a day.

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

import calendar
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date
from itertools import repeat
from typing import TypeAlias

import attrs

from .. import catalog, messages
from ..errors import ValidationError
from ..model import Case, Help
from ..model.case import YOUNG_ADULT_AGE
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

messages.define("metrics.column_missing", "the table has no column '{column}'")

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
        case_id: list[str] = []
        space: list[str] = []
        provider: list[str] = []
        help_type: list[str] = []
        start: list[int] = []
        end: list[int] = []
        last: list[int] = []
        cents: list[int] = []
        reason: list[str | None] = []
        young_adult: list[bool] = []
        young_people: list[int] = []
        eligible, family = _YOUNG_ADULT_TYPES, _FAMILY_TYPES
        for c in cases:
            cid, sp = c.id, c.space_id
            adult_from = 0  # the day the young person turns 18, once a help needs it
            for h in c.helps:
                ht = h.help_type
                period = h.period
                s = period.start.toordinal()
                if period.end is None:
                    e = la = OPEN
                else:
                    e = period.end.toordinal()
                    la = e - 1 if e > s else s
                ya = h.young_adult
                if ya is None:
                    if ht in eligible:
                        adult_from = adult_from or _adult_from(c)
                        ya = s >= adult_from
                    else:
                        ya = False
                case_id.append(cid)
                space.append(sp)
                provider.append(h.provider_id)
                help_type.append(ht)
                start.append(s)
                end.append(e)
                last.append(la)
                cents.append(h.monthly_cost.cents)
                reason.append(h.ending_reason)
                young_adult.append(ya)
                young_people.append(
                    max(1, len(h.family_young_people)) if h.family_oriented or ht in family else 1
                )
        return cls(
            case_id=tuple(case_id),
            space=tuple(space),
            provider=tuple(provider),
            help_type=tuple(help_type),
            start=tuple(start),
            end=tuple(end),
            last=tuple(last),
            monthly_cents=tuple(cents),
            ending_reason=tuple(reason),
            young_adult=tuple(young_adult),
            young_people=tuple(young_people),
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
        self.require(dimension)
        values: Sequence[str] = getattr(self, dimension)
        return values

    def require(self, name: str) -> None:
        """Check that the column ``name`` has a value for every help.

        Optional columns of a table (``provider``, ``case_id``, ``monthly_cents``) are empty
        when the table did not have them.

        :raises ValidationError: ``metrics.column_missing`` at ``/columns/<name>`` otherwise.
        """
        if len(getattr(self, name)) != len(self):
            raise ValidationError.single(f"/columns/{name}", "metrics.column_missing", column=name)

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
    if help_.family_oriented or help_.help_type in _FAMILY_TYPES:
        return max(1, len(help_.family_young_people))
    return 1


_FAMILY_TYPES = frozenset(code for code, t in catalog.HELP_TYPES.items() if t.family_oriented)
_YOUNG_ADULT_TYPES = frozenset(
    code for code, t in catalog.HELP_TYPES.items() if t.young_adult_eligible
)


def _is_young_adult(case: Case, help_: Help) -> bool:
    """:meth:`Case.is_young_adult_help`, with the age check as one comparison of ordinals."""
    if help_.young_adult is not None:
        return help_.young_adult
    return help_.help_type in _YOUNG_ADULT_TYPES and help_.period.start.toordinal() >= _adult_from(
        case
    )


def _adult_from(case: Case) -> int:
    """Ordinal of the first day the young person of ``case`` is :data:`YOUNG_ADULT_AGE`
    (as :func:`~sozialraum.periods.age_on` counts: born on 29 February, on 1 March in a
    common year)."""
    birth = case.young_person.birth_day
    year = birth.year + YOUNG_ADULT_AGE
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1).toordinal()
    return date(year, birth.month, birth.day).toordinal()


#: Metric inputs: cases, helps already collected into :class:`HelpFacts`, or a table of
#: helps, a ``pandas.DataFrame`` or a ``pyarrow.Table`` with the columns of
#: :mod:`sozialraum.metrics.columns` (both iterable, so the alias covers them).
Cases: TypeAlias = HelpFacts | Iterable[Case]


def is_columnar(data: object) -> bool:
    """Whether ``data`` is a ``pandas.DataFrame`` or a ``pyarrow.Table`` / ``RecordBatch``
    (recognised by type, without importing either package).

    >>> is_columnar([]), is_columnar(HelpFacts.from_cases([]))
    (False, False)
    """
    kind = type(data)
    package = kind.__module__.partition(".")[0]
    return (package == "pandas" and kind.__name__ == "DataFrame") or (
        package == "pyarrow" and kind.__name__ in ("Table", "RecordBatch")
    )


def as_facts(data: Cases) -> HelpFacts:
    """``data`` as :class:`HelpFacts`: collected from an iterable of cases, or read from a
    data frame or Arrow table (:func:`~sozialraum.metrics.columns.facts_from_columns`)."""
    if isinstance(data, HelpFacts):
        return data
    if is_columnar(data):
        from .columns import facts_from_table

        return facts_from_table(data)
    return HelpFacts.from_cases(data)


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

    Cases are read in a single pass without collecting :class:`HelpFacts` first: only what
    the grouping needs is taken from each help.
    """
    p0, p1 = grouping.start, grouping.end
    if p0 >= p1:
        return {}
    allowed = None if help_types is None else frozenset(help_types)
    weighted = count == "young_people"
    if not isinstance(data, HelpFacts) and is_columnar(data):
        data = as_facts(data)
    if isinstance(data, HelpFacts):
        records = _fact_records(data, grouping.static, allowed, weighted, p0, p1)
    else:
        records = _case_records(data, grouping.static, allowed, weighted, p0, p1)
    return _count(records, grouping, durations)


#: One help as the counting pass sees it: group key, start, end, last day (ordinals),
#: ending reason and weight; only helps of the counted types that touch the period.
_Record: TypeAlias = tuple[tuple[str, ...], int, int, int, "str | None", int]


def _fact_records(
    facts: HelpFacts,
    static: Sequence[str],
    allowed: frozenset[str] | None,
    weighted: bool,
    p0: int,
    p1: int,
) -> Iterator[_Record]:
    keys: Iterable[tuple[str, ...]] = (
        zip(*(facts.column(d) for d in static), strict=True) if static else repeat(())
    )
    weights: Iterable[int] = facts.young_people if weighted and facts.young_people else repeat(1)
    for key, ht, s, e, last, reason, w in zip(
        keys,
        facts.help_type,
        facts.start,
        facts.end,
        facts.last,
        facts.ending_reason,
        weights,
        strict=False,
    ):
        if (allowed is not None and ht not in allowed) or s >= p1 or last < p0:
            continue
        yield key, s, e, last, reason, w


def _case_records(
    cases: Iterable[Case],
    static: Sequence[str],
    allowed: frozenset[str] | None,
    weighted: bool,
    p0: int,
    p1: int,
) -> Iterator[_Record]:
    by_case = all(d == "space" for d in static)
    key: tuple[str, ...] = ()
    for c in cases:
        if by_case:
            key = (c.space_id,) * len(static)
        for h in c.helps:
            if allowed is not None and h.help_type not in allowed:
                continue
            period = h.period
            s = period.start.toordinal()
            if s >= p1:
                continue
            end = period.end
            if end is None:
                e = last = OPEN
            else:
                e = end.toordinal()
                last = e - 1 if e > s else s
                if last < p0:
                    continue
            yield (
                key if by_case else tuple(_dimension(c, h, d) for d in static),
                s,
                e,
                last,
                h.ending_reason,
                young_people_of(h) if weighted else 1,
            )


def _dimension(case: Case, help_: Help, dimension: str) -> str:
    """The value of a static dimension for one help (as :meth:`HelpFacts.column`)."""
    if dimension == "space":
        return case.space_id
    if dimension == "provider":
        return help_.provider_id
    if dimension == "help_type":
        return help_.help_type
    if dimension == "setting":
        return _SETTING[help_.help_type]
    return "yes" if _is_young_adult(case, help_) else "no"


#: Ending reasons by how the planned-ending share counts them: 0 planned, 1 handed over
#: to another Jugendamt (left out of the share), 2 any other (or none recorded).
_REASON_CLASS = dict.fromkeys(_PLANNED, 0) | dict.fromkeys(_TRANSFER, 1)


def _day_buckets(grouping: Grouping) -> list[int]:
    """The bucket of each day of the period, indexed by ``ordinal - start``."""
    out: list[int] = []
    for b in range(grouping.buckets):
        out += [b] * (grouping.bucket_end(b) - grouping.starts[b])
    return out


def _count(
    records: Iterable[_Record], grouping: Grouping, durations: bool
) -> dict[tuple[str, ...], list[HelpStats]]:
    """Accumulate ``records`` per key in one flat list of ints each, then build the stats.

    Layout for ``n`` buckets: ``[active diff (n+1) | begun (n) | ended by reason class
    (3n) | ended days (n) | running start-sum diff (n+1)]``. A help active in buckets
    ``b0..b1`` adds ``+w`` at ``b0`` and ``-w`` at ``b1 + 1`` of the difference array, so a
    help running ten years costs as much as one running a day. Those running at a bucket's
    end are the active minus the ended ones.
    """
    n = grouping.buckets
    p0, p1 = grouping.start, grouping.end
    day_bucket = _day_buckets(grouping)
    begun0, ended0, days0, sums0 = n + 1, 2 * n + 1, 5 * n + 1, 6 * n + 1
    width = 7 * n + 2
    last_bucket = n - 1
    classes = _REASON_CLASS
    acc: dict[tuple[str, ...], list[int]] = {}
    ended_lists: dict[tuple[str, ...], list[list[int]]] = {}
    running_lists: dict[tuple[str, ...], list[list[int]]] = {}
    a: list[int] = []
    previous: tuple[str, ...] | None = None
    for key, s, e, last, reason, w in records:
        if key is not previous:  # the helps of one case come with the same key object
            previous = key
            found = acc.get(key)
            if found is None:
                found = acc[key] = [0] * width
            a = found
        if s < p0:
            b0 = 0
        else:
            b0 = day_bucket[s - p0]
            a[begun0 + b0] += w
        a[b0] += w
        if last < p1:  # ended in the period, in bucket b1
            b1 = day_bucket[last - p0]
            a[b1 + 1] -= w
            a[ended0 + 3 * b1 + classes.get(reason, 2)] += w  # type: ignore[arg-type]
            a[days0 + b1] += (e - s) * w
            if durations:
                lists = ended_lists.get(key)
                if lists is None:
                    lists = ended_lists[key] = [[] for _ in range(n)]
                lists[b1].extend([e - s] * w)
            if b1 == b0:
                continue
            rend = b1
        else:
            a[n] -= w
            rend = n
        # running at the end of buckets b0 .. rend-1
        a[sums0 + b0] += s * w
        a[sums0 + rend] -= s * w
        if durations:
            lists = running_lists.get(key)
            if lists is None:
                lists = running_lists[key] = [[] for _ in range(n)]
            for b in range(b0, rend):
                lists[b].extend([grouping.bucket_end(b) - s] * w)
    groups: dict[tuple[str, ...], list[HelpStats]] = {}
    for key, a in acc.items():
        active = start_sum = 0
        out = []
        for b in range(n):
            active += a[b]
            start_sum += a[sums0 + b]
            planned, transferred, other = a[ended0 + 3 * b : ended0 + 3 * b + 3]
            ended = planned + transferred + other
            out.append(
                HelpStats(
                    active=active,
                    begun=a[begun0 + b],
                    ended=ended,
                    ended_days=a[days0 + b],
                    planned=planned,
                    ended_not_transferred=planned + other,
                    running=active - ended,
                    running_days=(active - ended) * grouping.bucket_end(b) - start_sum,
                    ended_durations=ended_lists[key][b] if key in ended_lists else [],
                    running_durations=running_lists[key][b] if key in running_lists else [],
                )
            )
        if grouping.time is not None and grouping.totals:
            whole = _sum(out)
            # active in the whole period: in the first bucket, or begun in a later one
            whole.active = out[0].active + sum(st.begun for st in out[1:])
            final = out[last_bucket]
            whole.running = final.running
            whole.running_days = final.running_days
            whole.running_durations = list(final.running_durations)
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
