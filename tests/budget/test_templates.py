"""Worked examples from published formulas (domain brief 3.3) and serialisation of rules."""

from __future__ import annotations

from fractions import Fraction

import cattrs
import pytest

from sozialraum.budget import (
    BaseShare,
    Corridor,
    Exclusion,
    Floor,
    IndicatorValue,
    OverloadQuota,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    SavingsCarryOver,
    SpaceInput,
    TiePolicy,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    apportion,
    einglmv_need,
    einglmv_smoothing,
    jugendeinwohnerwert,
    pressure_corrected_need,
    share_table,
)
from sozialraum.budget.templates import JEW_INDICATORS, format_share_table
from sozialraum.errors import AllocationError, ValidationError
from sozialraum.money import Money

# Hamburg-Nord, Jugendeinwohnerwert 2004 [S50]: the five published rows and, derived from
# them (domain brief 3.3a), the rest of the district (u18 33,733 and JEW 47,440 in total).
HAMBURG_NORD = [
    # Planungsraum, u18, population, JEW
    ("P1", 3_569, 31_355, 4_383),
    ("P2", 2_938, 20_836, 4_598),
    ("P3", 5_375, 48_610, 6_387),
    ("P4", 2_286, 23_956, 2_286),
    ("P5", 8_612, 85_129, 9_231),
]
REST = ("Rest", 33_733 - 22_780, 150_000, 47_440 - 26_885)
# published columns: u18 % of the district, u18 / population %, JEW %
PUBLISHED = {
    "P1": ("10.58", "11.38", "9.24"),
    "P2": ("8.71", "14.10", "9.69"),
    "P3": ("15.93", "11.06", "13.46"),
    "P4": ("6.78", "9.54", "4.82"),
    "P5": ("25.53", "10.12", "19.46"),
}


def hamburg_nord() -> list[SpaceInput]:
    return [
        SpaceInput(
            space_id=pr,
            indicators=(
                IndicatorValue(name="u18", value=u18),
                IndicatorValue(name="population", value=pop),
                IndicatorValue(name="jew", value=jew),
            ),
        )
        for pr, u18, pop, jew in [*HAMBURG_NORD, REST]
    ]


def test_hamburg_nord_table_shape_reproduces_the_published_columns() -> None:
    assert sum(r[1] for r in HAMBURG_NORD) == 22_780
    rows = share_table(hamburg_nord())
    table = format_share_table(rows)
    assert table.splitlines()[0].split() == [
        "space",
        "u18",
        "%",
        "of",
        "u18",
        "population",
        "u18/pop",
        "%",
        "jew",
        "jew",
        "%",
    ]
    for line in table.splitlines()[1:6]:
        cells = line.split()
        assert (cells[2], cells[4], cells[6]) == PUBLISHED[cells[0]]


def test_hamburg_nord_allocation_by_jew_matches_the_published_shares() -> None:
    # 100.00 € split by the JEW in cents gives the JEW share in basis points.
    from sozialraum.budget import EqualWeightIndex, NeedRule

    rules = RuleSet(
        name="JEW", need=NeedRule(equal_weight_indices=(EqualWeightIndex(indicators=("jew",)),))
    )
    result = allocate(Money.parse("100.00"), hamburg_nord(), rules)
    for pr, (_, _, jew_pct) in PUBLISHED.items():
        assert str(result.amount(pr)) == jew_pct


def test_jugendeinwohnerwert_weights_four_indices_equally() -> None:
    # Two spaces; A has all the children of single parents, B all the rest.
    rows = {
        "A": {"u18": 100, "u18_foreign": 100, "u18_single_parent": 100, "u18_hlu": 100},
        "B": {"u18": 300, "u18_foreign": 100, "u18_single_parent": 0, "u18_hlu": 100},
    }
    data = [
        SpaceInput(
            space_id=sid,
            indicators=tuple(IndicatorValue(name=n, value=v) for n, v in values.items()),
        )
        for sid, values in rows.items()
    ]
    rule = jugendeinwohnerwert()
    assert rule.components[0].indicators == JEW_INDICATORS  # type: ignore[union-attr]
    result = allocate(Money.parse("1000"), data, RuleSet(name="JEW", need=rule))
    # A: (1/4 + 1/2 + 1 + 1/2) / 4 = 9/16
    assert result.space("A").need_share == Fraction(9, 16)
    assert result.amount("A") == Money.parse("562.50")


def test_einglmv_template_by_hand() -> None:
    rows = [
        # id, eLb, working-age population, long-term recipients
        ("A", 1000, 10_000, 500),
        ("B", 2000, 10_000, 800),
        ("C", 1000, 20_000, 700),
    ]
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(
                IndicatorValue(name="elb", value=elb),
                IndicatorValue(name="working_age", value=wa),
                IndicatorValue(name="elb_long_term", value=lt),
            ),
        )
        for sid, elb, wa, lt in rows
    ]
    result = allocate(Money.parse("1000000"), data, RuleSet(name="EinglMV", need=einglmv_need()))
    # first half: factors 1, 1.25, 0.875 → 8/35, 20/35, 7/35
    # second half: factors 1, 0.95, 1.1 → 1/4, 19/40, 11/40
    assert [result.space(s).need_share for s in "ABC"] == [
        Fraction(134, 560),
        Fraction(293, 560),
        Fraction(133, 560),
    ]
    assert {k: str(v) for k, v in result.by_space().items()} == {
        "A": "239285.71",
        "B": "523214.29",
        "C": "237500.00",
    }
    components = {step.rule: dict(step.values) for step in result.steps if step.stage == "need"}
    assert components["Grundsicherungsquote"]["B"] == Fraction(4, 7)
    assert components["Langzeitleistungsbezug"]["C"] == Fraction(11, 40)


def test_einglmv_maximalwert_smoothing() -> None:
    rule = einglmv_smoothing("bg")
    data = [
        SpaceInput(
            space_id="A", indicators=(IndicatorValue(name="bg", value=90, previous=(100,)),)
        ),
        SpaceInput(
            space_id="B", indicators=(IndicatorValue(name="bg", value=100, previous=(80,)),)
        ),
    ]
    from sozialraum.budget import IndicatorShare, NeedRule, WeightedIndicator

    need = NeedRule(
        indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="bg"),)),)
    )
    result = allocate(Money.parse("200"), data, RuleSet(name="r", need=need, smoothing=(rule,)))
    assert result.amount("A") == result.amount("B") == Money.parse("100")


def test_pressure_corrected_need_for_youth_welfare() -> None:
    data = [
        SpaceInput(
            space_id=sid,
            indicators=(
                IndicatorValue(name="u18", value=u18),
                IndicatorValue(name="u18_sgb2", value=sgb2),
            ),
        )
        for sid, u18, sgb2 in [("A", 1000, 100), ("B", 1000, 300)]
    ]
    result = allocate(Money.parse("100"), data, RuleSet(name="r", need=pressure_corrected_need()))
    # quotas 10 % and 30 %, overall 20 %: factors 1 ∓ 1/8
    assert result.space("A").need_share == Fraction(7, 16)


def test_share_table_needs_its_indicators() -> None:
    with pytest.raises(AllocationError) as info:
        share_table([SpaceInput(space_id="A")])
    assert info.value.code == "indicator.missing"


# -- rules are plain data -------------------------------------------------------------------


def full_rule_set() -> RuleSet:
    return RuleSet(
        name="Musterstadt 2025",
        need=einglmv_need(),
        exclusions=(
            Exclusion(name="stationär", share=Ratio.percent(20), settings=("residential",)),
        ),
        smoothing=(einglmv_smoothing("elb"),),
        base_shares=(BaseShare(share=Ratio.percent(10)),),
        floors=(Floor(amount=Money.parse("1000")),),
        corridors=(Corridor(max_change=Ratio.percent(5)),),
        work_types=WorkTypeSplit(
            shares=(
                WorkTypeShare(work_type="case_specific", share=Ratio.percent(80)),
                WorkTypeShare(work_type="case_independent", share=Ratio.percent(20)),
            )
        ),
        providers=(
            ProviderSplit(shares=(ProviderShare(provider_id="T1", share=Ratio(numerator=1)),)),
        ),
        overload=OverloadQuota(share=Ratio.percent(10)),
        carry_over=SavingsCarryOver(share=Ratio.percent(50)),
        ties=TiePolicy.lot(seed=7),
        reference="JHA-Beschluss 12/2024",
    )


def test_rule_sets_round_trip_through_plain_data() -> None:
    converter = cattrs.Converter()
    rules = full_rule_set()
    data = converter.unstructure(rules)
    assert data["corridors"][0] == {
        "name": "corridor",
        "max_change": {"numerator": 1, "denominator": 20},
        "space_ids": [],
    }
    assert converter.structure(data, RuleSet) == rules


def test_rule_sets_go_through_the_schema_door() -> None:
    import json

    from sozialraum import schema

    rules = full_rule_set()
    document = json.loads(json.dumps(schema.unstructure(rules)))
    assert schema.structure(document, RuleSet) == rules
    document["corridors"][0]["max_change"] = {"numerator": -1}
    document["floors"][0]["nme"] = "typo"
    issues = {(i.path, i.code) for i in schema.validate(document, RuleSet)}
    assert ("/corridors/0/max_change/numerator", "number.range") in issues
    assert ("/floors/0/nme", "key.unknown") in issues


def test_ratio() -> None:
    assert Ratio.parse("12,5 %") == Ratio(numerator=1, denominator=8)
    assert Ratio.parse("3/6") == Ratio.of(Fraction(1, 2))
    assert str(Ratio.percent(10)) == "1/10"
    assert str(Ratio.of(2)) == "2"
    for bad in ("-1", "1/0", "inf", "a/b", "1/2/3"):
        with pytest.raises(ValidationError):
            Ratio.parse(bad)
    with pytest.raises(ValidationError):
        Ratio(numerator=1, denominator=0)
    with pytest.raises(ValidationError):
        Ratio(numerator=True)
    with pytest.raises(ValidationError):
        Ratio.of(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Ratio.parse(1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Ratio(numerator=-1)


def test_rule_validation() -> None:
    from sozialraum.budget import IndicatorMode, NeedRule, Smoothing, WeightedIndicator

    with pytest.raises(ValidationError):
        WeightedIndicator(indicator="x", mode=IndicatorMode.RATE)
    with pytest.raises(ValidationError):
        NeedRule()
    with pytest.raises(ValidationError):
        Smoothing(indicator="x", periods=0)
    with pytest.raises(ValidationError):
        SpaceInput(space_id=" ")
    twice = (IndicatorValue(name="u18", value=1), IndicatorValue(name="u18", value=2))
    with pytest.raises(ValidationError) as info:
        SpaceInput(space_id="A", indicators=twice)
    assert info.value.issues[0].path == "/indicators/1/name"
    from sozialraum.budget import ProviderInput

    with pytest.raises(ValidationError):
        ProviderInput(provider_id="T", space_id="A", indicators=twice)
    assert SpaceInput(space_id="A").value("x") is None


def test_apportion_of_tagesgruppe_places() -> None:
    # 11 Tagesgruppe places (Celle) between four providers by market share, in seats.
    result = apportion(11, {"T1": 40, "T2": 30, "T3": 20, "T4": 10})
    assert result.as_dict() == {"T1": 5, "T2": 3, "T3": 2, "T4": 1}


def test_pressure_given_as_a_published_rate() -> None:
    from sozialraum.budget import NeedRule, PressureCorrectedShare

    data = [
        SpaceInput(
            space_id=sid,
            indicators=(
                IndicatorValue(name="u18", value=u18),
                IndicatorValue(name="quota_permille", value=q),
            ),
        )
        for sid, u18, q in [("A", 1000, 100), ("B", 1000, 300), ("C", 0, 0)]
    ]
    comp = PressureCorrectedShare(base="u18", pressure="quota_permille", pressure_is_rate=True)
    result = allocate(
        Money.parse("100"), data, RuleSet(name="r", need=NeedRule(pressure_corrected=(comp,)))
    )
    assert result.space("A").need_share == Fraction(7, 16)
    assert result.amount("C") == Money.zero()


def test_pressure_with_no_pressure_anywhere() -> None:
    from sozialraum.budget import NeedRule, PressureCorrectedShare

    data = [
        SpaceInput(
            space_id=sid,
            indicators=(
                IndicatorValue(name="u18", value=u18),
                IndicatorValue(name="p", value=0),
                IndicatorValue(name="per", value=0),
            ),
        )
        for sid, u18 in [("A", 1), ("B", 3)]
    ]
    comp = PressureCorrectedShare(base="u18", pressure="p", per="per")
    result = allocate(
        Money.parse("100"), data, RuleSet(name="r", need=NeedRule(pressure_corrected=(comp,)))
    )
    assert result.amount("B") == Money.parse("75")


def test_pressure_with_no_base_anywhere() -> None:
    from sozialraum.budget import NeedRule, PressureCorrectedShare

    data = [
        SpaceInput(
            space_id="A",
            indicators=(IndicatorValue(name="u18", value=0), IndicatorValue(name="p", value=0)),
        )
    ]
    comp = PressureCorrectedShare(name="Druck", base="u18", pressure="p")
    with pytest.raises(AllocationError) as info:
        allocate(
            Money.parse("1"), data, RuleSet(name="r", need=NeedRule(pressure_corrected=(comp,)))
        )
    assert (info.value.rule, info.value.code) == ("Druck", "indicator.all_zero")
