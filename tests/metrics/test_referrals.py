"""Time to help, needs resolved in the space, re-referrals and § 8a results."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sozialraum.metrics import (
    Status,
    re_referrals,
    resolved_without_help,
    risk_assessments,
    time_to_help,
)
from sozialraum.model import RiskAssessment
from sozialraum.periods import Period

from .builders import case, help_

Y2024 = Period.year(2024)

CASES = (
    # referred 1 Feb, first help 11 Mar (leap year: 39 days), a later help does not count
    case(
        "C1",
        "A",
        date(2024, 2, 1),
        help_("H1", "31", date(2024, 3, 11), date(2024, 6, 1), "10"),
        help_("H2", "34", date(2024, 6, 1)),
    ),
    # referred and helped on the same day
    case(
        "C2",
        "A",
        date(2024, 5, 5),
        help_("H3", "30-erziehungsbeistand", date(2024, 5, 5), provider="T2"),
    ),
    # first help in 2023: not in 2024
    case("C3", "A", date(2023, 12, 1), help_("H4", "31", date(2023, 12, 20))),
    # crisis placement only: no HzE help
    case(
        "C4",
        "B",
        date(2024, 1, 1),
        help_("H5", "42", date(2024, 1, 2), date(2024, 1, 9), "10"),
        closed=date(2024, 1, 9),
        closing_reason="planned",
    ),
)


def test_time_to_help() -> None:
    t = time_to_help(CASES, Y2024)
    assert t.get("referrals_helped", space="A").value == 2
    assert t.get("time_to_help_mean", space="A").value == Fraction(39, 2)
    assert t.get("time_to_help_median", space="A").value == Fraction(39, 2)
    by_provider = time_to_help(CASES, Y2024, by=("provider",), totals=False)
    assert by_provider.get("time_to_help_mean", provider="T2").value == 0
    with_crisis = time_to_help(CASES, Y2024, help_types=None, by=())
    assert with_crisis.get("referrals_helped").value == 3


def test_resolved_without_help() -> None:
    cases = (
        case(
            "R1",
            "A",
            date(2024, 1, 1),
            closed=date(2024, 2, 1),
            closing_reason="resolved_in_social_space",
        ),
        case("R2", "A", date(2024, 1, 1), closed=date(2024, 3, 1), closing_reason="no_help_needed"),
        case("R3", "A", date(2024, 1, 1), closed=date(2024, 3, 1), closing_reason="transfer"),
        case(
            "R4",
            "A",
            date(2024, 1, 1),
            help_("H", "31", date(2024, 1, 5), date(2024, 2, 1), "10"),
            closed=date(2024, 2, 1),
            closing_reason="resolved_in_social_space",
        ),
        case("R5", "A", date(2024, 1, 1)),
    )
    t = resolved_without_help(cases, Y2024)
    row = t.get("resolved_in_space_share", space="A")
    assert (row.numerator, row.denominator) == (1, 3)  # R1 / R1 R2 R4 (not the transfer)
    assert t.get("cases_closed", space="A").value == 3
    empty = resolved_without_help(cases, Period.year(2023), by=())
    assert len(empty) == 0


def test_re_referral_within_twelve_months() -> None:
    cases = (
        case(
            "A1",
            "A",
            date(2023, 1, 1),
            person="P1",
            closed=date(2023, 3, 31),
            closing_reason="planned",
        ),
        case("A2", "A", date(2024, 3, 30), person="P1"),  # 12 months later to the day - 1
        case(
            "B1",
            "A",
            date(2023, 1, 1),
            person="P2",
            closed=date(2023, 2, 28),
            closing_reason="planned",
        ),
        case("B2", "A", date(2024, 2, 28), person="P2"),  # exactly 12 months: outside
        case(
            "C1",
            "A",
            date(2023, 1, 1),
            person="P3",
            closed=date(2023, 11, 30),
            closing_reason="not_as_planned",
        ),  # window ends 2024-11-30 > as_of: unobserved
        case(
            "D1",
            "B",
            date(2023, 1, 1),
            person="P4",
            closed=date(2023, 5, 1),
            closing_reason="transfer",
        ),
    )
    t = re_referrals(cases, Period.year(2023), as_of=date(2024, 6, 1))
    row = t.get("re_referral_share", space="A")
    assert (row.numerator, row.denominator, row.value) == (1, 2, Fraction(1, 2))
    assert t.get("cases_closed_observed", space="A").value == 2
    later = re_referrals(cases, Period.year(2023), as_of=date(2025, 1, 1), by=())
    assert later.get("cases_closed_observed").value == 3


def test_risk_assessments_by_result() -> None:
    def ra(rid: str, on: date, result: str) -> RiskAssessment:
        return RiskAssessment(id=rid, concluded_on=on, result=result)

    cases = (
        case(
            "C1",
            "A",
            date(2024, 1, 1),
            risk_assessments=(
                ra("R1", date(2024, 1, 2), "acute"),
                ra("R2", date(2024, 12, 31), "latent"),
                ra("R3", date(2025, 1, 1), "acute"),
            ),
        ),
        case("C2", "A", date(2024, 1, 1), risk_assessments=(ra("R4", date(2024, 2, 29), "acute"),)),
    )
    t = risk_assessments(cases, Y2024)
    assert t.get("risk_assessments", space="A", result="acute").value == 2
    assert t.get("risk_assessments", space="A", result="*").value == 3
    assert t.get("risk_assessment_share", space="A", result="latent").value == Fraction(1, 3)
    assert t.get("risk_assessment_share", space="A", result="help_needed").value == 0
    bare = risk_assessments(cases, Y2024, by=(), totals=False)
    assert {r.dimension("result") for r in bare} == {
        "acute",
        "latent",
        "help_needed",
        "no_help_needed",
    }
    assert bare.get("risk_assessments", result="acute").status is Status.OK


def test_case_metrics_by_quarter_with_period_total() -> None:
    cases = (
        case("Q1", "A", date(2024, 1, 1), closed=date(2024, 3, 31), closing_reason="planned"),
        case(
            "Q2",
            "A",
            date(2024, 1, 1),
            closed=date(2024, 4, 1),
            closing_reason="resolved_in_social_space",
        ),
    )
    t = resolved_without_help(cases, Y2024, by=("quarter",))
    assert t.get("cases_closed", quarter="2024-Q1").value == 1
    assert t.get("cases_closed", quarter="2024-Q2").value == 1
    assert t.get("resolved_in_space_share", quarter="*").value == Fraction(1, 2)
