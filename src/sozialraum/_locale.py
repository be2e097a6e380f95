"""Numbers, amounts, shares and dates for people, in German or English.

A small shared helper for every text that has a language (the Sozialraumbericht today, the
message catalogue later): ``lang`` is ``"de"`` or ``"en"``. German uses the thousands dot and
the decimal comma (``1.234,56 €``, ``12,5 %``, ``31.12.2024``); English the thousands comma
and the decimal point (``€1,234.56``, ``12.5 %``, ``2024-12-31``). Exact values stay exact
until here and are rounded half away from zero ("kaufmännisch"), as in statistics tables.
Amounts reuse :meth:`Money.format_de <sozialraum.money.Money.format_de>`.

>>> from datetime import date
>>> from fractions import Fraction
>>> format_number(Fraction(24681, 2), "de", 1), format_number(Fraction(24681, 2), "en", 1)
('12.340,5', '12,340.5')
>>> format_percent(Fraction(1, 8), "de"), format_percent(Fraction(1, 8), "en")
('12,5 %', '12.5 %')
>>> format_date(date(2024, 12, 31), "de"), format_date(date(2024, 12, 31), "en")
('31.12.2024', '2024-12-31')
>>> from sozialraum.money import Money
>>> format_money(Money.parse("1234.56"), "de"), format_money(Money.parse("-1234.56"), "en")
('1.234,56 €', '-€1,234.56')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from . import messages
from .errors import ValidationError
from .money import Money

__all__ = [
    "LANGUAGES",
    "Lang",
    "check_lang",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
]

messages.define("lang.unknown", "the language is 'de' or 'en'")


#: A language code.
Lang = Literal["de", "en"]

#: The languages texts exist in; the first is the default of German-speaking users.
LANGUAGES: tuple[Lang, ...] = ("de", "en")


def check_lang(lang: object) -> Lang:
    """``lang`` if it is a known language code, else a :class:`ValidationError`.

    >>> check_lang("de")
    'de'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    sozialraum.errors.ValidationError: 1 issue:
      /lang: the language is 'de' or 'en' [lang.unknown]
    """
    if lang == "de":
        return "de"
    if lang == "en":
        return "en"
    raise ValidationError.single("/lang", "lang.unknown")


def _round(value: int | Fraction | Decimal, places: int) -> tuple[bool, int]:
    """``(negative, |value| · 10**places rounded half away from zero)``."""
    exact = Fraction(value) * 10**places
    q, r = divmod(abs(exact.numerator), exact.denominator)
    if 2 * r >= exact.denominator:
        q += 1
    return exact < 0 and q != 0, q


def _group(digits: int, sep: str) -> str:
    return f"{digits:,}".replace(",", sep)


def format_number(value: int | Fraction | Decimal, lang: str, places: int = 0) -> str:
    """``value`` rounded half away from zero to ``places`` decimals, with grouping.

    >>> format_number(1234567, "de"), format_number(Decimal("-0.004"), "en", 2)
    ('1.234.567', '0.00')
    """
    language = check_lang(lang)
    negative, scaled = _round(value, places)
    whole, frac = divmod(scaled, 10**places)
    group, point = (".", ",") if language == "de" else (",", ".")
    text = _group(whole, group)
    if places:
        text += f"{point}{frac:0{places}d}"
    return f"-{text}" if negative else text


def format_percent(share: int | Fraction | Decimal, lang: str, places: int = 1) -> str:
    """A share (``1/8``) as a percentage (``12,5 %`` / ``12.5 %``), rounded half up."""
    return f"{format_number(Fraction(share) * 100, lang, places)} %"


def format_money(amount: Money, lang: str) -> str:
    """An amount in euros: ``1.234,56 €`` (de) or ``€1,234.56`` (en)."""
    if check_lang(lang) == "de":
        return amount.format_de()
    sign = "-" if amount.cents < 0 else ""
    return f"{sign}€{format_number(abs(amount.to_decimal()), 'en', 2)}"


def format_date(day: date, lang: str) -> str:
    """A date: ``31.12.2024`` (de) or ISO ``2024-12-31`` (en)."""
    if check_lang(lang) == "de":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return day.isoformat()
