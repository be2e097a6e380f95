"""Allocation inputs from the domain model (:mod:`sozialraum.model`).

:func:`space_inputs` turns the social spaces of a municipality into
:class:`~sozialraum.budget.rules.SpaceInput` values: the residents (``population``,
``u18``, ``u21``, ``u27`` where the age bands allow an exact count) and every indicator of
the space. Indicators with decimals (``18,4 %``) are scaled to whole numbers by the same
power of ten in every space (``184``); shares, rates and relative deviations do not change
under such a scaling, so the allocation is the same.

:func:`provider_inputs` counts, per provider and space, the helps running in a period
(``helps``) and their cost plus the provider's recorded work in cents (``cost``): the bases
of a split by market share (Celle: the shares of the base years).

>>> from sozialraum.data import load_sample
>>> sample = load_sample()
>>> nord = space_inputs(sample.municipality)[0]
>>> nord.space_id, nord.value("u18"), nord.value("sgb2_quota_under_15")
('S-NORD', 2930, 184)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..errors import ValidationError
from ..model import Case, CaseIndependentWork, Municipality
from ..money import Money
from ..periods import Period
from .monitoring import help_cost, work_cost
from .rules import IndicatorValue, ProviderInput, SpaceInput

__all__ = ["provider_inputs", "space_inputs"]


def space_inputs(
    municipality: Municipality,
    *,
    previous: Mapping[str, Money] | None = None,
    ages: Sequence[int] = (18, 21, 27),
) -> tuple[SpaceInput, ...]:
    """One :class:`SpaceInput` per social space, in the municipality's order.

    :param previous: last period's allocation per space id (for corridors).
    :param ages: the ``u<age>`` counts to derive from the age bands where exact.
    """
    places: dict[str, int] = {}
    for space in municipality.social_spaces:
        for ind in space.indicators:
            exponent = ind.value.as_tuple().exponent
            decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            places[ind.name] = max(places.get(ind.name, 0), decimals)
    result = []
    for space in municipality.social_spaces:
        values = [IndicatorValue(name="population", value=space.total_population)]
        for age in ages:
            try:
                values.append(IndicatorValue(name=f"u{age}", value=space.residents_under(age)))
            except ValidationError:
                continue  # the bands do not give this age exactly
        for ind in space.indicators:
            scaled = ind.value.scaleb(places[ind.name])
            values.append(IndicatorValue(name=ind.name, value=int(scaled)))
        result.append(
            SpaceInput(
                space_id=space.id,
                indicators=tuple(values),
                previous_amount=(previous or {}).get(space.id),
            )
        )
    return tuple(result)


def provider_inputs(
    cases: Iterable[Case],
    works: Iterable[CaseIndependentWork] = (),
    *,
    period: Period,
) -> tuple[ProviderInput, ...]:
    """Per (provider, space): ``helps`` running in ``period`` and ``cost`` in cents.

    >>> from datetime import date
    >>> from sozialraum.data import load_sample
    >>> s = load_sample()
    >>> inputs = provider_inputs(s.cases, s.work, period=Period.year(2024))
    >>> [(p.provider_id, p.space_id) for p in inputs][:2]
    [('T-AWO', 'S-SUED'), ('T-AWO', 'S-WEST')]
    """
    counts: dict[tuple[str, str], list[int]] = {}
    for case in cases:
        for h in case.helps:
            if h.period.intersection(period) is None:
                continue
            entry = counts.setdefault((h.provider_id, case.space_id), [0, 0])
            entry[0] += 1
            entry[1] += help_cost(h, period).cents
    for w in works:
        if w.provider_id is None:
            continue
        entry = counts.setdefault((w.provider_id, w.space_id), [0, 0])
        entry[1] += work_cost(w, period).cents
    return tuple(
        ProviderInput(
            provider_id=provider,
            space_id=space,
            indicators=(
                IndicatorValue(name="helps", value=n),
                IndicatorValue(name="cost", value=cents),
            ),
        )
        for (provider, space), (n, cents) in sorted(counts.items())
    )
