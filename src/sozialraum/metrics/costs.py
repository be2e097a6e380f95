"""Spending, cost per help and per help-day, and budget execution.

**Cost of a help in a period.** :attr:`~sozialraum.model.Help.monthly_cost` is the cost of
a full calendar month; a month the help covers in part costs in proportion to its days::

    cost = Σ over months m:  monthly_cost × (days of the help in m) / (days of m)

rounded half away from zero to the cent month by month, as an invoice would — the same
rule as :func:`sozialraum.budget.monitoring.help_cost`, so both modules agree to the cent.

**Spending per young resident** (*Ausgaben pro unter 21-Jährigen*, explicitly not per case,
akjstat [S76]): ``spending / residents under 21``. **Cost per help**: ``spending / helps
with at least one day in the period``; **cost per help-day**: ``spending / help-days``.

**Budget execution**: ``spent / budget`` per social space or provider, where the budgets are
given as a plain mapping (e.g. taken from the budget plan). A budget of 0 € or a missing
budget gives a NOT_DEFINED share (``budget.zero`` / ``budget.missing``).

>>> from sozialraum.data import load_sample
>>> from sozialraum.periods import Period
>>> s = load_sample()
>>> t = spending(s.cases, s.municipality, Period.month(2025, 2), by=())
>>> t.get("spending").value
Money('260285.33')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .. import messages
from ..errors import ValidationError
from ..model import CaseIndependentWork, Municipality
from ..money import Money
from ..periods import Period, add_months
from ._common import ScopeArg, population, ratio_row, resolve_scope
from .facts import HZE_HELP_TYPES, Cases, as_facts
from .grouping import HELP_FACT_DIMENSIONS, TIME_DIMENSIONS, Grouping
from .rows import TOTAL, MetricTable, Row, Status
from .work import WORK_DIMENSIONS, work_totals

if TYPE_CHECKING:  # pragma: no cover
    from ..budget.monitoring import SpendReport

__all__ = ["budget_execution", "help_costs", "monitoring_execution", "spending"]

messages.define("metrics.dimension_unknown", "budget execution is per space or per provider")


def _months(period: Period, grouping: Grouping) -> tuple[list[int], list[int], list[int]]:
    """Start ordinals of the calendar months of ``period`` (clipped), their number of days
    and their time bucket."""
    assert period.end is not None
    starts, factors, buckets = [], [], []
    cursor = date(period.start.year, period.start.month, 1)
    while cursor < period.end:
        nxt = add_months(cursor, 1)
        first = max(cursor, period.start)
        starts.append(first.toordinal())
        factors.append((nxt - cursor).days)
        buckets.append(grouping.bucket_of(first.toordinal()))
        cursor = nxt
    return starts, factors, buckets


def help_costs(
    data: Cases, grouping: Grouping, help_types: Collection[str] | None = HZE_HELP_TYPES
) -> dict[tuple[str, ...], list[list[int]]]:
    """Per static key and bucket (``-1``-th entry: whole period, with a time dimension and
    totals): ``[cost in cents, help-days, helps with a day in the bucket]``, margins included.
    """
    facts = as_facts(data)
    facts.require("monthly_cents")
    p0, p1 = grouping.start, grouping.end
    m_starts, m_days, m_bucket = _months(grouping.period, grouping)
    n = grouping.buckets
    extra = 1 if grouping.time is not None and grouping.totals else 0
    allowed = None if help_types is None else frozenset(help_types)
    acc: dict[tuple[str, ...], list[list[int]]] = {}
    for key, ht, s, e, cents in zip(
        facts.keys(grouping.static),
        facts.help_type,
        facts.start,
        facts.end,
        facts.monthly_cents,
        strict=True,
    ):
        lo, hi = max(s, p0), min(e, p1)
        if (allowed is not None and ht not in allowed) or lo >= hi:
            continue
        a = acc.get(key)
        if a is None:
            a = acc[key] = [[0, 0, 0] for _ in range(n + extra)]
        m = bisect_right(m_starts, lo) - 1
        seen = -1
        while m < len(m_starts) and m_starts[m] < hi:
            m_end = m_starts[m + 1] if m + 1 < len(m_starts) else p1
            days = min(hi, m_end) - max(lo, m_starts[m])
            cell = a[m_bucket[m]]
            q, r = divmod(cents * days, m_days[m])
            cell[0] += q + 1 if 2 * r >= m_days[m] else q
            cell[1] += days
            if m_bucket[m] != seen:
                cell[2] += 1
                seen = m_bucket[m]
            m += 1
        if extra:
            a[n][2] += 1  # the help counts once for the whole period
    if extra:
        for a in acc.values():
            a[n][0] = sum(c[0] for c in a[:n])
            a[n][1] = sum(c[1] for c in a[:n])
    return grouping.margins(
        acc,
        lambda x, y: [
            [u + v for u, v in zip(p, q, strict=True)] for p, q in zip(x, y, strict=True)
        ],
    )


def spending(
    data: Cases,
    municipality: Municipality,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    totals: bool = True,
) -> MetricTable:
    """Spending on helps in the period, per young resident, per help and per help-day.

    ``scope`` names the helps counted (default ``"hze"``, see :mod:`~sozialraum.metrics.helps`);
    an explicit ``help_types`` (``None``: every help) overrides it.

    Rows per group: ``spending`` (Money), ``spending_per_resident_u21`` (euros),
    ``help_days``, ``cost_per_help`` and ``cost_per_help_day`` (euros). The derived values
    are computed from the rounded ``spending`` so that ``value = numerator / denominator``.
    """
    g = Grouping.of(period, by, allowed=HELP_FACT_DIMENSIONS, totals=totals)
    costs = help_costs(data, g, resolve_scope(scope, help_types))
    rows: list[Row] = []
    for key in g.ordered(costs):
        for b in g.bucket_range():
            units, days, helps = costs[key][b]
            dims = g.dimensions(key, b)
            spent = Money(cents=units)
            rows.append(
                Row(
                    metric="spending",
                    dimensions=dims,
                    value=spent,
                    numerator=spent,
                    unit="EUR",
                    support=helps,
                    basis="helps.paid",
                )
            )
            pop, note = population(municipality, dims, 21)
            rows.append(
                ratio_row(
                    "spending_per_resident_u21",
                    dims,
                    spent,
                    pop,
                    unit="EUR per resident under 21",
                    basis="helps.paid",
                    support=helps,
                    missing_note=note or "",
                    zero_note="population.zero",
                )
            )
            rows.append(
                Row(
                    metric="help_days",
                    dimensions=dims,
                    value=days,
                    numerator=days,
                    unit="days",
                    support=helps,
                    basis="helps.paid",
                )
            )
            for metric, denominator, unit in (
                ("cost_per_help", helps, "EUR per help"),
                ("cost_per_help_day", days, "EUR per help-day"),
            ):
                rows.append(
                    ratio_row(
                        metric,
                        dims,
                        spent,
                        denominator,
                        unit=unit,
                        basis="helps.paid",
                        support=helps,
                        zero_note="count.zero",
                    )
                )
    return MetricTable(rows)


def budget_execution(
    data: Cases,
    period: Period,
    budgets: Mapping[str, Money],
    *,
    by: str = "space",
    work: Iterable[CaseIndependentWork] = (),
    scope: ScopeArg = None,
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    time: str | None = None,
    totals: bool = True,
) -> MetricTable:
    """Budget execution per social space or provider: spending on helps (all help types
    by default; a Sozialraumbudget may cover any) plus, if given, the cost of
    case-overarching and case-independent ``work``, against ``budgets`` (keyed by space or
    provider id, for the whole ``period``). ``scope`` (default ``None``: every help) or
    ``help_types`` narrow the helps counted.

    Rows per space/provider (and the margin ``*``, whose budget is the sum): ``spent``,
    ``budget`` and ``budget_execution`` (share). With ``time`` the spending is split by
    ``year``/``quarter``/``month`` and compared with the budget prorated by days.
    """
    if by not in ("space", "provider"):
        raise ValidationError.single("/by", "metrics.dimension_unknown")
    dims_by = (by,) if time is None else (by, time)
    allowed = (by, *TIME_DIMENSIONS)
    g = Grouping.of(period, dims_by, allowed=allowed, totals=totals)
    costs = help_costs(data, g, resolve_scope(scope, help_types))
    works = work_totals(work, Grouping.of(period, dims_by, allowed=WORK_DIMENSIONS, totals=totals))
    keys = g.ordered(
        set(costs) | set(works) | {(k,) for k in budgets} | ({(TOTAL,)} if totals else set())
    )
    rows: list[Row] = []
    assert period.end is not None
    period_days = (period.end - period.start).days
    for key in keys:
        for b in g.bucket_range():
            dims = g.dimensions(key, b)
            units = (costs[key][b][0] if key in costs else 0) + (
                works[key][b].cost_cents if key in works else 0
            )
            helps = costs[key][b][2] if key in costs else 0
            spent = Money(cents=units)
            budget = _budget(budgets, key[0])
            if budget is not None and b >= 0 and g.time is not None:
                days = g.bucket_end(b) - g.starts[b]
                budget = budget.scale(Fraction(days, period_days))
            rows.append(
                Row(
                    metric="spent",
                    dimensions=dims,
                    value=spent,
                    numerator=spent,
                    unit="EUR",
                    support=helps,
                    basis="helps.paid",
                )
            )
            if budget is None:
                rows.append(
                    Row(
                        metric="budget_execution",
                        dimensions=dims,
                        numerator=spent,
                        unit="share",
                        status=Status.NOT_DEFINED,
                        support=helps,
                        basis="helps.paid",
                        note="budget.missing",
                    )
                )
                continue
            rows.append(
                Row(metric="budget", dimensions=dims, value=budget, unit="EUR", basis="budget")
            )
            rows.append(
                ratio_row(
                    "budget_execution",
                    dims,
                    spent,
                    budget,
                    unit="share",
                    basis="helps.paid",
                    support=helps,
                    zero_note="budget.zero",
                )
            )
    return MetricTable(rows)


def _budget(budgets: Mapping[str, Money], key: str) -> Money | None:
    if key == TOTAL:
        return Money.total(budgets.values())
    return budgets.get(key)


def monitoring_execution(report: SpendReport, *, by: str = "space") -> MetricTable:
    """Budget execution from the budget monitoring (:func:`sozialraum.budget.monitoring.spend`)
    per social space or provider, as rows: ``spent``, ``budget`` and ``budget_execution``
    per key, plus the margin ``*``. Spending without a provider split shows under
    ``unassigned``. The monitoring counts no records per cell, so these rows are never
    suppressed; its figures use the same cost rule as :func:`spending`.

    >>> from sozialraum.budget.monitoring import SpendLine, SpendReport
    >>> from sozialraum.money import Money
    >>> from sozialraum.periods import Period
    >>> report = SpendReport(period=Period.year(2025), excluded=Money.zero(), lines=(
    ...     SpendLine(space_id="N", work_type=None, provider_id=None,
    ...               budget=Money.parse("1000"), spent=Money.parse("250")),))
    >>> monitoring_execution(report).get("budget_execution", space="N").value
    Fraction(1, 4)
    """
    if by not in ("space", "provider"):
        raise ValidationError.single("/by", "metrics.dimension_unknown")
    groups = report.by_space() if by == "space" else report.by_provider()
    entries = sorted(((k or "unassigned", v) for k, v in groups.items()), key=lambda kv: kv[0])
    entries.append((TOTAL, (report.budget, report.spent)))
    rows: list[Row] = []
    for key, (budget, spent) in entries:
        dims = ((by, key),)
        rows.append(Row(metric="spent", dimensions=dims, value=spent, numerator=spent, unit="EUR"))
        rows.append(Row(metric="budget", dimensions=dims, value=budget, unit="EUR"))
        rows.append(
            ratio_row(
                "budget_execution",
                dims,
                spent,
                budget,
                unit="share",
                basis="budget",
                support=None,
                zero_note="budget.zero",
            )
        )
    return MetricTable(rows)
