"""Scenarios as data: arithmetic, files, validation, schema."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest

from sozialraum import records, schema
from sozialraum.errors import ValidationError
from sozialraum.simulation import (
    BASELINE,
    AllocationMethod,
    Change,
    Elasticity,
    ModelParameters,
    Operation,
    Parameter,
    Scenario,
    Study,
    load_study,
    make_plan,
    parse_study,
    run_chunk,
    sample_study,
    simulate,
    summarise,
)

REFERRAL = Parameter.REFERRAL_RATE
NEG_INF = float("-inf")
STUDY = {
    "name": "Test",
    "start_year": 2026,
    "years": 2,
    "budget": {"total": "7000000.00", "growth": "0.02"},
    "scenarios": [
        {"name": "nothing", "changes": []},
        {
            "name": "more prevention",
            "changes": [
                {"parameter": "case_independent_share", "operation": "add", "value": "0.1"},
                {"parameter": "resolved_share", "operation": "add", "value": "0.05"},
            ],
        },
    ],
}


def test_zero_change_scenario_equals_baseline_run_by_run():
    study = parse_study(STUDY)
    result = simulate(study, runs=8, seed=3)
    assert result.scenario_names == (BASELINE, "nothing", "more prevention")
    assert result.raw("nothing") == result.raw(BASELINE)
    rows = [r for r in summarise(result) if r.scenario == "nothing"]
    assert rows
    for row in rows:
        assert row.difference is not None
        assert (row.difference.mean, row.difference.p5, row.difference.p95) == (0, 0, 0)


def test_changes_that_cancel_out_equal_baseline():
    study = parse_study(STUDY)
    cancel = Scenario(
        name="cancel",
        changes=(
            Change(
                parameter=Parameter.REFERRAL_RATE, operation=Operation.MULTIPLY, value=Decimal(2)
            ),
            Change(
                parameter=Parameter.REFERRAL_RATE,
                operation=Operation.MULTIPLY,
                value=Decimal("0.5"),
            ),
        ),
    )
    result = simulate(attrs.evolve(study, scenarios=(cancel,)), runs=4, seed=3)
    assert result.raw("cancel") == result.raw(BASELINE)


def test_resolved_share_changes_only_resolution_not_referrals():
    result = simulate(parse_study(STUDY), runs=6, seed=2)
    rows = {(r.scenario, r.year, r.quantity): r for r in summarise(result) if r.level == "total"}
    diff = rows["more prevention", 2026, "referrals"].difference
    assert diff is not None
    assert diff.p5 == diff.p95 == 0
    resolved = rows["more prevention", 2026, "resolved"].difference
    assert resolved is not None
    assert resolved.mean > 0


def test_budget_arithmetic():
    study = parse_study(STUDY)
    plan = make_plan(study, seed=1)
    base, _, more = plan.scenarios
    assert base.budget_total == (700_000_000, 714_000_000)
    for c in (base, more):
        for t in range(2):
            assert c.budget_total[t] == sum(c.space_budget[t]) + sum(c.independent_budget[t])
            assert sum(c.cell_budget[t]) == sum(c.space_budget[t])
    # split per space, each rounded to the cent
    assert abs(sum(more.independent_budget[0]) - 140_000_000) < 4
    assert abs(sum(base.independent_budget[0]) - 70_000_000) < 4


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"parameter": "budget_total", "value": "1000000"}, lambda c: c.budget_total[1] == 10**8),
        (
            {"parameter": "budget_total", "operation": "multiply", "value": "2"},
            lambda c: c.budget_total == (1_400_000_000, 1_428_000_000),
        ),
        ({"parameter": "budget_growth", "value": "0"}, lambda c: c.budget_total[1] == 7 * 10**8),
        (
            {"parameter": "case_independent_share", "value": "0"},
            lambda c: not any(c.independent_budget[0]),
        ),
        ({"parameter": "follow_up_share", "value": "0.5"}, lambda c: c.follow_up == (0.5, 0.5)),
        (
            {"parameter": "monthly_cost", "value": "100", "help_types": ["28-family"]},
            lambda c: c.cost_span[0][1] == 1,
        ),
        ({"parameter": "price_increase", "value": "0"}, lambda c: c.price[1][0] == (1, 1)),
        ({"parameter": "resolved_share", "value": "1"}, lambda c: c.resolved[0] == (1.0,) * 4),
        (
            {"parameter": "mean_duration", "value": "1", "help_types": ["42"]},
            lambda c: c.log_q[0][-1] == float("-inf"),
        ),
    ],
)
def test_single_changes(change, check):
    doc = {**STUDY, "scenarios": [{"name": "x", "changes": [change]}]}
    plan = make_plan(parse_study(doc), seed=1)
    assert check(plan.scenarios[1])


def test_a_scenario_without_any_help_type_is_refused():
    doc = {
        **STUDY,
        "scenarios": [{"name": "x", "changes": [{"parameter": "help_mix", "value": "0"}]}],
    }
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(doc), seed=1)
    assert info.value.codes == ("mix.empty",)


@pytest.mark.parametrize("method", list(AllocationMethod))
def test_allocation_methods(method):
    doc = {
        **STUDY,
        "scenarios": [
            {"name": "m", "changes": [{"parameter": "allocation_method", "method": method.value}]}
        ],
    }
    plan = make_plan(parse_study(doc), seed=1)
    c = plan.scenarios[1]
    assert sum(c.space_budget[0]) + sum(c.independent_budget[0]) == c.budget_total[0]


def test_indicator_trend_raises_referrals_through_elasticity():
    _, params, _ = sample_study()

    params = attrs.evolve(
        params,
        elasticities=(Elasticity(indicator="sgb2_quota_under_15", value=Decimal(1)),),
    )
    doc = {
        **STUDY,
        "scenarios": [
            {
                "name": "poorer",
                "changes": [
                    {
                        "parameter": "indicator_trend",
                        "indicator": "sgb2_quota_under_15",
                        "operation": "add",
                        "value": "2",
                        "space_ids": ["S-NORD"],
                    },
                    {"parameter": "allocation_method", "method": "pressure_corrected"},
                ],
            },
            {
                "name": "younger",
                "changes": [{"parameter": "population_growth", "value": "0.1"}],
            },
        ],
    }
    plan = make_plan(parse_study(doc), seed=1, parameters=params)
    base, poorer, younger = plan.scenarios
    nord = plan.layout.space_ids.index("S-NORD")
    mitte = plan.layout.space_ids.index("S-MITTE")
    assert poorer.poisson[1][nord][0] < base.poisson[1][nord][0]  # exp(-λ): λ grew
    assert poorer.poisson[1][mitte] == base.poisson[1][mitte]
    assert poorer.space_budget[0][nord] > base.space_budget[0][nord] * 0.9
    assert younger.u21[1][0] > base.u21[1][0]


def test_an_elasticity_can_come_from_the_scenario_alone():
    doc = {
        **STUDY,
        "scenarios": [
            {
                "name": "poorer",
                "changes": [
                    {
                        "parameter": "indicator_trend",
                        "indicator": "sgb2_quota_under_15",
                        "operation": "add",
                        "value": "2",
                    },
                    {"parameter": "elasticity", "indicator": "sgb2_quota_under_15", "value": "1"},
                ],
            }
        ],
    }
    base, poorer = make_plan(parse_study(doc), seed=1).scenarios
    assert all(p[0] < b[0] for p, b in zip(poorer.poisson[0], base.poisson[0], strict=True))


def test_from_year_limits_a_change():
    doc = {
        **STUDY,
        "scenarios": [
            {
                "name": "later",
                "changes": [{"parameter": "referral_rate", "value": "0", "from_year": 2027}],
            }
        ],
    }
    plan = make_plan(parse_study(doc), seed=1)
    base, later = plan.scenarios
    assert later.poisson[0] == base.poisson[0]
    assert later.poisson[1] == ((1.0, 1),) * 4


def test_load_json_and_toml(tmp_path):
    path = tmp_path / "study.json"
    path.write_text(json.dumps(STUDY), encoding="utf-8")
    toml = tmp_path / "study.toml"
    toml.write_text(
        """
name = "Test"
start_year = 2026
years = 2

[budget]
total = "7000000.00"
growth = 0.02

[[scenarios]]
name = "nothing"

[[scenarios]]
name = "more prevention"
changes = [
  { parameter = "case_independent_share", operation = "add", value = 0.1 },
  { parameter = "resolved_share", operation = "add", value = 0.05 },
]
""",
        encoding="utf-8",
    )
    assert load_study(path) == load_study(toml) == parse_study(STUDY)


def test_bad_files(tmp_path):
    bad = tmp_path / "study.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_study(bad)
    assert info.value.codes == ("file.syntax",)
    other = tmp_path / "study.yaml"
    other.write_text("name: x", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_study(other)
    assert info.value.codes == ("file.format",)


def test_every_problem_is_reported_with_its_location():
    doc = {
        "name": "Bad",
        "start_year": 2026,
        "budget": {"total": 7000000, "case_independent_share": "1.5"},
        "scenarios": [
            {"name": "a", "changes": [{"parameter": "referal_rate", "value": "1"}]},
            {"name": "b", "changes": [{"parameter": "indicator_trend", "value": "1"}]},
            {"name": "c", "changes": [{"parameter": "resolved_share"}]},
        ],
    }
    with pytest.raises(ValidationError) as info:
        parse_study(doc)
    found = {(i.path, i.code) for i in info.value.issues}
    assert ("/budget/total", "money.type") in found
    assert ("/budget/case_independent_share", "number.range") in found
    assert ("/scenarios/0/changes/0/parameter", "code.unknown") in found
    assert ("/scenarios/1/changes/0/indicator", "change.indicator_missing") in found
    assert ("/scenarios/2/changes/0/value", "change.value_missing") in found


def test_duplicate_scenario_names_are_refused():
    doc = {**STUDY, "scenarios": [{"name": "x"}, {"name": "x"}]}
    with pytest.raises(ValidationError) as info:
        parse_study(doc)
    assert info.value.codes == ("scenario.duplicate",)


def test_round_trip_through_the_schema_module():
    study, params, _ = sample_study()
    full = attrs.evolve(study, parameters=params)
    assert schema.structure(schema.unstructure(full), Study) == full


@pytest.mark.parametrize(("name", "cls"), [("simulation_study", Study)])
def test_json_schema_is_generated_and_accepts_a_study(monkeypatch, name, cls):
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.setitem(records.RECORD_TYPES, name, cls)  # the owner registers it for real
    document = records.json_schema(name)
    study, params, _ = sample_study()
    jsonschema.validate(schema.unstructure(attrs.evolve(study, parameters=params)), document)
    jsonschema.validate(STUDY, document)
    monkeypatch.setitem(records.RECORD_TYPES, "simulation_parameters", ModelParameters)
    jsonschema.validate(schema.unstructure(params), records.json_schema("simulation_parameters"))


def test_change_applies():
    change = Change(parameter=Parameter.MEAN_DURATION, value=Decimal(3), help_types=("34",))
    assert change.applies(2026, help_type="34")
    assert not change.applies(2026, help_type="31")
    assert change.apply(Decimal(10)) == Decimal(3)


def test_growth_must_be_above_minus_one():
    with pytest.raises(ValidationError):
        parse_study({**STUDY, "budget": {"total": "1.00", "growth": "-1"}})


def test_study_with_its_own_parameters_runs_without_the_sample_parameters():
    study, params, _ = sample_study()
    own = attrs.evolve(study, parameters=params, years=1)
    plan = make_plan(own, seed=4)
    assert run_chunk(plan, 0, 1) == run_chunk(make_plan(study, seed=4, years=1), 0, 1)
