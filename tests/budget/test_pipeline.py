"""The allocation pipeline, part 1: need, bases, bounds and exclusions by example; errors
naming their rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from tests.budget.builders import ABC, U18, M, amounts, spaces

from sozialraum.budget import (
    BaseAmount,
    BaseShare,
    Cap,
    Corridor,
    EqualWeightIndex,
    Exclusion,
    Floor,
    IndicatorMode,
    IndicatorShare,
    IndicatorValue,
    NeedRule,
    PressureCorrectedShare,
    Ratio,
    RuleSet,
    Smoothing,
    SpaceInput,
    WeightedIndicator,
    allocate,
)
from sozialraum.errors import AllocationError, ValidationError
from sozialraum.money import Money


def test_need_share_by_count() -> None:
    result = allocate(M("10000"), ABC, RuleSet(name="r", need=U18))
    assert amounts(result) == {"A": "6000.00", "B": "3000.00", "C": "1000.00"}
    assert result.space("A").need_share == Fraction(3, 5)


def test_need_share_by_count_and_rate() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(
                IndicatorValue(name="u18", value=u18),
                IndicatorValue(name="sgb2", value=sgb2),
            ),
        )
        for sid, u18, sgb2 in [("A", 6000, 600), ("B", 3000, 600), ("C", 1000, 300)]
    ]
    need = NeedRule(
        indicator_shares=(
            IndicatorShare(
                indicators=(
                    WeightedIndicator(indicator="u18", weight=Ratio.percent(50)),
                    WeightedIndicator(
                        indicator="sgb2",
                        weight=Ratio.percent(50),
                        mode=IndicatorMode.RATE,
                        per="u18",
                    ),
                )
            ),
        )
    )
    result = allocate(M("6000"), data, RuleSet(name="r", need=need))
    assert amounts(result) == {"A": "2300.00", "B": "1900.00", "C": "1800.00"}


def test_base_share_then_need() -> None:
    rules = RuleSet(
        name="r", need=U18, base_shares=(BaseShare(name="Sockel", share=Ratio.percent(30)),)
    )
    result = allocate(M("10000"), ABC, rules)
    assert amounts(result) == {"A": "5200.00", "B": "3100.00", "C": "1700.00"}
    assert "Sockel" in result.explain()


def test_base_amount_for_listed_spaces() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        base_amounts=(BaseAmount(name="Insel", amount=M("1000"), space_ids=("C",)),),
    )
    result = allocate(M("10000"), ABC, rules)
    assert amounts(result) == {"A": "5400.00", "B": "2700.00", "C": "1900.00"}


def test_cap_redistributes_by_need() -> None:
    rules = RuleSet(name="r", need=U18, caps=(Cap(name="Deckel", amount=M("5000")),))
    result = allocate(M("10000"), ABC, rules)
    assert amounts(result) == {"A": "5000.00", "B": "3750.00", "C": "1250.00"}
    assert result.space("A").bound == "upper"
    assert "limited to 5.000,00 € by 'Deckel'" in result.explain("A")


def test_corridor_against_previous_year() -> None:
    data = spaces(
        ("A", 6000), ("B", 3000), ("C", 1000), previous={"A": "4000", "B": "4000", "C": "2000"}
    )
    rules = RuleSet(
        name="r", need=U18, corridors=(Corridor(name="±10 %", max_change=Ratio.percent(10)),)
    )
    result = allocate(M("10000"), data, rules)
    assert amounts(result) == {"A": "4400.00", "B": "3800.00", "C": "1800.00"}
    assert result.space("C").lower_rule == "±10 %"


def test_corridor_ignores_spaces_without_history() -> None:
    data = spaces(("A", 1), ("B", 1), previous={"A": "100"})
    rules = RuleSet(name="r", need=U18, corridors=(Corridor(max_change=Ratio.percent(5)),))
    result = allocate(M("1000"), data, rules)
    assert amounts(result) == {"A": "105.00", "B": "895.00"}


def test_floor_and_cap_conflict_names_both_rules() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        floors=(Floor(name="Boden", amount=M("600")),),
        caps=(Cap(name="Deckel", amount=M("500")),),
    )
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert info.value.code == "bounds.conflict"
    assert info.value.rule == "Boden / Deckel"


def test_floors_exceeding_the_total_name_the_floor() -> None:
    rules = RuleSet(name="r", need=U18, floors=(Floor(name="Mindestbudget", amount=M("400")),))
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert (info.value.rule, info.value.code) == ("Mindestbudget", "floors.exceed_total")


def test_caps_below_the_total_name_the_cap() -> None:
    rules = RuleSet(name="r", need=U18, caps=(Cap(name="Deckel", amount=M("300")),))
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert (info.value.rule, info.value.code) == ("Deckel", "caps.below_total")


def test_bases_exceeding_the_total() -> None:
    rules = RuleSet(name="r", need=U18, base_amounts=(BaseAmount(name="Sockel", amount=M("400")),))
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert (info.value.rule, info.value.code) == ("Sockel", "base.exceeds_total")


def test_base_and_floor_together_infeasible() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        base_amounts=(BaseAmount(name="Sockel", amount=M("800"), space_ids=("A",)),),
        floors=(Floor(name="Boden", amount=M("150"), space_ids=("B", "C")),),
    )
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert info.value.code == "bounds.infeasible"
    assert info.value.rule == "Sockel, Boden"


def test_unknown_space_in_a_rule() -> None:
    rules = RuleSet(
        name="r", need=U18, floors=(Floor(name="Boden", amount=M("1"), space_ids=("X",)),)
    )
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), ABC, rules)
    assert (info.value.rule, info.value.code) == ("Boden", "space.unknown")


@pytest.mark.parametrize(
    ("rows", "need", "code"),
    [
        ([("A", -1), ("B", 2)], U18, "indicator.negative"),
        ([("A", 0), ("B", 0)], U18, "indicator.all_zero"),
        (
            [("A", 1)],
            NeedRule(
                indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="x"),)),)
            ),
            "indicator.missing",
        ),
        (
            [("A", 1)],
            NeedRule(
                name="Bedarf",
                indicator_shares=(
                    IndicatorShare(
                        weight=Ratio(numerator=0),
                        indicators=(WeightedIndicator(indicator="u18"),),
                    ),
                ),
            ),
            "weights.all_zero",
        ),
        (
            [("A", 1)],
            NeedRule(
                indicator_shares=(
                    IndicatorShare(
                        name="Bedarf",
                        indicators=(WeightedIndicator(indicator="u18", weight=Ratio(numerator=0)),),
                    ),
                )
            ),
            "weights.all_zero",
        ),
        ([], U18, "spaces.empty"),
    ],
)
def test_conflicting_need_rules(rows: list[tuple[str, int]], need: NeedRule, code: str) -> None:
    with pytest.raises(AllocationError) as info:
        allocate(M("1000"), spaces(*rows), RuleSet(name="r", need=need))
    assert info.value.code == code
    assert info.value.rule != ""


def test_rate_with_zero_denominator() -> None:
    data = [
        SpaceInput(
            space_id="A",
            indicators=(IndicatorValue(name="n", value=1), IndicatorValue(name="pop", value=0)),
        )
    ]
    need = NeedRule(
        indicator_shares=(
            IndicatorShare(
                name="Quote",
                indicators=(WeightedIndicator(indicator="n", mode=IndicatorMode.RATE, per="pop"),),
            ),
        )
    )
    with pytest.raises(AllocationError) as info:
        allocate(M("1"), data, RuleSet(name="r", need=need))
    assert (info.value.rule, info.value.code) == ("Quote", "indicator.zero_denominator")


def test_zero_population_space_gets_no_rate_share() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(IndicatorValue(name="n", value=n), IndicatorValue(name="pop", value=p)),
        )
        for sid, n, p in [("A", 0, 0), ("B", 5, 100)]
    ]
    need = NeedRule(
        indicator_shares=(
            IndicatorShare(
                indicators=(WeightedIndicator(indicator="n", mode=IndicatorMode.RATE, per="pop"),)
            ),
        )
    )
    assert amounts(allocate(M("10"), data, RuleSet(name="r", need=need))) == {
        "A": "0.00",
        "B": "10.00",
    }


def test_equal_weight_index() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(IndicatorValue(name="x", value=x), IndicatorValue(name="y", value=y)),
        )
        for sid, x, y in [("A", 1, 3), ("B", 3, 1)]
    ]
    need = NeedRule(equal_weight_indices=(EqualWeightIndex(indicators=("x", "y")),))
    result = allocate(M("100"), data, RuleSet(name="r", need=need))
    assert amounts(result) == {"A": "50.00", "B": "50.00"}
    with pytest.raises(AllocationError) as info:
        allocate(
            M("100"),
            data,
            RuleSet(
                name="r",
                need=NeedRule(equal_weight_indices=(EqualWeightIndex(name="leer", indicators=()),)),
            ),
        )
    assert info.value.code == "rule.empty"


def test_pressure_component_with_a_too_large_k() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(IndicatorValue(name="pop", value=100), IndicatorValue(name="p", value=v)),
        )
        for sid, v in [("A", 0), ("B", 50)]
    ]
    comp = PressureCorrectedShare(name="Druck", base="pop", pressure="p", k=Ratio(numerator=2))
    with pytest.raises(AllocationError) as info:
        allocate(M("100"), data, RuleSet(name="r", need=NeedRule(pressure_corrected=(comp,))))
    assert (info.value.rule, info.value.code) == ("Druck", "pressure.negative_share")


def test_pressure_component_mean_average_and_zero_pressure() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(IndicatorValue(name="pop", value=pop), IndicatorValue(name="p", value=p)),
        )
        for sid, pop, p in [("A", 100, 10), ("B", 300, 10)]
    ]
    mean = PressureCorrectedShare(base="pop", pressure="p", average="mean")
    # quotas 1/10 and 1/30, mean 1/15 → factors 1 + ¼·½ = 9/8 and 1 − ¼·½ = 7/8
    result = allocate(M("300"), data, RuleSet(name="r", need=NeedRule(pressure_corrected=(mean,))))
    assert result.space("A").need_share == Fraction(9, 9 + 21)
    zero = [
        SpaceInput(
            space_id=s.space_id,
            indicators=(s.indicators[0], IndicatorValue(name="p", value=0)),
        )
        for s in data
    ]
    flat = allocate(M("300"), zero, RuleSet(name="r", need=NeedRule(pressure_corrected=(mean,))))
    assert amounts(flat) == {"A": "75.00", "B": "225.00"}


def test_smoothing_uses_the_higher_of_the_last_periods() -> None:
    data = [
        SpaceInput(
            space_id="A",
            indicators=(IndicatorValue(name="u18", value=5000, previous=(6000, 9000)),),
        ),
        SpaceInput(space_id="B", indicators=(IndicatorValue(name="u18", value=3000),)),
        SpaceInput(space_id="C", indicators=(IndicatorValue(name="u18", value=1000),)),
    ]
    rules = RuleSet(name="r", need=U18, smoothing=(Smoothing(name="Maximalwert", indicator="u18"),))
    result = allocate(M("10000"), data, rules)
    assert amounts(result) == {"A": "6000.00", "B": "3000.00", "C": "1000.00"}
    assert "A uses 6000 instead of 5000" in result.explain()
    mean = RuleSet(
        name="r", need=U18, smoothing=(Smoothing(indicator="u18", periods=3, mode="mean"),)
    )
    assert allocate(M("10000"), data, mean).space("A").need_share == Fraction(
        5, 8
    )  # mean 20000/3 against 4000


def test_smoothing_needs_the_indicator() -> None:
    rules = RuleSet(name="r", need=U18, smoothing=(Smoothing(name="glatt", indicator="x"),))
    with pytest.raises(AllocationError) as info:
        allocate(M("1"), ABC, rules)
    assert (info.value.rule, info.value.code) == ("glatt", "indicator.missing")
    bad = [
        SpaceInput(space_id="A", indicators=(IndicatorValue(name="u18", value=1, previous=(-1,)),))
    ]
    with pytest.raises(AllocationError) as info:
        allocate(M("1"), bad, RuleSet(name="r", need=U18, smoothing=(Smoothing(indicator="u18"),)))
    assert info.value.code == "indicator.negative"


def test_exclusions_are_held_back() -> None:
    rules = RuleSet(
        name="r",
        need=U18,
        exclusions=(
            Exclusion(name="stationär", share=Ratio(numerator=1, denominator=6)),
            Exclusion(name="Reserve", amount=M("1000")),
            Exclusion(name="nur Monitoring", settings=("residential",)),
        ),
    )
    result = allocate(M("13000"), ABC, rules)
    assert result.excluded == (
        ("stationär", M("2166.67")),
        ("Reserve", M("1000")),
        ("nur Monitoring", M("0")),
    )
    assert result.distributed == M("9833.33")
    assert sum(result.by_space().values(), Money.zero()) == result.distributed
    with pytest.raises(AllocationError) as info:
        allocate(
            M("10"),
            ABC,
            RuleSet(name="r", need=U18, exclusions=(Exclusion(name="x", amount=M("11")),)),
        )
    assert (info.value.rule, info.value.code) == ("x", "exclusion.exceeds_total")
    with pytest.raises(ValidationError):
        Exclusion(amount=M("1"), share=Ratio.percent(1))


def test_wrong_types_give_allocation_errors_not_attribute_errors():
    from datetime import date as _date

    from sozialraum.errors import AllocationError

    with pytest.raises(AllocationError) as info:
        allocate(1.5, [], None, on=_date(2025, 1, 1))  # type: ignore[arg-type]
    assert info.value.code == "total.type"
    with pytest.raises(AllocationError) as info:
        allocate(Money.parse("10"), [], {"need": 1})  # type: ignore[arg-type]
    assert info.value.code == "rules.type"
