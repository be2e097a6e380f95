"""Edge cases of the fast path, each checked against the reference pipeline: provider
splits read their providers in one pass (duplicate providers, providers of unknown
spaces); only the spaces not held at a whole bound go through the rounding; equal work-type
parts of a space are split between its providers once, unless they meet a tie."""

from __future__ import annotations

from fractions import Fraction

import pytest
from tests.budget.builders import U18, M, spaces
from tests.budget.test_fast_path import check

from sozialraum.budget import (
    BaseShare,
    Floor,
    IndicatorValue,
    ProviderInput,
    ProviderSplit,
    Ratio,
    RuleSet,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
)
from sozialraum.budget.ties import TiePolicy
from sozialraum.errors import AllocationError
from sozialraum.money import Money


def _provider(provider_id: str, space_id: str, cases: int) -> ProviderInput:
    return ProviderInput(
        provider_id=provider_id,
        space_id=space_id,
        indicators=(
            IndicatorValue(name="other", value=1),
            IndicatorValue(name="cases", value=cases),
        ),
    )


@pytest.mark.parametrize("space_ids", [(), ("A",)])
def test_a_provider_listed_twice_in_a_space_is_refused(space_ids: tuple[str, ...]) -> None:
    rules = RuleSet(
        name="r", need=U18, providers=(ProviderSplit(indicator="cases", space_ids=space_ids),)
    )
    providers = [_provider("T", "A", 1), _provider("T", "A", 2)]
    with pytest.raises(AllocationError) as info:
        allocate(M("100"), spaces(("A", 1)), rules, providers=providers)
    assert (info.value.rule, info.value.code) == ("providers", "keys.duplicate")
    check(M("100"), spaces(("A", 1)), rules, providers=providers)


@pytest.mark.parametrize("space_ids", [(), ("A",)])
def test_providers_of_unknown_spaces_are_ignored(space_ids: tuple[str, ...]) -> None:
    rules = RuleSet(
        name="r", need=U18, providers=(ProviderSplit(indicator="cases", space_ids=space_ids),)
    )
    providers = [_provider("T", "X", 5), _provider("T", "A", 1), _provider("U", "A", 2)]
    result = allocate(M("100"), spaces(("A", 1)), rules, providers=providers)
    assert {c.provider_id: str(c.amount) for c in result.cells if c.space_id == "A"} == {
        "T": "33.33",
        "U": "66.67",
    }
    check(M("100"), spaces(("A", 1)), rules, providers=providers)


def test_a_fractional_target_held_without_a_need_share_is_rounded_with_the_others() -> None:
    # B and D have no need share: their targets are their (fractional) base amounts
    rules = RuleSet(
        name="r",
        need=U18,
        base_shares=(BaseShare(name="Sockel", share=Ratio.percent(10)),),
        floors=(Floor(name="Mindestbudget", amount=M("0.10"), space_ids=("C",)),),
        ties=TiePolicy.lot(seed=3),
    )
    rows = spaces(("A", 3), ("B", 0), ("C", 0), ("D", 0), ("E", 1))
    result = allocate(M("10.01"), rows, rules)
    assert sum(c.cents for c in result.cells) == 1001
    assert [s.target for s in result.spaces][1] == Fraction(1001, 50)
    check(M("10.01"), rows, rules)


@pytest.mark.parametrize(("total", "ties"), [(M("2.02"), 2), (M("3.00"), 0)])
def test_equal_work_type_parts_are_split_alike_and_each_tie_is_recorded(
    total: Money, ties: int
) -> None:
    half = Ratio.percent(50)
    rules = RuleSet(
        name="r",
        need=U18,
        work_types=WorkTypeSplit(
            shares=(
                WorkTypeShare(work_type="case_specific", share=half),
                WorkTypeShare(work_type="case_independent", share=half),
            )
        ),
        providers=(ProviderSplit(indicator="cases"),),
        ties=TiePolicy.lot(seed=1),
    )
    cases = 1 if ties else 2
    providers = [_provider("T", "A", 1), _provider("U", "A", cases)]
    result = allocate(total, spaces(("A", 1)), rules, providers=providers)
    assert len(result.ties) == ties
    parts = [
        [c.cents for c in result.cells if c.work_type == w]
        for w in ("case_specific", "case_independent")
    ]
    assert parts[0] == parts[1]
    check(total, spaces(("A", 1)), rules, providers=providers)
