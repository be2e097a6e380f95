"""Small cases for the statistics tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sozialraum.model import Case, Help, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period


def help_(help_id: str, help_type: str, start: date, end: date | None = None, **kw: Any) -> Help:
    if end is not None:
        kw.setdefault("ending_reason", "10")
    if help_type.startswith("35a"):
        kw.setdefault("specialist_statement_on", start)
    return Help(
        id=help_id,
        help_type=help_type,
        provider_id="T1",
        period=Period(start, end),
        monthly_cost=Money.parse("1000.00"),
        **kw,
    )


def case(
    case_id: str,
    *helps: Help,
    birth: date = date(2010, 4, 1),
    opened: date | None = None,
    **kw: Any,
) -> Case:
    first = min((h.period.start for h in helps), default=date(2020, 1, 1))
    return Case(
        id=case_id,
        space_id="S1",
        opened=opened or min(first, date(2020, 1, 1)),
        young_person=YoungPerson(id=f"P-{case_id}", birth=birth),
        helps=helps,
        **kw,
    )
