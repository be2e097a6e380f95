"""Hours, cost and budget share of case-overarching and case-independent work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from sozialraum.catalog import WorkType
from sozialraum.metrics import Status, work_metrics
from sozialraum.model import CaseIndependentWork
from sozialraum.money import Money
from sozialraum.periods import Period

from .builders import case, help_


def work(
    wid: str,
    space: str,
    kind: WorkType,
    period: Period,
    hours: str,
    cost: str,
    provider: str | None = "T1",
) -> CaseIndependentWork:
    return CaseIndependentWork(
        id=wid,
        space_id=space,
        work_type=kind,
        period=period,
        hours=Decimal(hours),
        cost=Money.parse(cost),
        activity="network",
        provider_id=provider,
    )


WORK = (
    # the first quarter of 2024 (91 days), half in the period below
    work("W1", "A", WorkType.CASE_INDEPENDENT, Period.quarter(2024, 1), "91", "910.00"),
    work(
        "W2",
        "A",
        WorkType.CASE_OVERARCHING,
        Period(date(2024, 2, 1), date(2024, 2, 1)),
        "5",
        "50.00",
        provider=None,
    ),
    work("W3", "B", WorkType.CASE_INDEPENDENT, Period.year(2023), "100", "100.00"),
)


def test_hours_and_cost_are_prorated_by_days() -> None:
    period = Period(date(2024, 2, 15), date(2024, 4, 1))  # 46 of W1's 91 days
    t = work_metrics(WORK, period, by=("space", "work_type"))
    row = t.get("work_hours", space="A", work_type="case_independent")
    assert row.value == 46
    assert t.get("work_cost", space="A", work_type="case_independent").value == Money.parse("460")
    assert not t.where("work_hours", work_type="case_overarching")  # W2 is before it
    assert "work_budget_share" not in t.metrics
    assert row.support is None  # never suppressed


def test_empty_work_period_counts_on_its_day_and_youth_office() -> None:
    t = work_metrics(WORK, Period.month(2024, 2), by=("provider",), totals=False)
    assert t.get("work_hours", provider="youth_office").value == 5
    assert t.get("work_hours", provider="T1").value == 29  # 29 days of February


def test_share_of_budget_and_of_spending() -> None:
    year = Period.year(2024)
    t = work_metrics(WORK, year, by=("space",), budgets={"A": Money.parse("9600")})
    assert t.get("work_budget_share", space="A").value == Fraction(960, 9600)
    assert t.get("work_budget_share", space="*").value == Fraction(960, 9600)
    cases = (
        case(
            "C1",
            "A",
            date(2024, 1, 1),
            help_("H", "31", date(2024, 1, 1), date(2024, 2, 1), "10", monthly="3840.00"),
        ),
    )
    s = work_metrics(WORK, year, by=("work_type",), cases=cases)
    row = s.get("work_budget_share", work_type="case_independent")
    assert row.value == Fraction(910, 4800)  # 910 / (3840 + 910 + 50)
    q = work_metrics(WORK, year, by=("space", "quarter"), budgets={"A": Money.parse("366")})
    assert q.get("work_budget_share", space="A", quarter="2024-Q1").denominator == Money.parse("91")
    missing = work_metrics(WORK, Period.year(2023), by=("space",), budgets={})
    assert missing.get("work_budget_share", space="B").status is Status.NOT_DEFINED
