"""Spending, cost per help and help-day, budget execution: hand-computed examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from sozialraum.budget.monitoring import SpendLine, SpendReport, help_cost
from sozialraum.catalog import WorkType
from sozialraum.data import load_sample
from sozialraum.errors import ValidationError
from sozialraum.metrics import (
    HZE_HELP_TYPES,
    Status,
    budget_execution,
    monitoring_execution,
    spending,
)
from sozialraum.model import CaseIndependentWork
from sozialraum.money import Money
from sozialraum.periods import Period

from .builders import case, help_, municipality

LEAP = (
    # 2900 €/month from 10 Feb to 10 Mar 2024: 20/29 of February + 9/31 of March
    case(
        "C1",
        "A",
        date(2024, 2, 1),
        help_("H1", "31", date(2024, 2, 10), date(2024, 3, 10), "10", monthly="2900.00"),
    ),
)


def test_spending_is_pro_rata_by_days_of_each_month() -> None:
    t = spending(LEAP, municipality(), Period.year(2024))
    assert t.get("spending", space="A").value == Money.parse("2841.94")  # 2000.00 + 841.94
    assert t.get("help_days", space="A").value == 29
    assert t.get("cost_per_help", space="A").value == Fraction(284194, 100)
    assert t.get("cost_per_help_day", space="A").value == Fraction(284194, 2900)
    per_young = t.get("spending_per_resident_u21", space="A")
    assert per_young.value == Fraction(284194, 100 * 1000)
    assert per_young.unit == "EUR per resident under 21"


def test_spending_by_month_and_margin() -> None:
    t = spending(LEAP, municipality(), Period.year(2024), by=("month",))
    assert t.get("spending", month="2024-02").value == Money.parse("2000.00")
    assert t.get("spending", month="2024-03").value == Money.parse("841.94")
    assert t.get("spending", month="2024-04").value == Money.zero()
    assert t.get("cost_per_help", month="2024-04").status is Status.NOT_DEFINED
    assert t.get("spending", month="*").value == Money.parse("2841.94")
    assert t.get("help_days", month="*").value == 29


def test_spending_agrees_with_budget_monitoring_to_the_cent() -> None:
    s = load_sample()
    for quarter in range(1, 5):
        period = Period.quarter(2025, quarter)
        expected = Money.total(
            help_cost(h, period) for c in s.cases for h in c.helps if h.help_type in HZE_HELP_TYPES
        )
        t = spending(s.cases, s.municipality, period, by=())
        assert t.get("spending").value == expected


def test_budget_execution_per_space_with_zero_and_missing_budgets() -> None:
    budgets = {"A": Money.parse("5683.88"), "B": Money.zero()}
    cases = (
        *LEAP,
        case(
            "C2", "C", date(2024, 1, 1), help_("H2", "31", date(2024, 1, 1), date(2024, 2, 1), "10")
        ),
    )
    t = budget_execution(cases, Period.year(2024), budgets)
    assert t.get("budget_execution", space="A").value == Fraction(1, 2)
    assert t.get("budget_execution", space="B").note == "budget.zero"
    missing = t.get("budget_execution", space="C")
    assert missing.status is Status.NOT_DEFINED
    assert missing.note == "budget.missing"
    assert t.get("spent", space="C").value == Money.parse("1000.00")
    assert t.get("budget", space="*").value == Money.parse("5683.88")


def test_budget_execution_includes_work_and_prorates_by_time() -> None:
    work = CaseIndependentWork(
        id="W1",
        space_id="A",
        work_type=WorkType.CASE_INDEPENDENT,
        period=Period(date(2024, 1, 1), date(2024, 7, 1)),
        hours=Decimal("40"),
        cost=Money.parse("182.00"),
        activity="network",
        provider_id="T1",
    )
    budgets = {"T1": Money.parse("36600.00")}
    t = budget_execution(
        LEAP, Period.year(2024), budgets, by="provider", work=[work], time="quarter"
    )
    assert t.get("spent", provider="T1", quarter="2024-Q1").value == Money.parse("2932.94")
    q1_budget = t.get("budget", provider="T1", quarter="2024-Q1").value
    assert q1_budget == Money.parse("9100.00")  # 91 of 366 days
    assert t.get("spent", provider="T1", quarter="*").value == Money.parse("3023.94")
    with pytest.raises(ValidationError):
        budget_execution(LEAP, Period.year(2024), budgets, by="help_type")


def test_monitoring_execution_reads_the_budget_monitoring() -> None:
    report = SpendReport(
        period=Period.year(2025),
        excluded=Money.zero(),
        lines=(
            SpendLine(
                space_id="N",
                work_type=None,
                provider_id="T1",
                budget=Money.parse("1000"),
                spent=Money.parse("1100"),
            ),
            SpendLine(
                space_id="S",
                work_type=None,
                provider_id=None,
                budget=Money.zero(),
                spent=Money.parse("50"),
            ),
        ),
    )
    t = monitoring_execution(report)
    assert t.get("budget_execution", space="N").value == Fraction(11, 10)
    assert t.get("budget_execution", space="S").note == "budget.zero"
    assert t.get("budget_execution", space="*").value == Fraction(115, 100)
    by_provider = monitoring_execution(report, by="provider")
    assert by_provider.get("spent", provider="unassigned").value == Money.parse("50")
    with pytest.raises(ValidationError):
        monitoring_execution(report, by="year")
