"""Validate case documents from another system and report every problem.

Run: python examples/validate_cases.py

A municipal system exports cases as JSON. This script checks them with
`sozialraum.schema.validate`, prints the issues of the broken ones (path, code, message —
messages never contain the data itself), and structures the valid ones into entities to
sum the monthly cost of running helps per social space.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sozialraum import Money, schema
from sozialraum.data import sample_documents
from sozialraum.model import Case

# Twenty cases of the synthetic sample, plus two broken ones as another system might send.
documents = list(sample_documents("case"))[:20]
documents.append({**documents[0], "id": "C-BROKEN-1", "opened": "2024-02-30"})
documents.append(
    {
        **documents[1],
        "id": "C-BROKEN-2",
        "space": "S-NORD",  # misspelt key
        "helps": [{**h, "monthly_cost": 1450.5} for h in documents[1].get("helps", [])],
    }
)

valid: list[Case] = []
for doc in documents:
    issues = schema.validate(doc, Case)
    if issues:
        print(f"case {doc.get('id', '?')}: {len(issues)} issue(s)")
        for issue in issues:
            print(f"  {issue.path or '/'}  {issue.code}: {issue.message}")
    else:
        valid.append(schema.structure(doc, Case))

day = date(2025, 12, 31)
cost: dict[str, Money] = defaultdict(Money.zero)
for case in valid:
    for help_ in case.helps:
        if help_.is_active_on(day):
            cost[case.space_id] += help_.monthly_cost

print(f"\n{len(valid)} of {len(documents)} cases valid; monthly cost of helps running on {day}:")
for space_id, amount in sorted(cost.items()):
    print(f"  {space_id:8s} {amount.format_de():>14s}")
assert len(valid) == len(documents) - 2
