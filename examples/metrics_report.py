"""Musterstadt's 2025 indicators per social space, with small cells withheld.

Run: python examples/metrics_report.py

Uses the embedded synthetic sample municipality. Computes the standard youth-welfare
indicators (use and grant rates, spending per young resident, durations, planned endings,
setting mix, time to help, needs resolved in the space, re-referrals, § 8a results, work in
the space, Goal Attainment Scaling), suppresses counts of 1 and 2 with secondary
suppression, prints the report, then budget execution against the budget monitoring and a
few rows as CSV. Definitions: docs/metrics.rst ("Indicator definitions").
"""

from __future__ import annotations

import sys
from datetime import date

from sozialraum.budget.demo import musterstadt_allocation
from sozialraum.budget.monitoring import spend
from sozialraum.data import load_sample
from sozialraum.metrics import metrics_report, monitoring_execution, render_report
from sozialraum.periods import Period

sample = load_sample()
year = Period.year(2025)
report = metrics_report(
    sample.municipality,
    sample.cases,
    sample.work,
    period=year,
    as_of=date(2026, 1, 1),  # the sample's data is complete up to this day
    threshold=2,
)
print(render_report(report, title=f"{sample.municipality.name} — indicators 2025"))

monitoring = spend(musterstadt_allocation(sample), sample.cases, sample.work, period=year)
print("Budget execution 2025 (budget monitoring)")
for row in monitoring_execution(monitoring).where("budget_execution"):
    print(f"  {row.dimension('space'):8} {row.display(3)}")

print()
print("Use rates as CSV:")
report.where("use_rate_u21").to_csv(sys.stdout, places=1)
