"""Where a study meets its data: every change must mean something for *this* municipality.

A study file is valid on its own when its schema holds (:func:`~.scenario.parse_study`);
whether its changes make sense depends on the municipality and the model parameters it is
run with. :func:`study_issues` checks that, before anything is simulated:

* every ``space_ids`` entry is a social space of the municipality, every ``help_types``
  entry a help type of the model parameters, every ``indicator`` an indicator of some space
  (a typo gets a *did you mean*, so it cannot silently change nothing);
* ``space_ids``/``help_types`` are only given where the parameter takes them;
* ``from_year`` is not before the first simulated year;
* after the changes, every share stays from 0 to 1, rates, costs and budgets do not fall
  below 0 (nor growth to −100 % or below), and nothing grows beyond what can be computed.

Each finding is an :class:`~sozialraum.errors.Issue` with a JSON pointer into the study
file (``/scenarios/0/changes/1/space_ids/0``):

>>> from sozialraum.simulation import parse_study, sample_study
>>> _, params, municipality = sample_study()
>>> study = parse_study({"name": "typo", "start_year": 2026, "budget": {"total": "9000000"},
...     "scenarios": [{"name": "north", "changes": [{"parameter": "referral_rate",
...         "operation": "multiply", "value": "0.9", "space_ids": ["S-NORDD"]}]}]})
>>> [(i.path, i.code) for i in study_issues(study, params, municipality)]
[('/scenarios/0/changes/0/space_ids/0', 'study.space_misspelt')]
>>> study_issues(study, params, municipality)[0].message
"not a social space of the municipality; did you mean 'S-NORD'?"
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import messages
from ..budget.rules import RuleSet
from ..errors import Issue
from ..model import Municipality
from .compiled import indicator_names
from .parameters import MAX_MONTHLY_COST, MAX_MONTHS, MAX_WEIGHT, ModelParameters
from .scenario import (
    MAX_BUDGET,
    MAX_GROWTH,
    RULES_FILE_NOT_LOADED,
    Change,
    Operation,
    Parameter,
    Study,
)

__all__ = ["MAX_PRICE_YEARS", "study_issues"]

SPACE_UNKNOWN = messages.define(
    "study.space_unknown", "not a social space of the municipality (known: {allowed})"
)
SPACE_MISSPELT = messages.define(
    "study.space_misspelt", "not a social space of the municipality; did you mean {suggestion}?"
)
HELP_TYPE_UNKNOWN = messages.define(
    "study.help_type_unknown", "not a help type of the model parameters (known: {allowed})"
)
HELP_TYPE_MISSPELT = messages.define(
    "study.help_type_misspelt",
    "not a help type of the model parameters; did you mean {suggestion}?",
)
INDICATOR_UNKNOWN = messages.define(
    "study.indicator_unknown", "not an indicator of any social space (known: {allowed})"
)
INDICATOR_MISSPELT = messages.define(
    "study.indicator_misspelt",
    "not an indicator of any social space; did you mean {suggestion}?",
)
SCOPE_IGNORED = messages.define(
    "study.scope_ignored", "the parameter {parameter} does not take {field}: remove it"
)
BEFORE_START = messages.define(
    "study.from_year_before_start",
    "the change takes effect before the first simulated year {start_year}",
)
OUT_OF_RANGE = messages.define(
    "study.value_range",
    "after this change, {parameter} must stay from {minimum} to {maximum} (it does not in {year})",
)
PRICE_YEARS = messages.define(
    "study.price_years",
    "the simulated years must lie within {limit} years of the price base year",
)

#: The most years between the price base year and the last simulated year.
MAX_PRICE_YEARS = 200

#: Where each parameter's value must stay, after all changes: (minimum, maximum, whether
#: the minimum itself is excluded). ``None``: not checked here (indicator values are free;
#: monthly costs and budgets are checked in cents).
_DOMAIN: dict[Parameter, tuple[Decimal, Decimal, bool]] = {
    Parameter.REFERRAL_RATE: (Decimal(0), Decimal(1000), False),
    Parameter.RESOLVED_SHARE: (Decimal(0), Decimal(1), False),
    Parameter.FOLLOW_UP_SHARE: (Decimal(0), Decimal(1), False),
    Parameter.HELP_MIX: (Decimal(0), Decimal(MAX_WEIGHT), False),
    Parameter.MEAN_DURATION: (Decimal(0), Decimal(MAX_MONTHS), False),
    Parameter.PRICE_INCREASE: (Decimal(-1), Decimal(1), True),
    Parameter.POPULATION_GROWTH: (Decimal(-1), Decimal(1), True),
    Parameter.BUDGET_GROWTH: (Decimal(-1), Decimal(MAX_GROWTH), True),
    Parameter.CASE_INDEPENDENT_SHARE: (Decimal(0), Decimal(1), False),
}

_TAKES_SPACES = frozenset(
    {
        Parameter.REFERRAL_RATE,
        Parameter.RESOLVED_SHARE,
        Parameter.INDICATOR_TREND,
        Parameter.POPULATION_GROWTH,
        Parameter.ELASTICITY,
    }
)
_TAKES_HELP_TYPES = frozenset(
    {
        Parameter.HELP_MIX,
        Parameter.MEAN_DURATION,
        Parameter.MONTHLY_COST,
        Parameter.PRICE_INCREASE,
    }
)


def _unknown(
    path: str, wanted: str, known: Sequence[str], unknown_code: str, misspelt_code: str
) -> Issue:
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    if close:
        return Issue.of(path, misspelt_code, suggestion=repr(close[0]))
    shown = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
    return Issue.of(path, unknown_code, allowed=shown or "none")


def _references(
    study: Study, params: ModelParameters, municipality: Municipality
) -> Iterable[Issue]:
    spaces = [s.id for s in municipality.social_spaces]
    types = [t.help_type for t in params.help_types]
    indicators = sorted({i.name for s in municipality.social_spaces for i in s.indicators})
    for i, scenario in enumerate(study.scenarios):
        for j, change in enumerate(scenario.changes):
            at = f"/scenarios/{i}/changes/{j}"
            if change.space_ids and change.parameter not in _TAKES_SPACES:
                yield Issue.of(
                    f"{at}/space_ids", SCOPE_IGNORED, parameter=change.parameter.value,
                    field="space_ids",
                )  # fmt: skip
            if change.help_types and change.parameter not in _TAKES_HELP_TYPES:
                yield Issue.of(
                    f"{at}/help_types", SCOPE_IGNORED, parameter=change.parameter.value,
                    field="help_types",
                )  # fmt: skip
            for k, sid in enumerate(change.space_ids):
                if sid not in spaces:
                    yield _unknown(
                        f"{at}/space_ids/{k}", sid, spaces, SPACE_UNKNOWN, SPACE_MISSPELT
                    )
            for k, code in enumerate(change.help_types):
                if code not in types:
                    yield _unknown(
                        f"{at}/help_types/{k}", code, types, HELP_TYPE_UNKNOWN, HELP_TYPE_MISSPELT
                    )
            if change.indicator is not None and change.indicator not in indicators:
                yield _unknown(
                    f"{at}/indicator",
                    change.indicator,
                    indicators,
                    INDICATOR_UNKNOWN,
                    INDICATOR_MISSPELT,
                )
            if change.from_year is not None and change.from_year < study.start_year:
                yield Issue.of(f"{at}/from_year", BEFORE_START, start_year=study.start_year)


def _run(
    changes: Sequence[tuple[int, Change]],
    parameter: Parameter,
    base: Fraction,
    year: int,
    space_id: str | None,
    help_type: str | None,
    step: Callable[[Change, Fraction], Fraction],
) -> tuple[Fraction, int | None]:
    """The value after the changes in force, and the index of the last one applied."""
    value, last = base, None
    for j, c in changes:
        if c.parameter is parameter and c.applies(year, space_id, help_type):
            value, last = step(c, value), j
    return value, last


def _plain(change: Change, value: Fraction) -> Fraction:
    assert change.value is not None
    v = Fraction(change.value)
    if change.operation is Operation.SET:
        return v
    return value + v if change.operation is Operation.ADD else value * v


def _cents(change: Change, value: Fraction) -> Fraction:
    """Money changes: ``set``/``add`` in euros, ``multiply`` by a factor (value in cents)."""
    assert change.value is not None
    v = Fraction(change.value)
    if change.operation is Operation.SET:
        return v * 100
    return value + v * 100 if change.operation is Operation.ADD else value * v


def _ranges(study: Study, params: ModelParameters, municipality: Municipality) -> Iterable[Issue]:
    years = range(study.start_year, study.start_year + study.years)
    spaces = sorted(s.id for s in municipality.social_spaces)
    by_space = {s.space_id: s for s in params.spaces}
    rates = params.price_timeline()
    for i, scenario in enumerate(study.scenarios):
        changes = list(enumerate(scenario.changes))
        found: set[tuple[int, str]] = set()

        def check(
            parameter: Parameter,
            base: Fraction,
            year: int,
            low: Fraction,
            high: Fraction,
            exclusive: bool = False,
            space_id: str | None = None,
            help_type: str | None = None,
            step: Callable[[Change, Fraction], Fraction] = _plain,
            scale: int = 1,
            changes: Sequence[tuple[int, Change]] = changes,
            i: int = i,
            found: set[tuple[int, str]] = found,
        ) -> Iterable[Issue]:
            value, last = _run(changes, parameter, base, year, space_id, help_type, step)
            if last is None or (last, parameter.value) in found:
                return
            below = value <= low if exclusive else value < low
            if below or value > high:
                found.add((last, parameter.value))
                yield Issue.of(
                    f"/scenarios/{i}/changes/{last}/value",
                    OUT_OF_RANGE,
                    parameter=parameter.value,
                    minimum=_number(low / scale) + (" (excluded)" if exclusive else ""),
                    maximum=_number(high / scale),
                    year=year,
                )

        def domain(p: Parameter) -> tuple[Fraction, Fraction, bool]:
            low, high, exclusive = _DOMAIN[p]
            return Fraction(low), Fraction(high), exclusive

        budget = Fraction(study.budget.total.cents)
        for t, year in enumerate(years):
            for sid in spaces:
                sp = by_space.get(sid)
                if sp is not None:
                    for p, base in (
                        (Parameter.REFERRAL_RATE, sp.referrals_per_1000),
                        (Parameter.RESOLVED_SHARE, sp.resolved_share),
                    ):
                        yield from check(p, Fraction(base), year, *domain(p), space_id=sid)
                p = Parameter.POPULATION_GROWTH
                yield from check(p, Fraction(0), year, *domain(p), space_id=sid)
            for p, base in (
                (Parameter.FOLLOW_UP_SHARE, params.follow_up_share),
                (Parameter.BUDGET_GROWTH, study.budget.growth),
                (Parameter.CASE_INDEPENDENT_SHARE, study.budget.case_independent_share),
            ):
                yield from check(p, Fraction(base), year, *domain(p))
            day = date(year, 1, 1)
            rate = Fraction(rates.at(day)) if day >= rates.entries[0].valid_from else Fraction(0)
            for ht in params.help_types:
                code = ht.help_type
                for p, start in (
                    (Parameter.HELP_MIX, Fraction(ht.weight)),
                    (Parameter.MEAN_DURATION, Fraction(ht.mean_months)),
                    (Parameter.PRICE_INCREASE, rate),
                ):
                    yield from check(p, start, year, *domain(p), help_type=code)
                for amount in (ht.cost_low, ht.cost_high):
                    yield from check(
                        Parameter.MONTHLY_COST,
                        Fraction(amount.cents),
                        year,
                        Fraction(0),
                        Fraction(MAX_MONTHLY_COST * 100),
                        help_type=code,
                        step=_cents,
                        scale=100,
                    )
            if t:
                growth, _ = _run(
                    changes, Parameter.BUDGET_GROWTH, Fraction(study.budget.growth), year, None,
                    None, _plain,
                )  # fmt: skip
                budget *= 1 + growth
            yield from check(
                Parameter.BUDGET_TOTAL,
                budget,
                year,
                Fraction(0),
                Fraction(MAX_BUDGET * 100),
                step=_cents,
                scale=100,
            )


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", " ") if value >= 10**4 else str(value)
    return str(Decimal(value.numerator) / Decimal(value.denominator))


RULE_INDICATOR_UNKNOWN = messages.define(
    "study.rule_indicator_unknown",
    "not an indicator the simulation provides (known: {allowed})",
)
RULE_INDICATOR_MISSPELT = messages.define(
    "study.rule_indicator_misspelt",
    "not an indicator the simulation provides; did you mean {suggestion}?",
)
PROVIDER_UNKNOWN = messages.define(
    "study.provider_unknown", "not a provider of the municipality (known: {allowed})"
)
PROVIDER_MISSPELT = messages.define(
    "study.provider_misspelt", "not a provider of the municipality; did you mean {suggestion}?"
)
PROVIDER_INDICATOR = messages.define(
    "study.provider_indicator",
    "the simulation has no provider indicators: give contract shares",
)
NO_CASE_SPECIFIC = messages.define(
    "study.case_specific_missing",
    "the work-type split of a study's rule set needs a case_specific share (the budget for helps)",
)
SHARE_IGNORED = messages.define(
    "study.share_ignored",
    "the rule set's own work_types split decides the case-independent share",
)


def _rule_set_issues(
    rules: RuleSet, at: str, municipality: Municipality, indicators: Sequence[str]
) -> Iterable[Issue]:
    spaces = [s.id for s in municipality.social_spaces]
    providers = [p.id for p in municipality.providers]

    def indicator(path: str, name: str | None) -> Iterable[Issue]:
        if name is not None and name not in indicators:
            yield _unknown(
                f"{at}{path}", name, indicators, RULE_INDICATOR_UNKNOWN, RULE_INDICATOR_MISSPELT
            )

    need = rules.need
    for i, share in enumerate(need.indicator_shares):
        for j, w in enumerate(share.indicators):
            yield from indicator(
                f"/need/indicator_shares/{i}/indicators/{j}/indicator", w.indicator
            )
            yield from indicator(f"/need/indicator_shares/{i}/indicators/{j}/per", w.per)
    for i, index in enumerate(need.equal_weight_indices):
        for j, name in enumerate(index.indicators):
            yield from indicator(f"/need/equal_weight_indices/{i}/indicators/{j}", name)
    for i, pc in enumerate(need.pressure_corrected):
        for field in ("base", "pressure", "per"):
            yield from indicator(f"/need/pressure_corrected/{i}/{field}", getattr(pc, field))
    for i, sm in enumerate(rules.smoothing):
        yield from indicator(f"/smoothing/{i}/indicator", sm.indicator)
    slots: dict[str, Sequence[Any]] = {
        "base_amounts": rules.base_amounts,
        "base_shares": rules.base_shares,
        "floors": rules.floors,
        "caps": rules.caps,
        "corridors": rules.corridors,
        "providers": rules.providers,
    }
    for slot, items in slots.items():
        for i, rule in enumerate(items):
            for k, sid in enumerate(rule.space_ids):
                if sid not in spaces:
                    path = f"{at}/{slot}/{i}/space_ids/{k}"
                    yield _unknown(path, sid, spaces, SPACE_UNKNOWN, SPACE_MISSPELT)
    for i, split in enumerate(rules.providers):
        if split.indicator is not None:
            yield Issue.of(f"{at}/providers/{i}/indicator", PROVIDER_INDICATOR)
        for k, ps in enumerate(split.shares):
            if ps.provider_id not in providers:
                path = f"{at}/providers/{i}/shares/{k}/provider_id"
                yield _unknown(path, ps.provider_id, providers, PROVIDER_UNKNOWN, PROVIDER_MISSPELT)
    if rules.work_types is not None and not any(
        s.work_type == "case_specific" for s in rules.work_types.shares
    ):
        yield Issue.of(f"{at}/work_types/shares", NO_CASE_SPECIFIC)


def _rule_sets(study: Study, municipality: Municipality) -> Iterable[Issue]:
    indicators = indicator_names(municipality)
    plan = study.budget
    own_split = plan.rules is not None and plan.rules.work_types is not None
    places = [("/budget", plan.rules, plan.rules_file)]
    for i, scenario in enumerate(study.scenarios):
        split_here = own_split
        for j, c in enumerate(scenario.changes):
            places.append((f"/scenarios/{i}/changes/{j}", c.rules, c.rules_file))
            if c.rules is not None and c.rules.work_types is not None:
                split_here = True
        if split_here:
            for j, c in enumerate(scenario.changes):
                if c.parameter is Parameter.CASE_INDEPENDENT_SHARE:
                    yield Issue.of(f"/scenarios/{i}/changes/{j}/parameter", SHARE_IGNORED)
    for at, rules, rules_file in places:
        if rules is None:
            if rules_file is not None:
                yield Issue.of(f"{at}/rules_file", RULES_FILE_NOT_LOADED)
            continue
        prefix = f"{at}/rules_file" if rules_file is not None else f"{at}/rules"
        yield from _rule_set_issues(rules, prefix, municipality, indicators)


def study_issues(study: Study, params: ModelParameters, municipality: Municipality) -> list[Issue]:
    """Every problem of ``study`` given the municipality and the model parameters it is
    simulated with (empty when it can run as written)."""
    issues = list(_references(study, params, municipality))
    issues.extend(_rule_sets(study, municipality))
    last_year = study.start_year + study.years - 1
    if abs(last_year - params.price_base_year) > MAX_PRICE_YEARS:
        issues.append(Issue.of("/parameters/price_base_year", PRICE_YEARS, limit=MAX_PRICE_YEARS))
        return issues
    issues.extend(_ranges(study, params, municipality))
    return issues
