"""Model parameters: their rules, and plans built from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from sozialraum.data import load_sample
from sozialraum.errors import ValidationError
from sozialraum.money import Money
from sozialraum.simulation import (
    HelpTypeParameters,
    ModelParameters,
    PriceIncrease,
    SpaceParameters,
    make_plan,
    sample_parameters,
    sample_study,
)


def help_type(**changes: object) -> HelpTypeParameters:
    values: dict[str, object] = {
        "help_type": "31",
        "weight": Decimal(1),
        "min_months": 6,
        "mean_months": Decimal(12),
        "cost_low": Money.parse("1400"),
        "cost_high": Money.parse("2600"),
    }
    values.update(changes)
    return HelpTypeParameters(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"help_type": "99"}, "code.unknown"),
        ({"mean_months": Decimal(3)}, "duration.mean_below_min"),
        ({"cost_high": Money.parse("100")}, "cost.high_below_low"),
    ],
)
def test_help_type_rules(changes, code):
    with pytest.raises(ValidationError) as info:
        help_type(**changes)
    assert code in info.value.codes


def test_model_rules():
    space = SpaceParameters(space_id="S", referrals_per_1000=Decimal(1), resolved_share=Decimal(0))
    with pytest.raises(ValidationError) as info:
        ModelParameters(
            price_base_year=2025,
            spaces=(space, space),
            help_types=(help_type(), help_type(weight=Decimal(0))),
            price_increases=(
                PriceIncrease(valid_from=date(2026, 1, 1), rate=Decimal(0)),
                PriceIncrease(valid_from=date(2025, 1, 1), rate=Decimal(0)),
            ),
        )
    assert set(info.value.codes) == {"id.duplicate", "dated.unsorted"}
    with pytest.raises(ValidationError) as info:
        ModelParameters(price_base_year=2025, spaces=(), help_types=(help_type(weight=Decimal(0)),))
    assert info.value.codes == ("mix.empty",)


def test_space_lookup_and_default_prices():
    params = sample_parameters()
    with pytest.raises(LookupError):
        params.space("nowhere")
    plain = attrs.evolve(params, price_increases=())
    assert plain.price_index(2026) == Decimal("1.03")
    assert help_type(mean_months=Decimal(6)).ending_probability == 1.0


def test_a_municipality_of_ones_own_is_calibrated_on_its_cases():
    sample = load_sample()
    study, _, _ = sample_study()
    own = attrs.evolve(sample.municipality, name="own copy")
    plan = make_plan(study, seed=1, municipality=own, cases=sample.cases, years=1)
    assert plan.layout.space_ids == ("S-MITTE", "S-NORD", "S-SUED", "S-WEST")
    assert sum(len(i) for i in plan.initial) > 0


def test_every_space_needs_parameters():
    study, params, municipality = sample_study()
    fewer = attrs.evolve(params, spaces=params.spaces[1:])
    with pytest.raises(ValidationError) as info:
        make_plan(study, seed=1, parameters=fewer, municipality=municipality)
    assert info.value.codes == ("simulation.space_missing",)


def test_monthly_cost_can_be_raised_by_an_amount():
    from sozialraum.simulation import parse_study

    doc = {
        "name": "x",
        "start_year": 2026,
        "years": 1,
        "budget": {"total": "1000000.00"},
        "scenarios": [
            {
                "name": "dearer",
                "changes": [{"parameter": "monthly_cost", "operation": "add", "value": "10"}],
            }
        ],
    }
    base, dearer = make_plan(parse_study(doc), seed=1).scenarios
    assert all(d == b + 1000 for d, b in zip(dearer.cost_low[0], base.cost_low[0], strict=True))


def test_every_space_needs_a_provider():
    study, params, municipality = sample_study()
    lonely = attrs.evolve(
        municipality,
        providers=tuple(
            attrs.evolve(p, serves=tuple(s for s in p.serves if s != "S-WEST"))
            for p in municipality.providers
        ),
    )
    no_weights = attrs.evolve(
        params,
        spaces=tuple(
            attrs.evolve(s, providers=()) if s.space_id == "S-WEST" else s for s in params.spaces
        ),
    )
    with pytest.raises(ValidationError) as info:
        make_plan(study, seed=1, parameters=no_weights, municipality=lonely)
    assert info.value.codes == ("simulation.space_without_provider",)
