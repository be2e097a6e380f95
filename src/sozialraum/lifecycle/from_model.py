"""Derive lifecycle histories from :mod:`sozialraum.model` case records (for demos, imports).

A :class:`~sozialraum.model.Case` stores *what is* (helps with periods, plans with their
review dates, risk assessments, the closing); the lifecycle stores *what happened when*.
:func:`history_from_case` turns the first into the second, in date order, so existing case
data can be replayed through a process, and :func:`overview` summarises many cases for a
day: states, due and overdue reviews, and the cases the process refuses (with the reason).

Assumptions, stated once: every case starts with the referral and clarification on its
opening day, suggested by whoever suggested its first help; a help's
planning starts when its plan is agreed (or when it starts, if it has
no plan); the grant is the youth office's; the expected duration comes from the planned end
(else the actual end, else 12 months with a plan and 6 without); a specialist statement is
on file at the latest when planning starts; a help ends on the end of its half-open period;
a "help" of type § 42/§ 42a is an emergency custody, not a granted help.

>>> from datetime import date
>>> from sozialraum.catalog import Gender
>>> from sozialraum.model import Case, Help, HelpPlan, YoungPerson
>>> from sozialraum.money import Money
>>> from sozialraum.periods import Period
>>> case = Case(id="C-1", space_id="S-1", opened=date(2024, 1, 8),
...     young_person=YoungPerson(id="P-1", birth=date(2012, 5, 17), gender=Gender.FEMALE),
...     helps=(Help(id="H-1", help_type="31", provider_id="T-1", initiated_by="3",
...                 period=Period(date(2024, 2, 1)), monthly_cost=Money.parse("1200")),),
...     help_plans=(HelpPlan(id="HP-1", agreed_on=date(2024, 2, 1), help_ids=("H-1",),
...                          reviews=(date(2024, 8, 1),)),))
>>> [type(e).__name__ for e in history_from_case(case)][-3:]
['HelpPlanAgreed', 'HelpGranted', 'PlanReviewed']
>>> case_file_from_case(case).state
'help_active'
>>> ov = overview([case], date(2025, 3, 1))
>>> dict(ov.states), [r.case_id for r in ov.overdue]
({'help_active': 1}, ['C-1'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from ..catalog import Setting
from ..errors import TransitionError
from ..model import Case, Help, HelpPlan
from ..periods import months_between
from .casefile import CaseFile
from .events import Event
from .process import Process
from .reviews import ReviewDue, due_reviews, overdue
from .sgb8 import (
    DEFAULT_PROCESS,
    CaseClosed,
    CaseContext,
    ClarificationStarted,
    CustodyEnded,
    CustodyParagraph,
    CustodyTaken,
    HelpEnded,
    HelpGranted,
    HelpPlanAgreed,
    PlanningStarted,
    PlanReviewed,
    ReferralReceived,
    RiskAssessed,
    RiskConcernRaised,
    SpecialistStatementRecorded,
)

__all__ = [
    "Overview",
    "case_file_from_case",
    "context_from_case",
    "history_from_case",
    "overview",
]

# Order of events on the same day.
_RANK = {
    ReferralReceived: 0,
    ClarificationStarted: 1,
    HelpEnded: 2,
    RiskConcernRaised: 3,
    RiskAssessed: 4,
    PlanningStarted: 5,
    SpecialistStatementRecorded: 6,
    HelpPlanAgreed: 7,
    HelpGranted: 8,
    CustodyTaken: 8,
    CustodyEnded: 2,
    PlanReviewed: 9,
    CaseClosed: 10,
}


def context_from_case(case: Case) -> CaseContext:
    """The guard context of ``case``: the young person's (first possible) birth date."""
    return CaseContext(birth_date=case.young_person.birth_day)


def _expected_months(help_: Help, plan: HelpPlan | None) -> int:
    end = help_.planned_end or help_.period.end
    if end is not None:
        return max(1, months_between(help_.period.start, end))
    return 12 if plan is not None else 6


def _custody_events(help_: Help) -> list[tuple[date, int, Event]]:
    paragraph = CustodyParagraph.S42A if help_.help_type == "42a" else CustodyParagraph.S42
    events: list[Event] = [CustodyTaken(on=help_.period.start, paragraph=paragraph)]
    if help_.period.end is not None:
        events.append(CustodyEnded(on=help_.period.end))
    return [(e.on, _RANK[type(e)], e) for e in events]


def _help_events(help_: Help, plan: HelpPlan | None) -> list[tuple[date, int, Event]]:
    if help_.type.setting is Setting.CRISIS:
        return _custody_events(help_)
    start = help_.period.start
    planning = min(start, plan.agreed_on) if plan is not None else start
    events: list[Event] = [PlanningStarted(on=planning)]
    if help_.specialist_statement_on is not None:
        events.append(SpecialistStatementRecorded(on=max(planning, help_.specialist_statement_on)))
    if plan is not None:
        first = plan.next_review if not plan.reviews else None
        events.append(HelpPlanAgreed(on=min(plan.agreed_on, start), next_review_on=first))
    events.append(
        HelpGranted(
            on=start,
            help_type=help_.help_type,
            decided_by="youth_office",
            expected_months=_expected_months(help_, plan),
            young_adult_justification=help_.justification_beyond_21,
        )
    )
    if plan is not None:
        for i, day in enumerate(plan.reviews):
            last = i == len(plan.reviews) - 1
            events.append(PlanReviewed(on=day, next_review_on=plan.next_review if last else None))
    if help_.period.end is not None:
        events.append(HelpEnded(on=help_.period.end, ending_reason=help_.ending_reason or "50"))
    return [(e.on, _RANK[type(e)], e) for e in events]


def history_from_case(case: Case) -> tuple[Event, ...]:
    """The lifecycle events of ``case`` in date order (see the module docs for assumptions)."""
    plans = {hid: plan for plan in case.help_plans for hid in plan.help_ids}
    keyed: list[tuple[date, int, int, Event]] = []

    def add(items: Iterable[tuple[date, int, Event]], block: int) -> None:
        keyed.extend((day, rank, block, event) for day, rank, event in items)

    opened = case.opened
    first = min(case.helps, key=lambda h: h.period.start, default=None)
    initiator = first.initiated_by if first is not None else None  # recorded per help
    add([(opened, 0, ReferralReceived(on=opened, initiator=initiator))], 0)
    add([(opened, 1, ClarificationStarted(on=opened))], 0)
    for ra in case.risk_assessments:
        add([(ra.concluded_on, 3, RiskConcernRaised(on=ra.concluded_on))], 0)
        add([(ra.concluded_on, 4, RiskAssessed(on=ra.concluded_on, result=ra.result))], 0)
    for block, help_ in enumerate(sorted(case.helps, key=lambda h: h.period.start), start=1):
        add(_help_events(help_, plans.get(help_.id)), block)
    if case.closed is not None:
        add(
            [(case.closed, 10, CaseClosed(on=case.closed, reason=case.closing_reason or "other"))],
            0,
        )
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return tuple(k[3] for k in keyed)


def case_file_from_case(
    case: Case, process: Process = DEFAULT_PROCESS, *, check_guards: bool = True
) -> CaseFile:
    """Replay the history of ``case`` through ``process``.

    :raises TransitionError: if the process refuses the case's history.
    """
    return process.replay(
        history_from_case(case),
        case_id=case.id,
        context=context_from_case(case),
        check_guards=check_guards,
    )


@attrs.frozen(kw_only=True)
class Overview:
    """Where many cases stand on one day.

    :param states: number of cases per state on the day before ``today``.
    :param due: reviews due within ``within_days`` from ``today``.
    :param overdue: reviews due before ``today``.
    :param refused: ``(case id, state, event type, guard, code)`` for histories the process
        refuses; such cases are left out of the other figures.
    """

    today: date
    states: Counter[str]
    due: tuple[ReviewDue, ...]
    overdue: tuple[ReviewDue, ...]
    refused: tuple[tuple[str, str, str, str | None, str], ...]
    case_files: tuple[CaseFile, ...] = attrs.field(repr=False)


def overview(
    cases: Iterable[Case],
    today: date,
    *,
    process: Process = DEFAULT_PROCESS,
    within_days: int = 30,
) -> Overview:
    """Replay every case and summarise states, due and overdue reviews as of ``today``.

    Events dated on or after ``today`` are left out (the data may reach into the future).
    """
    files: list[CaseFile] = []
    refused: list[tuple[str, str, str, str | None, str]] = []
    for case in cases:
        events = [e for e in history_from_case(case) if e.on < today]
        try:
            files.append(process.replay(events, case_id=case.id, context=context_from_case(case)))
        except TransitionError as err:
            refused.append((case.id, err.state, err.event, err.guard, err.code))
    last_day = today - timedelta(days=1)
    return Overview(
        today=today,
        states=Counter(f.state_at(last_day) for f in files),
        due=due_reviews(files, today, within_days=within_days, process=process),
        overdue=overdue(files, today, process=process),
        refused=tuple(refused),
        case_files=tuple(files),
    )
