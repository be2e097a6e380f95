"""Monitoring: costs of helps and work, spending against budget, the year-end forecast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from tests.budget.strategies import U18_ONLY

from sozialraum.budget import (
    Exclusion,
    IndicatorValue,
    OverloadQuota,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    SavingsCarryOver,
    SpaceInput,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    forecast,
    help_cost,
    spend,
    work_cost,
)
from sozialraum.budget.monitoring import is_excluded
from sozialraum.catalog import WorkType
from sozialraum.errors import AllocationError
from sozialraum.model import Case, CaseIndependentWork, Help, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period

M = Money.parse
YEAR = Period.year(2025)


def a_help(
    hid: str,
    help_type: str,
    provider: str,
    start: date,
    end: date | None = None,
    monthly: str = "1000",
    planned_end: date | None = None,
) -> Help:
    return Help(
        id=hid,
        help_type=help_type,
        provider_id=provider,
        period=Period(start, end),
        monthly_cost=M(monthly),
        planned_end=planned_end,
        ending_reason="10" if end is not None else None,
    )


def a_case(cid: str, space: str, *helps: Help) -> Case:
    return Case(
        id=cid,
        space_id=space,
        opened=date(2024, 12, 1),
        young_person=YoungPerson(id=f"P-{cid}", birth=date(2012, 3, 1)),
        helps=helps,
    )


def rules(**terms: object) -> RuleSet:
    return RuleSet(
        name="2025",
        need=U18_ONLY,
        exclusions=(Exclusion(name="stationär", settings=("residential",)),),
        work_types=WorkTypeSplit(
            shares=(
                WorkTypeShare(work_type="case_specific", share=Ratio.percent(80)),
                WorkTypeShare(work_type="case_independent", share=Ratio.percent(20)),
            )
        ),
        providers=(
            ProviderSplit(
                space_ids=("A",),
                shares=(ProviderShare(provider_id="T1", share=Ratio(numerator=1)),),
            ),
            ProviderSplit(
                space_ids=("B",),
                shares=(ProviderShare(provider_id="T2", share=Ratio(numerator=1)),),
            ),
        ),
        **terms,  # type: ignore[arg-type]
    )


SPACES = [
    SpaceInput(space_id=s, indicators=(IndicatorValue(name="u18", value=1000),)) for s in "AB"
]
CASES = [
    a_case("A1", "A", a_help("H1", "31", "T1", date(2025, 1, 1), monthly="8000")),
    a_case(
        "A2",
        "A",
        a_help(
            "H2", "30-erziehungsbeistand", "T1", date(2025, 7, 1), date(2025, 10, 1), monthly="2000"
        ),
    ),
    a_case("A3", "A", a_help("H3", "34", "T1", date(2025, 1, 1), monthly="5000")),
    a_case(
        "B1",
        "B",
        a_help("H4", "31", "T2", date(2025, 3, 16), monthly="6000", planned_end=date(2025, 9, 16)),
    ),
    a_case(
        "B2", "B", a_help("H5", "30-erziehungsbeistand", "T3", date(2025, 5, 1), monthly="1000")
    ),
]
WORKS = [
    CaseIndependentWork(
        id="W1",
        space_id="B",
        work_type=WorkType.CASE_INDEPENDENT,
        period=Period(date(2025, 1, 1), date(2025, 7, 1)),
        hours=Decimal(400),
        cost=M("12000"),
        activity="network",
        provider_id="T2",
    )
]


def test_help_cost_by_full_and_partial_months() -> None:
    h = a_help("H", "31", "T", date(2024, 2, 10), date(2024, 4, 16), monthly="2900")
    # 20 of 29 days in February 2024 (leap year), all of March, 15 of 30 days in April
    assert help_cost(h, YEAR) == Money.zero()
    assert help_cost(h, Period.year(2024)) == M("2000") + M("2900") + M("1450")
    assert help_cost(h, Period.month(2024, 2)) == M("2000")


def test_help_ending_on_its_start_day_costs_nothing() -> None:
    h = a_help("H", "31", "T", date(2025, 5, 5), date(2025, 5, 5))
    assert help_cost(h, YEAR) == Money.zero()


def test_help_cost_rounds_each_month_half_away_from_zero() -> None:
    h = a_help("H", "31", "T", date(2025, 1, 1), date(2025, 1, 2), monthly="0.31")
    assert help_cost(h, YEAR) == M("0.01")  # 31 cents / 31 days
    h = a_help("H", "31", "T", date(2025, 1, 1), date(2025, 1, 2), monthly="0.15")
    assert help_cost(h, YEAR) == M("0.00")  # 15/31 of a cent


def test_costs_need_a_closed_window() -> None:
    h = a_help("H", "31", "T", date(2025, 1, 1))
    with pytest.raises(AllocationError) as info:
        help_cost(h, Period(date(2025, 1, 1)))
    assert info.value.code == "period.open"


def test_work_cost_pro_rata_and_open_periods() -> None:
    (w,) = WORKS
    assert work_cost(w, Period.quarter(2025, 1)) == M("5966.85")  # 90 of 181 days
    assert work_cost(w, Period.quarter(2025, 3)) == Money.zero()
    open_work = CaseIndependentWork(
        id="W2",
        space_id="B",
        work_type=WorkType.CASE_OVERARCHING,
        period=Period(date(2025, 2, 1)),
        hours=Decimal(3),
        cost=M("150"),
        activity="group",
    )
    assert work_cost(open_work, Period.quarter(2025, 1)) == M("150")
    assert work_cost(open_work, Period.quarter(2025, 2)) == Money.zero()


def test_exclusion_by_help_type_or_setting() -> None:
    heim = a_help("H", "34", "T", date(2025, 1, 1))
    spfh = a_help("H", "31", "T", date(2025, 1, 1))
    assert is_excluded(heim, [Exclusion(settings=("residential",))])
    assert not is_excluded(spfh, [Exclusion(settings=("residential",))])
    assert is_excluded(spfh, [Exclusion(help_types=("31",))])


def test_spend_against_budget_per_space_work_type_and_provider() -> None:
    allocation = allocate(M("240000"), SPACES, rules())
    report = spend(allocation, CASES, WORKS, period=Period(date(2025, 1, 1), date(2025, 7, 1)))
    lines = {(ln.space_id, ln.work_type, ln.provider_id): ln for ln in report.lines}
    assert lines["A", "case_specific", "T1"].spent == M("48000")
    assert lines["A", "case_specific", "T1"].budget == M("96000")
    assert lines["A", "case_specific", "T1"].execution_rate == Fraction(1, 2)
    assert lines["A", "case_independent", "T1"].spent == Money.zero()
    assert lines["B", "case_specific", "T2"].spent == M("21096.77")
    assert lines["B", "case_independent", "T2"].spent == M("12000")
    unbudgeted = lines["B", "case_specific", "T3"]
    assert (unbudgeted.budget, unbudgeted.spent) == (Money.zero(), M("2000"))
    assert unbudgeted.execution_rate is None
    assert unbudgeted.remaining == M("-2000")
    assert report.excluded == M("30000")
    assert report.spent == M("83096.77")
    assert report.budget == M("240000")
    assert report.by_space()["B"] == (M("120000"), M("35096.77"))
    assert report.by_provider()["T3"] == (Money.zero(), M("2000"))
    assert report.by_work_type()["case_independent"] == (M("48000"), M("12000"))


def test_spending_pools_where_the_allocation_has_no_split() -> None:
    plain = allocate(M("1000"), SPACES, RuleSet(name="r", need=U18_ONLY))
    report = spend(plain, CASES, WORKS, period=Period.month(2025, 1))
    assert {(ln.space_id, ln.work_type, ln.provider_id) for ln in report.lines} == {
        ("A", None, None),
        ("B", None, None),
    }
    # without exclusions the residential help counts: 8000 + 5000 in A; 2000 of work in B
    assert report.by_space()["A"] == (M("500"), M("13000"))
    assert report.by_space()["B"] == (M("500"), M("2055.25"))


def test_year_end_forecast_with_carry_over() -> None:
    allocation = allocate(
        M("240000"),
        SPACES,
        rules(
            overload=OverloadQuota(share=Ratio.percent(10)),
            carry_over=SavingsCarryOver(share=Ratio.percent(50)),
        ),
    )
    result = forecast(allocation, CASES, WORKS, budget_period=YEAR, today=date(2025, 7, 1))
    assert result.to_date.spent == M("83096.77")
    assert result.projected.spent == M("48000") + M("6000") + M("15000") + M("6000")
    assert result.total == M("158096.77")
    assert result.execution_rate == Fraction(15809677, 24000000)
    assert result.projected.excluded == M("30000")
    contracts = {(c.space_id, c.provider_id): c for c in result.contracts}
    a = contracts["A", "T1"]
    assert (a.budget, a.forecast, a.kept, a.returned) == (
        M("120000"),
        M("102000"),
        M("9000"),
        M("9000"),
    )
    b = contracts["B", "T2"]
    assert (b.kept, b.returned) == (M("35951.62"), M("35951.61"))
    t3 = contracts["B", "T3"]
    assert (t3.absorbed, t3.paid_by_office) == (Money.zero(), M("8000"))
    table = result.table()
    assert "A/T1: underspend 18.000,00 € — provider keeps 9.000,00 €" in table
    assert "B/T3: overrun 8.000,00 € — provider absorbs 0,00 €" in table
    assert "outside the budget (exclusions), forecast: 60.000,00 €" in table
    assert any(line.startswith("total") for line in table.splitlines())


def test_overload_quota_splits_an_overrun() -> None:
    allocation = allocate(
        M("1000"),
        [SpaceInput(space_id="A", indicators=(IndicatorValue(name="u18", value=1),))],
        RuleSet(
            name="r",
            need=U18_ONLY,
            providers=(
                ProviderSplit(shares=(ProviderShare(provider_id="T1", share=Ratio(numerator=1)),)),
            ),
            overload=OverloadQuota(share=Ratio.percent(10)),
        ),
    )
    cases = [a_case("C", "A", a_help("H", "31", "T1", date(2025, 1, 1), monthly="115"))]
    result = forecast(allocation, cases, budget_period=YEAR, today=date(2025, 3, 1))
    (c,) = result.contracts
    assert c.forecast == M("1380")
    assert (c.absorbed, c.paid_by_office, c.kept) == (M("100"), M("280"), Money.zero())
    assert (
        "provider absorbs 100,00 € (overload quota), youth office pays 280,00 €" in result.table()
    )


def test_forecast_today_must_be_in_the_budget_period() -> None:
    allocation = allocate(M("1"), SPACES[:1], RuleSet(name="r", need=U18_ONLY))
    with pytest.raises(AllocationError) as info:
        forecast(allocation, [], budget_period=YEAR, today=date(2026, 1, 2))
    assert info.value.code == "period.today_outside"
    at_end = forecast(allocation, [], budget_period=YEAR, today=date(2026, 1, 1))
    assert at_end.total == Money.zero()
    assert at_end.execution_rate == 0
    empty = allocate(M("0"), SPACES[:1], RuleSet(name="r", need=U18_ONLY))
    assert forecast(empty, [], budget_period=YEAR, today=date(2025, 1, 1)).execution_rate is None


def test_contract_exactly_on_budget_and_work_by_the_youth_office() -> None:
    allocation = allocate(
        M("1200"),
        [SpaceInput(space_id="A", indicators=(IndicatorValue(name="u18", value=1),))],
        RuleSet(
            name="r",
            need=U18_ONLY,
            providers=(
                ProviderSplit(shares=(ProviderShare(provider_id="T1", share=Ratio(numerator=1)),)),
            ),
        ),
    )
    cases = [a_case("C", "A", a_help("H", "31", "T1", date(2025, 1, 1), monthly="100"))]
    office_work = CaseIndependentWork(
        id="W",
        space_id="A",
        work_type=WorkType.CASE_INDEPENDENT,
        period=Period(date(2025, 1, 1), date(2025, 2, 1)),
        hours=Decimal(1),
        cost=M("50"),
        activity="network",
    )
    result = forecast(allocation, cases, [office_work], budget_period=YEAR, today=date(2025, 6, 1))
    (c,) = result.contracts
    assert (c.forecast, c.absorbed, c.kept) == (M("1200"), Money.zero(), Money.zero())
    assert "A/T1" not in result.table()
    from sozialraum.budget.inputs import provider_inputs

    (p,) = provider_inputs(cases, [office_work], period=YEAR)
    assert p.value("cost") == 120_000  # the youth office's own work has no provider
