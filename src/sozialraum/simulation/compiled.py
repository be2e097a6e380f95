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
    Ratio,
    RuleSet,
    SpaceInput,
    TieKind,
    TiePolicy,
    WeightedIndicator,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    jugendeinwohnerwert,
    pressure_corrected_need,
)
from ..errors import AllocationError, Issue, ValidationError
from ..model import Municipality
from ..money import Money
from .parameters import MAX_MONTHLY_COST, ModelParameters, geometric_log
from .scenario import AllocationMethod, Change, Operation, Parameter, Scenario, Study

__all__ = [
    "N_SPACE_COUNTS",
    "SOCIAL_INDICATORS",
    "CompiledScenario",
    "Layout",
    "compile_scenario",
    "indicator_names",
    "method_rules",
]

messages.define("mix.empty#year", "the help-type mix of {year} has no positive weight")


#: The percentage indicators behind ``u18_sgb2``, ``u18_single_parent``, ``u18_foreign``.
SOCIAL_INDICATORS = {
    "u18_sgb2": "sgb2_quota_under_15",
    "u18_single_parent": "single_parent_households",
    "u18_foreign": "foreign_nationality_under_18",
}

#: The most referrals a space may expect in a month after a scenario's changes (far beyond
#: any youth office; it keeps a run's time bounded).
MAX_REFERRALS_PER_MONTH = 10_000
_LIMIT = f"{MAX_REFERRALS_PER_MONTH:,}"
_COST = f"{MAX_MONTHLY_COST:,} EUR"

TOO_MANY_REFERRALS = messages.define(
    "study.referrals_too_many",
    "the changes raise the referrals of a space above {limit} a month in {year}",
)
COST_TOO_HIGH = messages.define(
    "study.cost_too_high",
    "the changes raise a monthly cost above {limit} in {year}",
)

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
        values: dict[str, int] = {}
        for age in sorted({b.min_age for b in space.population if b.min_age > 0} | {18, 21}):
            values[f"u{age}"] = _round(space.residents_under(age) * growth)
        u18 = values["u18"]
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
        u21s.append(values["u21"])
        indicators[sid] = trended
    return inputs, u21s, indicators


def indicator_names(municipality: Municipality) -> tuple[str, ...]:
    """The indicators a study's rule set can use: ``u<age>`` residents for every age-band
    boundary (always ``u18`` and ``u21``) and :data:`SOCIAL_INDICATORS`, grown and trended
    as the scenario says.

    >>> from sozialraum.simulation.calibration import sample_study
    >>> indicator_names(sample_study()[2])
    ('u14', 'u18', 'u18_foreign', 'u18_sgb2', 'u18_single_parent', 'u21', 'u27', 'u6')
    """
    names = set(SOCIAL_INDICATORS) | {"u18", "u21"}
    for space in municipality.social_spaces:
        names |= {f"u{b.min_age}" for b in space.population if b.min_age > 0}
    return tuple(sorted(names))


def _need(method: AllocationMethod) -> NeedRule:
    if method is AllocationMethod.PRESSURE_CORRECTED:
        return pressure_corrected_need(base="u18", pressure="u18_sgb2")
    if method is AllocationMethod.SOCIAL_INDEX:
        return jugendeinwohnerwert(("u18", *SOCIAL_INDICATORS))
    return NeedRule(
        name="population under 21",
        indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="u21"),)),),
    )


def _ties(layout: Layout) -> TiePolicy:
    return TiePolicy.by_priority(
        *layout.space_ids, "case_specific", "case_independent", *layout.provider_ids
    )


def method_rules(method: AllocationMethod, layout: Layout) -> RuleSet:
    """The rule set of a built-in allocation method: its need rule, ties by the order of
    the spaces (no work-type or provider split: the simulation splits those)."""
    return RuleSet(name=f"simulation ({method.value})", need=_need(method), ties=_ties(layout))


def _own_splits(rules: RuleSet, share: Decimal) -> RuleSet:
    """A rule set with its own work-type or provider split, completed with the study's
    case-independent share where it has no work-type split (its priority order, if it has
    one, extended by the two work types)."""
    if rules.work_types is not None:
        return rules
    ci = Fraction(share)
    shares = [WorkTypeShare(work_type="case_specific", share=Ratio.of(1 - ci))]
    if ci:
        shares.append(WorkTypeShare(work_type="case_independent", share=Ratio.of(ci)))
    work_types = WorkTypeSplit(shares=tuple(shares), require_case_independent=bool(ci))
    ties = rules.ties
    if ties.kind is TieKind.PRIORITY:
        extra = [k for k in ("case_specific", "case_independent") if k not in ties.priority]
        ties = attrs.evolve(ties, priority=(*ties.priority, *extra))
    return attrs.evolve(rules, work_types=work_types, ties=ties)


def _largest_remainder(total: int, weights: list[Fraction]) -> list[int]:
    """``total`` cents in proportion to ``weights``, by largest remainder (ties: first)."""
    whole = sum(weights, Fraction(0))
    if not whole:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    cents = [e.numerator // e.denominator for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - cents[i]), i))
    for i in order[: total - sum(cents)]:
        cents[i] += 1
    return cents


def _joint_split(
    spaces: list[int], share: Fraction, weights: list[list[Fraction]]
) -> tuple[list[int], list[int], list[list[int]]]:
    """The case-independent part of every space and the case-specific part by provider.

    The case-independent parts sum to the total × ``share`` rounded half up once (not per
    space), each within a cent of its exact value, so the case-specific total is the same
    for every allocation rule of the same total.
    """
    total = sum(spaces)
    target = _round(total * share)
    exact = [a * share for a in spaces]
    independent = [e.numerator // e.denominator for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - independent[i]), i))
    for i in order[: target - sum(independent)]:
        independent[i] += 1
    specific = [a - c for a, c in zip(spaces, independent, strict=True)]
    cells = [_largest_remainder(c, w) for c, w in zip(specific, weights, strict=True)]
    return independent, specific, cells


def _allocation_at(study: Study, changes: list[Change], year: int) -> AllocationMethod | RuleSet:
    allocation: AllocationMethod | RuleSet = study.budget.allocation
    for c in changes:
        if c.parameter is Parameter.ALLOCATION_METHOD and c.applies(year):
            new = c.allocation
            if new is not None:
                allocation = new
    return allocation


ALLOCATION_FAILED = messages.define(
    "study.allocation_failed",
    "the allocation of {year} fails: {rule} ({code})",
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
    history: list[list[SpaceInput]] = []
    previous: list[int] | None = None
    base = Fraction(plan.total.cents)
    weights = []
    for si, sid in enumerate(layout.space_ids):
        mine = _provider_weights(params, municipality, sid)
        weights.append(
            [mine.get(layout.provider_ids[p], Fraction(0)) for s, p in layout.cells if s == si]
        )
    for t in range(study.years):
        year = study.start_year + t
        if t:
            base *= 1 + Fraction(_value(changes, Parameter.BUDGET_GROWTH, plan.growth, year))
        cents = base
        for c in changes:
            if c.parameter is Parameter.BUDGET_TOTAL and c.applies(year):
                cents = _apply_cents(c, cents)
        total = Money(cents=max(0, _round(cents)))
        allocation = _allocation_at(study, changes, year)
        share = _value(changes, Parameter.CASE_INDEPENDENT_SHARE, plan.case_independent_share, year)
        share = min(Decimal(1), max(Decimal(0), share))
        current, u21s, _ = _space_inputs(municipality, layout, changes, year, t)
        history.insert(0, current)
        inputs = _with_history(history, previous)
        if isinstance(allocation, RuleSet):
            rules = allocation
            own = rules.work_types is not None or bool(rules.providers)
            if own:
                rules = _own_splits(rules, share)
        else:
            rules, own = method_rules(allocation, layout), False
        try:
            result = allocate(total, inputs, rules, on=date(year, 1, 1))
        except AllocationError as exc:
            issue = Issue.of("", ALLOCATION_FAILED, year=year, rule=exc.rule, code=exc.code)
            raise ValidationError([issue]) from None
        by_space = result.by_space()
        amounts = [by_space[sid].cents for sid in layout.space_ids]
        if own:
            specific = [
                result.amount(sid, work_type="case_specific").cents for sid in layout.space_ids
            ]
            ci = [a - c for a, c in zip(amounts, specific, strict=True)]
            if rules.providers:
                cell_row = [
                    result.amount(
                        layout.space_ids[s],
                        work_type="case_specific",
                        provider_id=layout.provider_ids[p],
                    ).cents
                    for s, p in layout.cells
                ]
            else:
                cell_row = [
                    c
                    for cents_s, w in zip(specific, weights, strict=True)
                    for c in _largest_remainder(cents_s, w)
                ]
        else:
            ci, specific, per_space = _joint_split(amounts, Fraction(share), weights)
            cell_row = [c for row in per_space for c in row]
        totals.append(total.cents)
        spaces.append(tuple(specific))
        independent.append(tuple(ci))
        cells.append(tuple(cell_row))
        u21.append(tuple(u21s))
        previous = amounts
    return totals, spaces, independent, cells, u21


def _with_history(history: list[list[SpaceInput]], previous: list[int] | None) -> list[SpaceInput]:
    """This year's inputs (``history[0]``) with the earlier years' indicator values (for
    smoothing, most recent first) and last year's allocation (for corridors)."""
    out = []
    for s, current in enumerate(history[0]):
        values = []
        for ind in current.indicators:
            earlier = tuple(
                v.value for year in history[1:] for v in year[s].indicators if v.name == ind.name
            )
            values.append(attrs.evolve(ind, previous=earlier) if earlier else ind)
        amount = None if previous is None else Money(cents=previous[s])
        out.append(
            SpaceInput(space_id=current.space_id, indicators=tuple(values), previous_amount=amount)
        )
    return out


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
            lam = max(0.0, float(rate) * float(u21[t][si]) / 1000 * float(factor)) / 12
            if not lam <= MAX_REFERRALS_PER_MONTH:  # also NaN and infinity
                raise ValidationError([Issue.of("", TOO_MANY_REFERRALS, limit=_LIMIT, year=year)])
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
            if hi * index > MAX_MONTHLY_COST * 100:
                raise ValidationError([Issue.of("", COST_TOO_HIGH, limit=_COST, year=year)])
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
