"""The allocation pipeline, part 2: work types, providers, ties, dated rules, explanations."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest
from tests.budget.builders import ABC, U18, M, spaces

from sozialraum.budget import (
    BaseAmount,
    Floor,
    IndicatorValue,
    OverloadQuota,
    ProviderInput,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    SavingsCarryOver,
    TiePolicy,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    bounded_targets,
)
from sozialraum.errors import AllocationError, OutOfRangeError, TieError, ValidationError
from sozialraum.money import Money
from sozialraum.periods import Dated

WORK = WorkTypeSplit(
    name="Arbeitsformen",
    shares=(
        WorkTypeShare(work_type="case_specific", share=Ratio.percent(80)),
        WorkTypeShare(work_type="case_independent", share=Ratio.percent(20)),
    ),
)


def test_work_types_and_providers() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        work_types=WORK,
        providers=(
            ProviderSplit(
                name="Falldaten",
                work_types=("case_independent",),
                indicator="cases",
            ),
            ProviderSplit(
                name="Vertrag",
                shares=(
                    ProviderShare(provider_id="T1", share=Ratio(numerator=2, denominator=3)),
                    ProviderShare(provider_id="T2", share=Ratio(numerator=1, denominator=3)),
                ),
            ),
        ),
    )
    providers = [
        ProviderInput(
            provider_id="T1", space_id="A", indicators=(IndicatorValue(name="cases", value=3),)
        ),
        ProviderInput(
            provider_id="T2", space_id="A", indicators=(IndicatorValue(name="cases", value=1),)
        ),
    ]
    result = allocate(M("10000.01"), spaces(("A", 1)), rules, providers=providers)
    assert result.amount("A", work_type="case_specific") == M("8000.01")
    assert result.amount("A", work_type="case_specific", provider_id="T1") == M("5333.34")
    assert result.amount("A", work_type="case_specific", provider_id="T2") == M("2666.67")
    assert result.amount("A", work_type="case_independent", provider_id="T1") == M("1500.00")
    assert result.amount("A", work_type="case_independent", provider_id="T2") == M("500.00")
    assert result.by_provider() == {"T1": M("6833.34"), "T2": M("3166.67")}
    assert result.by_work_type() == {"case_specific": M("8000.01"), "case_independent": M("2000")}
    text = result.explain("A")
    assert "case_specific / T1: 5.333,34 €" in text
    assert "Falldaten" in text


def test_money_without_a_provider_split_stays_with_the_space() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        providers=(
            ProviderSplit(
                space_ids=("A",),
                shares=(ProviderShare(provider_id="T1", share=Ratio(numerator=1)),),
            ),
        ),
    )
    result = allocate(M("100"), spaces(("A", 1), ("B", 1)), rules)
    assert result.by_provider() == {"T1": M("50"), None: M("50")}


@pytest.mark.parametrize(
    ("split", "code"),
    [
        (
            WorkTypeSplit(
                shares=(
                    WorkTypeShare(work_type="case_specific", share=Ratio.percent(90)),
                    WorkTypeShare(work_type="case_independent", share=Ratio.percent(20)),
                )
            ),
            "shares.sum",
        ),
        (
            WorkTypeSplit(
                shares=(WorkTypeShare(work_type="case_specific", share=Ratio.percent(100)),)
            ),
            "work_types.case_independent_missing",
        ),
        (
            WorkTypeSplit(
                shares=(
                    WorkTypeShare(work_type="case_independent", share=Ratio.percent(50)),
                    WorkTypeShare(work_type="case_independent", share=Ratio.percent(50)),
                )
            ),
            "keys.duplicate",
        ),
    ],
)
def test_work_type_split_errors(split: WorkTypeSplit, code: str) -> None:
    with pytest.raises(AllocationError) as info:
        allocate(M("100"), ABC, RuleSet(name="r", need=U18, work_types=split))
    assert (info.value.rule, info.value.code) == ("work_types", code)


def test_work_type_split_without_case_independent_when_allowed() -> None:
    split = WorkTypeSplit(
        shares=(WorkTypeShare(work_type="case_specific", share=Ratio.percent(100)),),
        require_case_independent=False,
    )
    result = allocate(M("100"), ABC, RuleSet(name="r", need=U18, work_types=split))
    assert result.by_work_type() == {"case_specific": M("100")}


@pytest.mark.parametrize(
    ("split", "providers", "code"),
    [
        (
            ProviderSplit(shares=(ProviderShare(provider_id="T", share=Ratio.percent(90)),)),
            [],
            "shares.sum",
        ),
        (
            ProviderSplit(
                shares=(
                    ProviderShare(provider_id="T", share=Ratio.percent(50)),
                    ProviderShare(provider_id="T", share=Ratio.percent(50)),
                )
            ),
            [],
            "keys.duplicate",
        ),
        (ProviderSplit(indicator="cases"), [], "indicator.all_zero"),
        (
            ProviderSplit(indicator="cases"),
            [ProviderInput(provider_id="T", space_id="A")],
            "indicator.missing",
        ),
        (
            ProviderSplit(indicator="cases"),
            [
                ProviderInput(
                    provider_id="T",
                    space_id="A",
                    indicators=(IndicatorValue(name="cases", value=-1),),
                )
            ],
            "indicator.negative",
        ),
    ],
)
def test_provider_split_errors(
    split: ProviderSplit, providers: list[ProviderInput], code: str
) -> None:
    with pytest.raises(AllocationError) as info:
        allocate(
            M("100"),
            spaces(("A", 1)),
            RuleSet(name="r", need=U18, providers=(split,)),
            providers=providers,
        )
    assert (info.value.rule, info.value.code) == ("providers", code)


def test_provider_split_needs_exactly_one_basis() -> None:
    with pytest.raises(ValidationError):
        ProviderSplit()
    with pytest.raises(ValidationError):
        ProviderSplit(
            indicator="x", shares=(ProviderShare(provider_id="T", share=Ratio(numerator=1)),)
        )


# -- ties, dates, totals --------------------------------------------------------------------


def test_exact_tie_between_spaces_raises_by_default() -> None:
    with pytest.raises(TieError) as info:
        allocate(M("0.01"), spaces(("A", 1), ("B", 1)), RuleSet(name="r", need=U18))
    assert (info.value.rule, info.value.code) == ("rounding", "tie.exact")


def test_tie_by_lot_is_recorded_and_explained() -> None:
    rules = RuleSet(name="r", need=U18, ties=TiePolicy.lot(seed=2025))
    result = allocate(M("0.01"), spaces(("A", 1), ("B", 1)), rules)
    assert result.ties[0].seed == 2025
    assert "by lot (random.Random(2025))" in result.explain()
    assert result.explain_data()["ties"][0]["seed"] == 2025


def test_zero_budget() -> None:
    result = allocate(M("0"), ABC, RuleSet(name="r", need=U18, work_types=WORK))
    assert all(c.amount == Money.zero() for c in result.cells)
    assert len(result.cells) == 6


def test_negative_total_and_duplicate_spaces() -> None:
    with pytest.raises(AllocationError) as info:
        allocate(M("-1"), ABC, RuleSet(name="r", need=U18))
    assert info.value.code == "total.negative"
    with pytest.raises(AllocationError) as info:
        allocate(M("1"), spaces(("A", 1), ("A", 2)), RuleSet(name="r", need=U18))
    assert info.value.code == "space.duplicate"


def test_dated_rule_sets_pick_the_budget_year() -> None:
    old = RuleSet(name="2024", need=U18)
    new = RuleSet(name="2025", need=U18, floors=(Floor(amount=M("2000")),), reference="JHA 12/2024")
    rules = Dated.of(
        "Sozialraumbudget",
        {date(2024, 1, 1): old, date(2025, 1, 1): new},
        references={date(2024, 1, 1): "JHA-Beschluss 7/2023"},
    )
    r2024 = allocate(M("10000"), ABC, rules, on=date(2024, 12, 31))
    r2025 = allocate(M("10000"), ABC, rules, on=date(2025, 1, 1))
    assert (r2024.rule_set, r2024.valid_from, r2024.reference) == (
        "2024",
        date(2024, 1, 1),
        "JHA-Beschluss 7/2023",
    )
    assert (r2025.rule_set, r2025.reference) == ("2025", "JHA 12/2024")
    assert r2025.amount("C") == M("2000")
    assert "valid from 2025-01-01" in r2025.explain()
    with pytest.raises(OutOfRangeError):
        allocate(M("1"), ABC, rules, on=date(2023, 12, 31))
    with pytest.raises(AllocationError) as info:
        allocate(M("1"), ABC, rules)
    assert info.value.code == "rules.date_missing"


def test_contract_terms_are_carried_to_the_result() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        overload=OverloadQuota(share=Ratio.percent(10)),
        carry_over=SavingsCarryOver(share=Ratio.percent(50)),
    )
    result = allocate(M("1"), spaces(("A", 1)), rules)
    assert result.overload == Ratio.percent(10)
    assert result.carry_over == Ratio.percent(50)


# -- explanation ----------------------------------------------------------------------------


def test_explain_text_and_data_agree() -> None:
    rules = RuleSet(
        name="Musterstadt 2025",
        need=U18,
        base_amounts=(BaseAmount(name="Sockel", amount=M("100")),),
        floors=(Floor(name="Mindestbudget", amount=M("1500")),),
        work_types=WORK,
    )
    result = allocate(M("10000.01"), ABC, rules)
    text = result.explain()
    assert text.splitlines()[0] == "Allocation by rule set 'Musterstadt 2025'"
    assert "[base] Sockel: 100,00 € for each of 3 space(s)" in text
    assert "C: 1.500,00 € = base 100,00 € + need 10.0000 %" in text
    assert "raised to 1.500,00 € by 'Mindestbudget'" in text
    data = result.explain_data()
    json.dumps(data)  # JSON-ready
    assert [s["stage"] for s in data["steps"]] == [
        "need",
        "base",
        "bounds",
        "rounding",
        "work_types",
    ]
    assert data["spaces"][2]["bound"] == "lower"
    assert data["total"] == "10000.01"
    only_c = result.explain("C")
    assert "A:" not in only_c
    with pytest.raises(KeyError):
        result.space("X")


def test_explain_shows_rounding_direction() -> None:
    rules = RuleSet(name="r", need=U18, ties=TiePolicy.by_priority("A", "B", "C"))
    result = allocate(M("0.10"), ABC, rules)
    text = result.explain()
    assert "A: 0,06 € = need 60.0000 % → 0,06 €" in text
    assert "C: 0,01 € = need 10.0000 % → 0,01 €" in text
    odd = allocate(M("0.11"), ABC, rules).explain()
    assert "(exact 0,066 €, rounded up to the cent)" in odd
    assert "(exact 0,033 €, rounded down to the cent)" in odd


def test_bounded_targets_edge_cases() -> None:
    F = Fraction
    # everything fixed and already summing to the total
    t, lam = bounded_targets(10, {"a": F(10)}, {"a": F(0)}, {"a": 0}, {"a": None})
    assert t == {"a": F(10)}
    assert lam == 0
    # shares reach the total only after every cap released … never
    with pytest.raises(AllocationError):
        bounded_targets(100, {"a": F(0)}, {"a": F(1)}, {"a": 0}, {"a": 50})
    # a space starting above its cap stays at its cap
    t, _ = bounded_targets(
        100,
        {"a": F(80), "b": F(0)},
        {"a": F(1, 2), "b": F(1, 2)},
        {"a": 0, "b": 0},
        {"a": 60, "b": None},
    )
    assert t == {"a": F(60), "b": F(40)}


def test_explain_for_one_space_skips_other_steps_and_ties() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        base_amounts=(BaseAmount(name="nur C", amount=M("1"), space_ids=("C",)),),
        ties=TiePolicy.lot(3),
    )
    result = allocate(M("1.01"), spaces(("A", 1), ("B", 1), ("C", 0)), rules)
    text = result.explain("A")
    assert "nur C" not in text
    assert ("Tie:" in text) == ("A" in result.ties[0].tied)
    assert "Tie:" not in result.explain("C")


def test_explain_data_of_a_dated_allocation() -> None:
    rules = Dated.of("d", {date(2025, 1, 1): RuleSet(name="r", need=U18)})
    data = allocate(M("1"), ABC, rules, on=date(2025, 2, 1)).explain_data()
    assert data["valid_from"] == "2025-01-01"
    assert data["cells"][0] == {
        "space_id": "A",
        "work_type": None,
        "provider_id": None,
        "amount": "0.60",
    }
