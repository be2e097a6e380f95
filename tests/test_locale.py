"""German and English formats of numbers, amounts, shares and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum._locale import (
    check_lang,
    format_date,
    format_money,
    format_number,
    format_percent,
)
from sozialraum.errors import ValidationError
from sozialraum.money import Money


def parse_de(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def parse_en(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def half_up(value: Fraction, places: int) -> Decimal:
    scaled = abs(value) * 10**places
    q, r = divmod(scaled.numerator, scaled.denominator)
    q += 2 * r >= scaled.denominator
    return Decimal(q if value >= 0 else -q).scaleb(-places)


@given(
    st.fractions(min_value=-(10**9), max_value=10**9, max_denominator=10**6),
    st.integers(min_value=0, max_value=4),
)
def test_numbers_round_half_up_and_read_back(value: Fraction, places: int) -> None:
    de, en = format_number(value, "de", places), format_number(value, "en", places)
    assert parse_de(de) == half_up(value, places) == parse_en(en)
    if places:
        assert de[-places - 1] == ","
        assert en[-places - 1] == "."
    assert not de.startswith("-0") or parse_de(de) != 0


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_in_both_languages(cents: int) -> None:
    m = Money(cents=cents)
    de, en = format_money(m, "de"), format_money(m, "en")
    assert de == m.format_de()
    assert Decimal(en.replace("€", "").replace(",", "")) == m.to_decimal()


def test_examples() -> None:
    assert format_number(1234567, "de") == "1.234.567"
    assert format_number(Decimal("0.5"), "en") == "1"
    assert format_number(Fraction(-1, 2), "de") == "-1"
    assert format_number(Fraction(-1, 1000), "de", 2) == "0,00"
    assert format_percent(Fraction(2, 3), "de") == "66,7 %"
    assert format_percent(1, "en", 0) == "100 %"
    assert format_date(date(2024, 2, 29), "de") == "29.02.2024"
    assert format_date(date(2024, 2, 29), "en") == "2024-02-29"
    assert format_money(Money.parse("-0.05"), "en") == "-€0.05"


@pytest.mark.parametrize("lang", ["fr", "", None, "DE"])
def test_unknown_language(lang: object) -> None:
    with pytest.raises(ValidationError) as info:
        check_lang(lang)
    assert info.value.issues[0].code == "lang.unknown"
    with pytest.raises(ValidationError):
        format_number(1, lang)  # type: ignore[arg-type]
