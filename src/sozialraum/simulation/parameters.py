"""The demand and cost model: its parameters, as data, each documented.

The model describes one youth office's social spaces month by month:

1. **Referrals** (*Anfragen, Meldungen*) of a space arrive as a Poisson process with a
   yearly rate of :attr:`SpaceParameters.referrals_per_1000` per 1,000 residents under 21.
   A change of a social indicator (an *indicator trend* of a scenario) changes the rate by
   its :class:`Elasticity`: ``rate × (1 + elasticity × relative change of the indicator)``
   (KGSt: burdensome living conditions drive the use of help, domain brief 3.2; the size of
   the effect is a *parameter*, not a published figure).
2. A referral is **resolved without formal help** (through the resources of the space or
   because no need is found) with probability :attr:`SpaceParameters.resolved_share`;
   case-independent work can raise it — in a scenario, as an explicit change.
3. Otherwise a **help** begins :attr:`ModelParameters.lag_months` months later. Its type is
   drawn from the **help-type mix** (:attr:`HelpTypeParameters.weight`), its provider from the
   space's :attr:`SpaceParameters.providers` weights.
4. Its **duration** in whole months is ``min_months + G`` where ``G`` is geometric (a help
   ends each further month with a constant probability ``p``, ``mean_months = min_months +
   (1 − p) / p``). Constant hazard is what calibration can estimate from short, censored
   histories (see :mod:`~sozialraum.simulation.calibration`).
5. Its **monthly cost** is drawn uniformly in whole cents from ``[cost_low, cost_high]`` at
   the prices of :attr:`ModelParameters.price_base_year`, and rises each later year by the
   :attr:`ModelParameters.price_increases` valid on 1 January of that year (a
   :class:`~sozialraum.periods.Dated` timeline, like the yearly *Entgelt* agreements); each
   year's monthly cost is rounded half away from zero to the cent.
6. When a help ends, a **follow-up help** begins in the same month with probability
   :attr:`ModelParameters.follow_up_share` (type and provider drawn again).

A help costs its monthly cost for every month it runs (helps start and end on the first of
a month), exactly as :func:`sozialraum.budget.help_cost` counts whole months.

>>> from decimal import Decimal
>>> from sozialraum.money import Money
>>> t = HelpTypeParameters(help_type="31", weight=Decimal(22), min_months=6,
...     mean_months=Decimal("15"), cost_low=Money.parse("1400"), cost_high=Money.parse("2600"))
>>> round(t.ending_probability, 4)
0.1
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from .. import messages
from ..errors import Issue
from ..model._base import bounded, code_field, invariants
from ..money import Money
from ..periods import Dated, DatedEntry

__all__ = [
    "Elasticity",
    "HelpTypeParameters",
    "ModelParameters",
    "PriceIncrease",
    "ProviderWeight",
    "SpaceParameters",
    "geometric_log",
]

messages.define("code.unknown#help_type", "not a code of the help types")
messages.define("duration.mean_below_min", "mean must be >= min_months")
messages.define("cost.high_below_low", "cost_high must be >= cost_low")
messages.define("mix.empty", "some help type needs a weight > 0")
messages.define("id.duplicate", "ids are unique")
messages.define("id.duplicate#help_types", "help types are unique")
messages.define("dated.unsorted", "entries must be in strictly increasing date order")


#: Upper bounds of the model's numbers (they keep every computation finite and exact, and
#: are far beyond any real youth office): relative weights, durations in months, monthly
#: costs in euros, and elasticities (in both directions).
MAX_WEIGHT = 10**9
MAX_MONTHS = 600
MAX_MONTHLY_COST = 10**7
MAX_ELASTICITY = 100


@attrs.frozen(kw_only=True, slots=True)
class ProviderWeight:
    """The relative share of new helps of a space that go to one provider.

    >>> ProviderWeight(provider_id="T-CAR", weight=Decimal(3)).weight
    Decimal('3')
    """

    provider_id: str
    weight: Decimal = bounded(0, MAX_WEIGHT)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


@attrs.frozen(kw_only=True, slots=True)
class SpaceParameters:
    """The demand of one social space.

    :param referrals_per_1000: referrals per year per 1,000 residents under 21.
    :param resolved_share: the share of referrals resolved without formal help (0 to 1).
    :param providers: who takes on the space's helps, with relative weights; empty means
        every provider serving the space, equally.

    >>> SpaceParameters(space_id="S1", referrals_per_1000=Decimal("30"),
    ...                 resolved_share=Decimal("0.25")).resolved_share
    Decimal('0.25')
    """

    space_id: str
    referrals_per_1000: Decimal = bounded(0, 1000)
    resolved_share: Decimal = bounded(0, 1)
    providers: tuple[ProviderWeight, ...] = ()

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


@attrs.frozen(kw_only=True, slots=True)
class HelpTypeParameters:
    """Frequency, duration and cost of one help type (a code of the catalogue).

    :param weight: relative frequency among new helps (the help-type mix).
    :param min_months: the shortest duration in whole months (at least 1).
    :param mean_months: the mean duration in months (at least ``min_months``).
    :param cost_low: the lowest monthly cost, at base-year prices.
    :param cost_high: the highest monthly cost, at base-year prices.
    """

    help_type: str = code_field("help_types")
    weight: Decimal = bounded(0, MAX_WEIGHT)
    min_months: int = bounded(1, MAX_MONTHS, default=1)
    mean_months: Decimal = bounded(0, MAX_MONTHS)
    cost_low: Money = bounded(0, MAX_MONTHLY_COST)
    cost_high: Money = bounded(0, MAX_MONTHLY_COST)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        if self.mean_months < self.min_months:
            issues.append(Issue.of("/mean_months", "duration.mean_below_min"))
        if self.cost_high < self.cost_low:
            issues.append(Issue.of("/cost_high", "cost.high_below_low"))
        return issues

    @property
    def ending_probability(self) -> float:
        """The monthly probability ``p`` that a help past ``min_months`` ends."""
        return 1.0 / (float(self.mean_months) - self.min_months + 1.0)


@attrs.frozen(kw_only=True, slots=True)
class PriceIncrease:
    """The yearly cost increase valid for the years beginning on or after ``valid_from``.

    :param rate: e.g. ``0.03`` for 3 % a year.
    :param reference: the source (an *Entgelt* agreement, a council decision …).
    """

    valid_from: date
    rate: Decimal = bounded(0, 1)
    reference: str | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


@attrs.frozen(kw_only=True, slots=True)
class Elasticity:
    """How strongly the referral rate follows a relative change of a social indicator:
    ``rate × (1 + value × (x_t − x_0) / x_0)``."""

    indicator: str
    value: Decimal = bounded(-MAX_ELASTICITY, MAX_ELASTICITY)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


#: Documented default: 3 % a year. An assumption (no source in the domain brief); replace it
#: with the increases of the local *Entgelt* agreements.
DEFAULT_PRICE_INCREASE = Decimal("0.03")


@attrs.frozen(kw_only=True, slots=True)
class ModelParameters:
    """Every parameter of the demand and cost model of one municipality.

    :param price_base_year: the year whose prices ``cost_low``/``cost_high`` are given in.
    :param price_increases: the yearly increases, by date (at least one entry).
    :param lag_months: months from a referral to the start of its help.
    :param follow_up_share: probability that an ended help is followed by another.
    :param source: where the values come from (``"calibrated on …"``).
    """

    price_base_year: int = bounded(1900, 9999)
    spaces: tuple[SpaceParameters, ...]
    help_types: tuple[HelpTypeParameters, ...]
    price_increases: tuple[PriceIncrease, ...] = ()
    elasticities: tuple[Elasticity, ...] = ()
    lag_months: int = bounded(0, 24, default=1)
    follow_up_share: Decimal = bounded(0, 1, default=Decimal(0))
    source: str | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        seen: set[str] = set()
        for i, s in enumerate(self.spaces):
            if s.space_id in seen:
                issues.append(Issue.of(f"/spaces/{i}/space_id", "id.duplicate"))
            seen.add(s.space_id)
        types: set[str] = set()
        for i, t in enumerate(self.help_types):
            if t.help_type in types:
                issues.append(Issue.of(f"/help_types/{i}/help_type", "id.duplicate#help_types"))
            types.add(t.help_type)
        if not self.help_types or not any(t.weight > 0 for t in self.help_types):
            issues.append(Issue.of("/help_types", "mix.empty"))
        for i in range(1, len(self.price_increases)):
            if self.price_increases[i].valid_from <= self.price_increases[i - 1].valid_from:
                issues.append(Issue.of(f"/price_increases/{i}/valid_from", "dated.unsorted"))
        return issues

    def space(self, space_id: str) -> SpaceParameters:
        """The parameters of one space (:class:`LookupError` if there are none)."""
        for s in self.spaces:
            if s.space_id == space_id:
                return s
        raise LookupError(f"no parameters for space {space_id!r}")

    def price_timeline(self) -> Dated[Decimal]:
        """The price increases as a :class:`~sozialraum.periods.Dated` timeline (3 % a
        year from 1900 when none are given).

        >>> p = ModelParameters(price_base_year=2025, spaces=(), help_types=(
        ...     HelpTypeParameters(help_type="28-family", weight=Decimal(1), mean_months=Decimal(4),
        ...                        cost_low=Money.parse("200"), cost_high=Money.parse("400")),),
        ...     price_increases=(PriceIncrease(valid_from=date(2027, 1, 1), rate=Decimal("0.05")),))
        >>> p.price_index(2026), p.price_index(2028)  # +5 % in 2027 and in 2028
        (Fraction(1, 1), Fraction(441, 400))
        """
        if not self.price_increases:
            return Dated.constant("price_increase", DEFAULT_PRICE_INCREASE)
        return Dated(
            "price_increase",
            tuple(DatedEntry(p.valid_from, p.rate, p.reference) for p in self.price_increases),
        )

    def price_index(self, year: int) -> Fraction:
        """Prices of ``year`` relative to the base year (the product of the yearly increases
        valid on 1 January of each year after the base year; before the first dated entry
        prices do not rise)."""
        timeline = self.price_timeline()
        first = timeline.entries[0].valid_from
        index = Fraction(1)
        for y in range(self.price_base_year + 1, year + 1):
            day = date(y, 1, 1)
            if day >= first:
                index *= 1 + Fraction(timeline.at(day))
        return index


def geometric_log(mean_months: Decimal | float, min_months: int) -> float:
    """``log(1 − p)`` of the duration distribution (``-inf`` when every help lasts exactly
    ``min_months``), precomputed for inverse-transform sampling.

    >>> geometric_log(3, 3)
    -inf
    """
    p = 1.0 / (float(mean_months) - min_months + 1.0)
    return -math.inf if p >= 1.0 else math.log1p(-p)
