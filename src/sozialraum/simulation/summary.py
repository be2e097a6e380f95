"""Result summaries: mean and 5/50/95 percentiles per quantity, and scenario differences.

Every quantity of every scenario, year and space (or provider, or the whole municipality)
is summarised across the runs as an :class:`Estimate` — exact fractions (money in cents),
the percentiles by linear interpolation between order statistics (Hyndman–Fan type 7,
numpy's default). A scenario's difference to the baseline is summarised run by run (both
use the same random streams), so its uncertainty band is that of the *difference*.

Quantities (``level`` ``"space"``, ``"provider"`` or ``"total"``):

==================  =========  ===========================================================
quantity            unit       meaning
==================  =========  ===========================================================
referrals           count      referrals received in the year
resolved            count      referrals resolved without formal help (not for providers)
helps_begun         count      helps begun in the year
helps_running       count      helps running at some time in the year (*Bestand 31.12. +
                               beendete*: the basis of *Inanspruchnahme*, domain 6.1)
spending            EUR        spending on helps (case-specific)
budget              EUR        the budget for helps: the case-specific part of the budget
budget_total        EUR        the whole budget: helps and case-independent work (for the
                               total, the year's budget, the same for every allocation rule)
execution           share      spending / budget for helps (*Budgetausschöpfung*)
overrun             EUR        spending above budget (0 when within budget); the total is
                               the sum over spaces (an underspend elsewhere does not offset)
case_independent    EUR        case-independent work (spent as budgeted)
grant_rate          per 10k    helps begun per 10,000 residents under 21 (*Gewährungsquote*)
use_rate            per 10k    helps running per 10,000 residents under 21
                               (*Inanspruchnahme*, as ``use_rate_u21`` of
                               :func:`sozialraum.metrics.use_rates`)
spending_per_u21    EUR        spending per resident under 21 (domain 6.1)
==================  =========  ===========================================================

>>> from sozialraum.simulation import simulate
>>> rows = summarise(simulate(runs=5, seed=1, years=1))
>>> row = next(r for r in rows if r.quantity == "spending" and r.level == "total")
>>> row.scenario, row.year, row.unit, row.estimate.p5 <= row.estimate.p50 <= row.estimate.p95
('baseline', 2026, 'EUR', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from .compiled import N_SPACE_COUNTS
from .montecarlo import SimulationResult
from .scenario import BASELINE

__all__ = ["QUANTITIES", "Estimate", "SummaryRow", "estimate", "percentile", "summarise"]

#: quantity → unit
QUANTITIES: dict[str, str] = {
    "referrals": "count",
    "resolved": "count",
    "helps_begun": "count",
    "helps_running": "count",
    "spending": "EUR",
    "budget": "EUR",
    "budget_total": "EUR",
    "execution": "share",
    "overrun": "EUR",
    "case_independent": "EUR",
    "grant_rate": "per 10,000 under 21",
    "use_rate": "per 10,000 under 21",
    "spending_per_u21": "EUR",
}

_PERCENTILES = (Fraction(5, 100), Fraction(50, 100), Fraction(95, 100))


def percentile(ordered: Sequence[Fraction | int], q: Fraction) -> Fraction:
    """The ``q`` quantile of sorted values, linear between order statistics (type 7).

    >>> percentile([1, 2, 3, 4], Fraction(1, 2)), percentile([10], Fraction(95, 100))
    (Fraction(5, 2), Fraction(10, 1))
    """
    if not ordered:
        raise ValueError("no values")
    h = (len(ordered) - 1) * q
    lo = h.numerator // h.denominator
    hi = min(lo + 1, len(ordered) - 1)
    return Fraction(ordered[lo]) + (h - lo) * (Fraction(ordered[hi]) - Fraction(ordered[lo]))


@attrs.frozen(kw_only=True)
class Estimate:
    """Mean and 5/50/95 percentiles of a quantity across ``n`` runs (exact; money in
    cents)."""

    n: int
    mean: Fraction
    p5: Fraction
    p50: Fraction
    p95: Fraction


def estimate(values: Sequence[Fraction | int]) -> Estimate:
    """The :class:`Estimate` of ``values``.

    >>> e = estimate([3, 1, 2, 10])
    >>> e.mean, e.p50
    (Fraction(4, 1), Fraction(5, 2))
    """
    ordered = sorted(values)
    mean = Fraction(sum(ordered)) / len(ordered)
    p5, p50, p95 = (percentile(ordered, q) for q in _PERCENTILES)
    return Estimate(n=len(ordered), mean=mean, p5=p5, p50=p50, p95=p95)


@attrs.frozen(kw_only=True)
class SummaryRow:
    """One quantity of one scenario, year and unit of analysis.

    :param level: ``"total"``, ``"space"`` or ``"provider"``.
    :param key: ``"all"``, the space id or the provider id.
    :param difference: the run-by-run difference to the baseline (``None`` for the
        baseline itself).
    """

    scenario: str
    year: int
    level: str
    key: str
    quantity: str
    unit: str
    estimate: Estimate
    difference: Estimate | None = None


#: per-run integer values and the divisor that turns them into the quantity
Series = tuple[list[int], Fraction]
_ONE = Fraction(1)


def _ratio(values: list[int], divisor: int | Fraction) -> Series:
    return values, Fraction(divisor) if divisor else _ONE


def _add(a: list[int], b: Iterable[int]) -> list[int]:
    return [x + y for x, y in zip(a, b, strict=True)]


def _series(result: SimulationResult, k: int, t: int) -> dict[tuple[str, str, str], Series]:
    """Per-run values of every quantity of scenario ``k`` in year index ``t``.

    Ratios keep integer values and a divisor, so sorting stays fast and exact (a positive
    divisor commutes with means and percentiles).
    """
    plan = result.plan
    layout = plan.layout
    c = plan.scenarios[k]
    n = result.completed
    spend0 = N_SPACE_COUNTS * len(layout.space_ids)
    begun0 = spend0 + len(layout.cells)
    col = result.column
    out: dict[tuple[str, str, str], Series] = {}
    cell_spend = [col(k, t, spend0 + i).tolist() for i in range(len(layout.cells))]
    cell_begun = [col(k, t, begun0 + i).tolist() for i in range(len(layout.cells))]
    names = ("referrals", "resolved", "helps_begun", "helps_running")
    totals: dict[str, list[int]] = {q: [0] * n for q in (*names, "spending", "overrun")}
    for s, sid in enumerate(layout.space_ids):
        for j, q in enumerate(names):
            values = col(k, t, N_SPACE_COUNTS * s + j).tolist()
            out["space", sid, q] = (values, _ONE)
            totals[q] = _add(totals[q], values)
        spend = [0] * n
        for i, (cs, _) in enumerate(layout.cells):
            if cs == s:
                spend = _add(spend, cell_spend[i])
        budget = c.space_budget[t][s]
        u21 = c.u21[t][s]
        overrun = [x - budget if x > budget else 0 for x in spend]
        out["space", sid, "spending"] = (spend, _ONE)
        out["space", sid, "budget"] = ([budget] * n, _ONE)
        out["space", sid, "budget_total"] = ([budget + c.independent_budget[t][s]] * n, _ONE)
        out["space", sid, "overrun"] = (overrun, _ONE)
        out["space", sid, "execution"] = _ratio(spend, budget)
        out["space", sid, "case_independent"] = ([c.independent_budget[t][s]] * n, _ONE)
        out["space", sid, "grant_rate"] = _ratio(
            out["space", sid, "helps_begun"][0], Fraction(u21, 10_000)
        )
        out["space", sid, "use_rate"] = _ratio(
            out["space", sid, "helps_running"][0], Fraction(u21, 10_000)
        )
        out["space", sid, "spending_per_u21"] = _ratio(spend, u21)
        totals["spending"] = _add(totals["spending"], spend)
        totals["overrun"] = _add(totals["overrun"], overrun)
    for p, pid in enumerate(layout.provider_ids):
        mine = [i for i, (_, cp) in enumerate(layout.cells) if cp == p]
        if not mine:
            continue
        spend, begun = [0] * n, [0] * n
        for i in mine:
            spend = _add(spend, cell_spend[i])
            begun = _add(begun, cell_begun[i])
        budget = sum(c.cell_budget[t][i] for i in mine)
        out["provider", pid, "helps_begun"] = (begun, _ONE)
        out["provider", pid, "spending"] = (spend, _ONE)
        out["provider", pid, "budget"] = ([budget] * n, _ONE)
        out["provider", pid, "overrun"] = ([x - budget if x > budget else 0 for x in spend], _ONE)
        out["provider", pid, "execution"] = _ratio(spend, budget)
    budget_all = sum(c.space_budget[t])
    u21_all = sum(c.u21[t])
    for q, values in totals.items():
        out["total", "all", q] = (values, _ONE)
    out["total", "all", "budget"] = ([budget_all] * n, _ONE)
    out["total", "all", "budget_total"] = ([c.budget_total[t]] * n, _ONE)
    out["total", "all", "execution"] = _ratio(totals["spending"], budget_all)
    out["total", "all", "case_independent"] = ([sum(c.independent_budget[t])] * n, _ONE)
    out["total", "all", "grant_rate"] = _ratio(totals["helps_begun"], Fraction(u21_all, 10_000))
    out["total", "all", "use_rate"] = _ratio(totals["helps_running"], Fraction(u21_all, 10_000))
    out["total", "all", "spending_per_u21"] = _ratio(totals["spending"], u21_all)
    return out


def _scaled(values: Sequence[int], divisor: Fraction) -> Estimate:
    e = estimate(values)
    if divisor == 1:
        return e
    return Estimate(
        n=e.n, mean=e.mean / divisor, p5=e.p5 / divisor, p50=e.p50 / divisor, p95=e.p95 / divisor
    )


def summarise(result: SimulationResult, *, baseline: str = BASELINE) -> tuple[SummaryRow, ...]:
    """Every quantity of every scenario and year, with differences to ``baseline``.

    Rows come in a stable order: scenario, year, level (total, space, provider), key,
    quantity. An empty result (no completed runs) has no rows.
    """
    if not result.completed:
        return ()
    base_k = result.scenario_index(baseline)
    rows = []
    order = {"total": 0, "space": 1, "provider": 2}
    for t, year in enumerate(result.plan.scenarios[0].years):
        base = _series(result, base_k, t)
        for k, name in enumerate(result.scenario_names):
            series = base if k == base_k else _series(result, k, t)
            for level, key, quantity in sorted(
                series, key=lambda x: (order[x[0]], x[1], list(QUANTITIES).index(x[2]))
            ):
                values, divisor = series[level, key, quantity]
                diff = None
                if k != base_k:
                    other, other_divisor = base[level, key, quantity]
                    if other_divisor == divisor:
                        delta = [a - b for a, b in zip(values, other, strict=True)]
                        diff = _scaled(delta, divisor)
                    else:  # the divisor changed (budget, population): common denominator
                        p1, q1 = divisor.numerator, divisor.denominator
                        p2, q2 = other_divisor.numerator, other_divisor.denominator
                        delta = [
                            a * q1 * p2 - b * q2 * p1 for a, b in zip(values, other, strict=True)
                        ]
                        diff = _scaled(delta, Fraction(p1 * p2))
                rows.append(
                    SummaryRow(
                        scenario=name,
                        year=year,
                        level=level,
                        key=key,
                        quantity=quantity,
                        unit=QUANTITIES[quantity],
                        estimate=_scaled(values, divisor),
                        difference=diff,
                    )
                )
    rows.sort(key=lambda r: (result.scenario_names.index(r.scenario), r.year))
    return tuple(rows)
