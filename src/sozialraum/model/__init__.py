"""The domain entities: municipality, social spaces, providers, cases, helps, plans,
§ 8a assessments and § 42 measures, with the fields of the federal statistics (§ 99).

Every entity is a frozen ``attrs`` class with keyword-only arguments. Invariants are checked
when an entity is built; every problem found is reported at once in a
:class:`~sozialraum.errors.ValidationError` whose issues carry JSON pointers relative to the
entity (``/helps/0/period/end``). Codes from the catalogue are stable strings. One concept
per module: :mod:`~sozialraum.model.people`, :mod:`~sozialraum.model.help`,
:mod:`~sozialraum.model.plan`, :mod:`~sozialraum.model.protection`,
:mod:`~sozialraum.model.case`, :mod:`~sozialraum.model.work`,
:mod:`~sozialraum.model.organisation`.

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

The statistics record one main reason and up to two further ones, all different:

>>> Help(id="H1", help_type="31", provider_id="T1", period=Period(date(2024, 1, 1)),
...      monthly_cost=Money.parse("1450.00"), main_reason="13", further_reasons=("13",))
Traceback (most recent call last):
...
sozialraum.errors.ValidationError: 1 issue:
  /further_reasons/0: the main and further reasons must all be different [help.reasons_repeated]
"""

from .case import YOUNG_ADULT_AGE, Case
from .help import MAX_FURTHER_REASONS, Help
from .organisation import (
    AgeBand,
    Indicator,
    Municipality,
    Provider,
    SocialSpace,
    SocialSpaceTeam,
)
from .people import YearMonth, YoungPerson
from .plan import Goal, HelpPlan
from .protection import ProtectiveCustody, RiskAssessment
from .work import CaseIndependentWork

__all__ = [
    "MAX_FURTHER_REASONS",
    "YOUNG_ADULT_AGE",
    "AgeBand",
    "Case",
    "CaseIndependentWork",
    "Goal",
    "Help",
    "HelpPlan",
    "Indicator",
    "Municipality",
    "ProtectiveCustody",
    "Provider",
    "RiskAssessment",
    "SocialSpace",
    "SocialSpaceTeam",
    "YearMonth",
    "YoungPerson",
]
