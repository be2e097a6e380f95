"""Calibration recovers the parameters the data were generated with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from sozialraum.errors import ValidationError
from sozialraum.model import Municipality
from sozialraum.money import Money
from sozialraum.simulation import (
    BudgetPlan,
    HelpTypeParameters,
    ModelParameters,
    ProviderWeight,
    SpaceParameters,
    Study,
    calibrate,
    expected_yearly_cost,
    help_months,
    histories,
    make_plan,
    sample_parameters,
    sample_study,
)

TRUE = ModelParameters(
    price_base_year=2025,
    lag_months=1,
    follow_up_share=Decimal("0.2"),
    spaces=(
        SpaceParameters(
            space_id="S-MITTE",
            referrals_per_1000=Decimal(60),
            resolved_share=Decimal("0.3"),
            providers=(
                ProviderWeight(provider_id="T-CAR", weight=Decimal(3)),
                ProviderWeight(provider_id="T-DIA", weight=Decimal(1)),
            ),
        ),
        SpaceParameters(
            space_id="S-NORD", referrals_per_1000=Decimal(40), resolved_share=Decimal("0.2")
        ),
        SpaceParameters(
            space_id="S-SUED", referrals_per_1000=Decimal(30), resolved_share=Decimal("0.4")
        ),
        SpaceParameters(
            space_id="S-WEST", referrals_per_1000=Decimal(50), resolved_share=Decimal("0.25")
        ),
    ),
    help_types=(
        HelpTypeParameters(
            help_type="28-family",
            weight=Decimal(5),
            min_months=2,
            mean_months=Decimal(5),
            cost_low=Money.parse("200"),
            cost_high=Money.parse("400"),
        ),
        HelpTypeParameters(
            help_type="31",
            weight=Decimal(3),
            min_months=6,
            mean_months=Decimal(14),
            cost_low=Money.parse("1400"),
            cost_high=Money.parse("2600"),
        ),
        HelpTypeParameters(
            help_type="34",
            weight=Decimal(2),
            min_months=10,
            mean_months=Decimal(20),
            cost_low=Money.parse("6000"),
            cost_high=Money.parse("7600"),
        ),
    ),
)


@pytest.fixture(scope="module")
def recovered() -> tuple[ModelParameters, Municipality]:
    study, _, municipality = sample_study()
    study = Study(name="recovery", start_year=2026, years=6, budget=BudgetPlan(total=Money.zero()))
    plan = make_plan(study, seed=77, parameters=TRUE, municipality=municipality, cases=())
    cases = histories(plan, run=0)
    return calibrate(municipality, cases, as_of=date(2032, 1, 1), since=date(2026, 1, 1)), (
        municipality
    )


def test_referral_rates_and_resolution(recovered):
    params, _ = recovered
    for true in TRUE.spaces:
        got = params.space(true.space_id)
        assert float(got.referrals_per_1000) == pytest.approx(
            float(true.referrals_per_1000), rel=0.08
        )
        assert float(got.resolved_share) == pytest.approx(float(true.resolved_share), abs=0.04)


def test_provider_weights(recovered):
    params, _ = recovered
    weights = {w.provider_id: float(w.weight) for w in params.space("S-MITTE").providers}
    assert weights["T-CAR"] / (weights["T-CAR"] + weights["T-DIA"]) == pytest.approx(0.75, abs=0.05)


def test_help_types(recovered):
    params, _ = recovered
    got = {t.help_type: t for t in params.help_types}
    assert set(got) == {"28-family", "31", "34"}
    total = float(sum(t.weight for t in got.values()))
    for true in TRUE.help_types:
        t = got[true.help_type]
        assert float(t.weight) / total == pytest.approx(float(true.weight) / 10, abs=0.04)
        assert t.min_months == true.min_months
        assert float(t.mean_months) == pytest.approx(float(true.mean_months), rel=0.12)
        assert t.cost_low.cents == pytest.approx(true.cost_low.cents, rel=0.02)
        assert t.cost_high.cents == pytest.approx(true.cost_high.cents, rel=0.02)


def test_lag_and_follow_ups(recovered):
    params, _ = recovered
    assert params.lag_months == TRUE.lag_months
    assert float(params.follow_up_share) == pytest.approx(0.2, abs=0.05)


def test_the_sample_calibrates():
    params = sample_parameters()
    assert params.source is not None
    assert "420 cases" in params.source
    assert {s.space_id for s in params.spaces} == {"S-MITTE", "S-NORD", "S-SUED", "S-WEST"}
    assert all(0 < s.resolved_share < 1 for s in params.spaces)


def test_help_months():
    assert help_months(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert help_months(date(2024, 1, 31), date(2024, 3, 1)) == 2
    assert help_months(date(2024, 1, 1), date(2024, 1, 1)) == 0


def test_expected_yearly_cost_grows_with_follow_ups(recovered):
    _, municipality = recovered
    plain = attrs.evolve(TRUE, follow_up_share=Decimal(0))
    assert expected_yearly_cost(plain, municipality) < expected_yearly_cost(TRUE, municipality)


def test_calibrating_no_cases_is_refused():
    _, _, municipality = sample_study()
    with pytest.raises(ValidationError) as info:
        calibrate(municipality, [], as_of=date(2026, 1, 1), price_base_year=2025)
    assert info.value.codes == ("mix.empty",)
