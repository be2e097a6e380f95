"""The default SGB VIII case process (domain brief 4.3) with the guards that make the law real.

The whole process on one screen is :data:`TABLE`; the diagram is in the docs
(``docs/lifecycle.rst``). Events carry their own data, guards read the event, the history,
the :class:`CaseContext` (the young person's birth date) and the process parameters.

>>> from datetime import date
>>> f = DEFAULT_PROCESS.replay(example_history(), case_id="F-1",
...                            context=CaseContext(birth_date=date(2012, 5, 17)))
>>> f.state
'help_active'
>>> DEFAULT_PROCESS.apply(f, HelpEnded(on=date(2024, 9, 30), ending_reason="99"))
Traceback (most recent call last):
...
sozialraum.errors.TransitionError: HelpEnded refused in state 'help_active' by guard 'ending_reason_coded': the ending reason is not in the code list 'ending_reasons' (allowed in this state: CustodyTaken, HelpEnded, HelpGranted, HelpPlanAgreed, HelpProposed, PlanReviewed, RiskConcernRaised, SpecialistStatementRecorded, TeamConsulted, TransferStarted) [ending_reason.unknown]

**Parameters** (integers, see :data:`DEFAULT_PARAMETERS`): ``long_term_months`` (a help
expected to last longer needs an agreed help plan, § 36 Abs. 2), ``review_interval_months``
(plan reviews, common practice 6), ``review_interval_months:<help type code>`` (per help
type), ``early_phase_months`` and ``early_review_interval_months`` (shorter reviews early in
a help; off when ``early_phase_months`` is 0), ``young_adult_max_age`` (§ 41: the age a help
may start before without a recorded justification), ``direct_access:<help type code>`` (1 for
help used through low-threshold direct access, § 36a Abs. 2, which needs no help plan;
default: the three § 28 Erziehungsberatung codes).
"""  # noqa: E501

from __future__ import annotations

from datetime import date

from ..events import Event
from ..process import Process
from ..table import ANY_ACTIVE, PREVIOUS, State, StateKind, Transition
from .events import (
    CaseClosed,
    ClarificationStarted,
    CustodyEnded,
    CustodyParagraph,
    CustodyTaken,
    DecidedBy,
    HelpEnded,
    HelpGranted,
    HelpPlanAgreed,
    HelpProposed,
    PlanningStarted,
    PlanReviewed,
    ReferralReceived,
    RiskAssessed,
    RiskConcernRaised,
    SpecialistStatementRecorded,
    TeamConsulted,
    TransferCancelled,
    TransferCompleted,
    TransferStarted,
)
from .guards import (
    DEFAULT_PARAMETERS,
    GUARDS,
    ROUTES,
    CaseContext,
    closing_reason_coded,
    ending_reason_coded,
    help_id_free,
    help_running,
    initiator_coded,
    known_help_type,
    long_term_needs_plan,
    other_helps_running,
    risk_result_coded,
    specialist_statement,
    young_adult_age,
    youth_office_decides,
)
from .helps import HELP_STATES, HelpStatus, HelpTrack, help_ids, helps, running_helps

__all__ = [
    "DEFAULT_PARAMETERS",
    "DEFAULT_PROCESS",
    "GUARDS",
    "HELP_STATES",
    "ROUTES",
    "STATES",
    "TABLE",
    "CaseClosed",
    "CaseContext",
    "ClarificationStarted",
    "CustodyEnded",
    "CustodyParagraph",
    "CustodyTaken",
    "DecidedBy",
    "HelpEnded",
    "HelpGranted",
    "HelpPlanAgreed",
    "HelpProposed",
    "HelpStatus",
    "HelpTrack",
    "PlanReviewed",
    "PlanningStarted",
    "ReferralReceived",
    "RiskAssessed",
    "RiskConcernRaised",
    "SpecialistStatementRecorded",
    "TeamConsulted",
    "TransferCancelled",
    "TransferCompleted",
    "TransferStarted",
    "example_history",
    "help_ids",
    "helps",
    "running_helps",
]


_I, _A, _F = StateKind.INITIAL, StateKind.ACTIVE, StateKind.FINAL

#: The states with German and English labels and their legal anchors.
STATES: tuple[State, ...] = (
    State(name="start", kind=_I, label_de="neu", label_en="new"),
    State(name="referral", label_de="Anfrage/Meldung", label_en="referral received",
          reference="§ 99 Abs. 1 Nr. 1 g SGB VIII"),
    State(name="clarification", label_de="Klärung/Beratung", label_en="clarification",
          reference="§ 36 Abs. 1 SGB VIII"),
    State(name="risk_assessment", label_de="Gefährdungseinschätzung",
          label_en="risk assessment", reference="§ 8a SGB VIII"),
    State(name="emergency_custody", label_de="Inobhutnahme", label_en="emergency custody",
          reference="§§ 42, 42a SGB VIII"),
    State(name="help_planning", label_de="Hilfeplanung", label_en="help planning",
          reference="§ 36 Abs. 2 SGB VIII"),
    State(name="help_active", label_de="Hilfe läuft", label_en="help active",
          reference="§ 36 Abs. 2 S. 2 SGB VIII"),
    State(name="transfer", label_de="Abgabe an anderes Jugendamt", label_en="transfer",
          reference="§ 86c SGB VIII"),
    State(name="closed", kind=_F, label_de="abgeschlossen", label_en="closed"),
)  # fmt: skip

_T = Transition
_G = (youth_office_decides, known_help_type, help_id_free, long_term_needs_plan,
      specialist_statement, young_adult_age)  # fmt: skip

#: The transition table: (source, event, target, guards). ``*`` = every active state.
TABLE: tuple[Transition, ...] = (
    _T(source="start", event=ReferralReceived, target="referral", guards=(initiator_coded,)),
    _T(source="referral", event=ClarificationStarted, target="clarification"),
    _T(source="referral", event=CaseClosed, target="closed", guards=(closing_reason_coded,)),
    _T(source="clarification", event=TeamConsulted, target="clarification"),
    _T(source="clarification", event=SpecialistStatementRecorded, target="clarification"),
    _T(source="clarification", event=PlanningStarted, target="help_planning"),
    _T(source="clarification", event=CaseClosed, target="closed", guards=(closing_reason_coded,)),
    _T(source="help_planning", event=TeamConsulted, target="help_planning"),
    _T(source="help_planning", event=SpecialistStatementRecorded, target="help_planning"),
    _T(source="help_planning", event=HelpProposed, target="help_planning"),
    _T(source="help_planning", event=HelpPlanAgreed, target="help_planning"),
    _T(source="help_planning", event=HelpGranted, target="help_active", guards=_G),
    _T(source="help_planning", event=CaseClosed, target="closed", guards=(closing_reason_coded,)),
    _T(source="help_active", event=PlanReviewed, target="help_active", guards=(help_running,)),
    _T(source="help_active", event=HelpEnded, target="clarification",
       guards=(ending_reason_coded, help_running), routes=(other_helps_running,)),
    # a further help is planned and granted while others run (parallel helps)
    _T(source="help_active", event=TeamConsulted, target="help_active"),
    _T(source="help_active", event=SpecialistStatementRecorded, target="help_active"),
    _T(source="help_active", event=HelpProposed, target="help_active"),
    _T(source="help_active", event=HelpPlanAgreed, target="help_active"),
    _T(source="help_active", event=HelpGranted, target="help_active", guards=_G),
    _T(source=ANY_ACTIVE, event=RiskConcernRaised, target="risk_assessment"),
    _T(source="risk_assessment", event=RiskAssessed, target=PREVIOUS,
       guards=(risk_result_coded,)),
    _T(source=ANY_ACTIVE, event=CustodyTaken, target="emergency_custody"),
    _T(source="emergency_custody", event=CustodyEnded, target="clarification"),
    _T(source="referral", event=TransferStarted, target="transfer"),
    _T(source="clarification", event=TransferStarted, target="transfer"),
    _T(source="help_planning", event=TransferStarted, target="transfer"),
    _T(source="help_active", event=TransferStarted, target="transfer"),
    _T(source="transfer", event=TransferCancelled, target=PREVIOUS),
    _T(source="transfer", event=TransferCompleted, target="closed"),
)  # fmt: skip

#: The default SGB VIII process.
DEFAULT_PROCESS = Process(
    name="sgb8",
    states=STATES,
    transitions=TABLE,
    parameters=DEFAULT_PARAMETERS,
    description="Default SGB VIII case process (sozialraum, domain brief 4.3)",
)


def example_history() -> tuple[Event, ...]:
    """A short, synthetic history that ends with a running § 31 help (used in the docs).

    >>> [type(e).__name__ for e in example_history()][:3]
    ['ReferralReceived', 'ClarificationStarted', 'TeamConsulted']
    """
    return (
        ReferralReceived(on=date(2024, 1, 8), initiator="3", by="asd-17"),
        ClarificationStarted(on=date(2024, 1, 15), by="asd-17"),
        TeamConsulted(on=date(2024, 1, 24), by="srt-nord"),
        PlanningStarted(on=date(2024, 2, 1), by="asd-17"),
        HelpProposed(on=date(2024, 2, 5), help_type="31", by="provider"),
        HelpPlanAgreed(on=date(2024, 2, 20), by="asd-17"),
        HelpGranted(
            on=date(2024, 3, 1), help_type="31", decided_by="youth_office", expected_months=12
        ),
        PlanReviewed(on=date(2024, 8, 29), by="asd-17"),
    )
