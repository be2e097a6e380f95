"""Case-overarching and case-independent work: hours, cost and share of the budget.

The Fachkonzept funds work *in the social space* beside the single case (domain 1.3); its
share of a space's money is what budget contracts fix (e.g. ≈ 20 % in Celle, domain 2.4).
Each record of :class:`~sozialraum.model.CaseIndependentWork` is spread over its period in
proportion to days (a record of the first quarter counts 31/91 in January); a record with an
empty period counts wholly on its start day.

Rows per group (dimensions ``space``, ``provider`` — ``youth_office`` for work of the
Jugendamt itself —, ``work_type`` and a time dimension): ``work_hours`` (exact hours),
``work_cost`` (Money; each record's part rounded half away from zero to the cent, as
:func:`sozialraum.budget.monitoring.work_cost` does) and, when ``budgets`` or ``cases`` are
given, ``work_budget_share``::

    work_budget_share = work cost / budget of the space                  (budgets given)
                      = work cost / (spending on helps + all work cost)  (else, cases given)

Work records describe staff activity, not persons: their rows carry no ``support`` and are
never suppressed for small numbers.

>>> from sozialraum.data import load_sample
>>> from sozialraum.periods import Period
>>> s = load_sample()
>>> t = work_metrics(s.work, Period.year(2025), by=("work_type",), totals=False)
>>> [(r.dimension("work_type"), r.display(0)) for r in t.where("work_hours")]
[('case_independent', '4739'), ('case_overarching', '4478')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ..model import Case, CaseIndependentWork
from ..money import Money
from ..periods import Period
from ._common import ratio_row, round_half_away
from .grouping import TIME_DIMENSIONS, Grouping
from .rows import TOTAL, MetricTable, Row

__all__ = ["WORK_DIMENSIONS", "WorkStats", "work_metrics", "work_totals"]

#: The dimensions work can be grouped by.
WORK_DIMENSIONS = ("space", "provider", "work_type", *TIME_DIMENSIONS)

_YOUTH_OFFICE = "youth_office"


@attrs.define
class WorkStats:
    """Exact totals of work in one group and bucket."""

    hours: Fraction = Fraction(0)
    cost_cents: int = 0
    records: int = 0

    def __add__(self, other: WorkStats) -> WorkStats:
        return WorkStats(
            self.hours + other.hours,
            self.cost_cents + other.cost_cents,
            self.records + other.records,
        )


def _key(w: CaseIndependentWork, static: Sequence[str]) -> tuple[str, ...]:
    values = {
        "space": w.space_id,
        "provider": w.provider_id or _YOUTH_OFFICE,
        "work_type": str(w.work_type),
    }
    return tuple(values[d] for d in static)


def work_totals(
    work: Iterable[CaseIndependentWork], grouping: Grouping
) -> dict[tuple[str, ...], list[WorkStats]]:
    """Hours, cost and records per static key and bucket (last entry: whole period, with a
    time dimension and totals), margins included."""
    n = grouping.buckets
    extra = 1 if grouping.time is not None and grouping.totals else 0
    acc: dict[tuple[str, ...], list[WorkStats]] = {}
    p0, p1 = grouping.start, grouping.end
    for w in work:
        s = w.period.start.toordinal()
        e = p1 if w.period.end is None else w.period.end.toordinal()
        length = e - s
        if length == 0:
            if not p0 <= s < p1:
                continue
            parts = [(grouping.bucket_of(s), Fraction(1))]
        else:
            lo, hi = max(s, p0), min(e, p1)
            if lo >= hi:
                continue
            parts = []
            for b in range(grouping.bucket_of(lo), grouping.bucket_of(hi - 1) + 1):
                days = min(hi, grouping.bucket_end(b)) - max(lo, grouping.starts[b])
                parts.append((b, Fraction(days, length)))
        key = _key(w, grouping.static)
        a = acc.get(key)
        if a is None:
            a = acc[key] = [WorkStats() for _ in range(n + extra)]
        for b, share in parts:
            a[b] += WorkStats(Fraction(w.hours) * share, round_half_away(w.cost.cents * share), 1)
        if extra:
            share = sum((p for _, p in parts), Fraction(0))
            a[n] += WorkStats(Fraction(w.hours) * share, round_half_away(w.cost.cents * share), 1)
    return grouping.margins(acc, lambda x, y: [p + q for p, q in zip(x, y, strict=True)])


def work_metrics(
    work: Iterable[CaseIndependentWork],
    period: Period,
    *,
    by: Sequence[str] = ("space", "work_type"),
    budgets: Mapping[str, Money] | None = None,
    cases: Iterable[Case] | None = None,
    help_types: Collection[str] | None = None,
    totals: bool = True,
) -> MetricTable:
    """Hours, cost and budget share of case-overarching and case-independent work.

    ``budgets`` are per space id for the whole ``period`` (prorated by days to a time
    bucket); ``cases`` give the spending on helps (``help_types``, all by default) when no
    budgets are given. See the module docs.
    """
    from .costs import help_costs

    records = tuple(work)
    g = Grouping.of(period, by, allowed=WORK_DIMENSIONS, totals=totals)
    stats = work_totals(records, g)
    with_share = budgets is not None or cases is not None
    space_dims = ("space",) if g.time is None else ("space", g.time)
    space_g = Grouping.of(period, space_dims, allowed=WORK_DIMENSIONS, totals=True)
    space_work = work_totals(records, space_g) if with_share else {}
    help_units = help_costs(cases, space_g, help_types) if cases is not None else {}
    rows: list[Row] = []
    for key in g.ordered(stats):
        space = dict(zip(g.static, key, strict=True)).get("space", TOTAL)
        for b in g.bucket_range():
            st = stats[key][b]
            dims = g.dimensions(key, b)
            cost = Money(cents=st.cost_cents)
            rows.append(
                Row(
                    metric="work_hours",
                    dimensions=dims,
                    value=st.hours,
                    numerator=st.hours,
                    unit="hours",
                    basis="work",
                )
            )
            rows.append(
                Row(
                    metric="work_cost",
                    dimensions=dims,
                    value=cost,
                    numerator=cost,
                    unit="EUR",
                    basis="work",
                )
            )
            if not with_share:
                continue
            if budgets is not None:
                denominator = _budget(budgets, space, space_g, b)
            else:
                units = space_work[(space,)][b].cost_cents if (space,) in space_work else 0
                units += help_units[(space,)][b][0] if (space,) in help_units else 0
                denominator = Money(cents=units)
            rows.append(
                ratio_row(
                    "work_budget_share",
                    dims,
                    cost,
                    denominator,
                    unit="share",
                    basis="work",
                    support=None,
                    missing_note="budget.missing",
                    zero_note="budget.zero",
                )
            )
    return MetricTable(rows)


def _budget(budgets: Mapping[str, Money], space: str, g: Grouping, bucket: int) -> Money | None:
    money = Money.total(budgets.values()) if space == TOTAL else budgets.get(space)
    if money is None or bucket < 0 or g.time is None:
        return money
    return money.scale(Fraction(g.bucket_end(bucket) - g.starts[bucket], g.end - g.start))
