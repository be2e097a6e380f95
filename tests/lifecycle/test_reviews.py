"""Plan reviews: derived due dates (month ends, leap years), intervals, due and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum.lifecycle import DEFAULT_PROCESS as P
from sozialraum.lifecycle import due_reviews, next_review, overdue, review_interval
from sozialraum.lifecycle.sgb8 import (
    CaseClosed,
    ClarificationStarted,
    HelpEnded,
    HelpGranted,
    HelpPlanAgreed,
    PlanningStarted,
    PlanReviewed,
    ReferralReceived,
    RiskAssessed,
    RiskConcernRaised,
)


def running(start, *after, help_type="31", case_id="F-1", process=P):
    events = [
        ReferralReceived(on=start),
        ClarificationStarted(on=start),
        PlanningStarted(on=start),
        HelpPlanAgreed(on=start),
        HelpGranted(on=start, help_type=help_type, decided_by="youth_office", expected_months=12),
        *after,
    ]
    return process.replay(events, case_id=case_id)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2024, 1, 15), date(2024, 7, 15)),
        (date(2024, 8, 31), date(2025, 2, 28)),  # month end, common year
        (date(2023, 8, 31), date(2024, 2, 29)),  # month end, leap year
        (date(2023, 8, 29), date(2024, 2, 29)),
        (date(2024, 3, 31), date(2024, 9, 30)),
        (date(2023, 12, 31), date(2024, 6, 30)),
    ],
)
def test_first_review_is_six_months_after_the_start(start, due):
    r = next_review(running(start))
    assert r is not None
    assert (r.help_start, r.last_review, r.due_on, r.help_type) == (start, None, due, "31")


def test_next_review_counts_from_the_last_review():
    f = running(date(2024, 2, 29), PlanReviewed(on=date(2024, 8, 30)))
    r = next_review(f)
    assert (r.last_review, r.due_on) == (date(2024, 8, 30), date(2025, 2, 28))


def test_a_review_can_fix_the_next_date():
    f = running(
        date(2024, 1, 1), PlanReviewed(on=date(2024, 6, 1), next_review_on=date(2024, 9, 1))
    )
    assert next_review(f).due_on == date(2024, 9, 1)


def test_no_review_without_a_running_help():
    assert next_review(P.start("F-1")) is None
    assert next_review(P.replay([ReferralReceived(on=date(2024, 1, 1))], case_id="F-1")) is None
    ended = running(date(2024, 1, 1), HelpEnded(on=date(2024, 5, 1), ending_reason="10"))
    assert next_review(ended) is None
    closed = P.apply(ended, CaseClosed(on=date(2024, 5, 2), reason="planned"))
    assert next_review(closed) is None


def test_reviews_continue_during_a_risk_assessment():
    f = running(date(2024, 1, 10), RiskConcernRaised(on=date(2024, 3, 1)))
    assert f.state == "risk_assessment"
    assert next_review(f).due_on == date(2024, 7, 10)
    f = P.apply(f, RiskAssessed(on=date(2024, 3, 2), result="help_needed"))
    assert next_review(f).due_on == date(2024, 7, 10)


def test_interval_per_help_type_and_early_phase():
    custom = P.derive(
        name="musterstadt",
        parameters={
            "review_interval_months:34": 4,
            "early_phase_months": 6,
            "early_review_interval_months": 3,
        },
    )
    f = running(date(2024, 1, 31), process=custom)
    assert next_review(f, custom).due_on == date(2024, 4, 30)  # early: 3 months
    f = custom.apply(f, PlanReviewed(on=date(2024, 4, 30)))
    assert next_review(f, custom).due_on == date(2024, 7, 30)  # still early (3 < 6)
    f = custom.apply(f, PlanReviewed(on=date(2024, 7, 31)))
    assert next_review(f, custom).due_on == date(2025, 1, 31)  # 6 months in: normal
    h = running(date(2024, 1, 31), help_type="34", process=custom)
    assert next_review(h, custom).due_on == date(2024, 4, 30)  # min(3, 4)
    h = custom.apply(h, PlanReviewed(on=date(2024, 8, 1)))
    assert next_review(h, custom).due_on == date(2024, 12, 1)  # 4 months for § 34


def test_review_interval_defaults():
    assert review_interval("31", 0, {}) == 6
    assert review_interval("31", 0, P.parameters) == 6
    assert review_interval("31", 0, {"review_interval_months": 12}) == 12


def test_due_and_overdue_partition_by_today():
    files = [
        running(date(2024, 1, 15), case_id="A"),  # due 2024-07-15
        running(date(2024, 2, 10), case_id="B"),  # due 2024-08-10
        running(date(2024, 1, 1), case_id="C"),  # due 2024-07-01
        running(date(2024, 1, 20), HelpEnded(on=date(2024, 3, 1), ending_reason="10"), case_id="D"),
    ]
    today = date(2024, 7, 10)
    assert [r.case_id for r in overdue(files, today)] == ["C"]
    assert overdue(files, today)[0].days_overdue(today) == 9
    assert [r.case_id for r in due_reviews(files, today)] == ["A"]
    assert [r.case_id for r in due_reviews(files, today, within_days=60)] == ["A", "B"]
    assert due_reviews(files, today)[0].days_overdue(today) == 0
    # due today is due, not overdue
    assert [r.case_id for r in due_reviews(files, date(2024, 7, 15), within_days=1)] == ["A"]
    assert "A" not in [r.case_id for r in overdue(files, date(2024, 7, 15))]


def test_the_help_plan_can_fix_the_first_review():
    start = date(2024, 1, 10)
    events = [
        ReferralReceived(on=start),
        ClarificationStarted(on=start),
        PlanningStarted(on=start),
        HelpPlanAgreed(on=start, next_review_on=date(2024, 4, 10)),
        HelpGranted(on=start, help_type="31", decided_by="youth_office", expected_months=12),
    ]
    f = P.replay(events, case_id="F-1")
    assert next_review(f).due_on == date(2024, 4, 10)
    f = P.apply(f, PlanReviewed(on=date(2024, 4, 12)))
    assert next_review(f).due_on == date(2024, 10, 12)


def test_a_plan_from_an_earlier_planning_does_not_fix_the_review():
    start = date(2024, 1, 10)
    first = [
        ReferralReceived(on=start),
        ClarificationStarted(on=start),
        PlanningStarted(on=start),
        HelpPlanAgreed(on=start, next_review_on=date(2024, 4, 10)),
        HelpGranted(on=start, help_type="31", decided_by="youth_office", expected_months=12),
    ]
    f = P.replay(
        [
            *first,
            HelpEnded(on=date(2024, 2, 1), ending_reason="10"),
            PlanningStarted(on=date(2024, 2, 1)),
            HelpGranted(
                on=date(2024, 2, 1),
                help_type="30-erziehungsbeistand",
                decided_by="youth_office",
                expected_months=3,
            ),
        ],
        case_id="F-1",
    )
    # the second help has no plan of its own: the first plan neither fixes its review
    # date nor makes one due (a help without a help plan has no plan to review)
    assert next_review(f) is None
    with_plan = P.replay(
        [
            *first,
            HelpEnded(on=date(2024, 2, 1), ending_reason="10"),
            PlanningStarted(on=date(2024, 2, 1)),
            HelpPlanAgreed(on=date(2024, 2, 1)),
            HelpGranted(
                on=date(2024, 2, 1),
                help_type="30-erziehungsbeistand",
                decided_by="youth_office",
                expected_months=3,
            ),
        ],
        case_id="F-1",
    )
    assert next_review(with_plan).due_on == date(2024, 8, 1)


def test_direct_access_help_without_a_plan_has_no_review_due():
    start = date(2024, 1, 10)
    f = P.replay(
        [
            ReferralReceived(on=start),
            ClarificationStarted(on=start),
            PlanningStarted(on=start),
            HelpGranted(
                on=start, help_type="28-family", decided_by="youth_office", expected_months=9
            ),
        ],
        case_id="F-1",
    )
    assert f.state == "help_active"
    assert next_review(f) is None
    assert overdue([f], date(2025, 6, 1)) == ()


def test_grant_after_a_correction_into_planning_has_no_plan_to_review():
    from sozialraum.lifecycle import Correction

    start = date(2024, 1, 10)
    f = P.replay(
        [
            ReferralReceived(on=start),
            Correction(on=start, state="help_planning", by="asd-1", note="planning not recorded"),
            HelpGranted(on=start, help_type="31", decided_by="youth_office", expected_months=3),
        ],
        case_id="F-1",
    )
    assert next_review(f) is None
