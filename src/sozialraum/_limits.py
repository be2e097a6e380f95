"""The limits every number and date of sozialraum stays within (one place for all of them).

Data from outside is checked against these limits at the door (:mod:`sozialraum.schema`,
with the same bounds in the published JSON Schema files) and again by the constructors of
the value types and entities, so no value can make a later computation, ``repr``, ``str``
or ``json.dumps`` fail or hang:

* dates lie in ``[MIN_DATE, MAX_DATE]`` (1900-01-01 to 2199-12-31): wide enough for every
  date of birth and every plan, far enough from the ``datetime`` limit of year 9999 that
  month and year arithmetic near the end of the range is always safe. The exclusive end of
  a period may be the day after :data:`MAX_DATE` (``Period.year(2199)``), but documents
  write no date after :data:`MAX_DATE` (an open end is written by leaving ``end`` out);
* integers are at most :data:`MAX_INTEGER` (10**15) in absolute value;
* decimal numbers are finite, at most :data:`MAX_INTEGER` in absolute value, with at most
  :data:`MAX_DECIMAL_DIGITS` significant digits and an exponent not below
  :data:`MIN_DECIMAL_EXPONENT`; written as text they have at most
  :data:`MAX_DECIMAL_TEXT` characters;
* amounts of money are below 10**15 euros (:data:`MAX_CENTS` cents);
* the numerator and denominator of a computed ratio have at most 100 digits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import messages

__all__ = [
    "MAX_CENTS",
    "MAX_DATE",
    "MAX_DECIMAL_DIGITS",
    "MAX_DECIMAL_TEXT",
    "MAX_INTEGER",
    "MAX_RATIO_TERM",
    "MIN_DATE",
    "MIN_DECIMAL_EXPONENT",
    "date_problem",
    "decimal_problem",
    "integer_problem",
]

#: The earliest supported date.
MIN_DATE = date(1900, 1, 1)
#: The latest supported date.
MAX_DATE = date(2199, 12, 31)
#: The largest integer (in absolute value) a field may hold.
MAX_INTEGER = 10**15
#: The largest amount in cents (in absolute value): just below 10**15 euros.
MAX_CENTS = 10**17 - 1
#: At most this many significant digits in a decimal number.
MAX_DECIMAL_DIGITS = 40
#: No decimal exponent below this (covers every float: 5e-324 is the smallest).
MIN_DECIMAL_EXPONENT = -400
#: A decimal number written as text has at most this many characters.
MAX_DECIMAL_TEXT = 40
#: The numerator and denominator of a :class:`~sozialraum.budget.ratio.Ratio` stay below.
MAX_RATIO_TERM = 10**100

DATE_RANGE = messages.define("date.range", "the date must lie from {minimum} to {maximum}")
TOO_LARGE = messages.define("number.too_large", "the number must be at most {limit} in size")
DIGITS = messages.define(
    "number.digits", "the number must have at most {limit} digits and {places} decimal places"
)
TEXT_TOO_LONG = messages.define("text.too_long", "the text must have at most {limit} characters")
NOT_FINITE = messages.define("number.not_finite#number", "the number must be finite")

#: (code, params) of one problem, or ``None``.
Problem = tuple[str, dict[str, str | int]] | None


def date_problem(day: date, *, exclusive_end: bool = False) -> Problem:
    """``date.range`` if ``day`` is outside the supported range (``exclusive_end``: the
    day after :data:`MAX_DATE` is allowed too)."""
    if MIN_DATE <= day <= MAX_DATE or (exclusive_end and day.toordinal() == _AFTER_MAX):
        return None
    return DATE_RANGE, {"minimum": MIN_DATE.isoformat(), "maximum": MAX_DATE.isoformat()}


_AFTER_MAX = MAX_DATE.toordinal() + 1


def _label(limit: int) -> str:
    exponent = len(str(limit)) - 1
    if limit == 10**exponent and exponent >= 6:
        return f"10**{exponent}"
    if limit == 10 ** (exponent + 1) - 1 and exponent >= 6:
        return f"10**{exponent + 1} - 1"
    return str(limit)


def integer_problem(value: int, limit: int = MAX_INTEGER) -> Problem:
    """``number.too_large`` if ``abs(value) > limit``."""
    if -limit <= value <= limit:
        return None
    return TOO_LARGE, {"limit": _label(limit)}


def decimal_problem(value: Decimal) -> Problem:
    """The first limit ``value`` breaks: ``number.not_finite``, ``number.too_large`` or
    ``number.digits``; ``None`` when it is within all of them (checked cheaply, without
    ever expanding a huge exponent)."""
    if not value.is_finite():
        return NOT_FINITE, {}
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_DECIMAL_DIGITS or exponent < MIN_DECIMAL_EXPONENT:
        return DIGITS, {"limit": MAX_DECIMAL_DIGITS, "places": -MIN_DECIMAL_EXPONENT}
    if value.adjusted() > 15 or abs(value) > MAX_INTEGER:
        return TOO_LARGE, {"limit": "10**15"}
    return None
