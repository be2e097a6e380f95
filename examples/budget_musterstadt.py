"""Musterstadt's 2025 Sozialraumbudget: allocation, explanation, monitoring and forecast.

Run: python examples/budget_musterstadt.py

Uses the embedded synthetic sample municipality: four social spaces, four providers, their
cases and case-independent work. The rule set (see `sozialraum.budget.demo`) keeps
stationary help with the youth office, gives each space a base share and the rest by need
(under-18s corrected by the SGB II quota of children), with a floor and a ±10 % corridor;
splits 75 / 12.5 / 12.5 % by kind of work and between providers by their 2024 market
shares. The forecast applies the overload quota (10 %) and the savings carry-over (50 %).
"""

from __future__ import annotations

from datetime import date

from sozialraum.budget.demo import musterstadt_allocation, render_budget_demo
from sozialraum.data import load_sample

sample = load_sample()
print(render_budget_demo(sample, today=date(2025, 10, 1)))

allocation = musterstadt_allocation(sample)
print()
print("By provider:")
for provider, amount in allocation.by_provider().items():
    print(f"  {provider}: {amount.format_de()}")
