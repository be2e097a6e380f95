"""The domain entities: municipality, social spaces, providers, cases, helps, plans.

Every entity is a frozen ``attrs`` class with keyword-only arguments. Invariants are checked
when an entity is built; every problem found is reported at once in a
:class:`~sozialraum.errors.ValidationError` whose issues carry JSON pointers relative to the
entity (``/helps/0/period/end``). Codes from the catalogue are stable strings.

Personal data (dates of birth, gender, goal texts, justifications) never shows in ``repr``:

>>> from datetime import date
>>> from sozialraum.catalog import Gender
>>> YoungPerson(id="P-0001", birth=date(2010, 5, 17), gender=Gender.FEMALE)
YoungPerson(id='P-0001')

A help cannot end before it starts, and an ended help records why it ended:

>>> from sozialraum.money import Money
>>> from sozialraum.periods import Period
>>> Help(id="H1", help_type="31", provider_id="T1", period=Period(date(2024, 1, 1),
...      date(2024, 7, 1)), monthly_cost=Money.parse("1450.00"))
Traceback (most recent call last):
...
sozialraum.errors.ValidationError: 1 issue:
  /ending_reason: an ended help must record its ending reason [help.ending_reason_missing]
"""

from .case import (
    Case,
    CaseIndependentWork,
    Goal,
    Help,
    HelpPlan,
    RiskAssessment,
    YearMonth,
    YoungPerson,
)
from .organisation import (
    AgeBand,
    Indicator,
    Municipality,
    Provider,
    SocialSpace,
    SocialSpaceTeam,
)

__all__ = [
    "AgeBand",
    "Case",
    "CaseIndependentWork",
    "Goal",
    "Help",
    "HelpPlan",
    "Indicator",
    "Municipality",
    "Provider",
    "RiskAssessment",
    "SocialSpace",
    "SocialSpaceTeam",
    "YearMonth",
    "YoungPerson",
]
