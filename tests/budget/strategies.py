"""Hypothesis strategies for budget inputs and rules.

Kept beside the budget tests while ``tests/strategies.py`` is being written by others;
meant to move there (import as ``from tests.budget import strategies as bs``).
"""

from __future__ import annotations

from hypothesis import strategies as st

from sozialraum.budget import (
    IndicatorShare,
    IndicatorValue,
    NeedRule,
    Ratio,
    SpaceInput,
    TiePolicy,
    WeightedIndicator,
)
from sozialraum.money import Money

INDICATORS = ("u18", "sgb2")

totals = st.integers(min_value=0, max_value=10**11).map(lambda c: Money(cents=c))
ratios = st.builds(Ratio, numerator=st.integers(0, 100), denominator=st.integers(1, 100))
positive_ratios = st.builds(Ratio, numerator=st.integers(1, 100), denominator=st.integers(1, 100))
seeds = st.integers(min_value=0, max_value=2**32)
lots = seeds.map(TiePolicy.lot)


@st.composite
def space_inputs(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 8, positive: bool = False
) -> list[SpaceInput]:
    """Spaces ``S0 …`` with the indicators ``u18`` and ``sgb2`` (``sgb2 <= u18``)."""
    n = draw(st.integers(min_size, max_size))
    low = 1 if positive else 0
    spaces = []
    for i in range(n):
        u18 = draw(st.integers(low, 10**6))
        sgb2 = draw(st.integers(low if u18 else 0, u18))
        spaces.append(
            SpaceInput(
                space_id=f"S{i}",
                indicators=(
                    IndicatorValue(name="u18", value=u18),
                    IndicatorValue(name="sgb2", value=sgb2),
                ),
            )
        )
    if not positive and all(s.value("u18") == 0 for s in spaces):
        spaces[0] = SpaceInput(
            space_id="S0",
            indicators=(
                IndicatorValue(name="u18", value=1),
                IndicatorValue(name="sgb2", value=0),
            ),
        )
    return spaces


def count_need(weight_u18: Ratio, weight_sgb2: Ratio) -> NeedRule:
    """Need by the counts of ``u18`` and ``sgb2`` with the given weights."""
    return NeedRule(
        indicator_shares=(
            IndicatorShare(
                indicators=(
                    WeightedIndicator(indicator="u18", weight=weight_u18),
                    WeightedIndicator(indicator="sgb2", weight=weight_sgb2),
                )
            ),
        )
    )


U18_ONLY = count_need(Ratio(numerator=1), Ratio(numerator=0))
