"""Inputs from the domain model and the budget part of the demo, on the embedded sample."""

from __future__ import annotations

from datetime import date

from sozialraum.budget.demo import (
    PREVIOUS_2024,
    TOTAL_2025,
    musterstadt_allocation,
    musterstadt_rules,
    render_budget_demo,
)
from sozialraum.budget.inputs import provider_inputs, space_inputs
from sozialraum.data import load_sample
from sozialraum.model import AgeBand, Indicator, Municipality, SocialSpace
from sozialraum.money import Money
from sozialraum.periods import Period

SAMPLE = load_sample()


def test_space_inputs_scale_decimal_indicators_uniformly() -> None:
    from decimal import Decimal

    m = Municipality(
        id="M",
        name="M",
        social_spaces=(
            SocialSpace(
                id="A",
                name="A",
                population=(
                    AgeBand(min_age=0, max_age=20, count=100),
                    AgeBand(min_age=20, max_age=None, count=900),
                ),
                indicators=(
                    Indicator(
                        name="quota",
                        value=Decimal("12.25"),
                        unit="percent",
                        reference_date=date(2024, 12, 31),
                    ),
                ),
            ),
            SocialSpace(
                id="B",
                name="B",
                indicators=(
                    Indicator(
                        name="quota",
                        value=Decimal("7"),
                        unit="percent",
                        reference_date=date(2024, 12, 31),
                    ),
                ),
            ),
        ),
    )
    a, b = space_inputs(m, previous={"A": Money.parse("5")})
    assert a.value("quota") == 1225
    assert b.value("quota") == 700
    assert a.value("population") == 1000
    assert a.value("u18") is None  # the band 0–19 straddles 18
    assert b.value("u18") is None  # no bands: the ages are not covered
    assert a.previous_amount == Money.parse("5")
    assert b.previous_amount is None


def test_provider_inputs_count_helps_and_cost() -> None:
    inputs = provider_inputs(SAMPLE.cases, SAMPLE.work, period=Period.year(2024))
    assert len({(p.provider_id, p.space_id) for p in inputs}) == len(inputs) == 8
    assert all((p.value("helps") or 0) > 0 for p in inputs)
    assert all((p.value("cost") or 0) > 0 for p in inputs)


def test_musterstadt_allocation_is_exact_and_keeps_its_rules() -> None:
    allocation = musterstadt_allocation(SAMPLE)
    assert allocation.total == TOTAL_2025
    assert Money.total(allocation.by_space().values()) == allocation.distributed
    assert Money.total(c.amount for c in allocation.cells) == allocation.distributed
    assert allocation.valid_from == date(2025, 1, 1)
    for space in allocation.spaces:
        previous = PREVIOUS_2024[space.space_id]
        assert previous.scale(9) <= space.amount * 10 <= previous.scale(11)
    assert musterstadt_rules().at(date(2025, 6, 1)).name == "Musterstadt 2025"


def test_render_budget_demo() -> None:
    text = render_budget_demo(SAMPLE, today=date(2025, 10, 1))
    assert "Allocation by rule set 'Musterstadt 2025'" in text
    assert "Monitoring and year-end forecast as of 2025-10-01" in text
    assert "outside the budget (exclusions)" in text
