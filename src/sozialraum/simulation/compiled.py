"""Scenario arithmetic: baseline parameters + changes → per-year tables for the engine.

Everything random-free is worked out here, once per scenario: the yearly referral rates,
resolution shares, help-type mix, durations, prices, and the budgets, which come from
:func:`sozialraum.budget.allocate` (rules as data). The result, :class:`CompiledScenario`,
is made of plain tuples so it is cheap to send to worker processes.

Indicators used by the allocation rules (whole numbers, as the budget rules need them):
``u21`` and ``u18`` (residents), and ``u18_sgb2``, ``u18_single_parent``, ``u18_foreign``
— residents under 18 times the percentage indicators :data:`SOCIAL_INDICATORS` of the space,
rounded half away from zero.

>>> from sozialraum.simulation.calibration import sample_study
>>> study, params, municipality = sample_study()
>>> layout = Layout.of(params, municipality)
>>> layout.space_ids
('S-MITTE', 'S-NORD', 'S-SUED', 'S-WEST')
>>> c = compile_scenario(study, study.all_scenarios()[0], params, municipality, layout)
>>> sum(c.budget_total) == sum(c.space_budget[0]) + sum(c.independent_budget[0])
False
>>> c.budget_total[0] == sum(c.space_budget[0]) + sum(c.independent_budget[0])
True
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from .. import messages
from ..budget import (
    IndicatorShare,
    IndicatorValue,
    NeedRule,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    SpaceInput,
    TiePolicy,
    WeightedIndicator,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    jugendeinwohnerwert,
    pressure_corrected_need,
)
from ..errors import ValidationError
from ..model import Municipality
from ..money import Money
from .parameters import ModelParameters, geometric_log
from .scenario import AllocationMethod, Change, Operation, Parameter, Scenario, Study

__all__ = [
    "N_SPACE_COUNTS",
    "SOCIAL_INDICATORS",
    "CompiledScenario",
    "Layout",
    "compile_scenario",
]

messages.define("mix.empty#year", "the help-type mix of {year} has no positive weight")


#: The percentage indicators behind ``u18_sgb2``, ``u18_single_parent``, ``u18_foreign``.
SOCIAL_INDICATORS = {
    "u18_sgb2": "sgb2_quota_under_15",
    "u18_single_parent": "single_parent_households",
    "u18_foreign": "foreign_nationality_under_18",
}

#: Counts per space and year in a run record: referrals, resolved, helps begun, running.
N_SPACE_COUNTS = 4

#: a row of integers per space or cell
Row = tuple[int, ...]

#: Poisson draws by multiplication stay exact enough below this mean; larger means are
#: split into equal parts.
_POISSON_PART = 30.0


@attrs.frozen(kw_only=True)
class Layout:
    """Positions of spaces, providers, cells (space × provider) and help types in a run
    record; the same for every scenario of a study."""

    space_ids: tuple[str, ...]
    provider_ids: tuple[str, ...]
    cells: tuple[tuple[int, int], ...]
    help_types: tuple[str, ...]

    @classmethod
    def of(cls, params: ModelParameters, municipality: Municipality) -> Layout:
        """Spaces and providers sorted by id; a cell for every provider that serves a space
        or has a weight in its parameters."""
        spaces = tuple(sorted(s.id for s in municipality.social_spaces))
        providers = tuple(sorted(p.id for p in municipality.providers))
        cells = []
        for si, sid in enumerate(spaces):
            for pi, pid in enumerate(providers):
                if pid in _provider_weights(params, municipality, sid):
                    cells.append((si, pi))
        types = tuple(t.help_type for t in params.help_types)
        return cls(space_ids=spaces, provider_ids=providers, cells=tuple(cells), help_types=types)

    @property
    def stride(self) -> int:
        """Integers per simulated year in a run record."""
        return N_SPACE_COUNTS * len(self.space_ids) + 2 * len(self.cells)


@attrs.frozen(kw_only=True)
class CompiledScenario:
    """One scenario ready for the engine: tables indexed ``[year][space]`` or
    ``[year][help type]``; money in integer cents."""

    name: str
    years: tuple[int, ...]
    lag: int
    poisson: tuple[tuple[tuple[float, int], ...], ...]
    resolved: tuple[tuple[float, ...], ...]
    follow_up: tuple[float, ...]
    mix: tuple[tuple[float, ...], ...]
    min_months: tuple[tuple[int, ...], ...]
    log_q: tuple[tuple[float, ...], ...]
    cost_low: tuple[tuple[int, ...], ...]
    cost_span: tuple[tuple[int, ...], ...]
    price: tuple[tuple[tuple[int, int], ...], ...]
    providers: tuple[tuple[tuple[float, ...], tuple[int, ...]], ...]
    u21: tuple[tuple[int, ...], ...]
    budget_total: tuple[int, ...]
    space_budget: tuple[tuple[int, ...], ...]
    independent_budget: tuple[tuple[int, ...], ...]
    cell_budget: tuple[tuple[int, ...], ...]


def _provider_weights(
    params: ModelParameters, municipality: Municipality, space_id: str
) -> dict[str, Fraction]:
    try:
        given = params.space(space_id).providers
    except LookupError:
        given = ()
    weights = {p.provider_id: Fraction(p.weight) for p in given if p.weight > 0}
    if not weights:
        weights = {p.id: Fraction(1) for p in municipality.providers if space_id in p.serves}
    return weights


def _value(
    changes: list[Change],
    parameter: Parameter,
    base: Decimal,
    year: int,
    space_id: str | None = None,
    help_type: str | None = None,
) -> Decimal:
    value = base
    for change in changes:
        if change.parameter is parameter and change.applies(year, space_id, help_type):
            value = change.apply(value)
    return value


def _round(value: Fraction) -> int:
    q, r = divmod(abs(value.numerator), value.denominator)
    q += 1 if 2 * r >= value.denominator else 0
    return q if value >= 0 else -q


def _space_inputs(
    municipality: Municipality,
    layout: Layout,
    changes: list[Change],
    year: int,
    t: int,
) -> tuple[list[SpaceInput], list[int], dict[str, dict[str, Decimal]]]:
    inputs, u21s, indicators = [], [], {}
    for sid in layout.space_ids:
        space = municipality.space(sid)
        growth = Fraction(1)
        for k in range(t + 1):
            g = _value(changes, Parameter.POPULATION_GROWTH, Decimal(0), year - t + k, sid)
            growth *= 1 + Fraction(g)
        u21 = _round(space.residents_under(21) * growth)
        u18 = _round(space.residents_under(18) * growth)
        values = {"u21": u21, "u18": u18}
        trended: dict[str, Decimal] = {}
        trends = [c for c in changes if c.parameter is Parameter.INDICATOR_TREND]
        for ind in space.indicators:
            x = ind.value
            mine = [c for c in trends if c.indicator == ind.name]
            for k in range(t + 1):
                x = _value(mine, Parameter.INDICATOR_TREND, x, year - t + k, sid)
            trended[ind.name] = x
        for key, name in SOCIAL_INDICATORS.items():
            if name in trended:
                values[key] = _round(u18 * Fraction(trended[name]) / 100)
        inputs.append(
            SpaceInput(
                space_id=sid,
                indicators=tuple(IndicatorValue(name=k, value=v) for k, v in values.items()),
            )
        )
        u21s.append(u21)
        indicators[sid] = trended
    return inputs, u21s, indicators


def _need(method: AllocationMethod) -> NeedRule:
    if method is AllocationMethod.PRESSURE_CORRECTED:
        return pressure_corrected_need(base="u18", pressure="u18_sgb2")
    if method is AllocationMethod.SOCIAL_INDEX:
        return jugendeinwohnerwert(("u18", *SOCIAL_INDICATORS))
    return NeedRule(
        name="population under 21",
        indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="u21"),)),),
    )


def _rules(
    method: AllocationMethod,
    share: Decimal,
    params: ModelParameters,
    municipality: Municipality,
    layout: Layout,
) -> RuleSet:
    ci = Fraction(share)
    shares = [WorkTypeShare(work_type="case_specific", share=Ratio.of(1 - ci))]
    if ci:
        shares.append(WorkTypeShare(work_type="case_independent", share=Ratio.of(ci)))
    splits = []
    for sid in layout.space_ids:
        weights = _provider_weights(params, municipality, sid)
        total = sum(weights.values(), Fraction(0))
        if total:
            splits.append(
                ProviderSplit(
                    space_ids=(sid,),
                    work_types=("case_specific",),
                    shares=tuple(
                        ProviderShare(provider_id=p, share=Ratio.of(w / total))
                        for p, w in sorted(weights.items())
                    ),
                )
            )
    return RuleSet(
        name=f"simulation ({method.value})",
        need=_need(method),
        work_types=WorkTypeSplit(shares=tuple(shares), require_case_independent=bool(ci)),
        providers=tuple(splits),
        ties=TiePolicy.by_priority(
            *layout.space_ids, "case_specific", "case_independent", *layout.provider_ids
        ),
    )


def _budgets(
    study: Study,
    changes: list[Change],
    params: ModelParameters,
    municipality: Municipality,
    layout: Layout,
) -> tuple[
    list[int],
    list[tuple[int, ...]],
    list[tuple[int, ...]],
    list[tuple[int, ...]],
    list[tuple[int, ...]],
]:
    plan = study.budget
    totals, spaces, independent, cells, u21 = [], [], [], [], []
    base = Fraction(plan.total.cents)
    for t in range(study.years):
        year = study.start_year + t
        if t:
            base *= 1 + Fraction(_value(changes, Parameter.BUDGET_GROWTH, plan.growth, year))
        cents = base
        for c in changes:
            if c.parameter is Parameter.BUDGET_TOTAL and c.applies(year):
                cents = _apply_cents(c, cents)
        total = Money(cents=max(0, _round(cents)))
        method = plan.method
        for c in changes:
            if c.parameter is Parameter.ALLOCATION_METHOD and c.applies(year):
                assert c.method is not None
                method = c.method
        share = _value(changes, Parameter.CASE_INDEPENDENT_SHARE, plan.case_independent_share, year)
        share = min(Decimal(1), max(Decimal(0), share))
        inputs, u21s, _ = _space_inputs(municipality, layout, changes, year, t)
        rules = _rules(method, share, params, municipality, layout)
        result = allocate(total, inputs, rules, on=date(year, 1, 1))
        totals.append(total.cents)
        spaces.append(
            tuple(result.amount(sid, work_type="case_specific").cents for sid in layout.space_ids)
        )
        independent.append(
            tuple(
                result.amount(sid, work_type="case_independent").cents if share else 0
                for sid in layout.space_ids
            )
        )
        cells.append(
            tuple(
                result.amount(
                    layout.space_ids[s],
                    work_type="case_specific",
                    provider_id=layout.provider_ids[p],
                ).cents
                for s, p in layout.cells
            )
        )
        u21.append(tuple(u21s))
    return totals, spaces, independent, cells, u21


def compile_scenario(
    study: Study,
    scenario: Scenario,
    params: ModelParameters,
    municipality: Municipality,
    layout: Layout,
) -> CompiledScenario:
    """Apply ``scenario``'s changes to the baseline and tabulate everything per year."""
    changes = list(scenario.changes)
    years = tuple(study.start_year + t for t in range(study.years))
    totals, spaces, independent, cells, u21 = _budgets(study, changes, params, municipality, layout)
    poisson, resolved, follow, mix, mins, logs, lows, spans, prices = ([] for _ in range(9))
    base_indicators = {
        sid: {i.name: i.value for i in municipality.space(sid).indicators}
        for sid in layout.space_ids
    }
    elasticities = {el.indicator: el.value for el in params.elasticities}
    for c in changes:
        if c.parameter is Parameter.ELASTICITY and c.indicator is not None:
            elasticities.setdefault(c.indicator, Decimal(0))
    for t, year in enumerate(years):
        _, _, trended = _space_inputs(municipality, layout, changes, year, t)
        row_p, row_r = [], []
        for si, sid in enumerate(layout.space_ids):
            sp = params.space(sid)
            rate = _value(changes, Parameter.REFERRAL_RATE, sp.referrals_per_1000, year, sid)
            factor = Decimal(1)
            for indicator, base_value in elasticities.items():
                value = _value(
                    [c for c in changes if c.indicator == indicator],
                    Parameter.ELASTICITY,
                    base_value,
                    year,
                    sid,
                )
                x0 = base_indicators[sid].get(indicator)
                if x0:
                    factor += value * (trended[sid][indicator] - x0) / x0
            lam = max(0.0, float(rate) * u21[t][si] / 1000 * float(factor)) / 12
            parts = max(1, math.ceil(lam / _POISSON_PART))
            row_p.append((math.exp(-lam / parts), parts))
            share = _value(changes, Parameter.RESOLVED_SHARE, sp.resolved_share, year, sid)
            row_r.append(min(1.0, max(0.0, float(share))))
        poisson.append(tuple(row_p))
        resolved.append(tuple(row_r))
        fu = _value(changes, Parameter.FOLLOW_UP_SHARE, params.follow_up_share, year)
        follow.append(min(1.0, max(0.0, float(fu))))
        weights, m_row, l_row, lo_row, sp_row, pr_row = [], [], [], [], [], []
        index_base = params.price_index(year)
        for ht in params.help_types:
            code = ht.help_type
            weights.append(
                max(Decimal(0), _value(changes, Parameter.HELP_MIX, ht.weight, year, None, code))
            )
            mean = _value(changes, Parameter.MEAN_DURATION, ht.mean_months, year, None, code)
            mean = max(mean, Decimal(ht.min_months))
            m_row.append(ht.min_months)
            l_row.append(geometric_log(mean, ht.min_months))
            lo = _cost(changes, ht.cost_low, year, code)
            hi = max(lo, _cost(changes, ht.cost_high, year, code))
            lo_row.append(lo)
            sp_row.append(hi - lo + 1)
            index = _price_index(changes, params, index_base, year, code)
            pr_row.append((index.numerator, index.denominator))
        total_w = sum(weights)
        if not total_w:
            raise ValidationError.single("/scenarios", "mix.empty#year", year=year)
        cum, acc = [], Decimal(0)
        for w in weights:
            acc += w
            cum.append(float(acc / total_w))
        cum[-1] = 1.0
        mix.append(tuple(cum))
        mins.append(tuple(m_row))
        logs.append(tuple(l_row))
        lows.append(tuple(lo_row))
        spans.append(tuple(sp_row))
        prices.append(tuple(pr_row))
    providers = []
    for si, sid in enumerate(layout.space_ids):
        weights_p = _provider_weights(params, municipality, sid)
        total_p = sum(weights_p.values(), Fraction(0))
        cell_ids, cum_p, acc_p = [], [], Fraction(0)
        for ci, (s, p) in enumerate(layout.cells):
            if s == si:
                acc_p += weights_p.get(layout.provider_ids[p], Fraction(0))
                cell_ids.append(ci)
                cum_p.append(float(acc_p / total_p))
        if cum_p:
            cum_p[-1] = 1.0
        providers.append((tuple(cum_p), tuple(cell_ids)))
    return CompiledScenario(
        name=scenario.name,
        years=years,
        lag=params.lag_months,
        poisson=tuple(poisson),
        resolved=tuple(resolved),
        follow_up=tuple(follow),
        mix=tuple(mix),
        min_months=tuple(mins),
        log_q=tuple(logs),
        cost_low=tuple(lows),
        cost_span=tuple(spans),
        price=tuple(prices),
        providers=tuple(providers),
        u21=tuple(u21),
        budget_total=tuple(totals),
        space_budget=tuple(spaces),
        independent_budget=tuple(independent),
        cell_budget=tuple(cells),
    )


def _apply_cents(change: Change, cents: Fraction) -> Fraction:
    """Apply a change whose value is in euros (set, add) or a factor (multiply) to cents."""
    assert change.value is not None
    value = Fraction(change.value)
    if change.operation is Operation.SET:
        return value * 100
    if change.operation is Operation.ADD:
        return cents + value * 100
    return cents * value


def _cost(changes: list[Change], amount: Money, year: int, code: str) -> int:
    cents = Fraction(amount.cents)
    for c in changes:
        if c.parameter is Parameter.MONTHLY_COST and c.applies(year, None, code):
            cents = _apply_cents(c, cents)
    return max(0, _round(cents))


def _price_index(
    changes: list[Change], params: ModelParameters, base: Fraction, year: int, code: str
) -> Fraction:
    relevant = [c for c in changes if c.parameter is Parameter.PRICE_INCREASE]
    if not relevant:
        return base
    timeline = params.price_timeline()
    first = timeline.entries[0].valid_from
    index = Fraction(1)
    for y in range(params.price_base_year + 1, year + 1):
        day = date(y, 1, 1)
        rate = timeline.at(day) if day >= first else Decimal(0)
        rate = _value(relevant, Parameter.PRICE_INCREASE, rate, y, None, code)
        index *= 1 + Fraction(rate)
    return index
