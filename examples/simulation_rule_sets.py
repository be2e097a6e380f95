"""Compare budget allocation rules — full rule sets — in a simulation study.

Run: python examples/simulation_rule_sets.py [--runs N] [--plot FILE.png]

The study ``examples/studies/rule_comparison.toml`` compares the built-in population rule
with a full rule set from a file (a base share, a floor, a ±5 % corridor against last year
and smoothing of the SGB II counts: ``rules_base_floor_corridor.json``), the built-in
social index, and a rule set written into the study itself (a cap for one space). Every
rule splits the same total, so the totals agree to the cent; what differs is each space's
budget, and with it the risk of overrunning it. With pandas installed (the ``[pandas]``
extra) the runs also go into a DataFrame.
"""

from __future__ import annotations

import argparse
import importlib.util
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sozialraum.simulation import load_study, simulate, summarise
from sozialraum.simulation.export import decimal_value

STUDY = Path(__file__).parent / "studies" / "rule_comparison.toml"


def euros(cents: Fraction) -> Decimal:
    """Exact cents as euros, rounded to the cent."""
    return decimal_value(cents, "EUR")


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare allocation rules.")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--plot", metavar="FILE", help="draw the comparison into FILE")
    args = parser.parse_args()

    study = load_study(STUDY)
    result = simulate(study, runs=args.runs, seed=2026)
    last = study.start_year + study.years - 1
    rows = {
        (r.scenario, r.level, r.key, r.quantity): r for r in summarise(result) if r.year == last
    }
    spaces = result.plan.layout.space_ids
    print(f"{study.name}: {result.completed} runs, seed 2026, year {last}")
    total = euros(rows["baseline", "total", "all", "budget_total"].estimate.mean)
    print(f"total budget {total:,.2f} EUR under every rule\n")
    width = max(len(name) for name in result.scenario_names) + 2
    print(f"{'budget per space (EUR)':<{width}}" + "".join(f"{s:>14}" for s in spaces))
    for scenario in result.scenario_names:
        amounts = [euros(rows[scenario, "space", s, "budget_total"].estimate.mean) for s in spaces]
        print(f"{scenario:<{width}}" + "".join(f"{a:>14,.2f}" for a in amounts))
    print(f"\n{'median execution':<{width}}" + "".join(f"{s:>14}" for s in spaces))
    for scenario in result.scenario_names:
        shares = [rows[scenario, "space", s, "execution"].estimate.p50 for s in spaces]
        print(f"{scenario:<{width}}" + "".join(f"{float(x):>14.0%}" for x in shares))
    if importlib.util.find_spec("pandas") is not None:
        frame = result.to_dataframe()
        over = (
            frame.assign(over=frame["spending_cents"] > frame["budget_cents"])
            .query("year == @last")
            .groupby(["scenario", "space_id"])["over"]
            .mean()
            .unstack()
        )
        print("\nshare of runs overrunning the help budget (pandas)")
        print(over.round(2).to_string())
    if args.plot:
        from sozialraum.simulation import save_plot

        print(f"\nwrote {save_plot(result, args.plot)}")


if __name__ == "__main__":
    main()
