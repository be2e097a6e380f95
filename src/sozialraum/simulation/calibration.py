"""Calibration: model parameters estimated from case histories.

:func:`calibrate` reads the cases opened in an observation window ``[since, as_of)`` and
estimates every parameter of :mod:`~sozialraum.simulation.parameters`:

* **referral rate** of a space: cases opened / (residents under 21 × years observed) ×
  1,000;
* **resolved share**: cases closed without any help / cases whose outcome is known (closed
  without help, or with a help); cases still open without a help are left out;
* **help-type mix** and **provider weights**: the number of helps begun, by type and by
  provider within each space;
* **durations** in whole calendar months (a part month counts as a month): ``min_months``
  is the shortest completed help; the monthly ending probability is the maximum-likelihood
  estimate of the constant-hazard model *with right censoring* — helps still running at
  ``as_of`` count with the months they have survived:
  ``p = completed / (completed + Σ months beyond the minimum, completed and running)``;
* **monthly cost** bounds: the lowest and highest monthly cost of the type;
* **follow-up share**: ended helps followed by another help of the case within 31 days /
  ended helps; **lag**: the median time from opening a case to its first help, in months.

>>> params = sample_parameters()
>>> [s.space_id for s in params.spaces]
['S-MITTE', 'S-NORD', 'S-SUED', 'S-WEST']
>>> params.lag_months
1
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..model import Case, Help, Municipality
from ..money import Money
from ..periods import add_months, months_between
from .compiled import Layout
from .engine import InitialHelp
from .parameters import (
    Elasticity,
    HelpTypeParameters,
    ModelParameters,
    PriceIncrease,
    ProviderWeight,
    SpaceParameters,
)
from .scenario import BudgetPlan, Change, Operation, Parameter, Scenario, Study

__all__ = [
    "calibrate",
    "expected_yearly_cost",
    "help_months",
    "initial_helps",
    "sample_parameters",
    "sample_study",
]

_FOUR = Decimal("0.0001")


def _dec(value: Fraction, places: Decimal = _FOUR) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        places, rounding=ROUND_HALF_UP
    )


def help_months(start: date, end: date) -> int:
    """Calendar months from ``start`` to ``end``, a part month counted as a whole one.

    >>> help_months(date(2024, 1, 1), date(2024, 4, 1)), help_months(date(2024, 1, 15),
    ...     date(2024, 2, 20))
    (3, 2)
    """
    months = months_between(start, end)
    if add_months(start, months) < end:
        months += 1
    return months


def calibrate(
    municipality: Municipality,
    cases: Iterable[Case],
    *,
    as_of: date,
    since: date | None = None,
    price_base_year: int | None = None,
    price_increases: Sequence[PriceIncrease] = (),
    elasticities: Sequence[Elasticity] = (),
) -> ModelParameters:
    """Estimate :class:`ModelParameters` from the cases opened in ``[since, as_of)``.

    :param since: the start of the observation window (default: the earliest opening).
    :param price_base_year: the year of the observed prices (default: the year before
        ``as_of``).
    """
    window_cases = [c for c in cases if c.opened < as_of and (since is None or c.opened >= since)]
    start = since or min((c.opened for c in window_cases), default=as_of)
    years = Fraction((as_of - start).days * 4, 1461) or Fraction(1)
    opened: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    helped: Counter[str] = Counter()
    by_provider: dict[str, Counter[str]] = defaultdict(Counter)
    helps_by_type: dict[str, list[Help]] = defaultdict(list)
    lags: list[int] = []
    ended = followed = 0
    for case in window_cases:
        opened[case.space_id] += 1
        helps = sorted((h for h in case.helps if h.start < as_of), key=lambda h: h.start)
        if helps:
            helped[case.space_id] += 1
            lags.append((helps[0].start - case.opened).days)
        elif case.closed is not None and case.closed <= as_of:
            resolved[case.space_id] += 1
        for i, h in enumerate(helps):
            by_provider[case.space_id][h.provider_id] += 1
            helps_by_type[h.help_type].append(h)
            if h.end is not None and h.end < as_of:
                ended += 1
                nxt = helps[i + 1] if i + 1 < len(helps) else None
                if nxt is not None and nxt.start <= h.end + timedelta(days=31):
                    followed += 1
    spaces = []
    for space in sorted(municipality.social_spaces, key=lambda s: s.id):
        u21 = space.residents_under(21)
        rate = Fraction(opened[space.id] * 1000) / (u21 * years) if u21 else Fraction(0)
        known = resolved[space.id] + helped[space.id]
        share = Fraction(resolved[space.id], known) if known else Fraction(0)
        spaces.append(
            SpaceParameters(
                space_id=space.id,
                referrals_per_1000=_dec(rate),
                resolved_share=_dec(share),
                providers=tuple(
                    ProviderWeight(provider_id=p, weight=Decimal(n))
                    for p, n in sorted(by_provider[space.id].items())
                ),
            )
        )
    types = [_help_type(code, hs, as_of) for code, hs in sorted(helps_by_type.items())]
    lags.sort()
    lag_days = lags[len(lags) // 2] if lags else 0
    return ModelParameters(
        price_base_year=price_base_year if price_base_year is not None else as_of.year - 1,
        spaces=tuple(spaces),
        help_types=tuple(types),
        price_increases=tuple(price_increases),
        elasticities=tuple(elasticities),
        lag_months=min(24, round(lag_days / 30.4375)),
        follow_up_share=_dec(Fraction(followed, ended)) if ended else Decimal(0),
        source=f"calibrated on {len(window_cases)} cases opened "
        f"{start.isoformat()} to {(as_of - timedelta(days=1)).isoformat()}",
    )


def _help_type(code: str, helps: list[Help], as_of: date) -> HelpTypeParameters:
    done = [help_months(h.start, h.end) for h in helps if h.end is not None and h.end <= as_of]
    done = [max(1, m) for m in done]
    running = [months_between(h.start, as_of) for h in helps if h.end is None or h.end > as_of]
    low = min(done, default=1)
    exposure = sum(m - low for m in done) + sum(max(0, m - low + 1) for m in running)
    if done:
        p = Fraction(len(done), len(done) + exposure)
        mean = low + (1 - p) / p
    else:
        mean = Fraction(low + exposure)
    costs = [h.monthly_cost.cents for h in helps]
    return HelpTypeParameters(
        help_type=code,
        weight=Decimal(len(helps)),
        min_months=low,
        mean_months=max(_dec(mean, Decimal("0.01")), Decimal(low)),
        cost_low=Money(cents=min(costs)),
        cost_high=Money(cents=max(costs)),
    )


def initial_helps(
    cases: Iterable[Case], layout: Layout, day: date
) -> tuple[tuple[InitialHelp, ...], ...]:
    """Per space of ``layout``: the helps running on ``day`` as ``(type, cell, cents)``.

    Helps of a type or provider the layout does not know are left out.
    """
    types = {code: i for i, code in enumerate(layout.help_types)}
    cells = {
        (layout.space_ids[s], layout.provider_ids[p]): i for i, (s, p) in enumerate(layout.cells)
    }
    result: list[list[InitialHelp]] = [[] for _ in layout.space_ids]
    space_index = {sid: i for i, sid in enumerate(layout.space_ids)}
    for case in cases:
        if case.space_id not in space_index:
            continue
        for h in case.helps:
            cell = cells.get((case.space_id, h.provider_id))
            if (
                h.period.contains(day)
                and h.start < day
                and h.help_type in types
                and cell is not None
            ):
                result[space_index[case.space_id]].append(
                    (types[h.help_type], cell, h.monthly_cost.cents)
                )
    return tuple(tuple(r) for r in result)


def expected_yearly_cost(params: ModelParameters, municipality: Municipality) -> Money:
    """The expected yearly spending on helps in the steady state, at base-year prices.

    Helps a year ``= Σ referrals × (1 − resolved share) / (1 − follow-up share)``, each
    costing on average ``Σ mix share × mean months × mid-range monthly cost``. A planning
    figure for a first budget (the simulation itself shows the build-up to it).

    >>> _, params, municipality = sample_study()
    >>> expected_yearly_cost(params, municipality) > Money.parse("1000000")
    True
    """
    weights = sum((Fraction(t.weight) for t in params.help_types), Fraction(0))
    per_help = sum(
        (
            Fraction(t.weight)
            / weights
            * Fraction(t.mean_months)
            * Fraction(t.cost_low.cents + t.cost_high.cents, 2)
            for t in params.help_types
        ),
        Fraction(0),
    )
    helps = Fraction(0)
    chains = 1 / (1 - Fraction(params.follow_up_share)) if params.follow_up_share < 1 else 1
    for sp in params.spaces:
        u21 = municipality.space(sp.space_id).residents_under(21)
        referrals = Fraction(sp.referrals_per_1000) * u21 / 1000
        helps += referrals * (1 - Fraction(sp.resolved_share)) * chains
    cents = helps * per_help
    return Money(cents=cents.numerator // cents.denominator)


@functools.lru_cache(maxsize=1)
def sample_parameters() -> ModelParameters:
    """The parameters calibrated on the embedded synthetic sample (cached)."""
    from ..data import load_sample
    from ..data._generate import AS_OF

    sample = load_sample()
    return calibrate(
        sample.municipality,
        sample.cases,
        as_of=AS_OF,
        price_increases=(
            PriceIncrease(
                valid_from=date(2025, 1, 1),
                rate=Decimal("0.03"),
                reference="assumption: 3 % a year (replace with local Entgelt agreements)",
            ),
        ),
    )


@functools.lru_cache(maxsize=1)
def sample_study() -> tuple[Study, ModelParameters, Municipality]:
    """The embedded default: Musterstadt 2026–2030 and two scenarios.

    The baseline budget of 2026 covers the :func:`expected_yearly_cost` of helps at 2026
    prices as its case-specific part (90 %), rounded to 10,000 €, and grows 3 % a year. The
    scenario *prevention* moves ten points of each space's budget to case-independent work
    and assumes that this resolves five more referrals in a hundred without formal help
    (an assumption to vary, not a finding).
    """
    from ..data import load_sample

    sample = load_sample()
    params = sample_parameters()
    cost = Fraction(expected_yearly_cost(params, sample.municipality).cents)
    cost *= params.price_index(2026) / Fraction(9, 10)
    total = Money(cents=round(cost / 1_000_000) * 1_000_000)
    study = Study(
        name="Musterstadt (synthetic)",
        description="the embedded sample and default scenario",
        start_year=2026,
        years=5,
        budget=BudgetPlan(total=total, growth=Decimal("0.03")),
        scenarios=(
            Scenario(
                name="prevention",
                description="ten points of the budget moved to case-independent work; "
                "assumed: 5 % more referrals resolved without formal help",
                changes=(
                    Change(
                        parameter=Parameter.CASE_INDEPENDENT_SHARE,
                        operation=Operation.ADD,
                        value=Decimal("0.10"),
                    ),
                    Change(
                        parameter=Parameter.RESOLVED_SHARE,
                        operation=Operation.ADD,
                        value=Decimal("0.05"),
                    ),
                ),
            ),
        ),
    )
    return study, params, sample.municipality
