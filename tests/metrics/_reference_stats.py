"""The help counting pass as it was before the single-pass rewrite (issue 12), kept verbatim
as the reference the new pass must match exactly (``test_columns.py``)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence

from sozialraum import catalog
from sozialraum.metrics.facts import HZE_HELP_TYPES, OPEN, HelpFacts, HelpStats
from sozialraum.metrics.grouping import Grouping
from sozialraum.model import Case

_PLANNED = frozenset(e.code for e in catalog.ENDING_REASONS if e.planned)
_TRANSFER = frozenset(e.code for e in catalog.ENDING_REASONS if e.transfer)

# Offsets in the flat per-key accumulator (n = number of buckets).
# [active diff (n+1) | running diff (n+1) | running start-sum diff (n+1) | begun (n) |
#  ended (n) | ended days (n) | planned (n) | ended not transferred (n) | active total (1)]


def reference_help_stats(
    facts: HelpFacts,
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


def reference_facts(cases: Sequence[Case]) -> HelpFacts:
    """``HelpFacts.from_cases`` as it was before the rewrite."""
    pairs = [(c, h) for c in cases for h in c.helps]
    starts = [h.period.start.toordinal() for _, h in pairs]
    ends = [OPEN if h.period.end is None else h.period.end.toordinal() for _, h in pairs]
    return HelpFacts(
        case_id=tuple(c.id for c, _ in pairs),
        space=tuple(c.space_id for c, _ in pairs),
        provider=tuple(h.provider_id for _, h in pairs),
        help_type=tuple(h.help_type for _, h in pairs),
        start=tuple(starts),
        end=tuple(ends),
        last=tuple(
            e if e == OPEN else (e - 1 if e > s else s) for s, e in zip(starts, ends, strict=True)
        ),
        monthly_cents=tuple(h.monthly_cost.cents for _, h in pairs),
        ending_reason=tuple(h.ending_reason for _, h in pairs),
        young_adult=tuple(
            h.help_type in catalog.HELP_TYPES and c.is_young_adult_help(h) for c, h in pairs
        ),
        young_people=tuple(
            max(1, len(h.family_young_people)) if h.is_family_help else 1 for _, h in pairs
        ),
    )
