"""The budget part of ``sozialraum demo``: Musterstadt's 2025 Sozialraumbudget, explained,
and a monitoring/forecast table. Computes and formats only; prints nothing.

The rule set is an **illustration** on synthetic data (no municipality publishes one; see
domain brief 3.1): stationary help and crisis placements stay with the youth office (as in
Celle), 10 % of the rest is a base share, the remainder follows the residents under 18
corrected by a quarter of the deviation of the SGB II quota of children (the EinglMV
template), with a floor and a ±10 % corridor against 2024; each space splits 75 / 12.5 /
12.5 % between case-specific, case-overarching and case-independent work, and between its
providers by their 2024 cost (market shares of a base year, as in Celle).

>>> text = render_budget_demo()
>>> print(text.splitlines()[0])
Sozialraumbudget 2025 (synthetic sample)
"""

from __future__ import annotations

from datetime import date

from .. import messages
from ..data import Sample, load_sample
from ..money import Money
from ..periods import Dated, Period
from .allocation import Allocation
from .inputs import provider_inputs, space_inputs
from .monitoring import forecast
from .pipeline import allocate
from .ratio import Ratio
from .rules import (
    BaseShare,
    Corridor,
    Exclusion,
    Floor,
    NeedRule,
    OverloadQuota,
    PressureCorrectedShare,
    ProviderSplit,
    RuleSet,
    SavingsCarryOver,
    WorkTypeShare,
    WorkTypeSplit,
)
from .ties import TiePolicy

__all__ = [
    "PREVIOUS_2024",
    "TOTAL_2025",
    "musterstadt_allocation",
    "musterstadt_rules",
    "render_budget_demo",
]

messages.define("demo.budget.title", "Sozialraumbudget 2025 (synthetic sample)")
messages.define("demo.budget.forecast", "Monitoring and year-end forecast as of {day}")

#: The budget of the sample year (synthetic).
TOTAL_2025 = Money.parse("4.300.000,00")
#: The spaces' (synthetic) allocations of 2024, for the corridor.
PREVIOUS_2024 = {
    "S-NORD": Money.parse("640.000,00"),
    "S-MITTE": Money.parse("600.000,00"),
    "S-SUED": Money.parse("520.000,00"),
    "S-WEST": Money.parse("420.000,00"),
}


def musterstadt_rules() -> Dated[RuleSet]:
    """The sample's rule sets, dated by budget year."""
    rules = RuleSet(
        name="Musterstadt 2025",
        reference="synthetic illustration (domain brief 3.3b, 3.4)",
        exclusions=(
            Exclusion(
                name="stationär und Inobhutnahme beim Jugendamt",
                amount=Money.parse("1.950.000,00"),
                settings=("residential", "crisis"),
            ),
        ),
        need=NeedRule(
            name="Bedarf",
            pressure_corrected=(
                PressureCorrectedShare(
                    name="u18, korrigiert um SGB-II-Quote",
                    base="u18",
                    pressure="sgb2_quota_under_15",
                    pressure_is_rate=True,
                ),
            ),
        ),
        base_shares=(BaseShare(name="Sockel 10 %", share=Ratio.percent(10)),),
        floors=(Floor(name="Mindestbudget", amount=Money.parse("350.000,00")),),
        corridors=(Corridor(name="Korridor ±10 %", max_change=Ratio.percent(10)),),
        work_types=WorkTypeSplit(
            name="Arbeitsformen",
            shares=(
                WorkTypeShare(work_type="case_specific", share=Ratio.parse("75 %")),
                WorkTypeShare(work_type="case_overarching", share=Ratio.parse("12,5 %")),
                WorkTypeShare(work_type="case_independent", share=Ratio.parse("12,5 %")),
            ),
        ),
        providers=(ProviderSplit(name="Marktanteile 2024", indicator="cost"),),
        overload=OverloadQuota(share=Ratio.percent(10)),
        carry_over=SavingsCarryOver(share=Ratio.percent(50)),
        ties=TiePolicy.lot(seed=2025),
    )
    return Dated.of("Sozialraumbudget Musterstadt", {date(2025, 1, 1): rules})


def musterstadt_allocation(sample: Sample | None = None) -> Allocation:
    """Allocate :data:`TOTAL_2025` over the sample's social spaces."""
    s = sample if sample is not None else load_sample()
    return allocate(
        TOTAL_2025,
        space_inputs(s.municipality, previous=PREVIOUS_2024),
        musterstadt_rules(),
        on=date(2025, 1, 1),
        providers=provider_inputs(s.cases, s.work, period=Period.year(2024)),
    )


def render_budget_demo(
    sample: Sample | None = None, *, today: date = date(2025, 10, 1), lang: str = "en"
) -> str:
    """The explained 2025 allocation and the forecast as of ``today``, as text in ``lang``."""
    from .._locale import format_date

    s = sample if sample is not None else load_sample()
    allocation = musterstadt_allocation(s)
    outlook = forecast(allocation, s.cases, s.work, budget_period=Period.year(2025), today=today)
    return "\n".join(
        [
            messages.render("demo.budget.title", {}, lang),
            allocation.explain(lang=lang),
            "",
            messages.render("demo.budget.forecast", {"day": format_date(today, lang)}, lang),
            outlook.table(lang),
        ]
    )
