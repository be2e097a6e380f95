"""The EinglMV 2022 template: a population share corrected by a quarter of the deviation of
a problem-pressure quota — for job centres, and translated to youth welfare.

Run: python examples/budget_einglmv.py

The Eingliederungsmittel-Verordnung allocates SGB II integration funds: half by the share of
benefit recipients corrected by ¼ of the relative deviation of the Grundsicherungsquote, half
by the same share corrected by ¼ of the deviation of the share of long-term recipients
(domain brief 3.3b). The same model for a Sozialraumbudget uses the residents under 18 as the
base and the SGB II quota of children as the problem pressure, smoothed by the higher of the
last two years and kept within ±5 % of last year's amounts.
"""

from __future__ import annotations

import json

from sozialraum.budget import (
    Corridor,
    IndicatorValue,
    Ratio,
    RuleSet,
    SpaceInput,
    TiePolicy,
    allocate,
    einglmv_need,
    einglmv_smoothing,
    pressure_corrected_need,
)
from sozialraum.money import Money

# Three job centres: recipients (eLb), working-age population, long-term recipients.
centres = [
    SpaceInput(
        space_id=name,
        indicators=(
            IndicatorValue(name="elb", value=elb),
            IndicatorValue(name="working_age", value=working_age),
            IndicatorValue(name="elb_long_term", value=long_term),
        ),
    )
    for name, elb, working_age, long_term in [
        ("A", 1000, 10_000, 500),
        ("B", 2000, 10_000, 800),
        ("C", 1000, 20_000, 700),
    ]
]
funds = allocate(
    Money.parse("1.000.000,00"), centres, RuleSet(name="EinglMV 2022", need=einglmv_need())
)
print(funds.explain())
print()

# The youth-welfare translation, with smoothing and a corridor.
spaces = [
    SpaceInput(
        space_id=name,
        indicators=(
            IndicatorValue(name="u18", value=u18, previous=(u18_last,)),
            IndicatorValue(name="u18_sgb2", value=sgb2),
        ),
        previous_amount=Money.parse(last),
    )
    for name, u18, u18_last, sgb2, last in [
        ("Nord", 2930, 3010, 540, "610.000"),
        ("Mitte", 2490, 2450, 350, "560.000"),
        ("Süd", 3000, 2980, 240, "540.000"),
        ("West", 2130, 2100, 230, "440.000"),
    ]
]
rules = RuleSet(
    name="Sozialraumbudget nach Problemdruck",
    need=pressure_corrected_need(base="u18", pressure="u18_sgb2", k=Ratio.parse("1/4")),
    smoothing=(einglmv_smoothing("u18"),),
    corridors=(Corridor(name="±5 %", max_change=Ratio.percent(5)),),
    ties=TiePolicy.lot(seed=2025),
)
budget = allocate(Money.parse("2.200.000,00"), spaces, rules)
print(budget.explain())
print(json.dumps(budget.explain_data()["spaces"][0], ensure_ascii=False, indent=2))
