"""Invariants of apportionment and allocation, checked with Hypothesis."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.budget import strategies as bs

from sozialraum.budget import (
    BaseAmount,
    Cap,
    Corridor,
    Floor,
    Method,
    Ratio,
    RuleSet,
    SpaceInput,
    TiePolicy,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    apportion,
    pressure_corrected_need,
    satisfies_quota,
)
from sozialraum.errors import AllocationError, TieError
from sozialraum.money import Money

weights_maps = st.dictionaries(
    st.text("ABCDEFGH", min_size=1, max_size=2), st.integers(0, 10**6), min_size=1, max_size=8
).filter(lambda d: any(d.values()))


def _prio(w: int, a: int, method: Method) -> Fraction:
    """The priority of the next unit (squared for Huntington-Hill: same order, exact)."""
    if method is Method.HUNTINGTON_HILL:
        return Fraction(10**30) if a == 0 else Fraction(w * w, a * (a + 1))
    signpost = {
        Method.DHONDT: Fraction(a + 1),
        Method.SAINTE_LAGUE: Fraction(2 * a + 1, 2),
        Method.ADAMS: Fraction(a),
    }[method]
    return Fraction(10**30) if signpost == 0 else Fraction(w) / signpost


def naive_divisor(total: int, weights: dict[str, int], method: Method) -> dict[str, int]:
    """One unit at a time to the highest quotient (the textbook definition)."""
    units = dict.fromkeys(weights, 0)
    for _ in range(total):
        best = max(
            (k for k in weights if weights[k]),
            key=lambda k: _prio(weights[k], units[k], method),
        )
        units[best] += 1
    return units


@given(st.integers(0, 10**12), weights_maps, st.sampled_from(list(Method)), bs.lots)
def test_apportionment_sums_exactly_and_is_non_negative(
    total: int, weights: dict[str, int], method: Method, ties: TiePolicy
) -> None:
    result = apportion(total, weights, method, ties=ties)
    assert sum(result.units) == total
    assert all(u >= 0 for u in result.units)
    assert all(u == 0 for u, w in zip(result.units, result.weights, strict=True) if not w)


@given(st.integers(0, 10**9), weights_maps, bs.lots)
def test_hamilton_satisfies_the_quota_rule(
    total: int, weights: dict[str, int], ties: TiePolicy
) -> None:
    assert satisfies_quota(apportion(total, weights, Method.HAMILTON, ties=ties))


@given(
    st.integers(0, 60),
    weights_maps,
    st.sampled_from([Method.DHONDT, Method.SAINTE_LAGUE, Method.ADAMS, Method.HUNTINGTON_HILL]),
)
def test_divisor_methods_match_the_textbook_definition(
    total: int, weights: dict[str, int], method: Method
) -> None:
    try:
        fast = apportion(total, weights, method).as_dict()
    except TieError:
        assume(False)
        return
    assert fast == naive_divisor(total, weights, method)


@given(st.integers(0, 200), weights_maps, st.sampled_from(list(Method)))
def test_order_of_keys_does_not_matter(total: int, weights: dict[str, int], method: Method) -> None:
    policy = TiePolicy.by_priority(*sorted(weights))
    forward = apportion(total, weights, method, ties=policy).as_dict()
    backward = apportion(total, dict(reversed(list(weights.items()))), method, ties=policy)
    assert backward.as_dict() == forward


@given(st.integers(1, 10**9), weights_maps, st.integers(2, 1000), bs.seeds)
def test_scaling_the_weights_changes_nothing(
    total: int, weights: dict[str, int], factor: int, seed: int
) -> None:
    policy = TiePolicy.lot(seed)
    scaled = {k: w * factor for k, w in weights.items()}
    plain = apportion(total, weights, ties=policy)
    heavy = apportion(total, scaled, ties=policy)
    assert (heavy.units, heavy.ties) == (plain.units, plain.ties)


# -- the pipeline ---------------------------------------------------------------------------

WORK = WorkTypeSplit(
    shares=(
        WorkTypeShare(work_type="case_specific", share=Ratio.percent(70)),
        WorkTypeShare(work_type="case_overarching", share=Ratio.percent(15)),
        WorkTypeShare(work_type="case_independent", share=Ratio.percent(15)),
    )
)


@given(bs.totals, bs.space_inputs(), bs.positive_ratios, bs.ratios, bs.lots)
def test_every_level_sums_exactly_to_the_cent(
    total: Money, spaces: list[SpaceInput], w1: Ratio, w2: Ratio, ties: TiePolicy
) -> None:
    assume(any(s.value("sgb2") for s in spaces) or w2.numerator == 0)
    rules = RuleSet(name="p", need=bs.count_need(w1, w2), work_types=WORK, ties=ties)
    result = allocate(total, spaces, rules)
    assert Money.total(result.by_space().values()) == total
    assert Money.total(c.amount for c in result.cells) == total
    assert all(c.amount.cents >= 0 for c in result.cells)
    for s in result.spaces:
        assert abs(s.amount.cents - s.target) < 1  # never more than a cent from exact
        assert result.amount(s.space_id) == s.amount


@given(bs.totals, bs.space_inputs(), st.data())
def test_raising_an_indicator_never_lowers_the_amount(
    total: Money, spaces: list[SpaceInput], data: st.DataObject
) -> None:
    ids = [s.space_id for s in spaces]
    base = data.draw(st.integers(0, 1000))
    assume(base * len(ids) <= total.cents)
    rules = RuleSet(
        name="p",
        need=bs.U18_ONLY,
        base_amounts=(BaseAmount(amount=Money(cents=base)),),
        ties=TiePolicy.by_priority(*ids),
    )
    i = data.draw(st.integers(0, len(spaces) - 1))
    extra = data.draw(st.integers(1, 10**6))
    old = spaces[i]
    u18 = old.value("u18") or 0
    raised = SpaceInput(
        space_id=old.space_id,
        indicators=tuple(
            ind if ind.name != "u18" else type(ind)(name="u18", value=u18 + extra)
            for ind in old.indicators
        ),
    )
    before = allocate(total, spaces, rules).amount(old.space_id)
    after = allocate(total, [*spaces[:i], raised, *spaces[i + 1 :]], rules).amount(old.space_id)
    assert after >= before


@given(bs.totals, bs.space_inputs(positive=True), st.data())
def test_floors_caps_and_corridors_hold_when_feasible(
    total: Money, spaces: list[SpaceInput], data: st.DataObject
) -> None:
    n = len(spaces)
    amount = total.cents
    floor = data.draw(st.integers(0, amount // n + 10))
    cap = data.draw(st.integers(0, amount + 10))
    change = data.draw(bs.ratios)
    previous = [data.draw(st.none() | st.integers(0, amount + 10)) for _ in spaces]
    spaces = [
        SpaceInput(
            space_id=s.space_id,
            indicators=s.indicators,
            previous_amount=None if p is None else Money(cents=p),
        )
        for s, p in zip(spaces, previous, strict=True)
    ]
    rules = RuleSet(
        name="p",
        need=bs.U18_ONLY,
        floors=(Floor(amount=Money(cents=floor)),),
        caps=(Cap(amount=Money(cents=cap)),),
        corridors=(Corridor(max_change=change),),
        ties=TiePolicy.lot(1),
    )
    lower, upper = [], []
    for p in previous:
        lo, hi = floor, cap
        if p is not None:
            lo = max(lo, -(-(p * (change.denominator - change.numerator)) // change.denominator))
            hi = min(hi, p * (change.denominator + change.numerator) // change.denominator)
        lower.append(lo)
        upper.append(hi)
    feasible = all(lo <= hi for lo, hi in zip(lower, upper, strict=True)) and (
        sum(lower) <= amount <= sum(upper)
    )
    if not feasible:
        with pytest.raises(AllocationError):
            allocate(total, spaces, rules)
        return
    result = allocate(total, spaces, rules)
    for s, lo, hi in zip(result.spaces, lower, upper, strict=True):
        assert lo <= s.amount.cents <= hi


@given(bs.totals, bs.space_inputs(positive=True), st.integers(2, 10**6), bs.seeds)
def test_scaling_indicators_or_weights_changes_nothing(
    total: Money, spaces: list[SpaceInput], factor: int, seed: int
) -> None:
    rules = RuleSet(
        name="p", need=pressure_corrected_need(pressure="sgb2"), ties=TiePolicy.lot(seed)
    )
    scaled = [
        SpaceInput(
            space_id=s.space_id,
            indicators=tuple(type(i)(name=i.name, value=i.value * factor) for i in s.indicators),
        )
        for s in spaces
    ]
    assert allocate(total, scaled, rules).by_space() == allocate(total, spaces, rules).by_space()
    w = Ratio(numerator=factor)
    plain = RuleSet(
        name="p", need=bs.count_need(Ratio(numerator=3), Ratio(numerator=1)), ties=rules.ties
    )
    heavy = RuleSet(name="p", need=bs.count_need(Ratio(numerator=3 * factor), w), ties=rules.ties)
    assert allocate(total, spaces, heavy).by_space() == allocate(total, spaces, plain).by_space()


@given(bs.totals, bs.space_inputs(max_size=6), st.data())
def test_input_order_does_not_matter(
    total: Money, spaces: list[SpaceInput], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(spaces))
    policy = data.draw(
        st.sampled_from(
            [TiePolicy(), TiePolicy.lot(5), TiePolicy.by_priority(*(s.space_id for s in spaces))]
        )
    )
    rules = RuleSet(name="p", need=bs.U18_ONLY, work_types=WORK, ties=policy)
    try:
        expected = allocate(total, spaces, rules)
    except TieError:
        try:
            allocate(total, shuffled, rules)
        except TieError:
            return
        raise AssertionError("a tie must not depend on the input order") from None
    got = allocate(total, shuffled, rules)
    assert got.by_space() == expected.by_space()
    assert set(got.cells) == set(expected.cells)
