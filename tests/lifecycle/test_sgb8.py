"""The default SGB VIII process: every state, every guard allowed and refused."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum.errors import TransitionError, ValidationError
from sozialraum.lifecycle import DEFAULT_PROCESS as P
from sozialraum.lifecycle import CaseContext, StateKind
from sozialraum.lifecycle.sgb8 import (
    GUARDS,
    CaseClosed,
    ClarificationStarted,
    CustodyEnded,
    CustodyTaken,
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
    example_history,
)

D = date(2024, 3, 1)
CTX = CaseContext(birth_date=date(2012, 5, 17))


def _file(*events, context=CTX):
    return P.replay(events, case_id="F-1", context=context)


def _planning(*extra):
    return _file(
        ReferralReceived(on=D, initiator="2"),
        ClarificationStarted(on=D),
        PlanningStarted(on=D),
        *extra,
    )


def grant(help_type="31", months=6, decided_by="youth_office", on=D, **kw):
    return HelpGranted(
        on=on, help_type=help_type, decided_by=decided_by, expected_months=months, **kw
    )


def refusal(case_file, event, context=CTX):
    with pytest.raises(TransitionError) as info:
        P.apply(case_file, event, context)
    return info.value.guard, info.value.code


def test_the_default_process_has_the_required_states():
    names = {s.name for s in P.states}
    assert names == {
        "start",
        "referral",
        "clarification",
        "risk_assessment",
        "emergency_custody",
        "help_planning",
        "help_active",
        "transfer",
        "closed",
    }
    assert [s.name for s in P.states if s.kind is StateKind.FINAL] == ["closed"]
    assert all(s.label_de and s.label_en for s in P.states)


def test_a_full_case_reaches_every_state():
    seen = set()
    f = _file(
        ReferralReceived(on=date(2024, 1, 2), initiator="3"),
        RiskConcernRaised(on=date(2024, 1, 2)),
        CustodyTaken(on=date(2024, 1, 3), paragraph="42"),
        CustodyEnded(on=date(2024, 1, 10)),
        TeamConsulted(on=date(2024, 1, 12)),
        PlanningStarted(on=date(2024, 1, 15)),
        HelpProposed(on=date(2024, 1, 16), help_type="34", by="provider"),
        HelpPlanAgreed(on=date(2024, 1, 20)),
        grant("34", 24, on=date(2024, 2, 1)),
        PlanReviewed(on=date(2024, 8, 1)),
        TransferStarted(on=date(2024, 9, 1)),
        TransferCancelled(on=date(2024, 9, 15)),
        HelpEnded(on=date(2025, 1, 31), ending_reason="10"),
        CaseClosed(on=date(2025, 2, 1), reason="planned"),
    )
    seen.update(f.states)
    g = _file(ReferralReceived(on=D), TransferStarted(on=D), TransferCompleted(on=D))
    seen.update(g.states)
    assert seen | {"start"} == {s.name for s in P.states}
    assert f.state == "closed"
    assert g.state == "closed"
    assert f.state_at(date(2024, 9, 20)) == "help_active"


def test_referral_initiator_is_coded():
    assert _file(ReferralReceived(on=D)).state == "referral"
    assert refusal(P.start("F-1"), ReferralReceived(on=D, initiator="99")) == (
        "initiator_coded",
        "initiator.unknown",
    )


def test_risk_assessment_from_any_open_state_returns_where_it_came_from():
    f = _planning(HelpPlanAgreed(on=D), grant(months=12))
    f = P.apply(f, RiskConcernRaised(on=date(2024, 4, 1)))
    assert f.state == "risk_assessment"
    f = P.apply(f, RiskAssessed(on=date(2024, 4, 3), result="latent"))
    assert f.state == "help_active"
    g = _file(ReferralReceived(on=D), RiskConcernRaised(on=D))
    assert P.apply(g, RiskAssessed(on=D, result="no_help_needed")).state == "referral"


@pytest.mark.parametrize("result", ["acute", "latent", "help_needed", "no_help_needed"])
def test_risk_assessment_records_one_of_the_four_results(result):
    f = _file(ReferralReceived(on=D), RiskConcernRaised(on=D))
    assert P.apply(f, RiskAssessed(on=D, result=result)).state == "referral"


def test_risk_assessment_refuses_other_results():
    f = _file(ReferralReceived(on=D), RiskConcernRaised(on=D))
    assert refusal(f, RiskAssessed(on=D, result="unclear")) == (
        "risk_result_coded",
        "risk_result.unknown",
    )


def test_custody_from_a_running_help_and_back_to_clarification():
    f = _planning(grant())
    f = P.apply(f, CustodyTaken(on=date(2024, 4, 1), paragraph="42a"))
    assert f.state == "emergency_custody"
    assert P.apply(f, CustodyEnded(on=date(2024, 4, 5))).state == "clarification"


def test_grant_by_the_youth_office_is_allowed():
    assert P.apply(_planning(), grant()).state == "help_active"


def test_a_provider_can_propose_but_not_grant():
    f = P.apply(_planning(), HelpProposed(on=D, help_type="31", by="provider"))
    assert f.state == "help_planning"
    assert refusal(f, grant(decided_by="provider")) == (
        "youth_office_decides",
        "decision.not_youth_office",
    )


@pytest.mark.parametrize(
    ("help_type", "months", "code"),
    [("99", 6, "help_type.unknown"), ("42", 1, "help_type.crisis"), ("31", 0, "duration.invalid")],
)
def test_known_help_type(help_type, months, code):
    assert refusal(_planning(), grant(help_type, months)) == ("known_help_type", code)


def test_long_term_help_needs_an_agreed_plan():
    assert refusal(_planning(), grant(months=7)) == ("long_term_needs_plan", "help_plan.missing")
    assert P.apply(_planning(HelpPlanAgreed(on=D)), grant(months=7)).state == "help_active"
    assert P.apply(_planning(), grant(months=6)).state == "help_active"  # not longer than 6


def test_plan_must_be_agreed_in_the_current_planning():
    f = _planning(HelpPlanAgreed(on=D), grant(months=12), HelpEnded(on=D, ending_reason="10"))
    f = P.apply(f, PlanningStarted(on=D))
    assert refusal(f, grant(months=12)) == ("long_term_needs_plan", "help_plan.missing")


def test_long_term_threshold_is_a_parameter():
    strict = P.derive(name="strict", parameters={"long_term_months": 3})
    f = strict.replay(_planning().events, case_id="F-1")
    with pytest.raises(TransitionError) as info:
        strict.apply(f, grant(months=4))
    assert info.value.guard == "long_term_needs_plan"


def test_35a_needs_the_specialist_statement():
    assert refusal(_planning(), grant("35a-ambulant")) == (
        "specialist_statement",
        "specialist_statement.missing",
    )
    f = _planning(SpecialistStatementRecorded(on=D))
    assert P.apply(f, grant("35a-ambulant")).state == "help_active"
    early = _file(
        ReferralReceived(on=D),
        ClarificationStarted(on=D),
        SpecialistStatementRecorded(on=D),
        PlanningStarted(on=D),
    )
    assert P.apply(early, grant("35a-day")).state == "help_active"


def test_specialist_statement_does_not_carry_over_to_a_later_help():
    f = _planning(
        SpecialistStatementRecorded(on=D),
        grant("35a-ambulant"),
        HelpEnded(on=D, ending_reason="10"),
        PlanningStarted(on=D),
    )
    assert refusal(f, grant("35a-ambulant"))[1] == "specialist_statement.missing"


# § 41 is not a help type: a Teil I help starting at 18 or older is one for a young adult.
@pytest.mark.parametrize(
    ("birth", "justification", "expected"),
    [
        (date(2006, 3, 1), None, None),  # 18 on the start day
        (date(2006, 3, 2), None, None),  # 17: not a young adult, no § 41 rule
        (date(2003, 3, 2), None, None),  # 20, one day before 21
        (date(2003, 3, 1), None, "young_adult.justification_missing"),  # 21 on the day
        (date(2003, 3, 1), "Verselbständigung", None),
        (date(1997, 3, 1), "Verselbständigung", "young_adult.too_old"),  # 27
    ],
)
@pytest.mark.parametrize("code", ["30-erziehungsbeistand", "34", "27-ambulant"])
def test_41_rules_apply_from_18_at_the_start(code, birth, justification, expected):
    ctx = CaseContext(birth_date=birth)
    f = _file(*_planning().events, context=ctx)
    event = grant(code, young_adult_justification=justification)
    if expected is None:
        assert P.apply(f, event, ctx).state == "help_active"
    else:
        assert refusal(f, event, ctx) == ("young_adult_age", expected)


@pytest.mark.parametrize("code", ["31", "32"])
def test_41_2_does_not_provide_family_help_or_day_group_for_young_adults(code):
    ctx = CaseContext(birth_date=date(2005, 1, 1))  # 19 on D
    f = _file(*_planning().events, context=ctx)
    assert refusal(f, grant(code), ctx) == ("young_adult_age", "young_adult.type_not_in_41")
    young = CaseContext(birth_date=date(2010, 1, 1))
    assert P.apply(_file(*_planning().events, context=young), grant(code), young).state == (
        "help_active"
    )


@pytest.mark.parametrize(
    ("start", "expected"),
    [(date(2025, 2, 28), None), (date(2025, 3, 1), "young_adult.justification_missing")],
)
def test_41_leap_day_birth_turns_21_on_1_march(start, expected):
    ctx = CaseContext(birth_date=date(2004, 2, 29))
    f = P.replay(_planning().events, case_id="F-1", context=ctx)
    event = grant("30-erziehungsbeistand", on=start)
    if expected is None:
        assert P.apply(f, event, ctx).state == "help_active"
    else:
        assert refusal(f, event, ctx) == ("young_adult_age", expected)


def test_41_rules_need_the_birth_date_to_apply():
    # without a birth date the age cannot be known: the § 41 rules do not refuse
    f = _file(*_planning().events, context=None)
    assert P.apply(f, grant("34"), CaseContext()).state == "help_active"
    assert P.apply(f, grant("34"), None).state == "help_active"


def test_young_adult_age_limit_is_a_parameter():
    ctx = CaseContext(birth_date=date(2002, 3, 1))  # 22 on D
    lenient = P.derive(name="lenient", parameters={"young_adult_max_age": 23})
    f = lenient.replay(_planning().events, case_id="F-1", context=ctx)
    assert lenient.apply(f, grant("30-erziehungsbeistand"), ctx).state == "help_active"


def test_ending_a_help_records_a_coded_reason():
    f = _planning(grant())
    assert P.apply(f, HelpEnded(on=D, ending_reason="20")).state == "clarification"
    assert refusal(f, HelpEnded(on=D, ending_reason="planned")) == (
        "ending_reason_coded",
        "ending_reason.unknown",
    )


@pytest.mark.parametrize(
    "reason",
    [
        "planned",
        "not_as_planned",
        "transfer",
        "no_help_needed",
        "resolved_in_social_space",
        "other",
    ],
)
def test_closing_carries_a_coded_reason(reason):
    f = _file(ReferralReceived(on=D))
    assert P.apply(f, CaseClosed(on=D, reason=reason)).state == "closed"


def test_closing_refuses_other_reasons_and_open_helps():
    f = _file(ReferralReceived(on=D), ClarificationStarted(on=D))
    assert refusal(f, CaseClosed(on=D, reason="10")) == (
        "closing_reason_coded",
        "closing_reason.unknown",
    )
    g = _planning(grant())
    assert refusal(g, CaseClosed(on=D, reason="planned")) == (None, "transition.not_allowed")


def test_transfer_can_be_cancelled_or_completed():
    f = _planning(grant(), TransferStarted(on=D))
    assert f.state == "transfer"
    assert P.apply(f, TransferCancelled(on=D)).state == "help_active"
    assert P.apply(f, TransferCompleted(on=D)).state == "closed"


def test_nothing_happens_after_closing():
    f = _file(ReferralReceived(on=D), CaseClosed(on=D, reason="no_help_needed"))
    assert P.allowed_events(f, CTX) == ()
    assert refusal(f, RiskConcernRaised(on=D)) == (None, "transition.not_allowed")


def test_allowed_events_in_help_planning():
    f = _planning()
    options = {o.event: o for o in P.allowed_events(f, CTX, candidates=[grant(months=12)])}
    assert options["HelpGranted"].allowed is False
    assert options["HelpGranted"].guard == "long_term_needs_plan"
    assert options["HelpPlanAgreed"].allowed is True
    assert options["RiskConcernRaised"].target == "risk_assessment"


def test_guard_registry_and_descriptions():
    assert set(GUARDS) == {g.name for t in P.transitions for g in t.guards}
    assert all(g.description for g in GUARDS.values())


def test_refusal_messages_carry_no_personal_data():
    ctx = CaseContext(birth_date=date(2000, 7, 4))
    f = _file(*_planning().events, context=ctx)
    with pytest.raises(TransitionError) as info:
        P.apply(f, grant("32", young_adult_justification="Max Mustermann"), ctx)
    text = str(info.value)
    assert "2000" not in text
    assert "Mustermann" not in text
    assert "F-1" not in text


def test_example_history_is_valid():
    f = _file(*example_history())
    assert f.state == "help_active"
    assert len(f) == len(example_history())


def test_returns_nest():
    # found by hypothesis: a risk assessment during a transfer returns to the transfer, and
    # cancelling the transfer then returns to where the case was before the transfer
    f = _planning(
        TransferStarted(on=D),
        RiskConcernRaised(on=D),
        RiskAssessed(on=D, result="acute"),
    )
    assert f.state == "transfer"
    assert P.return_state(f) == "help_planning"
    assert P.apply(f, TransferCancelled(on=D)).state == "help_planning"
    assert P.replay([*f.events, TransferCancelled(on=D)], case_id="F-1").state == "help_planning"


def test_direct_access_help_needs_no_plan():
    f = _planning()
    assert P.apply(f, grant("28-family", months=12)).state == "help_active"
    strict = P.derive(name="strict", parameters={"direct_access:28-family": 0})
    g = strict.replay(f.events, case_id="F-1", context=CTX)
    with pytest.raises(TransitionError) as info:
        strict.apply(g, grant("28-family", months=12), CTX)
    assert info.value.code == "help_plan.missing"


def test_invalid_decision_maker_and_paragraph_are_refused_at_construction():
    with pytest.raises(ValidationError) as info:
        grant(decided_by="Frau Muster")
    assert info.value.codes == ("decided_by.invalid",)
    assert "Muster" not in str(info.value)
    with pytest.raises(ValidationError) as info:
        CustodyTaken(on=D, paragraph="43")
    assert info.value.codes == ("paragraph.invalid",)
    assert CustodyTaken(on=D).paragraph == "42"
