"""Exact money in euro cents.

:class:`Money` holds an integer number of cents. It never touches ``float``: amounts are
parsed from strings, :class:`~decimal.Decimal` or integer cents, and every split of an amount
(:meth:`Money.allocate`) sums exactly to it.

>>> from sozialraum.money import Money
>>> total = Money.parse("1.234,56 €")
>>> total
Money('1234.56')
>>> total.format_de()
'1.234,56 €'
>>> [str(m) for m in Money.parse("100.00").allocate([1, 1, 1])]
['33.34', '33.33', '33.33']
>>> sum(Money.parse("100.00").allocate([1, 1, 1]), Money.zero()) == Money.parse("100")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, SupportsIndex

import attrs

from . import messages
from ._limits import MAX_CENTS, MAX_DECIMAL_TEXT, decimal_problem, integer_problem
from .errors import Issue, ValidationError

__all__ = ["MAX_CENTS", "Money", "Weight", "largest_remainder"]

messages.define("weight.type", "a weight must be an int, Fraction or Decimal (never a float)")
messages.define("weight.not_finite", "a weight must be finite")
messages.define("weight.negative", "a weight must not be negative")
messages.define("money.type#cents", "cents must be an integer")
messages.define("money.type#decimal", "expected a Decimal amount")
messages.define("money.not_finite", "an amount must be a finite number")
messages.define("money.precision", "an amount may have at most two decimal places")
messages.define("money.type#boolean", "expected an amount, not a boolean")
messages.define(
    "money.float", "amounts must not be floats; pass a string, Decimal or integer cents"
)
messages.define("money.type#value", "expected an amount as text, Decimal or integer cents")
messages.define("money.factor", "a factor must be an int, Fraction or Decimal")
messages.define("weights.empty#weights", "at least one weight is needed")
messages.define("weights.all_zero", "the weights must not all be zero")
messages.define("money.empty", "an amount must not be empty")
messages.define("money.format#digits", "the amount has too many digits")
messages.define(
    "money.format#control", "an amount must not contain line breaks or control characters"
)
messages.define(
    "money.format#text", "an amount must be written like 1234.56, 1.234,56 or 1234,56 €"
)


#: A weight for :meth:`Money.allocate`: anything that converts exactly to a Fraction.
Weight = int | Fraction | Decimal

# ASCII digits only ([0-9], not \d: no "١٢٣") and whole-text matches (fullmatch, not $)
_PLAIN = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]{1,2}))?")
_GROUPED_DE = re.compile(r"([+-]?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{1,2}))?")
_GROUPED_EN = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]{1,2})")
_MORE_DECIMALS = re.compile(r"[+-]?(?:[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)[.,][0-9]{3,}")
#: Control characters and line breaks: never part of an amount (a trailing newline included).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Whole euros have at most 15 digits (amounts below 10**15 euros, see MAX_CENTS).
_MAX_EURO_DIGITS = len(str(MAX_CENTS // 100))


def _check_cents_range(cents: int) -> None:
    problem = integer_problem(cents, MAX_CENTS)
    if problem is not None:
        raise ValidationError([Issue.of("/cents", problem[0], **problem[1])])


def _check_decimal(value: Decimal, path: str = "") -> None:
    problem = decimal_problem(value)
    if problem is not None:
        raise ValidationError([Issue.of(path, problem[0], **problem[1])])


def _invalid(key: str) -> ValidationError:
    return ValidationError.single("", key)


def _as_fraction(weight: object, index: int) -> Fraction:
    if isinstance(weight, bool) or not isinstance(weight, int | Fraction | Decimal):
        raise ValidationError.single(f"/{index}", "weight.type")
    if isinstance(weight, Decimal) and not weight.is_finite():
        raise ValidationError.single(f"/{index}", "weight.not_finite")
    if isinstance(weight, Decimal):
        _check_decimal(weight, f"/{index}")
    value = Fraction(weight)
    if value < 0:
        raise ValidationError.single(f"/{index}", "weight.negative")
    return value


def largest_remainder(total: int, weights: Sequence[Fraction]) -> list[int]:
    """Split the non-negative integer ``total`` in proportion to ``weights`` exactly.

    Each part gets the integer part of its exact quota; the units left over go to the
    largest remainders, ties broken by position (earlier first). The parts always sum to
    ``total``. ``weights`` must be non-negative Fractions, not all zero.

    >>> from fractions import Fraction as F
    >>> largest_remainder(10, [F(1), F(1), F(1)])
    [4, 3, 3]
    """
    weight_sum = sum(weights, Fraction(0))
    quotas = [total * w / weight_sum for w in weights]
    parts = [q.numerator // q.denominator for q in quotas]
    left = total - sum(parts)
    if left:
        order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
        for i in order[:left]:
            parts[i] += 1
    return parts


@attrs.frozen(slots=True, order=True, repr=False)
class Money:
    """An exact amount of euros, stored as integer cents.

    Construct from cents (``Money(cents=12345)``), or parse with :meth:`parse`. Amounts are
    below 10**15 euros (:data:`MAX_CENTS`; ``number.too_large`` beyond). Supports
    ``+``, ``-``, unary ``-``, comparison, ``sum(…, Money.zero())``, multiplication by an
    integer and :meth:`allocate`.

    >>> Money(cents=150) + Money.parse("0,50")
    Money('2.00')
    >>> Money(cents=-5).format_de()
    '-0,05 €'
    """

    cents: int = attrs.field()

    @cents.validator
    def _check_cents(self, _attribute: object, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid("money.type#cents")
        _check_cents_range(value)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        """Zero euros."""
        return cls(cents=0)

    @classmethod
    def from_cents(cls, cents: SupportsIndex) -> Money:
        """From an integer number of cents."""
        if isinstance(cents, bool) or not hasattr(cents, "__index__"):
            raise _invalid("money.type#cents")
        return cls(cents=int(cents.__index__()))

    @classmethod
    def from_decimal(cls, amount: Decimal) -> Money:
        """From a Decimal amount of euros with at most two decimal places.

        >>> Money.from_decimal(Decimal("12.5"))
        Money('12.50')
        """
        if not isinstance(amount, Decimal):
            raise _invalid("money.type#decimal")
        if not amount.is_finite():
            raise _invalid("money.not_finite")
        _check_decimal(amount)
        exponent = amount.as_tuple().exponent
        assert isinstance(exponent, int)
        scaled = amount.scaleb(2)
        if exponent < -2 and scaled != scaled.to_integral_value():
            raise _invalid("money.precision")
        return cls(cents=int(scaled))

    @classmethod
    def parse(cls, value: object) -> Money:
        """Parse an amount given as text, :class:`~decimal.Decimal` or integer cents.

        Text may be plain (``"1234.56"``, ``"-3"``), German (``"1.234,56"``, ``"1234,56 €"``,
        and ``"1.234"`` is one thousand two hundred and thirty-four euros) or English-grouped
        with decimals (``"1,234.56"``); a trailing or leading ``€`` / ``EUR`` and spaces
        are ignored. An ``int`` is taken as **cents**. Floats, NaN, infinities and more than
        two decimal places are refused with a :class:`~sozialraum.errors.ValidationError`.

        >>> Money.parse("1234,5")
        Money('1234.50')
        >>> Money.parse(1999)
        Money('19.99')
        >>> Money.parse(0.1)
        Traceback (most recent call last):
        ...
        sozialraum.errors.ValidationError: 1 issue:
          /: amounts must not be floats; pass a string, Decimal or integer cents [money.float]
        """
        if isinstance(value, Money):
            return value
        if isinstance(value, bool):
            raise _invalid("money.type#boolean")
        if isinstance(value, int):
            return cls(cents=value)
        if isinstance(value, float):
            raise _invalid("money.float")
        if isinstance(value, Decimal):
            return cls.from_decimal(value)
        if not isinstance(value, str):
            raise _invalid("money.type#value")
        return cls(cents=_parse_text(value))

    # -- arithmetic ---------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(cents=self.cents + other.cents)

    def __radd__(self, other: object) -> Money:
        # lets sum() start from the int 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(cents=self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(cents=-self.cents)

    def __abs__(self) -> Money:
        return Money(cents=abs(self.cents))

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            return NotImplemented
        return Money(cents=self.cents * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.cents != 0

    @staticmethod
    def total(amounts: Iterable[Money]) -> Money:
        """The exact sum of ``amounts`` (zero for none)."""
        return Money(cents=sum(a.cents for a in amounts))

    def scale(self, factor: Fraction | Decimal | int) -> Money:
        """Multiply by an exact factor, rounding half away from zero to whole cents.

        >>> Money.parse("10.00").scale(Fraction(1, 3))
        Money('3.33')
        """
        if isinstance(factor, bool) or not isinstance(factor, int | Fraction | Decimal):
            raise _invalid("money.factor")
        if isinstance(factor, Decimal):
            _check_decimal(factor)
        exact = self.cents * Fraction(factor)
        return Money(cents=_round_half_away(exact))

    def allocate(self, weights: Iterable[Weight]) -> tuple[Money, ...]:
        """Split this amount in proportion to ``weights``, exactly.

        Uses the largest-remainder method: every part gets the whole cents of its exact
        quota, and the cents left over go to the largest remainders; equal remainders are
        broken by position (earlier weights first), so the result is deterministic. The parts
        always sum to this amount. Negative amounts are split like their absolute value.

        :raises ValidationError: when a weight is a float or negative, or all are zero.

        >>> [str(m) for m in Money.parse("0.05").allocate([1, 1])]
        ['0.03', '0.02']
        >>> [str(m) for m in Money.parse("-1.00").allocate([2, 1])]
        ['-0.67', '-0.33']
        """
        fractions = [_as_fraction(w, i) for i, w in enumerate(weights)]
        if not fractions:
            raise _invalid("weights.empty#weights")
        if not any(fractions):
            raise _invalid("weights.all_zero")
        sign = -1 if self.cents < 0 else 1
        parts = largest_remainder(abs(self.cents), fractions)
        return tuple(Money(cents=sign * p) for p in parts)

    # -- conversion and formatting ------------------------------------------------------
    def to_decimal(self) -> Decimal:
        """The amount in euros as a Decimal with two places.

        >>> Money(cents=5).to_decimal()
        Decimal('0.05')
        """
        return Decimal(self.cents).scaleb(-2)

    def __str__(self) -> str:
        """Plain format with a dot and two decimals, e.g. ``-1234.50``."""
        sign = "-" if self.cents < 0 else ""
        euros, cents = divmod(abs(self.cents), 100)
        return f"{sign}{euros}.{cents:02d}"

    def format_de(self, *, symbol: bool = True) -> str:
        """German format: ``1.234,56 €`` (thousands dot, decimal comma).

        >>> Money(cents=123456789).format_de(symbol=False)
        '1.234.567,89'
        """
        sign = "-" if self.cents < 0 else ""
        euros, cents = divmod(abs(self.cents), 100)
        grouped = f"{euros:,}".replace(",", ".")
        text = f"{sign}{grouped},{cents:02d}"
        return f"{text} €" if symbol else text

    def __repr__(self) -> str:
        return f"Money('{self}')"

    def __format__(self, spec: str) -> str:
        if spec == "de":
            return self.format_de()
        return format(str(self), spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Money, (self.cents,))


def _round_half_away(value: Fraction) -> int:
    n, d = value.numerator, value.denominator
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return q if n >= 0 else -q


def _parse_text(raw: str) -> int:
    if _CONTROL.search(raw):
        raise _invalid("money.format#control")
    if len(raw) > 4 * MAX_DECIMAL_TEXT:
        raise _invalid("money.format#digits")
    text = raw.strip()
    for marker in ("€", "EUR", "eur", "Eur"):
        if text.endswith(marker):
            text = text[: -len(marker)].strip()
        elif text.startswith(marker):
            text = text[len(marker) :].strip()
    text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    if not text:
        raise _invalid("money.empty")
    if text.lower() in {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        raise _invalid("money.not_finite")
    for pattern in (_PLAIN, _GROUPED_DE, _GROUPED_EN):
        match = pattern.fullmatch(text)
        if match:
            sign, whole, frac = match.groups()
            whole = whole.replace(".", "").replace(",", "").lstrip("0")
            if len(whole) > _MAX_EURO_DIGITS:
                raise ValidationError(
                    [Issue.of("", "number.too_large", limit=f"10**{_MAX_EURO_DIGITS}")]
                )
            cents = int(whole or "0") * 100 + int((frac or "").ljust(2, "0"))
            return -cents if sign == "-" else cents
    if _MORE_DECIMALS.fullmatch(text):
        raise _invalid("money.precision")
    raise _invalid("money.format#text")
