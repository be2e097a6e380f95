"""A synthetic city-sized study, derived from the embedded sample (for benchmarks and tests).

:func:`city_study` builds a youth office the size of a large German city: ``spaces`` social
spaces (default 50) and ``providers`` providers (default 8), simulated for ``years`` years
(default 10), with the sample's baseline and its *prevention* scenario. Every number comes
from the calibrated sample *Musterstadt*
(:func:`~sozialraum.simulation.calibration.sample_study`):

* space ``k`` copies the age bands and indicators of sample space ``k mod 4``, its age bands
  scaled by a factor between 0.8 and 1.3 (a fixed pattern, no randomness): 50 spaces have
  about 13 times the sample's residents (some 180,000 under 21);
* its referral rate and resolved share are the sample space's, nudged by at most ±10 % and
  ±2 points by the same pattern;
* provider ``j`` is a copy of sample provider ``j mod 4`` (kind and weight); each space is
  served by two providers, ``k mod P`` and ``(k + 3) mod P``;
* help types, price increases, lag and follow-up share are the sample's; the budget covers
  the expected yearly cost of helps as the sample's does, grown 3 % a year.

No cases: the simulation starts without running helps (the first years build the stock up).

>>> study, params, municipality = city_study(spaces=6, providers=3, years=2)
>>> len(municipality.social_spaces), len(municipality.providers), study.years
(6, 3, 2)
>>> [s.name for s in study.all_scenarios()]
['baseline', 'prevention']
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from ..model import Municipality, Provider, SocialSpace
from ..money import Money
from .calibration import expected_yearly_cost, sample_study
from .parameters import ModelParameters, ProviderWeight, SpaceParameters
from .scenario import Study

__all__ = ["city_study"]

#: The fixed pattern of population factors (per mille) that varies the city's spaces.
_FACTORS = (1000, 1150, 850, 1300, 950, 1100, 800, 1250, 900, 1050, 1200)
#: Nudges of the referral rate (per mille of the sample's) and the resolved share (points).
_RATE_NUDGE = (0, 60, -40, 100, -100, 30, -70, 80)
_RESOLVED_NUDGE = ("0", "0.01", "-0.02", "0.02", "-0.01")


def city_study(
    *, spaces: int = 50, providers: int = 8, years: int = 10
) -> tuple[Study, ModelParameters, Municipality]:
    """A synthetic city: its study (baseline and *prevention*), parameters and municipality.

    :param spaces: the number of social spaces (at least 1).
    :param providers: the number of providers (at least 2).
    :param years: the simulated years, from 2026.
    :raises ValueError: for fewer than 1 space or 2 providers.
    """
    if spaces < 1 or providers < 2:
        raise ValueError("a city needs at least one space and two providers")
    base_study, base_params, base_town = sample_study()
    sample_spaces = sorted(base_town.social_spaces, key=lambda s: s.id)
    sample_providers = sorted(base_town.providers, key=lambda p: p.id)
    sample_space_params = {sp.space_id: sp for sp in base_params.spaces}
    space_ids = [f"S-{k + 1:02d}" for k in range(spaces)]
    provider_ids = [f"T-{j + 1:02d}" for j in range(providers)]
    served: dict[str, list[str]] = {p: [] for p in provider_ids}
    city_spaces, city_params = [], []
    for k, sid in enumerate(space_ids):
        model = sample_spaces[k % len(sample_spaces)]
        factor = Fraction(_FACTORS[k % len(_FACTORS)], 1000)
        bands = tuple(attrs.evolve(b, count=round(b.count * factor)) for b in model.population)
        city_spaces.append(
            SocialSpace(
                id=sid,
                name=f"Sozialraum {k + 1}",
                population=bands,
                population_date=model.population_date,
                indicators=model.indicators,
            )
        )
        sample_p = sample_space_params[model.id]
        rate = sample_p.referrals_per_1000 * (1000 + _RATE_NUDGE[k % len(_RATE_NUDGE)]) / 1000
        resolved = sample_p.resolved_share + Decimal(_RESOLVED_NUDGE[k % len(_RESOLVED_NUDGE)])
        weights = [w.weight for w in sample_p.providers]
        own = [provider_ids[k % providers], provider_ids[(k + 3) % providers]]
        if own[0] == own[1]:
            own = own[:1]
        for pid in own:
            served[pid].append(sid)
        city_params.append(
            SpaceParameters(
                space_id=sid,
                referrals_per_1000=rate.quantize(Decimal("0.0001")),
                resolved_share=min(Decimal(1), max(Decimal(0), resolved)),
                providers=tuple(
                    ProviderWeight(provider_id=pid, weight=weights[i % len(weights)])
                    for i, pid in enumerate(own)
                ),
            )
        )
    city_providers = tuple(
        Provider(
            id=pid,
            name=f"Träger {j + 1} (synthetic)",
            kind=sample_providers[j % len(sample_providers)].kind,
            serves=tuple(served[pid]),
        )
        for j, pid in enumerate(provider_ids)
    )
    municipality = Municipality(
        id="city",
        name=f"Synthetic city ({spaces} spaces)",
        social_spaces=tuple(city_spaces),
        providers=city_providers,
    )
    params = attrs.evolve(
        base_params,
        spaces=tuple(city_params),
        source=f"synthetic city of {spaces} spaces derived from the sample's calibration",
    )
    cost = Fraction(expected_yearly_cost(params, municipality).cents)
    cost *= params.price_index(2026) / Fraction(9, 10)
    total = Money(cents=round(cost / 1_000_000) * 1_000_000)
    study = attrs.evolve(
        base_study,
        name=f"Synthetic city ({spaces} spaces, {providers} providers)",
        description="a city-sized study derived from the sample (benchmarks, tests)",
        years=years,
        budget=attrs.evolve(base_study.budget, total=total),
    )
    return study, params, municipality
