"""Apportionment methods: published examples, ties, paradoxes and indices."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from sozialraum.budget import (
    Method,
    TieKind,
    TiePolicy,
    apportion,
    gallagher,
    gallagher_squared,
    largest_deviation,
    loosemore_hanby,
    quota_violations,
    round_exact,
    satisfies_quota,
)
from sozialraum.errors import AllocationError, TieError, ValidationError

# The worked example of the Wikipedia articles on D'Hondt and Sainte-Laguë (8 seats).
VOTES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
# The worked example of the Wikipedia article on the largest remainder method (10 seats).
HARE = {"Y": 47_000, "W": 16_000, "R": 15_800, "G": 12_000, "B": 6_100, "P": 3_100}


def test_hamilton_published_example() -> None:
    result = apportion(10, HARE, Method.HAMILTON)
    assert result.as_dict() == {"Y": 5, "W": 2, "R": 1, "G": 1, "B": 1, "P": 0}
    assert satisfies_quota(result)


def test_dhondt_published_example() -> None:
    assert apportion(8, VOTES, Method.DHONDT).as_dict() == {"A": 4, "B": 3, "C": 1, "D": 0}


def test_sainte_lague_published_example() -> None:
    assert apportion(8, VOTES, Method.SAINTE_LAGUE).as_dict() == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_aliases_are_the_same_method() -> None:
    assert Method.JEFFERSON is Method.DHONDT
    assert Method.WEBSTER is Method.SAINTE_LAGUE
    assert Method.HARE_NIEMEYER is Method.LARGEST_REMAINDER is Method.HAMILTON
    assert Method("hamilton") is Method.HAMILTON


def test_huntington_hill_gives_everyone_one_first() -> None:
    # US-House style: every state with a population gets at least one seat.
    result = apportion(5, {"big": 1000, "s1": 1, "s2": 1}, Method.HUNTINGTON_HILL)
    assert result.as_dict() == {"big": 3, "s1": 1, "s2": 1}


def test_huntington_hill_rounds_at_the_geometric_mean() -> None:
    # quotas 1.45 and 3.55: Webster rounds 1.45 down, Huntington-Hill rounds it up because
    # 1.45 > sqrt(1 * 2) ≈ 1.414 — while 3.55 < sqrt(3 * 4) ≈ 3.464 is false, so 4 … the
    # sum must be 5, hence HH gives (2, 3) where Webster gives (1, 4).
    weights = {"x": 145, "y": 355}
    assert apportion(5, weights, Method.SAINTE_LAGUE).as_dict() == {"x": 1, "y": 4}
    assert apportion(5, weights, Method.HUNTINGTON_HILL).as_dict() == {"x": 2, "y": 3}


def test_adams_favours_small_parties() -> None:
    result = apportion(10, {"A": 91, "B": 3, "C": 3, "D": 3}, Method.ADAMS)
    assert result.as_dict() == {"A": 7, "B": 1, "C": 1, "D": 1}
    assert quota_violations(result) == ("A",)


def test_dhondt_can_violate_the_upper_quota() -> None:
    result = apportion(25, {"A": 80, "B": 10, "C": 10}, Method.DHONDT)
    assert result["A"] == 21  # quota is exactly 20
    assert not satisfies_quota(result)
    assert largest_deviation(result) == 1


def test_alabama_paradox_shows_for_hamilton() -> None:
    weights = {"A": 6, "B": 6, "C": 2}
    ten = apportion(10, weights, Method.HAMILTON)
    eleven = apportion(11, weights, Method.HAMILTON)
    assert ten["C"] == 2
    assert eleven["C"] == 1  # one more unit in the house, one fewer for C


@pytest.mark.parametrize(
    "method", [Method.DHONDT, Method.SAINTE_LAGUE, Method.HUNTINGTON_HILL, Method.ADAMS]
)
def test_divisor_methods_do_not_show_the_alabama_paradox(method: Method) -> None:
    weights = {"A": 6, "B": 6, "C": 2}
    policy = TiePolicy.by_priority("A", "B", "C")
    previous = apportion(3, weights, method, ties=policy).as_dict()
    for house in range(4, 40):
        current = apportion(house, weights, method, ties=policy).as_dict()
        assert all(current[k] >= previous[k] for k in weights)
        previous = current


def test_large_totals_are_fast_and_exact() -> None:
    cents = 1_234_567_890
    for method in Method:
        result = apportion(cents, {"a": 3, "b": 5, "c": 7}, method, ties=TiePolicy.lot(1))
        assert sum(result.units) == cents


# -- ties ---------------------------------------------------------------------------------


def test_exact_tie_raises_by_default_and_names_the_keys() -> None:
    with pytest.raises(TieError) as info:
        apportion(1, {"B": 1, "A": 1}, rule="Tagesgruppe")
    assert info.value.code == "tie.exact"
    assert info.value.rule == "Tagesgruppe"
    assert "'A', 'B'" in str(info.value)
    assert isinstance(info.value, AllocationError)
    assert isinstance(info.value, ValueError)


def test_tie_by_priority() -> None:
    result = apportion(3, {"A": 1, "B": 1}, ties=TiePolicy.by_priority("B", "A"))
    assert result.as_dict() == {"A": 1, "B": 2}
    (brk,) = result.ties
    assert brk.policy is TieKind.PRIORITY
    assert brk.tied == ("A", "B")
    assert brk.winners == ("B",)


def test_tie_priority_must_rank_every_tied_key() -> None:
    with pytest.raises(TieError) as info:
        apportion(1, {"A": 1, "B": 1}, ties=TiePolicy.by_priority("A"))
    assert info.value.code == "tie.unranked"


def test_tie_by_lot_is_reproducible_and_records_the_seed() -> None:
    weights = dict.fromkeys("ABCDEFG", 1)
    first = apportion(3, weights, ties=TiePolicy.lot(seed=42))
    again = apportion(3, dict(reversed(list(weights.items()))), ties=TiePolicy.lot(seed=42))
    assert first.as_dict() == again.as_dict()
    (brk,) = first.ties
    assert brk.seed == 42
    assert brk.units == 3
    assert "random.Random(42)" in str(brk)


def test_divisor_tie_detected_exactly() -> None:
    # D'Hondt with 7 seats for 5:3:1 — the 7th seat's quotients are 5/5 = 3/3 = 1/1.
    with pytest.raises(TieError):
        apportion(7, {"A": 5, "B": 3, "C": 1}, Method.DHONDT)
    result = apportion(7, {"A": 5, "B": 3, "C": 1}, Method.DHONDT, ties=TiePolicy.lot(3))
    assert sum(result.units) == 7
    assert result.ties[0].tied == ("A", "B", "C")


def test_adams_with_fewer_units_than_parties_is_a_tie() -> None:
    with pytest.raises(TieError):
        apportion(2, {"A": 5, "B": 3, "C": 1}, Method.ADAMS)
    result = apportion(2, {"A": 5, "B": 3, "C": 1}, Method.ADAMS, ties=TiePolicy.lot(7))
    assert sorted(result.units) == [0, 1, 1]


def test_tie_policy_validation() -> None:
    with pytest.raises(ValidationError):
        TiePolicy(kind=TieKind.LOT)
    with pytest.raises(ValidationError):
        TiePolicy(kind=TieKind.PRIORITY)
    with pytest.raises(ValidationError):
        TiePolicy.by_priority("A", "A")


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "code"),
    [
        (-1, {"A": 1}, "total.negative"),
        (1, {}, "weights.empty"),
        (1, {"A": 0, "B": 0}, "weights.all_zero"),
        (1, {"A": -1, "B": 2}, "weight.negative"),
        (1, {"A": 0.5}, "weight.type"),
        (1, {"A": Decimal("NaN")}, "weight.not_finite"),
        (1, [("A", 1), ("A", 2)], "keys.duplicate"),
    ],
)
def test_errors_have_stable_codes(total: int, weights: object, code: str) -> None:
    with pytest.raises(AllocationError) as info:
        apportion(total, weights, rule="r")  # type: ignore[arg-type]
    assert info.value.code == code


def test_total_must_be_an_int() -> None:
    with pytest.raises(AllocationError):
        apportion(1.0, {"A": 1})  # type: ignore[arg-type]


def test_zero_total_and_zero_weights() -> None:
    assert apportion(0, {"A": 1, "B": 1}).as_dict() == {"A": 0, "B": 0}
    assert apportion(5, {"A": 0, "B": 1}, Method.ADAMS).as_dict() == {"A": 0, "B": 5}
    assert apportion(5, {"A": 0, "B": 1}, Method.HUNTINGTON_HILL).as_dict() == {"A": 0, "B": 5}


def test_exact_weights_of_every_kind() -> None:
    result = apportion(100, {"a": Fraction(1, 3), "b": Decimal("0.5"), "c": 1})
    assert result.quotas == (Fraction(200, 11), Fraction(300, 11), Fraction(600, 11))
    assert sum(result.units) == 100


def test_round_exact_keeps_whole_targets_and_refuses_non_whole_sums() -> None:
    units, ties = round_exact(["a", "b"], [Fraction(3), Fraction(4)], ties=TiePolicy(), rule="r")
    assert (units, ties) == ([3, 4], ())
    assert round_exact([], [], ties=TiePolicy(), rule="r") == ([], ())
    with pytest.raises(AllocationError) as info:
        round_exact(["a"], [Fraction(1, 2)], ties=TiePolicy(), rule="r")
    assert info.value.code == "targets.not_whole"


# -- indices ------------------------------------------------------------------------------


def test_indices_of_a_proportional_result_are_zero() -> None:
    result = apportion(10, {"A": 6, "B": 4})
    assert loosemore_hanby(result) == 0
    assert gallagher_squared(result) == 0
    assert gallagher(result) == 0


def test_indices_by_hand() -> None:
    result = apportion(2, {"A": 1, "B": 2})  # quotas 2/3, 4/3 → units 1, 1
    assert result.units == (1, 1)
    assert loosemore_hanby(result) == Fraction(1, 6)
    assert gallagher_squared(result) == Fraction(1, 36)
    assert gallagher(result, digits=3) == Decimal("0.167")
    assert largest_deviation(result) == Fraction(1, 3)


def test_round_numerators_refuses_non_whole_sums() -> None:
    from sozialraum.budget import round_numerators

    with pytest.raises(AllocationError) as info:
        round_numerators([1, 1], 4, ["a", "b"], ties=TiePolicy(), rule="r")
    assert info.value.code == "targets.not_whole"


def test_format_helpers() -> None:
    from sozialraum.budget import format_money, format_share
    from sozialraum.money import Money

    assert format_money(Money.parse("1234.5")) == "1.234,50 €"
    assert format_money(Fraction(-123456789, 2)) == "-617.283,945 €"
    assert format_share(Fraction(1, 2), 0) == "50 %"
