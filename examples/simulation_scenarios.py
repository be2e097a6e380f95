"""Compare budget scenarios for the sample municipality over five years.

Run: python examples/simulation_scenarios.py [--runs N] [--workers W] [--plot FILE.png]

A planning team wants to know what moving budget into case-independent work
(*fallunspezifische Arbeit*) or allocating by a social index would do to spending and budget
execution in each social space. The study is written as TOML — the same format
``sozialraum simulate`` reads — validated, simulated with a seeded Monte Carlo, and
summarised: per scenario the total spending on helps in the last year with its 5–95 % band,
the difference to the baseline (measured run by run), and the spaces at risk of overrunning
their budget. Runs in-process by default; ``--workers 2`` uses a process pool, with the
same result bit for bit.
"""

from __future__ import annotations

import argparse
import tomllib
from fractions import Fraction

from sozialraum.simulation import (
    SummaryRow,
    parse_study,
    process_executor,
    simulate,
    summarise,
)
from sozialraum.simulation.export import format_value

STUDY = """
name = "Musterstadt: prevention and allocation"
start_year = 2026
years = 5

[budget]
total = "7500000.00"
growth = 0.03
method = "population"
case_independent_share = 0.10

[[scenarios]]
name = "prevention"
description = "ten more points for case-independent work; assumed: 5 % more resolved"
changes = [
  { parameter = "case_independent_share", operation = "add", value = 0.10 },
  { parameter = "resolved_share", operation = "add", value = 0.05 },
]

[[scenarios]]
name = "social index"
description = "allocate by the equal-weight social index from 2027 on"
changes = [{ parameter = "allocation_method", method = "social_index", from_year = 2027 }]

[[scenarios]]
name = "poorer Nord"
description = "the SGB II quota of minors in Nord rises 1.5 points a year; assumed elasticity 0.8"

[[scenarios.changes]]
parameter = "indicator_trend"
indicator = "sgb2_quota_under_15"
operation = "add"
value = 1.5
space_ids = ["S-NORD"]

[[scenarios.changes]]
parameter = "elasticity"
indicator = "sgb2_quota_under_15"
value = 0.8
"""


def euros(value: Fraction) -> str:
    return f"{format_value(value, 'EUR')} €"


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare budget scenarios.")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--plot", metavar="FILE", help="draw spending into FILE (matplotlib)")
    args = parser.parse_args()

    study = parse_study(tomllib.loads(STUDY))
    if args.workers > 1:
        with process_executor(args.workers) as pool:
            result = simulate(study, runs=args.runs, seed=2026, executor=pool)
    else:
        result = simulate(study, runs=args.runs, seed=2026)
    rows = summarise(result)
    last = study.start_year + study.years - 1

    def pick(scenario: str, level: str, key: str, quantity: str) -> SummaryRow:
        return next(
            r
            for r in rows
            if (r.scenario, r.year, r.level, r.key, r.quantity)
            == (scenario, last, level, key, quantity)
        )

    print(f"{study.name}: {result.completed} runs, seed 2026, year {last}\n")
    for scenario in result.scenario_names:
        spend = pick(scenario, "total", "all", "spending")
        execution = pick(scenario, "total", "all", "execution").estimate.mean
        line = (
            f"{scenario:<14} spending on helps {euros(spend.estimate.mean):>16} "
            f"(5–95 %: {euros(spend.estimate.p5)} – {euros(spend.estimate.p95)}), "
            f"execution {float(execution):.0%}"
        )
        if spend.difference is not None:
            d = spend.difference
            line += f"; vs baseline {euros(d.mean)} ({euros(d.p5)} … {euros(d.p95)})"
        print(line)
    print("\nSpaces whose median spending exceeds their budget in", last)
    for scenario in result.scenario_names:
        over = [
            sid
            for sid in result.plan.layout.space_ids
            if pick(scenario, "space", sid, "execution").estimate.p50 > 1
        ]
        print(f"  {scenario:<14} {', '.join(over) or '–'}")
    if args.plot:
        from sozialraum.simulation import save_plot

        print(f"\nwrote {save_plot(result, args.plot)}")


if __name__ == "__main__":
    main()
