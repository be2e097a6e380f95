"""Published allocation formulas as ready-made rules (domain brief 3.3), and the table
shape in which Hamburg-Nord published its *Jugendeinwohnerwert*.

* :func:`einglmv_need` — the Eingliederungsmittel-Verordnung 2022 (SGB II): half of the
  funds by the population share corrected by a quarter of the relative deviation of the
  *Grundsicherungsquote*, half by the same share corrected by a quarter of the relative
  deviation of the share of long-term recipients; :func:`einglmv_smoothing` is its
  *Maximalwert* rule (the higher of the last two periods).
* :func:`pressure_corrected_need` — the same model translated to youth welfare
  (base: residents under 18; pressure: e.g. minors receiving SGB II), a design proposal.
* :func:`jugendeinwohnerwert` — the Hamburg-Nord equal-weight index of four sub-indices at
  25 % each; :func:`share_table` lays out its published table.

>>> rule = einglmv_need()
>>> [(c.name, str(c.weight), str(c.k)) for c in rule.components]
[('Grundsicherungsquote', '1/2', '1/4'), ('Langzeitleistungsbezug', '1/2', '1/4')]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from .. import messages
from ..errors import AllocationError
from .allocation import format_share
from .ratio import Ratio
from .rules import (
    EqualWeightIndex,
    NeedRule,
    PressureCorrectedShare,
    Smoothing,
    SmoothingMode,
    SpaceInput,
)

__all__ = [
    "JEW_INDICATORS",
    "ShareRow",
    "einglmv_need",
    "einglmv_smoothing",
    "format_share_table",
    "jugendeinwohnerwert",
    "pressure_corrected_need",
    "share_table",
]

messages.define("indicator.missing#share_table", "'{space_id}' has no '{name}'")


_HALF = Ratio(numerator=1, denominator=2)
_QUARTER = Ratio(numerator=1, denominator=4)

#: The four sub-indices of the Hamburg-Nord JEW (2004): residents under 18, of them
#: foreign nationals, living with a single parent, receiving HLU (social assistance).
JEW_INDICATORS = ("u18", "u18_foreign", "u18_single_parent", "u18_hlu")


def einglmv_need(
    *,
    recipients: str = "elb",
    working_age: str = "working_age",
    long_term: str = "elb_long_term",
    k: Ratio = _QUARTER,
) -> NeedRule:
    """The EinglMV 2022 need rule (source: domain brief 3.3b, [S60]).

    :param recipients: the count of *erwerbsfähige Leistungsberechtigte* (base share).
    :param working_age: the working-age population (denominator of the quota).
    :param long_term: recipients for at least 21 of the last 24 months.
    """
    return NeedRule(
        name="EinglMV 2022",
        pressure_corrected=(
            PressureCorrectedShare(
                name="Grundsicherungsquote",
                weight=_HALF,
                base=recipients,
                pressure=recipients,
                per=working_age,
                k=k,
            ),
            PressureCorrectedShare(
                name="Langzeitleistungsbezug",
                weight=_HALF,
                base=recipients,
                pressure=long_term,
                per=recipients,
                k=k,
            ),
        ),
    )


def einglmv_smoothing(indicator: str = "bg") -> Smoothing:
    """The *Maximalwert* rule: the higher of the last two 12-month averages."""
    return Smoothing(name="Maximalwert", indicator=indicator, periods=2, mode=SmoothingMode.MAX)


def pressure_corrected_need(
    *, base: str = "u18", pressure: str = "u18_sgb2", k: Ratio = _QUARTER
) -> NeedRule:
    """Base share of ``base`` corrected by ``k`` × the relative deviation of the quota
    ``pressure / base`` (the EinglMV template for youth welfare; INFERRED, domain 3.3)."""
    return NeedRule(
        name="Problemdruck",
        pressure_corrected=(
            PressureCorrectedShare(name="Problemdruck", base=base, pressure=pressure, k=k),
        ),
    )


def jugendeinwohnerwert(indicators: Sequence[str] = JEW_INDICATORS) -> NeedRule:
    """The Hamburg-Nord *Jugendeinwohnerwert*: four indices weighted 25 % each ([S50])."""
    return NeedRule(
        name="Jugendeinwohnerwert",
        equal_weight_indices=(EqualWeightIndex(name="JEW", indicators=tuple(indicators)),),
    )


@attrs.frozen(kw_only=True)
class ShareRow:
    """One row of the Hamburg-Nord table shape (all shares exact)."""

    space_id: str
    count: int
    count_share: Fraction
    population: int
    count_per_population: Fraction
    index: int
    index_share: Fraction


def share_table(
    spaces: Sequence[SpaceInput],
    *,
    count: str = "u18",
    population: str = "population",
    index: str = "jew",
) -> tuple[ShareRow, ...]:
    """The published table: count, its share of the district, population, count per
    population, index value and index share, for each space.

    >>> from sozialraum.budget.rules import IndicatorValue
    >>> s = [SpaceInput(space_id=p, indicators=tuple(
    ...     IndicatorValue(name=n, value=v) for n, v in zip(("u18", "population", "jew"), r)))
    ...     for p, r in [("P1", (3569, 31355, 4383)), ("Rest", (30164, 200000, 43057))]]
    >>> print(format_share_table(share_table(s)))
    space     u18  % of u18  population  u18/pop %    jew  jew %
    P1       3569     10.58       31355      11.38   4383   9.24
    Rest    30164     89.42      200000      15.08  43057  90.76
    """
    rows = []

    def get(space: SpaceInput, name: str) -> int:
        value = space.value(name)
        if value is None:
            raise AllocationError(
                "share_table", "indicator.missing#share_table", space_id=space.space_id, name=name
            )
        return value

    counts = [get(s, count) for s in spaces]
    indices = [get(s, index) for s in spaces]
    count_sum, index_sum = sum(counts) or 1, sum(indices) or 1
    for space, c, i in zip(spaces, counts, indices, strict=True):
        pop = get(space, population)
        rows.append(
            ShareRow(
                space_id=space.space_id,
                count=c,
                count_share=Fraction(c, count_sum),
                population=pop,
                count_per_population=Fraction(c, pop) if pop else Fraction(0),
                index=i,
                index_share=Fraction(i, index_sum),
            )
        )
    return tuple(rows)


def format_share_table(rows: Sequence[ShareRow], *, count: str = "u18", index: str = "jew") -> str:
    """The table as aligned text, percentages to two decimals."""

    def pct(value: Fraction) -> str:
        return format_share(value, 2)[:-2]

    lines = [
        f"{'space':<6}{count:>7}{'% of ' + count:>10}{'population':>12}"
        f"{count + '/pop %':>11}{index:>7}{index + ' %':>7}"
    ]
    for r in rows:
        lines.append(
            f"{r.space_id:<6}{r.count:>7}{pct(r.count_share):>10}{r.population:>12}"
            f"{pct(r.count_per_population):>11}{r.index:>7}{pct(r.index_share):>7}"
        )
    return "\n".join(lines)
