"""Young people, pseudonymous, with the precision of the statistics' dates of birth."""

from __future__ import annotations

from datetime import date

import attrs

from .. import messages
from ..catalog import Gender
from ..errors import Issue, ValidationError
from ..periods import age_on
from ._base import invariants

messages.define("type.invalid#year_month", "year and month must be integers")
messages.define("date.invalid#year_month", "not a valid year and month")
messages.define("date.invalid#month_format", "expected a month as YYYY-MM")

__all__ = ["YearMonth", "YoungPerson"]


@attrs.frozen(slots=True, order=True)
class YearMonth:
    """A month of a year, the precision of the federal statistics' dates of birth.

    >>> YearMonth(2010, 5).isoformat()
    '2010-05'
    >>> YearMonth.fromisoformat("2010-05")
    YearMonth(year=2010, month=5)
    """

    year: int
    month: int

    def __attrs_post_init__(self) -> None:
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (self.year, self.month)):
            raise ValidationError.single("", "type.invalid#year_month")
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValidationError.single("", "date.invalid#year_month")

    @classmethod
    def fromisoformat(cls, text: str) -> YearMonth:
        """Parse ``YYYY-MM``."""
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
            raise ValidationError.single("", "date.invalid#month_format")
        return cls(int(text[:4]), int(text[5:]))

    def isoformat(self) -> str:
        """``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    def __str__(self) -> str:
        return self.isoformat()


@attrs.frozen(kw_only=True, slots=True)
class YoungPerson:
    """A young person, pseudonymous: an id, a date or month of birth, a gender code.

    No names or addresses are ever stored. With month precision, the person is taken as
    born on the first day of the month for age calculations (the earliest possible date,
    so an age is never understated).

    >>> YoungPerson(id="P1", birth=YearMonth(2006, 5), gender=Gender.MALE).age_on(
    ...     date(2024, 5, 1))
    18
    """

    id: str
    birth: date | YearMonth = attrs.field(repr=False)
    gender: Gender = attrs.field(repr=False, default=Gender.NOT_STATED)

    @property
    def birth_day(self) -> date:
        """The date of birth used for age calculations."""
        return self.birth.first_day if isinstance(self.birth, YearMonth) else self.birth

    def age_on(self, day: date) -> int:
        """Age in completed years on ``day``."""
        return age_on(self.birth_day, day)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only
