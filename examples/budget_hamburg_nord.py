"""The Hamburg-Nord Jugendeinwohnerwert (2004): the published table shape, and a budget split
by it.

Run: python examples/budget_hamburg_nord.py

Hamburg-Nord proposed to distribute youth-work funds between its planning areas by a
*Jugendeinwohnerwert* (JEW): four sub-indices (under-18s, of them foreign nationals, living
with a single parent, receiving HLU), 25 % each (domain brief 3.3a, source [S50]). Five rows
of the table were published; the rest of the district is derived from their totals. The
script prints the table in the published shape — the computed percentages match the
published ones — and splits 250,000 € by the JEW, exactly to the cent.
"""

from __future__ import annotations

from sozialraum.budget import (
    EqualWeightIndex,
    IndicatorValue,
    NeedRule,
    RuleSet,
    SpaceInput,
    TiePolicy,
    allocate,
    share_table,
)
from sozialraum.budget.templates import format_share_table
from sozialraum.money import Money

# Planungsraum, under-18s, population, JEW — the five published rows [S50] and the rest of
# the district (district totals u18 33,733 and JEW 47,440 derived in the domain brief).
ROWS = [
    ("P1", 3_569, 31_355, 4_383),
    ("P2", 2_938, 20_836, 4_598),
    ("P3", 5_375, 48_610, 6_387),
    ("P4", 2_286, 23_956, 2_286),
    ("P5", 8_612, 85_129, 9_231),
    ("Rest", 10_953, 150_000, 20_555),
]

spaces = [
    SpaceInput(
        space_id=pr,
        indicators=(
            IndicatorValue(name="u18", value=u18),
            IndicatorValue(name="population", value=pop),
            IndicatorValue(name="jew", value=jew),
        ),
    )
    for pr, u18, pop, jew in ROWS
]

print("Hamburg-Nord, Jugendeinwohnerwert (published: P1 10.58 / 11.38 / 9.24 …)")
print(format_share_table(share_table(spaces)))
print()

rules = RuleSet(
    name="Jugendarbeit nach JEW",
    need=NeedRule(equal_weight_indices=(EqualWeightIndex(name="JEW", indicators=("jew",)),)),
    ties=TiePolicy.by_priority(*(r[0] for r in ROWS)),
    reference="CDU Hamburg-Nord, Anfrage Jugendeinwohnerwert, 22.09.2004",
)
allocation = allocate(Money.parse("250.000,00"), spaces, rules)
print(allocation.explain())
assert Money.total(allocation.by_space().values()) == Money.parse("250.000,00")
