"""Exact non-negative ratios for rule parameters (shares, weights, factors).

A :class:`Ratio` is a numerator over a denominator, both integers, so a rule such as
"a quarter of the relative deviation" or "at most 5 % change" is stored exactly and
serialises as plain data (``{"numerator": 1, "denominator": 4}``).

>>> Ratio.parse("0.25")
Ratio(numerator=1, denominator=4)
>>> Ratio.parse("12,5 %").value
Fraction(1, 8)
>>> Ratio.percent(10)
Ratio(numerator=1, denominator=10)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

import attrs

from .. import messages
from .._limits import MAX_DECIMAL_TEXT, MAX_RATIO_TERM, decimal_problem, integer_problem
from ..errors import Issue, ValidationError
from ..model._base import bounded

__all__ = ["Ratio"]

messages.define("ratio.type#parts", "numerator and denominator must be integers")
messages.define("ratio.denominator", "the denominator must be at least 1")
messages.define("ratio.negative", "a ratio must not be negative")
messages.define("ratio.type", "expected an int or a Fraction")
messages.define("ratio.type#text", "expected text")
messages.define("ratio.format", "a ratio is written like 1/4, 0.25 or 25 %")


def _check_int(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError.single(f"/{attribute.name}", "ratio.type#parts")
    problem = integer_problem(value, MAX_RATIO_TERM)
    if problem is not None:
        raise ValidationError([Issue.of(f"/{attribute.name}", problem[0], **problem[1])])


@attrs.frozen(kw_only=True)
class Ratio:
    """A non-negative exact ratio ``numerator / denominator``, kept in lowest terms.

    :raises ValidationError: ``ratio.type`` for non-integers, ``ratio.denominator`` for a
        denominator below 1, ``ratio.negative`` for a negative numerator,
        ``number.too_large`` for a term of more than 100 digits. Documents (and the JSON
        Schema) keep both terms within 10**15, like every integer.

    >>> Ratio(numerator=2, denominator=8)
    Ratio(numerator=1, denominator=4)
    """

    numerator: int = bounded(0, validator=_check_int)
    denominator: int = bounded(1, default=1, validator=_check_int)

    def __attrs_post_init__(self) -> None:
        if self.denominator < 1:
            raise ValidationError.single("/denominator", "ratio.denominator")
        if self.numerator < 0:
            raise ValidationError.single("/numerator", "ratio.negative")
        value = Fraction(self.numerator, self.denominator)
        object.__setattr__(self, "numerator", value.numerator)
        object.__setattr__(self, "denominator", value.denominator)

    @classmethod
    def of(cls, value: Fraction | int) -> Ratio:
        """From an exact number.

        >>> Ratio.of(Fraction(3, 4))
        Ratio(numerator=3, denominator=4)
        """
        if isinstance(value, bool) or not isinstance(value, int | Fraction):
            raise ValidationError.single("", "ratio.type")
        frac = Fraction(value)
        return cls(numerator=frac.numerator, denominator=frac.denominator)

    @classmethod
    def percent(cls, value: int | str) -> Ratio:
        """``value`` per cent (an int or decimal text such as ``"2,5"``).

        >>> Ratio.percent("2.5")
        Ratio(numerator=1, denominator=40)
        """
        return cls.parse(f"{value}%")

    @classmethod
    def parse(cls, text: str) -> Ratio:
        """Parse ``"1/4"``, ``"0.25"``, ``"0,25"`` or a percentage ``"25 %"``.

        >>> Ratio.parse("1/3")
        Ratio(numerator=1, denominator=3)
        >>> Ratio.parse("x")
        Traceback (most recent call last):
        ...
        sozialraum.errors.ValidationError: 1 issue:
          /: a ratio is written like 1/4, 0.25 or 25 % [ratio.format]
        """
        if not isinstance(text, str):
            raise ValidationError.single("", "ratio.type#text")
        if len(text) > MAX_DECIMAL_TEXT:
            raise ValidationError([Issue.of("", "text.too_long", limit=MAX_DECIMAL_TEXT)])
        raw = text.strip().replace(" ", "").replace(",", ".")
        scale = Fraction(1)
        if raw.endswith("%"):
            raw, scale = raw[:-1], Fraction(1, 100)
        try:
            if not raw.isascii():  # ASCII digits only, as in every document
                raise ValueError
            if "/" in raw:
                num, den = raw.split("/")
                value = Fraction(int(num), int(den))
            else:
                dec = Decimal(raw)
                if not dec.is_finite():
                    raise InvalidOperation
                problem = decimal_problem(dec)
                if problem is not None:
                    raise ValidationError([Issue.of("", problem[0], **problem[1])])
                value = Fraction(dec)
        except ValidationError:
            raise
        except (ValueError, ZeroDivisionError, InvalidOperation):
            raise ValidationError.single("", "ratio.format") from None
        if value < 0:
            raise ValidationError.single("", "ratio.negative")
        return cls.of(value * scale)

    @property
    def value(self) -> Fraction:
        """The ratio as a :class:`~fractions.Fraction`."""
        return Fraction(self.numerator, self.denominator)

    def __str__(self) -> str:
        if self.denominator == 1:
            return str(self.numerator)
        return f"{self.numerator}/{self.denominator}"
