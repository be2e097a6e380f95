"""Lifecycle histories derived from model case records, and the overview for the demo."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum.catalog import Gender
from sozialraum.data import load_sample
from sozialraum.data._generate import AS_OF
from sozialraum.errors import TransitionError
from sozialraum.lifecycle.from_model import (
    case_file_from_case,
    context_from_case,
    history_from_case,
    overview,
)
from sozialraum.model import Case, Help, HelpPlan, RiskAssessment, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period

PERSON = YoungPerson(id="P-1", birth=date(2012, 5, 17), gender=Gender.FEMALE)


def _case(**kw):
    return Case(id="C-1", space_id="S-1", opened=date(2024, 1, 8), young_person=PERSON, **kw)


def _help(help_id="H-1", help_type="31", start=date(2024, 2, 1), end=None, **kw):
    return Help(
        id=help_id,
        help_type=help_type,
        provider_id="T-1",
        period=Period(start, end),
        monthly_cost=Money.parse("1000"),
        **kw,
    )


def test_a_case_with_two_helps_a_risk_assessment_and_closing():
    case = _case(
        risk_assessments=(
            RiskAssessment(id="R-1", concluded_on=date(2024, 1, 10), result="help_needed"),
        ),
        helps=(
            _help(
                end=date(2024, 6, 1),
                ending_reason="10",
                planned_end=date(2024, 6, 1),
                initiated_by="2",
            ),
            _help(
                "H-2",
                "35a-ambulant",
                start=date(2024, 6, 1),
                end=date(2024, 9, 1),
                ending_reason="10",
                specialist_statement_on=date(2024, 5, 1),
            ),
        ),
        help_plans=(
            HelpPlan(
                id="HP-1",
                agreed_on=date(2024, 1, 25),
                help_ids=("H-1",),
                reviews=(date(2024, 4, 1),),
            ),
        ),
        closed=date(2024, 9, 1),
        closing_reason="planned",
    )
    names = [type(e).__name__ for e in history_from_case(case)]
    assert names == [
        "ReferralReceived",
        "ClarificationStarted",
        "RiskConcernRaised",
        "RiskAssessed",
        "PlanningStarted",
        "HelpPlanAgreed",
        "HelpGranted",
        "PlanReviewed",
        "HelpEnded",
        "PlanningStarted",
        "SpecialistStatementRecorded",
        "HelpGranted",
        "HelpEnded",
        "CaseClosed",
    ]
    f = case_file_from_case(case)
    assert f.state == "closed"
    assert f.state_at(date(2024, 7, 1)) == "help_active"
    assert context_from_case(case).birth_date == date(2012, 5, 17)


def test_custody_recorded_as_a_help_becomes_emergency_custody():
    custody = _help(
        help_type="42a", start=date(2024, 1, 9), end=date(2024, 1, 20), ending_reason="50"
    )
    case = _case(helps=(custody,))
    f = case_file_from_case(case)
    assert f.state_at(date(2024, 1, 10)) == "emergency_custody"
    assert f.state == "clarification"


def test_first_review_from_the_plan():
    case = _case(
        helps=(_help(),),
        help_plans=(
            HelpPlan(id="HP-1", agreed_on=date(2024, 2, 1), help_ids=("H-1",),
                     next_review=date(2024, 5, 1)),
        ),
    )  # fmt: skip
    ov = overview([case], date(2024, 4, 15))
    assert [r.due_on for r in ov.due] == [date(2024, 5, 1)]


def test_overview_leaves_out_future_events_and_lists_refusals():
    long_without_plan = _case(helps=(_help(planned_end=date(2025, 2, 1)),))
    ov = overview([long_without_plan], date(2024, 3, 1))
    assert ov.refused == (("C-1", "help_planning", "HelpGranted", "long_term_needs_plan",
                           "help_plan.missing"),)  # fmt: skip
    assert ov.case_files == ()
    early = overview([_case(helps=(_help(),))], date(2024, 1, 20))
    assert dict(early.states) == {"clarification": 1}
    with pytest.raises(TransitionError, match=r"help_plan\.missing"):
        case_file_from_case(long_without_plan)


def test_every_sample_case_replays():
    sample = load_sample()
    ov = overview(sample.cases, AS_OF)
    assert ov.refused == ()
    assert sum(ov.states.values()) == len(sample.cases)
    assert all(r.due_on < AS_OF for r in ov.overdue)
    assert all(r.due_on >= AS_OF for r in ov.due)


def test_running_custody_stays_in_custody():
    case = _case(helps=(_help(help_type="42", start=date(2024, 1, 9)),))
    assert case_file_from_case(case).state == "emergency_custody"
