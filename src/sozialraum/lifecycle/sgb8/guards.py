"""The guards of the default SGB VIII process, its parameters and the guard context.

Each guard is a named :class:`~sozialraum.lifecycle.Guard`; a refusal carries a stable code
and a sentence without personal data.

>>> from datetime import date
>>> from sozialraum.lifecycle.sgb8.events import HelpGranted
>>> grant = HelpGranted(on=date(2024, 3, 1), help_type="31", decided_by="provider",
...                     expected_months=3)
>>> youth_office_decides.check(grant, (), None, DEFAULT_PARAMETERS).code
'decision.not_youth_office'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

import attrs

from ... import messages
from ...catalog import (
    CASE_CLOSING_REASONS,
    ENDING_REASONS,
    HELP_TYPES,
    INITIATING_INSTITUTIONS,
    RISK_ASSESSMENT_RESULTS,
    CodeList,
    Setting,
)
from ...errors import ValidationError
from ...periods import age_on
from ..events import Event, Guard, Refusal
from ..table import Route
from .events import HelpEnded, HelpGranted, PlanReviewed
from .helps import _scan_of

__all__ = [
    "DEFAULT_PARAMETERS",
    "GUARDS",
    "ROUTES",
    "CaseContext",
    "closing_reason_coded",
    "ending_reason_coded",
    "help_id_free",
    "help_running",
    "initiator_coded",
    "known_help_type",
    "long_term_needs_plan",
    "other_helps_running",
    "risk_result_coded",
    "specialist_statement",
    "young_adult_age",
    "youth_office_decides",
]

messages.define(
    "decision.not_youth_office",
    "only the youth office grants help; a provider can propose it (§ 36a Abs. 1 SGB VIII)",
)
messages.define("help_type.unknown", "the help type is not in the catalogue")
messages.define("help_type.crisis", "emergency custody is recorded with CustodyTaken")
messages.define("duration.invalid", "the expected duration must be at least one month")
messages.define(
    "help_plan.missing",
    "a help expected to last longer than the long-term threshold needs an agreed help plan "
    "(§ 36 Abs. 2 SGB VIII)",
)
messages.define(
    "specialist_statement.missing",
    "a § 35a help needs the specialist statement of § 35a Abs. 1a SGB VIII on file",
)
messages.define("context.birth_date_missing", "the § 41 age rule needs the birth date")
messages.define("young_adult.too_young", "a § 41 help needs a person aged 18 or over")
messages.define(
    "young_adult.type_not_in_41",
    "§ 41 Abs. 2 SGB VIII does not provide this help type for young adults",
)
messages.define(
    "young_adult.justification_missing",
    "a § 41 help starting at this age needs a recorded justification (§ 41 Abs. 1 SGB VIII)",
)
messages.define("young_adult.too_old", "a § 41 help cannot start at 27 or over (§ 7 SGB VIII)")
messages.define(
    "help.already_granted", "a help with this id was granted before; give a new help a new id"
)
messages.define("help.not_running", "no help with this id is running")

messages.define("type.invalid#date_or_none", "expected a date or None")


@attrs.frozen(kw_only=True)
class CaseContext:
    """What guards may know about the case beyond its history.

    It is kept with the case file (``CaseFile.context``) and saved in its JSON form, so a
    reloaded file replays with the same facts. Its ``repr`` never shows the birth date
    (personal fields are left out of ``repr``, as in :mod:`sozialraum.model`).

    :param birth_date: the young person's date of birth (for the § 41 age rule).
    :raises ValidationError: ``type.invalid`` if ``birth_date`` is not a date.

    >>> ctx = CaseContext(birth_date=date(2006, 5, 17))
    >>> ctx.birth_date.year, ctx
    (2006, CaseContext())
    """

    birth_date: date | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        birth = self.birth_date
        if birth is not None and (type(birth) is not date):
            raise ValidationError.single("/birth_date", "type.invalid#date_or_none")


#: Default process parameters (all integers; documented in :mod:`sozialraum.lifecycle.sgb8`).
DEFAULT_PARAMETERS: Mapping[str, int] = MappingProxyType(
    {
        "long_term_months": 6,
        "review_interval_months": 6,
        "early_phase_months": 0,
        "early_review_interval_months": 3,
        "young_adult_max_age": 21,
        "direct_access:28-family": 1,
        "direct_access:28-parents": 1,
        "direct_access:28-young-person": 1,
    }
)

_Params = Mapping[str, int]
_History = Sequence[Event]


def _coded(name: str, attribute: str, codes: CodeList, code: str, what: str) -> Guard:
    """A guard that refuses unless ``event.<attribute>`` is a code of ``codes``."""
    refusal = Refusal.of(code, code_list=codes.name)

    def check(event: Event, history: _History, context: object, params: _Params) -> Refusal | None:
        value = getattr(event, attribute)
        return None if value is None or value in codes else refusal

    check.__name__ = name
    return Guard(name=name, check=check, description=f"the {what} is a code of {codes.name}")


messages.define("initiator.unknown", "the initiator is not in the code list '{code_list}'")
messages.define("risk_result.unknown", "the result is not in the code list '{code_list}'")
messages.define("ending_reason.unknown", "the ending reason is not in the code list '{code_list}'")
messages.define("closing_reason.unknown", "the reason is not in the code list '{code_list}'")

initiator_coded = _coded(
    "initiator_coded", "initiator", INITIATING_INSTITUTIONS, "initiator.unknown", "initiator"
)
risk_result_coded = _coded(
    "risk_result_coded", "result", RISK_ASSESSMENT_RESULTS, "risk_result.unknown", "result"
)
ending_reason_coded = _coded(
    "ending_reason_coded", "ending_reason", ENDING_REASONS, "ending_reason.unknown", "ending reason"
)
closing_reason_coded = _coded(
    "closing_reason_coded", "reason", CASE_CLOSING_REASONS, "closing_reason.unknown", "reason"
)

_NOT_YOUTH_OFFICE = Refusal.of("decision.not_youth_office")
_UNKNOWN_HELP = Refusal.of("help_type.unknown")
_CRISIS_HELP = Refusal.of("help_type.crisis")
_BAD_DURATION = Refusal.of("duration.invalid")
_NO_PLAN = Refusal.of("help_plan.missing")
_NO_STATEMENT = Refusal.of("specialist_statement.missing")
_NO_BIRTH_DATE = Refusal.of("context.birth_date_missing")
_TOO_YOUNG = Refusal.of("young_adult.too_young")
_NOT_FOR_YOUNG_ADULTS = Refusal.of("young_adult.type_not_in_41")
_NO_JUSTIFICATION = Refusal.of("young_adult.justification_missing")
_TOO_OLD = Refusal.of("young_adult.too_old")
_ALREADY_GRANTED = Refusal.of("help.already_granted")
_NOT_RUNNING = Refusal.of("help.not_running")


def _youth_office_decides(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    return None if event.decided_by == "youth_office" else _NOT_YOUTH_OFFICE


def _known_help_type(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    kind = HELP_TYPES.get(event.help_type)
    if kind is None:
        return _UNKNOWN_HELP
    if kind.setting is Setting.CRISIS:
        return _CRISIS_HELP
    return None if event.expected_months >= 1 else _BAD_DURATION


def _long_term_needs_plan(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    if event.expected_months <= params.get("long_term_months", 6):
        return None
    if params.get(f"direct_access:{event.help_type}", 0):
        return None
    scan = _scan_of(history)
    help_id = scan.resolve(event)
    build = scan.builds.get(help_id) if help_id is not None else None
    return None if build is not None and build.plan is not None else _NO_PLAN


def _specialist_statement(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    kind = HELP_TYPES.get(event.help_type)
    if kind is None or not kind.needs_specialist_statement:
        return None
    scan = _scan_of(history)
    help_id = scan.resolve(event)
    build = scan.builds.get(help_id) if help_id is not None else None
    if (build is not None and build.statement) or scan.free_statement:
        return None
    return _NO_STATEMENT


def _help_id_free(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    if event.help_id is None:  # an implied id is always a new help
        return None
    build = _scan_of(history).builds.get(event.help_id)
    return _ALREADY_GRANTED if build is not None and build.grant is not None else None


def _help_running(
    event: PlanReviewed | HelpEnded, history: _History, context: object, params: _Params
) -> Refusal | None:
    if event.help_id is None:  # "the" help of a single-help history
        return None
    return None if event.help_id in _scan_of(history).running else _NOT_RUNNING


def _other_helps_running(
    event: HelpEnded, history: _History, context: object, params: _Params
) -> bool:
    if event.help_id is None:  # ends the help phase, as in a single-help history
        return False
    return any(h != event.help_id for h in _scan_of(history).running)


def _young_adult_age(
    event: HelpGranted, history: _History, context: object, params: _Params
) -> Refusal | None:
    # § 41 is not a help type: a Teil I help (HzE, § 35a) starting at 18 or older is one
    # for a young adult (the statistics' rule), so the § 41 age rules apply to it.
    kind = HELP_TYPES.get(event.help_type)
    if kind is None or not (kind.hze or kind.eingliederungshilfe):
        return None
    birth = context.birth_date if isinstance(context, CaseContext) else None
    if birth is None:
        return None
    age = age_on(birth, event.on)
    if age < 18:
        return None
    if not kind.young_adult_eligible:
        return _NOT_FOR_YOUNG_ADULTS
    if age >= 27:
        return _TOO_OLD
    if age >= params.get("young_adult_max_age", 21) and not event.young_adult_justification:
        return _NO_JUSTIFICATION
    return None


youth_office_decides = Guard(
    name="youth_office_decides",
    check=_youth_office_decides,
    description="the grant is the youth office's act (§ 36a; OVG Nds 4 ME 306/09)",
)
known_help_type = Guard(
    name="known_help_type",
    check=_known_help_type,
    description="a catalogue help type (not a crisis placement), at least one month expected",
)
long_term_needs_plan = Guard(
    name="long_term_needs_plan",
    check=_long_term_needs_plan,
    description="longer than long_term_months needs an agreed help plan (§ 36 Abs. 2), "
    "except help used through direct access (§ 36a Abs. 2)",
)
specialist_statement = Guard(
    name="specialist_statement",
    check=_specialist_statement,
    description="§ 35a help needs the specialist statement (§ 35a Abs. 1a)",
)
young_adult_age = Guard(
    name="young_adult_age",
    check=_young_adult_age,
    description="§ 41: from 18 at start only the types of § 41(2); from young_adult_max_age "
    "with a justification; not from 27",
)
help_id_free = Guard(
    name="help_id_free",
    check=_help_id_free,
    description="a granted help has an id of its own (not one granted before)",
)
help_running = Guard(
    name="help_running",
    check=_help_running,
    description="a review or end names a help that is running",
)
other_helps_running = Route(
    name="other_helps_running",
    target="help_active",
    check=_other_helps_running,
    description="the case stays in help_active while other helps still run",
)

#: Every route of the default process by name (the registry for reading processes back).
ROUTES: Mapping[str, Route] = MappingProxyType({other_helps_running.name: other_helps_running})

#: Every guard of the default process by name (the registry for reading processes back).
GUARDS: Mapping[str, Guard] = MappingProxyType(
    {
        g.name: g
        for g in (
            initiator_coded,
            risk_result_coded,
            ending_reason_coded,
            closing_reason_coded,
            youth_office_decides,
            known_help_type,
            long_term_needs_plan,
            specialist_statement,
            young_adult_age,
            help_id_free,
            help_running,
        )
    }
)
