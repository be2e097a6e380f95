"""Allocation rules as data: frozen, serialisable values, composed into a :class:`RuleSet`.

Every rule has a ``name`` (errors and explanations cite it). Each kind of rule has a slot
of its own (``floors``, ``caps``, ``corridors`` …), so a rule set is plain nested data with
no tagged unions: a JSON document reads like the rule set it describes. Money is
:class:`~sozialraum.money.Money`, shares and factors are exact
:class:`~sozialraum.budget.ratio.Ratio` values, indicator values are whole counts.

The stages of a rule set, in the order :func:`~sozialraum.budget.pipeline.allocate` runs
them: exclusions → smoothing → need shares → base amounts → floors, caps and corridors →
rounding to cents → work-type split → provider split. Overload quota and savings
carry-over are contract terms used by monitoring.

>>> from sozialraum.money import Money
>>> rules = RuleSet(
...     name="Musterstadt 2025",
...     need=NeedRule(indicator_shares=(IndicatorShare(indicators=(
...         WeightedIndicator(indicator="u18"),)),)),
...     floors=(Floor(name="Mindestbudget", amount=Money.parse("50000")),),
... )
>>> rules.floors[0].name
'Mindestbudget'
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from .. import messages
from ..errors import ValidationError
from ..money import Money
from .ratio import Ratio
from .ties import TiePolicy

__all__ = [
    "Average",
    "BaseAmount",
    "BaseShare",
    "Cap",
    "Corridor",
    "EqualWeightIndex",
    "Exclusion",
    "Floor",
    "IndicatorMode",
    "IndicatorShare",
    "IndicatorValue",
    "NeedComponent",
    "NeedRule",
    "OverloadQuota",
    "PressureCorrectedShare",
    "ProviderInput",
    "ProviderShare",
    "ProviderSplit",
    "RuleSet",
    "SavingsCarryOver",
    "Smoothing",
    "SmoothingMode",
    "SpaceInput",
    "WeightedIndicator",
    "WorkTypeShare",
    "WorkTypeSplit",
]

messages.define("string.empty", "must not be empty")
messages.define("indicator.duplicate", "names must be unique")
messages.define("rule.rate_without_per", "a rate needs 'per'")
messages.define("rule.empty", "a need rule needs at least one component")
messages.define("rule.periods", "periods must be at least 1")
messages.define("rule.amount_and_share", "give either an amount or a share, not both")
messages.define("rule.provider_basis", "give either contract shares or an indicator")


_ONE = Ratio(numerator=1)
_QUARTER = Ratio(numerator=1, denominator=4)
_RAISE = TiePolicy()


def _non_empty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError.single(f"/{attribute.name}", "string.empty")


def _unique_names(
    _instance: object,
    attribute: attrs.Attribute[tuple[IndicatorValue, ...]],
    value: tuple[IndicatorValue, ...],
) -> None:
    seen: set[str] = set()
    for i, ind in enumerate(value):
        if ind.name in seen:
            raise ValidationError.single(f"/{attribute.name}/{i}/name", "indicator.duplicate")
        seen.add(ind.name)


# -- inputs -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class IndicatorValue:
    """A whole-number indicator of a space or provider (a count: residents under 18, SGB II
    recipients, cases …). Rates are given as two counts (numerator and denominator).

    :param previous: the values of earlier periods, most recent first (for smoothing).
    """

    name: str = attrs.field(validator=_non_empty)
    value: int
    previous: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class SpaceInput:
    """What the allocation needs to know about one social space.

    :param previous_amount: last period's allocation, for corridors.

    >>> SpaceInput(space_id="S1", indicators=(IndicatorValue(name="u18", value=2000),)).value("u18")
    2000
    """

    space_id: str = attrs.field(validator=_non_empty)
    indicators: tuple[IndicatorValue, ...] = attrs.field(default=(), validator=_unique_names)
    previous_amount: Money | None = None

    def indicator(self, name: str) -> IndicatorValue | None:
        """The indicator called ``name``, or ``None``."""
        for ind in self.indicators:
            if ind.name == name:
                return ind
        return None

    def value(self, name: str) -> int | None:
        """The current value of indicator ``name``, or ``None``."""
        ind = self.indicator(name)
        return None if ind is None else ind.value


@attrs.frozen(kw_only=True)
class ProviderInput:
    """A provider working in a space, with indicators for an indicator-based split."""

    provider_id: str = attrs.field(validator=_non_empty)
    space_id: str = attrs.field(validator=_non_empty)
    indicators: tuple[IndicatorValue, ...] = attrs.field(default=(), validator=_unique_names)

    def value(self, name: str) -> int | None:
        """The current value of indicator ``name``, or ``None``."""
        for ind in self.indicators:
            if ind.name == name:
                return ind.value
        return None


# -- need ---------------------------------------------------------------------------------


class Average(StrEnum):
    """The average a problem-pressure quota is compared with."""

    #: Σ pressure / Σ per (for a given rate: the mean weighted by the base).
    OVERALL = "overall"
    #: the plain mean of the spaces' quotas.
    MEAN = "mean"


class SmoothingMode(StrEnum):
    """How :class:`Smoothing` combines the last periods."""

    MAX = "max"
    MEAN = "mean"


class IndicatorMode(StrEnum):
    """How an indicator turns into a share of the spaces."""

    #: share of the total count (a space with twice the children gets twice the share).
    COUNT = "count"
    #: share of the sum of rates ``value / per`` (spaces count equally, whatever their size).
    RATE = "rate"


@attrs.frozen(kw_only=True)
class WeightedIndicator:
    """One indicator with its weight; ``per`` names the denominator of a rate."""

    indicator: str = attrs.field(validator=_non_empty)
    weight: Ratio = _ONE
    mode: IndicatorMode = attrs.field(default=IndicatorMode.COUNT, converter=IndicatorMode)
    per: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.mode is IndicatorMode.RATE and self.per is None:
            raise ValidationError.single("/per", "rule.rate_without_per")


@attrs.frozen(kw_only=True)
class IndicatorShare:
    """Need shares from weighted indicators: ``Σ_k w_k · share_k / Σ_k w_k``."""

    name: str = "indicators"
    weight: Ratio = _ONE
    indicators: tuple[WeightedIndicator, ...]


@attrs.frozen(kw_only=True)
class EqualWeightIndex:
    """An equal-weight composite index: the mean of the count shares of the indicators
    (the Hamburg-Nord *Jugendeinwohnerwert*: four indices at 25 % each, domain brief 3.3a)."""

    name: str = "equal_weight_index"
    weight: Ratio = _ONE
    indicators: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PressureCorrectedShare:
    """A base population share corrected by ``k`` × the relative deviation of a
    problem-pressure quota (the EinglMV 2022 template, domain brief 3.3b)::

        share_i ∝ base_i / Σ base · (1 + k · (q_i − q̄) / q̄),   q_i = pressure_i / per_i

    :param per: the denominator indicator of the quota (default: ``base``).
    :param pressure_is_rate: ``pressure`` already is the quota (a published percentage,
        scaled to whole numbers); then ``per`` is not used.
    :param average: ``"overall"`` (q̄ = Σ pressure / Σ per; for a given rate the mean
        weighted by ``base``) or ``"mean"`` (the plain mean of q_i).
    """

    name: str = "pressure_corrected"
    weight: Ratio = _ONE
    base: str = attrs.field(validator=_non_empty)
    pressure: str = attrs.field(validator=_non_empty)
    per: str | None = None
    pressure_is_rate: bool = False
    k: Ratio = _QUARTER
    average: Average = attrs.field(default=Average.OVERALL, converter=Average)


#: A component of a :class:`NeedRule`.
NeedComponent = IndicatorShare | EqualWeightIndex | PressureCorrectedShare


@attrs.frozen(kw_only=True)
class NeedRule:
    """The need shares of the spaces: its components blended by their ``weight``.

    Components of three kinds, each in a slot of its own; :attr:`components` lists them
    all (indicator shares, then equal-weight indices, then pressure-corrected shares).
    """

    name: str = "need"
    indicator_shares: tuple[IndicatorShare, ...] = ()
    equal_weight_indices: tuple[EqualWeightIndex, ...] = ()
    pressure_corrected: tuple[PressureCorrectedShare, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.components:
            raise ValidationError.single("", "rule.empty")

    @property
    def components(self) -> tuple[NeedComponent, ...]:
        """All components, in a fixed order."""
        return (*self.indicator_shares, *self.equal_weight_indices, *self.pressure_corrected)


@attrs.frozen(kw_only=True)
class Smoothing:
    """Use the higher (``"max"``) or the mean of an indicator over the last ``periods``
    periods, current included (EinglMV's *Maximalwert* of two periods)."""

    name: str = "smoothing"
    indicator: str = attrs.field(validator=_non_empty)
    periods: int = 2
    mode: SmoothingMode = attrs.field(default=SmoothingMode.MAX, converter=SmoothingMode)

    def __attrs_post_init__(self) -> None:
        if self.periods < 1:
            raise ValidationError.single("/periods", "rule.periods")


# -- amounts, bounds ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Exclusion:
    """Money held back from the spaces (e.g. stationary help paid centrally, as in Celle).

    Give ``amount`` or ``share`` (of the total), or neither for a rule that only tells
    monitoring which helps are outside the budget: those whose help type is in
    ``help_types`` or whose setting (``ambulant``, ``semi_residential``, ``residential``,
    ``crisis``) is in ``settings``.
    """

    name: str = "exclusion"
    amount: Money | None = None
    share: Ratio | None = None
    help_types: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.amount is not None and self.share is not None:
            raise ValidationError.single("", "rule.amount_and_share")


@attrs.frozen(kw_only=True)
class BaseAmount:
    """A fixed base amount for each listed space (all spaces if ``space_ids`` is empty)."""

    name: str = "base_amount"
    amount: Money
    space_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class BaseShare:
    """A share of the distributable amount split equally between the listed spaces."""

    name: str = "base_share"
    share: Ratio
    space_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Floor:
    """No listed space gets less than ``amount``."""

    name: str = "floor"
    amount: Money
    space_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Cap:
    """No listed space gets more than ``amount``."""

    name: str = "cap"
    amount: Money
    space_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Corridor:
    """A space's amount changes by at most ``max_change`` against its previous amount
    (lower bound rounded up, upper bound rounded down to the cent). Spaces without a
    previous amount are not bound."""

    name: str = "corridor"
    max_change: Ratio
    space_ids: tuple[str, ...] = ()


# -- splits inside a space ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WorkTypeShare:
    """The share of one work type (``case_specific``, ``case_overarching``,
    ``case_independent``)."""

    work_type: str = attrs.field(validator=_non_empty)
    share: Ratio


@attrs.frozen(kw_only=True)
class WorkTypeSplit:
    """Split each space's amount between work types; the shares sum to exactly 1.

    :param require_case_independent: refuse a split without a positive
        ``case_independent`` share (Noack's definition of a Sozialraumbudget, domain 1.3).
    """

    name: str = "work_types"
    shares: tuple[WorkTypeShare, ...]
    require_case_independent: bool = True


@attrs.frozen(kw_only=True)
class ProviderShare:
    """A provider's fixed contract share."""

    provider_id: str = attrs.field(validator=_non_empty)
    share: Ratio


@attrs.frozen(kw_only=True)
class ProviderSplit:
    """Split an amount between the providers of a space: fixed contract ``shares`` (summing
    to 1) or in proportion to a provider ``indicator`` (from :class:`ProviderInput`).

    :param space_ids: the spaces it applies to (empty: all).
    :param work_types: the work types it applies to (empty: all). The first split that
        matches a (space, work type) is used; without one the money stays with the space.
    """

    name: str = "providers"
    space_ids: tuple[str, ...] = ()
    work_types: tuple[str, ...] = ()
    shares: tuple[ProviderShare, ...] = ()
    indicator: str | None = None

    def __attrs_post_init__(self) -> None:
        if bool(self.shares) == (self.indicator is not None):
            raise ValidationError.single("", "rule.provider_basis")

    def applies_to(self, space_id: str, work_type: str | None) -> bool:
        """Whether this split governs ``(space_id, work_type)``."""
        return (not self.space_ids or space_id in self.space_ids) and (
            not self.work_types or work_type in self.work_types
        )


# -- contract terms -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OverloadQuota:
    """The provider absorbs spending up to ``share`` above its budget (Hamburg-Bergedorf:
    10 %); beyond that the youth office pays, as entitlements must be met (§ 27 SGB VIII)."""

    name: str = "overload_quota"
    share: Ratio


@attrs.frozen(kw_only=True)
class SavingsCarryOver:
    """The provider keeps ``share`` of an underspend (Nordfriesland)."""

    name: str = "savings_carry_over"
    share: Ratio


# -- the rule set -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RuleSet:
    """All the rules of one budget period. Wrap it in a
    :class:`~sozialraum.periods.Dated` to give each budget year its rule set.

    The order of rules inside a slot does not matter (bases add up; the tightest bound
    wins), except for ``providers`` (the first split that matches is used) and
    ``smoothing`` (applied in order).
    """

    name: str = attrs.field(validator=_non_empty)
    need: NeedRule
    exclusions: tuple[Exclusion, ...] = ()
    smoothing: tuple[Smoothing, ...] = ()
    base_amounts: tuple[BaseAmount, ...] = ()
    base_shares: tuple[BaseShare, ...] = ()
    floors: tuple[Floor, ...] = ()
    caps: tuple[Cap, ...] = ()
    corridors: tuple[Corridor, ...] = ()
    work_types: WorkTypeSplit | None = None
    providers: tuple[ProviderSplit, ...] = ()
    overload: OverloadQuota | None = None
    carry_over: SavingsCarryOver | None = None
    ties: TiePolicy = _RAISE
    reference: str | None = None

    @property
    def bases(self) -> tuple[BaseAmount | BaseShare, ...]:
        """The base rules: amounts, then shares."""
        return (*self.base_amounts, *self.base_shares)

    @property
    def bounds(self) -> tuple[Floor | Cap | Corridor, ...]:
        """The bound rules: floors, caps, then corridors."""
        return (*self.floors, *self.caps, *self.corridors)
