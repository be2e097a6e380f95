"""Conservation: spending equals the sum of the simulated helps' costs, exactly."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sozialraum.budget import help_cost
from sozialraum.money import Money
from sozialraum.periods import Period
from sozialraum.simulation import (
    Plan,
    PriceIncrease,
    histories,
    make_plan,
    sample_study,
    trace_run,
)
from sozialraum.simulation.compiled import N_SPACE_COUNTS


@pytest.mark.parametrize("run", [0, 1, 2])
@pytest.mark.parametrize("scenario", [0, 1])
def test_spending_equals_the_sum_of_help_costs(plan: Plan, run: int, scenario: int):
    record, trace = trace_run(plan, run, scenario)
    layout = plan.layout
    stride = layout.stride
    spend0 = N_SPACE_COUNTS * len(layout.space_ids)
    helps = [e for e in trace if e[0] == "help"]
    assert helps
    booked = sum(
        record[y * stride + spend0 + cell]
        for y in range(len(plan.scenarios[scenario].years))
        for cell in range(len(layout.cells))
    )
    assert booked == sum(e[8] for e in helps)
    # per cell, too
    per_cell: dict[int, int] = defaultdict(int)
    for e in helps:
        per_cell[e[2]] += e[8]
    for cell in range(len(layout.cells)):
        total = sum(record[y * stride + spend0 + cell] for y in range(2))
        assert total == per_cell[cell]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**64), run=st.integers(0, 10**9))
def test_conservation_holds_for_any_seed(plan: Plan, seed: int, run: int):
    plan = attrs.evolve(plan, seed=seed)
    record, trace = trace_run(plan, run, 1)
    spend0 = N_SPACE_COUNTS * len(plan.layout.space_ids)
    cells = range(spend0, spend0 + len(plan.layout.cells))
    booked = sum(record[y * plan.layout.stride + i] for y in range(2) for i in cells)
    assert booked == sum(e[8] for e in trace if e[0] == "help")


def test_counts_match_the_trace(plan: Plan):
    record, trace = trace_run(plan, 0)
    layout = plan.layout
    stride = layout.stride
    referrals = [e for e in trace if e[0] == "referral"]
    resolved = [e for e in referrals if e[4]]
    n = len(layout.space_ids)
    assert sum(record[y * stride + N_SPACE_COUNTS * s] for y in range(2) for s in range(n)) == len(
        referrals
    )
    assert sum(
        record[y * stride + N_SPACE_COUNTS * s + 1] for y in range(2) for s in range(n)
    ) == len(resolved)


def test_costs_agree_with_budget_monitoring():
    """Without price increases, every simulated help costs exactly what
    :func:`sozialraum.budget.help_cost` charges for its months in each year."""
    study, params, _ = sample_study()
    flat = attrs.evolve(
        params,
        price_increases=(
            PriceIncrease(valid_from=params.price_increases[0].valid_from, rate=Decimal(0)),
        ),
    )
    plan = make_plan(study, seed=9, years=2, parameters=flat)
    record, _ = trace_run(plan, 0)
    cases = histories(plan, 0, include_initial=True)
    layout = plan.layout
    spend0 = N_SPACE_COUNTS * len(layout.space_ids)
    for y, year in enumerate(plan.scenarios[0].years):
        window = Period.year(year)
        expected = Money.total(help_cost(h, window) for c in cases for h in c.helps)
        booked = sum(record[y * layout.stride + spend0 + i] for i in range(len(layout.cells)))
        assert Money(cents=booked) == expected
