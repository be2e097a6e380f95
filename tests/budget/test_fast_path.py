"""The optimised pipeline equals the reference (the implementation before the fast path):
the same cells and amounts, the same explanation, the same errors, for random rule sets."""

from __future__ import annotations

import copy
import itertools
import pickle
import random
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.budget.reference import reference_allocate

from sozialraum.budget import (
    Allocation,
    Average,
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
    ProviderInput,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    Smoothing,
    SmoothingMode,
    SpaceInput,
    TiePolicy,
    WeightedIndicator,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
)
from sozialraum.money import Money
from sozialraum.periods import Dated

NAMES = ("u18", "sgb2", "pop")
PROVIDERS = ("T1", "T2", "T3")
WORK_TYPES = ("case_specific", "case_overarching", "case_independent")

small_ratios = st.builds(
    Ratio,
    numerator=st.sampled_from([1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]),
    denominator=st.integers(1, 12),
)
percent = st.integers(0, 100).map(Ratio.percent)


def _outcome(fn: Callable[[], Allocation]) -> tuple[str, Any]:
    """The result with everything derived from it, or the error (type, rule, code, text)."""
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - any error must be the same error
        return "error", (type(exc).__name__, str(exc), getattr(exc, "code", None))
    return "ok", result


def assert_same(fast: Allocation, ref: Allocation) -> None:
    """Field by field, then the explanation as text and as data (lazy parts first)."""
    assert fast.explain() == ref.explain()
    assert fast.explain_data() == ref.explain_data()
    for s in ref.spaces:
        assert fast.explain(s.space_id) == ref.explain(s.space_id)
    for field in attrs.fields(Allocation):
        assert getattr(fast, field.name) == getattr(ref, field.name), field.name
    assert fast == ref
    assert hash(fast) == hash(ref)
    assert repr(fast) == repr(ref)


def check(total: Money, spaces: list[SpaceInput], rules: Any, **kw: Any) -> None:
    fast = _outcome(lambda: allocate(total, spaces, rules, **kw))
    ref = _outcome(lambda: reference_allocate(total, spaces, rules, **kw))
    assert fast[0] == ref[0], (fast, ref)
    if fast[0] == "error":
        assert fast == ref
    else:
        assert_same(fast[1], ref[1])
        # a second run (warm caches) gives the same again
        assert allocate(total, spaces, rules, **kw) == ref[1]


# -- random inputs and rule sets ------------------------------------------------------------


@st.composite
def inputs(draw: st.DrawFn) -> tuple[list[SpaceInput], list[ProviderInput]]:
    n = draw(st.integers(1, 6))
    spaces = []
    providers = []
    for i in range(n):
        sid = f"S{i}"
        pop = draw(st.integers(0, 5000))
        u18 = draw(st.integers(0, 2000))
        sgb2 = draw(st.integers(0, 600))
        values = {"pop": pop, "u18": u18, "sgb2": sgb2}
        if draw(st.integers(0, 30)) == 0:
            values["u18"] = -draw(st.integers(1, 5))
        present = [k for k in NAMES if draw(st.integers(0, 150)) or k == "pop"]
        indicators = tuple(
            IndicatorValue(
                name=k,
                value=values[k],
                previous=tuple(draw(st.lists(st.integers(0, 2500), max_size=3))),
            )
            for k in present
        )
        previous = draw(st.none() | st.integers(0, 10**6).map(lambda c: Money(cents=c)))
        spaces.append(SpaceInput(space_id=sid, indicators=indicators, previous_amount=previous))
        for p in draw(st.lists(st.sampled_from(PROVIDERS), unique=True, max_size=3)):
            cases = draw(st.integers(0, 30)) if draw(st.booleans()) else 5
            if draw(st.integers(0, 60)) == 0:
                cases = -1
            indicators = (
                ()
                if draw(st.integers(0, 80)) == 0
                else (IndicatorValue(name="cases", value=cases),)
            )
            providers.append(ProviderInput(provider_id=p, space_id=sid, indicators=indicators))
    if draw(st.booleans()):
        spaces = draw(st.permutations(spaces))
    return spaces, providers


def _space_ids(draw: st.DrawFn, ids: tuple[str, ...]) -> tuple[str, ...]:
    known = st.sampled_from(ids)
    if draw(st.integers(0, 15)) == 0:
        known = st.sampled_from(["S0", "S5", "X"])
    return tuple(draw(st.lists(known, max_size=2)))


@st.composite
def need_rules(draw: st.DrawFn) -> NeedRule:
    indicator_shares = tuple(
        IndicatorShare(
            name=f"Anteil{j}",
            weight=draw(small_ratios),
            indicators=tuple(
                WeightedIndicator(indicator=name, weight=draw(small_ratios))
                if draw(st.booleans())
                else WeightedIndicator(
                    indicator=name,
                    weight=draw(small_ratios),
                    mode=IndicatorMode.RATE,
                    per=draw(st.sampled_from(NAMES)),
                )
                for name in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))
            ),
        )
        for j in range(draw(st.integers(0, 2)))
    )
    indices = tuple(
        EqualWeightIndex(
            name=f"Index{j}",
            weight=draw(small_ratios),
            indicators=tuple(
                draw(
                    st.lists(
                        st.sampled_from(NAMES), min_size=draw(st.integers(0, 9)) and 1, max_size=3
                    )
                )
            ),
        )
        for j in range(draw(st.integers(0, 1)))
    )
    pressure = tuple(
        PressureCorrectedShare(
            name=f"Druck{j}",
            weight=draw(small_ratios),
            base=draw(st.sampled_from(NAMES)),
            pressure=draw(st.sampled_from(NAMES)),
            per=draw(st.none() | st.sampled_from(NAMES)),
            pressure_is_rate=draw(st.booleans()),
            k=Ratio(numerator=draw(st.integers(0, 5)), denominator=4),
            average=draw(st.sampled_from(list(Average))),
        )
        for j in range(draw(st.integers(0, 2)))
    )
    if not (indicator_shares or indices or pressure):
        indicator_shares = (IndicatorShare(indicators=(WeightedIndicator(indicator="pop"),)),)
    return NeedRule(
        name="Bedarf",
        indicator_shares=indicator_shares,
        equal_weight_indices=indices,
        pressure_corrected=pressure,
    )


@st.composite
def work_type_splits(draw: st.DrawFn) -> WorkTypeSplit | None:
    if draw(st.integers(0, 3)) == 0:
        return None
    kinds = draw(st.lists(st.sampled_from(WORK_TYPES), min_size=1, max_size=3))
    if draw(st.integers(0, 6)):
        kinds = list(dict.fromkeys(kinds))
    cuts = sorted(
        draw(st.lists(st.integers(0, 24), min_size=len(kinds) - 1, max_size=len(kinds) - 1))
    )
    bounds = [0, *cuts, 24]
    shares = [Ratio(numerator=b - a, denominator=24) for a, b in itertools.pairwise(bounds)]
    if draw(st.integers(0, 10)) == 0:
        shares[0] = Ratio(numerator=shares[0].numerator + 1, denominator=24)
    return WorkTypeSplit(
        name="Arbeitsformen",
        shares=tuple(
            WorkTypeShare(work_type=k, share=s) for k, s in zip(kinds, shares, strict=True)
        ),
        require_case_independent=draw(st.booleans()),
    )


@st.composite
def provider_splits(draw: st.DrawFn, ids: tuple[str, ...]) -> tuple[ProviderSplit, ...]:
    splits = []
    for j in range(draw(st.integers(0, 3))):
        space_ids = _space_ids(draw, ids)
        work_types = tuple(draw(st.lists(st.sampled_from(WORK_TYPES), max_size=2)))
        if draw(st.booleans()):
            splits.append(
                ProviderSplit(
                    name=f"Fälle{j}", space_ids=space_ids, work_types=work_types, indicator="cases"
                )
            )
        else:
            ids = draw(st.lists(st.sampled_from(PROVIDERS), min_size=1, max_size=3))
            if draw(st.integers(0, 6)):
                ids = list(dict.fromkeys(ids))
            weights = [draw(st.integers(0, 4)) for _ in ids]
            if draw(st.integers(0, 8)) and any(weights):
                shares = [Ratio(numerator=w, denominator=sum(weights)) for w in weights]
            else:
                shares = [Ratio(numerator=w, denominator=5) for w in weights]
            splits.append(
                ProviderSplit(
                    name=f"Vertrag{j}",
                    space_ids=space_ids,
                    work_types=work_types,
                    shares=tuple(
                        ProviderShare(provider_id=p, share=s)
                        for p, s in zip(ids, shares, strict=True)
                    ),
                )
            )
    return tuple(splits)


def _money(draw: st.DrawFn, high: int) -> Money:
    return Money(cents=draw(st.integers(0, high)))


@st.composite
def rule_sets(draw: st.DrawFn, ids: tuple[str, ...], total: int) -> RuleSet:
    each = total // len(ids)
    exclusions = []
    for j in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["amount", "share", "none"]))
        exclusions.append(
            Exclusion(
                name=f"Ausschluss{j}",
                amount=_money(draw, total // 8) if kind == "amount" else None,
                share=draw(st.integers(0, 12).map(Ratio.percent)) if kind == "share" else None,
            )
        )
    smoothing = tuple(
        Smoothing(
            name=f"Glättung{j}",
            indicator=draw(st.sampled_from(NAMES)),
            periods=draw(st.integers(1, 3)),
            mode=draw(st.sampled_from(list(SmoothingMode))),
        )
        for j in range(draw(st.integers(0, 2)))
    )
    ties = draw(
        st.sampled_from(
            [
                TiePolicy(),
                TiePolicy.lot(draw(st.integers(0, 99))),
                TiePolicy.by_priority(*ids, *WORK_TYPES, *PROVIDERS),
                TiePolicy.by_priority(*ids[:1]) if ids else TiePolicy(),
            ]
        )
    )
    return RuleSet(
        name="Zufall",
        need=draw(need_rules()),
        exclusions=tuple(exclusions),
        smoothing=smoothing,
        base_amounts=tuple(
            BaseAmount(
                name=f"Sockel{j}", amount=_money(draw, each // 6), space_ids=_space_ids(draw, ids)
            )
            for j in range(draw(st.integers(0, 2)))
        ),
        base_shares=tuple(
            BaseShare(
                name=f"Anteil{j}",
                share=draw(st.integers(0, 30).map(Ratio.percent)),
                space_ids=_space_ids(draw, ids),
            )
            for j in range(draw(st.integers(0, 2)))
        ),
        floors=tuple(
            Floor(name=f"Boden{j}", amount=_money(draw, each // 2), space_ids=_space_ids(draw, ids))
            for j in range(draw(st.integers(0, 2)))
        ),
        caps=tuple(
            Cap(
                name=f"Deckel{j}",
                amount=Money(cents=draw(st.integers(each, total + 1))),
                space_ids=_space_ids(draw, ids),
            )
            for j in range(draw(st.integers(0, 2)))
        ),
        corridors=tuple(
            Corridor(name=f"Korridor{j}", max_change=draw(percent), space_ids=_space_ids(draw, ids))
            for j in range(draw(st.integers(0, 2)))
        ),
        work_types=draw(work_type_splits()),
        providers=draw(provider_splits(ids)),
        ties=ties,
    )


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**7) | st.integers(0, 1000), inputs(), st.data())
def test_the_fast_path_equals_the_reference(
    cents: int, data_in: tuple[list[SpaceInput], list[ProviderInput]], data: st.DataObject
) -> None:
    spaces, providers = data_in
    rules = data.draw(rule_sets(tuple(s.space_id for s in spaces), cents))
    check(Money(cents=cents), spaces, rules, providers=providers)


@settings(max_examples=150)
@given(
    st.integers(0, 10**7).map(lambda c: Money(cents=c)),
    st.lists(st.integers(0, 300), min_size=1, max_size=5),
    st.data(),
)
def test_the_fast_path_equals_the_reference_on_ties(
    total: Money, values: list[int], data: st.DataObject
) -> None:
    """Small, equal indicators: exact ties at every level."""
    spaces = [
        SpaceInput(space_id=f"S{i}", indicators=(IndicatorValue(name="pop", value=v % 3 + 1),))
        for i, v in enumerate(values)
    ]
    providers = [
        ProviderInput(
            provider_id=p, space_id=s.space_id, indicators=(IndicatorValue(name="cases", value=1),)
        )
        for s in spaces
        for p in PROVIDERS
    ]
    rules = RuleSet(
        name="Gleichstand",
        need=NeedRule(
            indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="pop"),)),)
        ),
        work_types=WorkTypeSplit(
            shares=tuple(
                WorkTypeShare(work_type=k, share=Ratio(numerator=1, denominator=3))
                for k in WORK_TYPES
            )
        ),
        providers=(ProviderSplit(indicator="cases"),),
        ties=data.draw(
            st.sampled_from(
                [
                    TiePolicy(),
                    TiePolicy.lot(7),
                    TiePolicy.by_priority(*(s.space_id for s in spaces), *WORK_TYPES, *PROVIDERS),
                    TiePolicy.by_priority(*WORK_TYPES),
                ]
            )
        ),
    )
    check(total, spaces, rules, providers=providers)


def _benchmark_like(seed: int) -> tuple[Money, list[SpaceInput], list[ProviderInput], RuleSet]:
    """The benchmark's rule set on 12 spaces × 4 providers, the total near last year's."""
    rnd = random.Random(seed)
    spaces, providers = [], []
    for i in range(12):
        pop = rnd.randint(8_000, 30_000)
        u18 = pop * rnd.randint(12, 20) // 100
        spaces.append(
            SpaceInput(
                space_id=f"S{i:02d}",
                indicators=(
                    IndicatorValue(name="pop", value=pop),
                    IndicatorValue(name="u18", value=u18, previous=(u18 + rnd.randint(-300, 300),)),
                    IndicatorValue(name="sgb2", value=u18 * rnd.randint(5, 30) // 100),
                ),
                previous_amount=Money(cents=rnd.randint(15_000_000, 25_000_000)),
            )
        )
        providers.extend(
            ProviderInput(
                provider_id=f"T{j}",
                space_id=f"S{i:02d}",
                indicators=(IndicatorValue(name="cases", value=rnd.randint(10**6, 10**8)),),
            )
            for j in range(4)
        )
    rules = RuleSet(
        name="wie im Benchmark",
        exclusions=(Exclusion(name="stationär", share=Ratio.percent(15)),),
        smoothing=(Smoothing(name="Maximalwert", indicator="u18", periods=2),),
        need=NeedRule(
            pressure_corrected=(
                PressureCorrectedShare(weight=Ratio(numerator=3), base="u18", pressure="sgb2"),
            ),
            indicator_shares=(
                IndicatorShare(
                    indicators=(
                        WeightedIndicator(indicator="sgb2", mode=IndicatorMode.RATE, per="pop"),
                    )
                ),
            ),
        ),
        base_shares=(BaseShare(name="Sockel", share=Ratio.percent(10)),),
        floors=(Floor(name="Mindestbudget", amount=Money.parse("120.000")),),
        caps=(Cap(name="Deckel", amount=Money.parse("400.000")),),
        corridors=(Corridor(name="Korridor", max_change=Ratio.percent(10)),),
        work_types=WorkTypeSplit(
            shares=(
                WorkTypeShare(work_type="case_specific", share=Ratio(numerator=3, denominator=4)),
                WorkTypeShare(
                    work_type="case_overarching", share=Ratio(numerator=1, denominator=8)
                ),
                WorkTypeShare(
                    work_type="case_independent", share=Ratio(numerator=1, denominator=8)
                ),
            )
        ),
        providers=(ProviderSplit(name="Marktanteile", indicator="cases"),),
        ties=TiePolicy.lot(seed=2025),
    )
    previous = sum(s.previous_amount.cents for s in spaces if s.previous_amount)
    return Money(cents=previous * 100 // 85 + seed), spaces, providers, rules


@pytest.mark.parametrize("seed", range(8))
def test_the_fast_path_equals_the_reference_on_benchmark_shaped_input(seed: int) -> None:
    total, spaces, providers, rules = _benchmark_like(seed)
    check(total, spaces, rules, providers=providers)
    stray = ProviderInput(
        provider_id="T0", space_id="anderswo", indicators=(IndicatorValue(name="cases", value=9),)
    )
    check(total, spaces, rules, providers=[stray, *providers])
    dated = Dated.of("Budget", {date(2025, 1, 1): rules}, references={date(2025, 1, 1): "JHA"})
    check(total, spaces, dated, providers=providers, on=date(2025, 6, 1))


def test_deferred_parts_are_built_once_and_survive_copies() -> None:
    total, spaces, providers, rules = _benchmark_like(1)
    ref = reference_allocate(total, spaces, rules, providers=providers)
    fast = allocate(total, spaces, rules, providers=providers)
    for clone in (pickle.loads(pickle.dumps(fast)), copy.copy(fast), copy.deepcopy(fast)):
        assert clone == ref
    first = allocate(total, spaces, rules, providers=providers)
    assert first.cells is first.cells
    assert first.spaces is first.spaces
    assert attrs.evolve(first, rule_set="x") == attrs.evolve(ref, rule_set="x")
    with pytest.raises(AttributeError):
        first.no_such_field  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.cells = ()  # type: ignore[misc]

    bare = object.__new__(Allocation)
    with pytest.raises(AttributeError):
        bare.cells  # noqa: B018
    assert ProviderInput(provider_id="T", space_id="S").value("cases") is None


@pytest.mark.parametrize("work_types", [None, ("case_specific",)])
def test_the_fast_path_equals_the_reference_with_one_contract_split(
    work_types: tuple[str, ...] | None,
) -> None:
    contract = ProviderSplit(
        name="Vertrag",
        work_types=work_types or (),
        shares=(
            ProviderShare(provider_id="T1", share=Ratio(numerator=2, denominator=3)),
            ProviderShare(provider_id="T2", share=Ratio(numerator=1, denominator=3)),
        ),
    )
    rules = RuleSet(
        name="Vertrag",
        need=NeedRule(
            indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="pop"),)),)
        ),
        work_types=WorkTypeSplit(
            shares=(
                WorkTypeShare(work_type="case_specific", share=Ratio.percent(70)),
                WorkTypeShare(work_type="case_independent", share=Ratio.percent(30)),
            )
        ),
        providers=(contract,),
        ties=TiePolicy.lot(3),
    )
    spaces = [
        SpaceInput(space_id=sid, indicators=(IndicatorValue(name="pop", value=v),))
        for sid, v in [("A", 1234), ("B", 777), ("C", 3)]
    ]
    check(Money.parse("100.001,01"), spaces, rules)
