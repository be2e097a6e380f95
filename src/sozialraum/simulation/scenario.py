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

import tomllib
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs

from .. import _json, messages
from ..budget.rules import RuleSet
from ..errors import Issue, ValidationError
from ..model._base import bounded, invariants
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
    "read_rule_set",
]

messages.define("file.syntax", "the file is not valid {format}")
messages.define("number.range#growth", "growth must be above -1")
messages.define("change.indicator_missing", "name the indicator")
messages.define("file.format", "a study is a .json or .toml file")
messages.define("change.method_missing", "give the method")
messages.define("change.value_missing", "this change needs a value")
messages.define("scenario.duplicate", "names are unique")
messages.define("number.not_finite", "the value must be finite")


#: Upper bounds that keep every computation finite and exact (far beyond any real budget):
#: the total budget in euros, its yearly growth, and the size of a change's value.
MAX_BUDGET = 10**12
MAX_GROWTH = 10
MAX_CHANGE = 10**12

YEARS_BEYOND = messages.define(
    "study.years_beyond", "the simulated years must end by the year 9999"
)
ONE_ALLOCATION = messages.define(
    "change.allocation_ambiguous", "give one of method, rules and rules_file"
)
ONLY_ALLOCATION = messages.define(
    "change.allocation_misplaced", "only an allocation_method change takes a rule"
)
RULES_FILE = messages.define(
    "study.rules_file_name", "a rule-set file is a relative .json or .toml path"
)
RULES_FILE_UNREAD = messages.define("study.rules_file_unread", "the rule-set file cannot be read")
RULES_FILE_NOT_LOADED = messages.define(
    "study.rules_file_not_loaded",
    "the rule-set file is read by load_study (or parse_study with base_dir)",
)


def _rules_file_problems(name: str | None) -> list[Issue]:
    if name is None:
        return []
    path = Path(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or path.suffix.lower() not in (".json", ".toml")
        or "\0" in name
    ):
        return [Issue.of("/rules_file", RULES_FILE)]
    return []


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
    #: the allocation rule between spaces (``method``, ``rules`` or ``rules_file``)
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
    :param method: a built-in allocation rule between the spaces.
    :param rules: any :class:`~sozialraum.budget.RuleSet` instead (base amounts and
        shares, floors, caps, corridors, smoothing, exclusions …); it replaces ``method``.
    :param rules_file: a rule-set file (``.json`` or ``.toml``, a ``budget_rule_set``
        record) relative to the study file; :func:`load_study` reads it into ``rules``.
    :param case_independent_share: the share of each space's budget for case-independent
        work (*fallunspezifische Arbeit*); that money is spent as planned. A rule set with
        its own ``work_types`` split uses that instead.
    """

    total: Money = bounded(0, MAX_BUDGET)
    growth: Decimal = bounded(-1, MAX_GROWTH, exclusive_minimum=True, default=Decimal(0))
    method: AllocationMethod = AllocationMethod.POPULATION
    case_independent_share: Decimal = bounded(0, 1, default=Decimal("0.1"))
    rules: RuleSet | None = None
    rules_file: str | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return _rules_file_problems(self.rules_file)

    @property
    def allocation(self) -> AllocationMethod | RuleSet:
        """The rule set if one is given, else the method."""
        return self.rules if self.rules is not None else self.method


@attrs.frozen(kw_only=True, slots=True)
class Change:
    """One change of a scenario.

    :param value: the number to set, add or multiply by (shares as ``0.05``, money in €).
    :param method: the new rule, for :attr:`Parameter.ALLOCATION_METHOD`.
    :param rules: a full rule set instead of ``method`` (see :class:`BudgetPlan`).
    :param rules_file: a rule-set file instead, relative to the study file.
    :param indicator: the indicator, for trends and elasticities.
    :param space_ids: limit to these spaces (empty: all).
    :param help_types: limit to these help types (empty: all).
    :param from_year: effective from this calendar year on (default: every year).
    """

    parameter: Parameter
    operation: Operation = Operation.SET
    value: Decimal | None = bounded(-MAX_CHANGE, MAX_CHANGE, default=None)
    method: AllocationMethod | None = None
    rules: RuleSet | None = None
    rules_file: str | None = None
    indicator: str | None = None
    space_ids: tuple[str, ...] = ()
    help_types: tuple[str, ...] = ()
    from_year: int | None = bounded(1900, 9999, default=None)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        issues.extend(_rules_file_problems(self.rules_file))
        given = [n for n in ("method", "rules", "rules_file") if getattr(self, n) is not None]
        if self.parameter is Parameter.ALLOCATION_METHOD:
            if not given:
                issues.append(Issue.of("/method", "change.method_missing"))
            elif len(given) > 1 and given != ["rules", "rules_file"]:
                issues.append(Issue.of(f"/{given[1]}", ONE_ALLOCATION))
        elif given:
            issues.append(Issue.of(f"/{given[0]}", ONLY_ALLOCATION))
        elif self.value is None:
            issues.append(Issue.of("/value", "change.value_missing"))
        needs_indicator = (Parameter.INDICATOR_TREND, Parameter.ELASTICITY)
        if self.parameter in needs_indicator and not self.indicator:
            issues.append(Issue.of("/indicator", "change.indicator_missing"))
        return issues

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

    @property
    def allocation(self) -> AllocationMethod | RuleSet | None:
        """The new allocation rule: the rule set if one is given, else the method."""
        return self.rules if self.rules is not None else self.method

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

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


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

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        names = [BASELINE]
        issues = []
        for i, s in enumerate(self.scenarios):
            if s.name in names and not (s.name == BASELINE and not s.changes and i == 0):
                issues.append(Issue.of(f"/scenarios/{i}/name", "scenario.duplicate"))
            names.append(s.name)
        if self.start_year + self.years - 1 > 9999:
            issues.append(Issue.of("/years", YEARS_BEYOND))
        return issues

    def all_scenarios(self) -> tuple[Scenario, ...]:
        """The baseline first, then the scenarios of the file."""
        rest = tuple(s for s in self.scenarios if s.name != BASELINE)
        return (Scenario(name=BASELINE, description="no changes"), *rest)

    def with_years(self, years: int) -> Study:
        """The same study over ``years`` years."""
        return attrs.evolve(self, years=years)


def parse_study(document: Any, *, base_dir: str | Path | None = None) -> Study:
    """A :class:`Study` from JSON-like data (as ``json.loads``/``tomllib`` return it).

    :param base_dir: where ``rules_file`` names are resolved; without it they stay unread
        (simulating such a study is refused with ``study.rules_file_not_loaded``).
    :raises ValidationError: listing every problem, located by JSON pointer; the problems
        of a rule-set file are located below the ``rules_file`` that names it.
    """
    from .. import schema

    study = schema.structure(document, Study)
    if base_dir is None:
        return study
    return _with_rule_files(study, Path(base_dir))


def _read_document(path: Path) -> Any:
    """The JSON or TOML document in ``path`` (``file.format``/``file.syntax`` issues; JSON
    read by the safe reader: ``json.too_deep``, ``json.duplicate_key``)."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise ValidationError.single("", "file.format")
    raw = path.read_bytes()
    try:
        if suffix == ".toml":
            text = raw.decode("utf-8")
            if _json.depth(text) > _json.MAX_DEPTH:  # tomllib recurses on nesting
                raise ValidationError.single("", "json.too_deep", limit=_json.MAX_DEPTH)
            return tomllib.loads(text)
        return _json.loads(raw, what="the file")
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, ValidationError) and not {"json.invalid", "json.encoding"} & set(
            exc.codes
        ):
            raise  # json.too_deep, json.duplicate_key
        raise ValidationError.single("", "file.syntax", format=suffix[1:].upper()) from None


def read_rule_set(path: str | Path) -> RuleSet:
    """A budget rule set (a ``budget_rule_set`` record) from a ``.json`` or ``.toml`` file.

    :raises ValidationError: for unreadable syntax and every problem of the rule set.
    """
    from .. import schema

    return schema.structure(_read_document(Path(path)), RuleSet)


def _with_rule_files(study: Study, base: Path) -> Study:
    issues: list[Issue] = []

    def load(name: str | None, pointer: str) -> RuleSet | None:
        if name is None:
            return None
        try:
            return read_rule_set(base / name)
        except OSError:
            issues.append(Issue.of(pointer, RULES_FILE_UNREAD))
        except ValidationError as exc:
            issues.extend(exc.prefixed(pointer).issues)
        return None

    budget = study.budget
    if budget.rules_file is not None and budget.rules is None:
        budget = attrs.evolve(budget, rules=load(budget.rules_file, "/budget/rules_file"))
    scenarios = []
    for i, scenario in enumerate(study.scenarios):
        changes = []
        for j, c in enumerate(scenario.changes):
            if c.rules_file is not None and c.rules is None:
                at = f"/scenarios/{i}/changes/{j}/rules_file"
                c = attrs.evolve(c, rules=load(c.rules_file, at))
            changes.append(c)
        scenarios.append(attrs.evolve(scenario, changes=tuple(changes)))
    if issues:
        raise ValidationError(issues)
    return attrs.evolve(study, budget=budget, scenarios=tuple(scenarios))


def load_study(path: str | Path) -> Study:
    """Read a study from a ``.json`` or ``.toml`` file, with the rule-set files it names
    (relative to its own folder).

    :raises ValidationError: ``file.format`` for another suffix, ``file.syntax`` for
        unreadable syntax, ``json.too_deep`` (more than 64 levels of nesting),
        ``json.duplicate_key``, and every schema problem of the document.
    """
    p = Path(path)
    return parse_study(_read_document(p), base_dir=p.parent)
