"""Money: exact cents, strict parsing, German formatting, exact allocation."""

from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests import strategies as s

from sozialraum.errors import ValidationError
from sozialraum.money import Money, largest_remainder


def cents(text: str) -> int:
    return Money.parse(text).cents


def codes_of(value: object) -> tuple[str, ...]:
    with pytest.raises(ValidationError) as info:
        Money.parse(value)
    return info.value.codes


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain
        ("1234.56", 123456),
        ("1234.5", 123450),
        ("1234", 123400),
        ("0", 0),
        ("0.01", 1),
        ("-3", -300),
        ("+3.10", 310),
        ("-0.05", -5),
        # German
        ("1.234,56", 123456),
        ("1234,56", 123456),
        ("1234,5", 123450),
        ("1.234", 123400),  # German thousands: one thousand two hundred and thirty-four
        ("12.345.678,90", 1234567890),
        ("-1.234,56", -123456),
        ("0,99", 99),
        # English-grouped with decimals
        ("1,234.56", 123456),
        ("12,345,678.9", 1234567890),
        ("-1,234.56", -123456),
        # currency marks and whitespace
        ("1234,56 €", 123456),
        ("1.234,56 €", 123456),
        ("€ 12", 1200),
        ("€12,50", 1250),
        ("12 EUR", 1200),
        ("EUR 12,50", 1250),
        ("12,50 eur", 1250),
        ("  7,00  ", 700),
        ("1\u00a0234,56 €", 123456),  # no-break space as thousands separator
        ("1\u202f234,56", 123456),  # narrow no-break space
        ("1 234,56", 123456),
        ("-5,00 €", -500),
        ("  -5.00  ", -500),
    ],
)
def test_parse_text(text, expected):
    assert cents(text) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0.1, "money.float"),
        (1.0, "money.float"),
        (float("nan"), "money.float"),
        (float("inf"), "money.float"),
        (True, "money.type"),
        (False, "money.type"),
        (None, "money.type"),
        ([1], "money.type"),
        (Fraction(1, 3), "money.type"),
        (Decimal("NaN"), "money.not_finite"),
        (Decimal("sNaN"), "money.not_finite"),
        (Decimal("Infinity"), "money.not_finite"),
        (Decimal("-Infinity"), "money.not_finite"),
        (Decimal("1.234"), "money.precision"),
        (Decimal("0.001"), "money.precision"),
        ("nan", "money.not_finite"),
        ("NaN", "money.not_finite"),
        ("inf", "money.not_finite"),
        ("-Infinity", "money.not_finite"),
        ("1234.567", "money.precision"),
        ("1.234,567", "money.precision"),
        ("0,001", "money.precision"),
        ("1,234.567", "money.precision"),
        ("", "money.empty"),
        ("   ", "money.empty"),
        ("€", "money.empty"),
        ("EUR", "money.empty"),
        ("abc", "money.format"),
        ("12a", "money.format"),
        ("1e5", "money.format"),
        ("0x10", "money.format"),
        ("1,2,3", "money.format"),
        ("0.1.2", "money.format"),
        ("1.23,45", "money.format"),  # malformed German grouping
        ("--5", "money.format"),
        ("1,234", "money.precision"),  # read as German: a decimal comma, three decimals
        ("12.", "money.format"),
        (".5", "money.format"),
        ("$12", "money.format"),
    ],
)
def test_parse_refusals_have_documented_codes(value, code):
    assert codes_of(value) == (code,)


def test_parse_refusal_is_a_value_error_located_at_the_root():
    with pytest.raises(ValueError, match="must not be floats") as info:
        Money.parse(0.1)
    assert info.value.issues[0].path == ""


def test_parse_message_never_repeats_the_value():
    with pytest.raises(ValidationError) as info:
        Money.parse("9876xyz")
    assert "9876" not in str(info.value)


def test_parse_int_is_cents_decimal_is_euros():
    assert Money.parse(1999) == Money(cents=1999)
    assert Money.parse(-1) == Money(cents=-1)
    assert Money.parse(Decimal("12.5")) == Money(cents=1250)
    assert Money.parse(Decimal("1.230")) == Money(cents=123)  # trailing zero is exact
    assert Money.parse(Decimal("-0.01")) == Money(cents=-1)
    assert Money.parse(Decimal("1E+3")) == Money(cents=100000)


def test_parse_money_is_identity():
    m = Money(cents=5)
    assert Money.parse(m) is m


def test_constructors():
    assert Money.zero() == Money(cents=0)
    assert Money.from_cents(12) == Money(cents=12)
    assert Money.from_decimal(Decimal("0.5")) == Money(cents=50)
    for bad in (True, 1.5, "12"):
        with pytest.raises(ValidationError) as info:
            Money.from_cents(bad)  # type: ignore[arg-type]
        assert info.value.codes == ("money.type",)
    with pytest.raises(ValidationError) as info:
        Money.from_decimal(1.5)  # type: ignore[arg-type]
    assert info.value.codes == ("money.type",)


@pytest.mark.parametrize("bad", [1.0, True, "100", Decimal(1), None])
def test_cents_must_be_an_int(bad):
    with pytest.raises(ValidationError) as info:
        Money(cents=bad)
    assert info.value.codes == ("money.type",)


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("c", "plain", "german"),
    [
        (0, "0.00", "0,00 €"),
        (5, "0.05", "0,05 €"),
        (-5, "-0.05", "-0,05 €"),
        (100, "1.00", "1,00 €"),
        (123456, "1234.56", "1.234,56 €"),
        (-123456, "-1234.56", "-1.234,56 €"),
        (100000000, "1000000.00", "1.000.000,00 €"),
        (99999, "999.99", "999,99 €"),
    ],
)
def test_formatting(c, plain, german):
    m = Money(cents=c)
    assert str(m) == plain
    assert m.format_de() == german
    assert m.format_de(symbol=False) == german.removesuffix(" €")
    assert repr(m) == f"Money('{plain}')"
    assert f"{m:de}" == german
    assert f"{m}" == plain
    assert f"{m:>12}" == plain.rjust(12)


def test_to_decimal():
    assert Money(cents=5).to_decimal() == Decimal("0.05")
    assert str(Money(cents=-123456).to_decimal()) == "-1234.56"


# --------------------------------------------------------------------------- arithmetic


def test_arithmetic_and_comparison():
    a, b = Money(cents=150), Money(cents=-50)
    assert a + b == Money(cents=100)
    assert a - b == Money(cents=200)
    assert -a == Money(cents=-150)
    assert abs(b) == Money(cents=50)
    assert a * 3 == 3 * a == Money(cents=450)
    assert b < Money.zero() < a
    assert max(a, b) is a
    assert sorted([a, b]) == [b, a]
    assert bool(Money.zero()) is False
    assert bool(b) is True
    assert sum([a, b], Money.zero()) == Money(cents=100)
    assert sum([a, b]) == Money(cents=100)  # sum() starts from the int 0
    assert Money.total([]) == Money.zero()
    assert Money.total([a, a]) == Money(cents=300)


@pytest.mark.parametrize("other", [1, 0.5, Decimal(1), "1.00", None])
def test_no_mixing_with_other_types(other):
    m = Money(cents=100)
    with pytest.raises(TypeError):
        m + other
    with pytest.raises(TypeError):
        m - other
    if other != 0:
        with pytest.raises(TypeError):
            other + m


@pytest.mark.parametrize("factor", [1.5, True, Decimal(2), Money(cents=1)])
def test_multiplication_only_by_int(factor):
    with pytest.raises(TypeError):
        Money(cents=100) * factor


def test_scale_rounds_half_away_from_zero():
    assert Money.parse("10.00").scale(Fraction(1, 3)) == Money(cents=333)
    assert Money(cents=1).scale(Fraction(1, 2)) == Money(cents=1)
    assert Money(cents=-1).scale(Fraction(1, 2)) == Money(cents=-1)
    assert Money(cents=3).scale(Decimal("0.5")) == Money(cents=2)
    assert Money(cents=3).scale(2) == Money(cents=6)
    for bad in (0.5, True):
        with pytest.raises(ValidationError) as info:
            Money(cents=3).scale(bad)  # type: ignore[arg-type]
        assert info.value.codes == ("money.factor",)


def test_money_is_frozen_hashable_and_pickles():
    m = Money(cents=7)
    with pytest.raises(AttributeError):
        m.cents = 8  # type: ignore[misc]
    assert {m, Money(cents=7)} == {m}
    assert pickle.loads(pickle.dumps(m)) == m


# --------------------------------------------------------------------------- allocate


def parts(total: str, weights) -> list[str]:
    return [str(p) for p in Money.parse(total).allocate(weights)]


def test_allocate_examples():
    assert parts("100.00", [1, 1, 1]) == ["33.34", "33.33", "33.33"]
    assert parts("0.05", [1, 1]) == ["0.03", "0.02"]
    assert parts("10.00", [3, 1]) == ["7.50", "2.50"]
    assert parts("1.00", [Fraction(1, 3), Fraction(2, 3)]) == ["0.33", "0.67"]
    assert parts("1.00", [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]) == [
        "0.50",
        "0.25",
        "0.25",
    ]


def test_allocate_ties_go_to_earlier_weights_deterministically():
    assert parts("0.02", [1, 1, 1]) == ["0.01", "0.01", "0.00"]
    assert parts("0.01", [5, 5]) == ["0.01", "0.00"]
    # same input, same output every time
    assert all(parts("0.02", [1, 1, 1]) == ["0.01", "0.01", "0.00"] for _ in range(5))


def test_allocate_zero_weights_get_nothing():
    assert parts("1.00", [0, 1, 0]) == ["0.00", "1.00", "0.00"]


def test_allocate_negative_total_mirrors_positive():
    assert parts("-1.00", [2, 1]) == ["-0.67", "-0.33"]
    assert parts("-0.05", [1, 1]) == ["-0.03", "-0.02"]


def test_allocate_zero_total():
    assert parts("0", [1, 2, 3]) == ["0.00", "0.00", "0.00"]


@pytest.mark.parametrize(
    ("weights", "code", "path"),
    [
        ([], "weights.empty", ""),
        ([0, 0], "weights.all_zero", ""),
        ([1, 0.5], "weight.type", "/1"),
        ([True, 1], "weight.type", "/0"),
        (["1", 1], "weight.type", "/0"),
        ([1, -1], "weight.negative", "/1"),
        ([Fraction(-1, 2)], "weight.negative", "/0"),
        ([1, Decimal("NaN")], "weight.not_finite", "/1"),
        ([Decimal("Infinity")], "weight.not_finite", "/0"),
    ],
)
def test_allocate_refusals(weights, code, path):
    with pytest.raises(ValidationError) as info:
        Money.parse("1.00").allocate(weights)
    assert [(i.code, i.path) for i in info.value.issues] == [(code, path)]


def test_allocate_accepts_any_iterable():
    assert Money(cents=3).allocate(iter([1, 2])) == (Money(cents=1), Money(cents=2))


def test_largest_remainder_docstring_example():
    F = Fraction
    assert largest_remainder(10, [F(1), F(1), F(1)]) == [4, 3, 3]


weights_st = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=1000),
        st.fractions(min_value=0, max_value=100, max_denominator=50),
        st.decimals(min_value=0, max_value=100, places=3),
    ),
    min_size=1,
    max_size=8,
).filter(lambda ws: any(ws))


@given(total=s.money(), weights=weights_st)
def test_allocate_sums_exactly_and_is_within_a_cent_of_the_quota(total, weights):
    result = total.allocate(weights)
    assert len(result) == len(weights)
    assert Money.total(result) == total
    fr = [Fraction(w) for w in weights]
    wsum = sum(fr)
    for part, w in zip(result, fr, strict=True):
        exact = Fraction(total.cents) * w / wsum
        assert abs(part.cents - exact) < 1
        if w == 0:
            assert part.cents == 0
        # every part has the sign of the total
        assert part.cents * total.cents >= 0


@given(total=s.money(), weights=weights_st, data=st.data())
def test_allocate_permuting_weights_permutes_parts_except_at_ties(total, weights, data):
    perm = data.draw(st.permutations(range(len(weights))))
    original = total.allocate(weights)
    permuted = total.allocate([weights[i] for i in perm])
    fr = [Fraction(w) for w in weights]
    wsum = sum(fr)
    remainders = [(abs(total.cents) * w / wsum) % 1 for w in fr]
    for pos, i in enumerate(perm):
        # a part can only change when its remainder ties with another weight's remainder
        tied = any(remainders[i] == remainders[j] for j in range(len(fr)) if j != i)
        if not tied:
            assert permuted[pos] == original[i]
        else:
            assert abs(permuted[pos].cents - original[i].cents) <= 1
    assert Money.total(permuted) == total


@given(total=s.money(), weights=weights_st)
def test_allocate_is_deterministic(total, weights):
    assert total.allocate(weights) == total.allocate(list(weights))


@given(total=s.money(0), n=st.integers(min_value=1, max_value=20))
def test_allocate_equal_weights_differ_by_at_most_a_cent(total, n):
    result = [p.cents for p in total.allocate([1] * n)]
    assert max(result) - min(result) <= 1
    assert result == sorted(result, reverse=True)  # ties: earlier first


# --------------------------------------------------------------------------- round trips


@given(s.money())
def test_parse_str_round_trip(m):
    assert Money.parse(str(m)) == m


@given(s.money())
def test_parse_format_de_round_trip(m):
    assert Money.parse(m.format_de()) == m
    assert Money.parse(m.format_de(symbol=False)) == m


@given(s.money())
def test_decimal_round_trip(m):
    assert Money.from_decimal(m.to_decimal()) == m
    assert Money.parse(m.to_decimal()) == m


@given(s.money())
def test_english_grouped_round_trip(m):
    sign = "-" if m.cents < 0 else ""
    euros, c = divmod(abs(m.cents), 100)
    assert Money.parse(f"{sign}{euros:,}.{c:02d}") == m


@given(st.floats())
def test_floats_are_always_refused(x):
    assert codes_of(x) == ("money.float",)


@given(st.text(max_size=12))
def test_parse_never_raises_anything_but_validation_error(text):
    error: ValidationError | None = None
    try:
        m = Money.parse(text)
    except ValidationError as exc:
        error = exc
    if error is None:
        assert isinstance(m.cents, int)
    else:
        assert len(error.issues) == 1
        assert error.issues[0].code.startswith("money.")


@given(a=s.money(), b=s.money(), c=s.money())
def test_addition_is_exact_group_arithmetic(a, b, c):
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a - a == Money.zero()
    assert a + (-a) == Money.zero()
    assert (a < b) == (a.cents < b.cents)
    assume(a != b)
    assert (a < b) != (b < a)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.23.456", "money.format"),  # broken grouping, not "too many decimals"
        ("1.234,567", "money.precision"),
        ("9" * 5000, "money.format"),  # beyond int()'s limit for text: still a clear error
    ],
)
def test_malformed_amounts_get_the_right_code(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        Money.parse(text)
    assert info.value.codes == (code,)


@pytest.mark.parametrize("text", ["١٢٣", "12\n", "\t-5.00\n", "1\x00"])
def test_parse_refuses_non_ascii_digits_and_control_characters(text):
    # the same texts the schema's amount pattern refuses (D: library and schema agree)
    with pytest.raises(ValidationError) as info:
        Money.parse(text)
    assert info.value.codes == ("money.format",)


def test_amounts_are_bounded():
    from decimal import Decimal
    from fractions import Fraction

    from sozialraum.money import MAX_CENTS

    assert Money(cents=MAX_CENTS).cents == MAX_CENTS
    for make in (
        lambda: Money(cents=10**5000),
        lambda: Money(cents=-MAX_CENTS - 1),
        lambda: Money.parse(Decimal("1e999999")),
        lambda: Money.parse("1000000000000000"),
    ):
        with pytest.raises(ValidationError) as info:
            make()
        assert info.value.codes == ("number.too_large",)
    with pytest.raises(ValidationError) as info:
        Money.parse("1.00").scale(Decimal("NaN"))
    assert info.value.codes == ("number.not_finite",)
    with pytest.raises(ValidationError) as info:
        Money.parse("1.00").allocate([Decimal("1e-999999999"), Fraction(1)])
    assert info.value.codes == ("number.digits",)
