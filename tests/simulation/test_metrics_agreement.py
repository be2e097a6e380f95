"""The simulation's counts agree with :mod:`sozialraum.metrics` on the simulated histories."""

from __future__ import annotations

import pytest

from sozialraum.periods import Period
from sozialraum.simulation import Plan, histories, trace_run
from sozialraum.simulation.compiled import N_SPACE_COUNTS

metrics = pytest.importorskip("sozialraum.metrics")


@pytest.mark.parametrize("run", [0, 1])
def test_helps_running_and_begun_match_the_metrics(plan: Plan, run: int):
    record, _ = trace_run(plan, run)
    layout = plan.layout
    municipality = _municipality()
    cases = histories(plan, run, include_initial=True)
    for y, year in enumerate(plan.scenarios[0].years):
        table = metrics.use_rates(cases, municipality, Period.year(year), help_types=None)
        for s, sid in enumerate(layout.space_ids):
            row = y * layout.stride + N_SPACE_COUNTS * s
            assert table.get("helps_active", space=sid).value == record[row + 3]
            # the helps running at the start appear as begun on 1 January of the first year
            stock = len(plan.initial[s]) if y == 0 else 0
            assert table.get("helps_begun", space=sid).value == record[row + 2] + stock


def _municipality():
    from sozialraum.data import load_sample

    return load_sample().municipality


def test_use_rate_matches_the_metrics(plan: Plan):
    from sozialraum.simulation import SimulationResult, summarise

    result = simulate_one(plan)
    assert isinstance(result, SimulationResult)
    cases = histories(plan, 0, include_initial=True)
    table = metrics.use_rates(cases, _municipality(), Period.year(2027), help_types=None)
    rows = {(r.year, r.key, r.quantity): r for r in summarise(result) if r.scenario == "baseline"}
    for sid in plan.layout.space_ids:
        assert (
            rows[2027, sid, "use_rate"].estimate.mean == table.get("use_rate_u21", space=sid).value
        )


def simulate_one(plan: Plan):
    from sozialraum.simulation import simulate

    return simulate(runs=1, seed=plan.seed, years=2)
