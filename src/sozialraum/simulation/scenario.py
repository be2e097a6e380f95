"""Scenarios as data: a baseline plus named changes, read from JSON or TOML.

A :class:`Study` is what a scenario file holds: the first simulated year, the number of
years, the budget plan of the baseline and the scenarios, each a list of :class:`Change`
values applied in order to the baseline. The baseline is always simulated (as
``"baseline"``); a scenario without changes equals it exactly, run by run.

A change names a :class:`Parameter`, an :class:`Operation` and a value, optionally limited
to some spaces or help types and effective from a year on:

>>> change = Change(parameter=Parameter.CASE_INDEPENDENT_SHARE, operation=Operation.ADD,
...                 value=Decimal("0.10"))
>>> change.apply(Decimal("0.10"))
Decimal('0.20')

Files are validated by :mod:`sozialraum.schema` (every problem reported with its JSON
pointer) and the JSON Schema of the format ships as ``simulation_study.schema.json``:

>>> study = parse_study({"name": "Demo", "start_year": 2026, "budget": {"total": "9000000"},
...     "scenarios": [{"name": "more prevention", "changes": [
...         {"parameter": "resolved_share", "operation": "add", "value": "0.05"}]}]})
>>> [s.name for s in study.all_scenarios()]
['baseline', 'more prevention']
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs

from .. import messages
from ..errors import Issue, ValidationError
from ..model._base import bounded
from ..money import Money
from .parameters import ModelParameters

__all__ = [
    "BASELINE",
    "AllocationMethod",
    "BudgetPlan",
    "Change",
    "Operation",
    "Parameter",
    "Scenario",
    "Study",
    "load_study",
    "parse_study",
]

messages.define("file.syntax", "the file is not valid {format}")
messages.define("number.range#growth", "growth must be above -1")
messages.define("change.indicator_missing", "name the indicator")
messages.define("file.format", "a study is a .json or .toml file")
messages.define("change.method_missing", "give the method")
messages.define("change.value_missing", "this change needs a value")
messages.define("scenario.duplicate", "names are unique")
messages.define("number.not_finite", "the value must be finite")


class Parameter(StrEnum):
    """What a :class:`Change` changes (stable codes used in scenario files)."""

    #: referrals per 1,000 under-21 residents a year (``space_ids`` may limit it)
    REFERRAL_RATE = "referral_rate"
    #: share of referrals resolved without formal help (``space_ids``)
    RESOLVED_SHARE = "resolved_share"
    #: probability of a follow-up help
    FOLLOW_UP_SHARE = "follow_up_share"
    #: relative frequency of help types (``help_types``)
    HELP_MIX = "help_mix"
    #: mean duration in months (``help_types``)
    MEAN_DURATION = "mean_duration"
    #: monthly cost, both bounds (``help_types``); ``value`` is a factor or an amount in €
    MONTHLY_COST = "monthly_cost"
    #: yearly price increase (from ``from_year`` on)
    PRICE_INCREASE = "price_increase"
    #: a social indicator's change per year, in its own unit (``indicator``, ``space_ids``)
    INDICATOR_TREND = "indicator_trend"
    #: the yearly growth of the under-21 population (``space_ids``)
    POPULATION_GROWTH = "population_growth"
    #: the elasticity of the referral rate to ``indicator``
    ELASTICITY = "elasticity"
    #: the total budget in € (from ``from_year`` on)
    BUDGET_TOTAL = "budget_total"
    #: the yearly growth of the total budget
    BUDGET_GROWTH = "budget_growth"
    #: the share of each space's budget for case-independent work
    CASE_INDEPENDENT_SHARE = "case_independent_share"
    #: the allocation rule between spaces (``method``)
    ALLOCATION_METHOD = "allocation_method"


class Operation(StrEnum):
    """How a change combines with the current value."""

    SET = "set"
    ADD = "add"
    MULTIPLY = "multiply"


class AllocationMethod(StrEnum):
    """Allocation rules between spaces, built on :mod:`sozialraum.budget`."""

    #: in proportion to the residents under 21
    POPULATION = "population"
    #: residents under 18, corrected by a quarter of the relative deviation of the SGB II
    #: quota of minors (the EinglMV template, domain brief 3.3b)
    PRESSURE_CORRECTED = "pressure_corrected"
    #: equal-weight index of residents under 18 and of them with SGB II, single parents
    #: and foreign nationality (the *Jugendeinwohnerwert* shape, domain brief 3.3a)
    SOCIAL_INDEX = "social_index"


@attrs.frozen(kw_only=True, slots=True)
class BudgetPlan:
    """The budget of the first simulated year and how it develops and is allocated.

    :param total: the whole *Sozialraumbudget* of the first year (helps and
        case-independent work, all spaces).
    :param growth: the yearly growth of the total (``0.02`` = 2 %).
    :param case_independent_share: the share of each space's budget for case-independent
        work (*fallunspezifische Arbeit*); that money is spent as planned.
    """

    total: Money = bounded(0)
    growth: Decimal = Decimal(0)
    method: AllocationMethod = AllocationMethod.POPULATION
    case_independent_share: Decimal = bounded(0, 1, default=Decimal("0.1"))

    def __attrs_post_init__(self) -> None:
        if not self.growth.is_finite() or self.growth <= -1:
            raise ValidationError.single("/growth", "number.range#growth")


@attrs.frozen(kw_only=True, slots=True)
class Change:
    """One change of a scenario.

    :param value: the number to set, add or multiply by (shares as ``0.05``, money in €).
    :param method: the new rule, for :attr:`Parameter.ALLOCATION_METHOD`.
    :param indicator: the indicator, for trends and elasticities.
    :param space_ids: limit to these spaces (empty: all).
    :param help_types: limit to these help types (empty: all).
    :param from_year: effective from this calendar year on (default: every year).
    """

    parameter: Parameter
    operation: Operation = Operation.SET
    value: Decimal | None = None
    method: AllocationMethod | None = None
    indicator: str | None = None
    space_ids: tuple[str, ...] = ()
    help_types: tuple[str, ...] = ()
    from_year: int | None = None

    def __attrs_post_init__(self) -> None:
        issues = []
        if self.parameter is Parameter.ALLOCATION_METHOD:
            if self.method is None:
                issues.append(Issue.of("/method", "change.method_missing"))
        elif self.value is None:
            issues.append(Issue.of("/value", "change.value_missing"))
        elif not self.value.is_finite():
            issues.append(Issue.of("/value", "number.not_finite"))
        needs_indicator = (Parameter.INDICATOR_TREND, Parameter.ELASTICITY)
        if self.parameter in needs_indicator and not self.indicator:
            issues.append(Issue.of("/indicator", "change.indicator_missing"))
        if issues:
            raise ValidationError(issues)

    def applies(self, year: int, space_id: str | None = None, help_type: str | None = None) -> bool:
        """Whether the change is in force in ``year`` for this space and help type.

        >>> Change(parameter=Parameter.REFERRAL_RATE, value=Decimal(2), from_year=2027,
        ...        space_ids=("S1",)).applies(2027, "S2")
        False
        """
        if self.from_year is not None and year < self.from_year:
            return False
        if space_id is not None and self.space_ids and space_id not in self.space_ids:
            return False
        return help_type is None or not self.help_types or help_type in self.help_types

    def apply(self, current: Decimal) -> Decimal:
        """The new value given the ``current`` one."""
        assert self.value is not None
        if self.operation is Operation.SET:
            return self.value
        if self.operation is Operation.ADD:
            return current + self.value
        return current * self.value


@attrs.frozen(kw_only=True, slots=True)
class Scenario:
    """A named list of changes to the baseline, applied in order."""

    name: str
    description: str | None = None
    changes: tuple[Change, ...] = ()


#: The name of the implicit scenario without changes.
BASELINE = "baseline"


@attrs.frozen(kw_only=True, slots=True)
class Study:
    """A scenario file: the period, the baseline budget, the scenarios to compare.

    :param start_year: the first simulated calendar year.
    :param years: how many years to simulate.
    :param parameters: the model parameters; ``None`` calibrates them on the embedded
        sample (:func:`~sozialraum.simulation.calibration.sample_parameters`).
    """

    name: str
    start_year: int = bounded(1900, 9999)
    budget: BudgetPlan
    years: int = bounded(1, 50, default=5)
    scenarios: tuple[Scenario, ...] = ()
    parameters: ModelParameters | None = None
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        names = [BASELINE]
        issues = []
        for i, s in enumerate(self.scenarios):
            if s.name in names and not (s.name == BASELINE and not s.changes and i == 0):
                issues.append(Issue.of(f"/scenarios/{i}/name", "scenario.duplicate"))
            names.append(s.name)
        if issues:
            raise ValidationError(issues)

    def all_scenarios(self) -> tuple[Scenario, ...]:
        """The baseline first, then the scenarios of the file."""
        rest = tuple(s for s in self.scenarios if s.name != BASELINE)
        return (Scenario(name=BASELINE, description="no changes"), *rest)

    def with_years(self, years: int) -> Study:
        """The same study over ``years`` years."""
        return attrs.evolve(self, years=years)


def parse_study(document: Any) -> Study:
    """A :class:`Study` from JSON-like data (as ``json.loads``/``tomllib`` return it).

    :raises ValidationError: listing every problem, located by JSON pointer.
    """
    from .. import schema

    return schema.structure(document, Study)


def load_study(path: str | Path) -> Study:
    """Read a study from a ``.json`` or ``.toml`` file.

    :raises ValidationError: ``file.format`` for another suffix or unreadable syntax, and
        every schema problem of the document.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    raw = p.read_bytes()
    try:
        if suffix == ".toml":
            document: Any = tomllib.loads(raw.decode("utf-8"))
        elif suffix == ".json":
            document = json.loads(raw.decode("utf-8-sig"))
        else:
            raise ValidationError.single("", "file.format")
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError.single("", "file.syntax", format=suffix[1:].upper()) from None
    return parse_study(document)
