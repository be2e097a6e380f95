"""Studies and model parameters: the library and the shipped schema agree on every bound,
and a study that meets its municipality says what it means (issue 11: D5a, D5b, D6, typos).
"""

from __future__ import annotations

import copy
import difflib
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from sozialraum import records, schema
from sozialraum.errors import SozialraumError, ValidationError
from sozialraum.money import Money
from sozialraum.simulation import (
    BudgetPlan,
    HelpTypeParameters,
    ModelParameters,
    Parameter,
    ProviderWeight,
    SpaceParameters,
    Study,
    make_plan,
    parse_study,
    sample_study,
)
from sozialraum.simulation import cli as sim_cli
from sozialraum.simulation.checks import study_issues

STUDY: dict[str, Any] = {
    "name": "Checks",
    "start_year": 2026,
    "years": 2,
    "budget": {"total": "7000000.00"},
}


def _params_document() -> dict[str, Any]:
    _, params, _ = sample_study()
    document = schema.unstructure(params)
    assert isinstance(document, dict)
    return document


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(records.json_schema(name))


def _library_accepts(document: Any, cls: type) -> bool:
    try:
        schema.structure(document, cls)
    except ValidationError:
        return False
    return True


def _with(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    *parents, last = pointer.strip("/").split("/")
    node: Any = out
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return out


STUDY_CASES = [
    ("/years", 1000),
    ("/start_year", 169),
    ("/budget/total", "-5.00"),
    ("/budget/case_independent_share", "7"),
    ("/budget/growth", "-1"),
    ("/budget/growth", -1.5),
    ("/budget/growth", "1" + "0" * 400),
    ("/budget/total", "1" + "0" * 400),
    ("/name", "   "),
]

PARAMETER_CASES = [
    ("/spaces/0/resolved_share", "3"),
    ("/help_types/0/weight", "-1"),
    ("/spaces/0/providers/0/weight", "-1"),
    ("/lag_months", 1000),
    ("/help_types/0/min_months", -1),
    ("/help_types/0/help_type", "ZZ"),
    ("/price_base_year", -5),
    ("/price_increases/0/rate", "1" + "0" * 400),
    ("/help_types/0/cost_high", "1" + "0" * 400),
]


@pytest.mark.parametrize(("pointer", "value"), STUDY_CASES)
def test_schema_and_library_reject_the_same_study(pointer, value):
    document = _with(STUDY, pointer, value)
    assert not _validator("simulation_study").is_valid(document)
    with pytest.raises(ValidationError) as info:
        parse_study(document)
    assert any(i.path == pointer for i in info.value.issues), info.value


@pytest.mark.parametrize(("pointer", "value"), PARAMETER_CASES)
def test_schema_and_library_reject_the_same_parameters(pointer, value):
    base = _params_document()
    if pointer.startswith("/price_increases") and not base.get("price_increases"):
        base["price_increases"] = [{"valid_from": "2025-01-01", "rate": "0.03"}]
    if pointer.startswith("/spaces/0/providers") and not base["spaces"][0].get("providers"):
        base["spaces"][0]["providers"] = [{"provider_id": "T-1", "weight": "1"}]
    assert _validator("simulation_parameters").is_valid(base)
    assert _library_accepts(base, ModelParameters)
    document = _with(base, pointer, value)
    assert not _validator("simulation_parameters").is_valid(document)
    with pytest.raises(ValidationError) as info:
        schema.structure(document, ModelParameters)
    assert any(i.path == pointer for i in info.value.issues), info.value


@pytest.mark.parametrize("growth", ["-0.99", "-0.5", "0", "0.02", "10", -0.25])
def test_schema_and_library_accept_the_same_growth(growth):
    document = _with(STUDY, "/budget/growth", growth)
    assert _validator("simulation_study").is_valid(document)
    assert parse_study(document).budget.growth == Decimal(str(growth))


@settings(max_examples=60)
@given(
    growth=st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
        st.integers(-5, 20),
    ),
    share=st.decimals(min_value=-2, max_value=3, places=2).map(str),
)
def test_schema_and_library_agree_on_budget_numbers(growth, share):
    document = {**STUDY, "budget": {"total": "1.00", "growth": growth, "share": share}}
    document["budget"]["case_independent_share"] = document["budget"].pop("share")
    assert _validator("simulation_study").is_valid(document) == _library_accepts(document, Study)


ONE = Money.parse("1.00")
HELP: dict[str, Any] = {
    "help_type": "31",
    "weight": Decimal(1),
    "mean_months": Decimal(3),
    "cost_low": ONE,
    "cost_high": ONE,
}


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (
            lambda: Study(name="x", start_year=2026, budget=BudgetPlan(total=ONE), years=1000),
            "/years",
        ),
        (lambda: Study(name="x", start_year=169, budget=BudgetPlan(total=ONE)), "/start_year"),
        (lambda: Study(name=" ", start_year=2026, budget=BudgetPlan(total=ONE)), "/name"),
        (
            lambda: Study(name="x", start_year=9990, budget=BudgetPlan(total=ONE), years=20),
            "/years",
        ),
        (lambda: BudgetPlan(total=Money.parse("-5.00")), "/total"),
        (
            lambda: BudgetPlan(total=ONE, case_independent_share=Decimal(7)),
            "/case_independent_share",
        ),
        (lambda: BudgetPlan(total=ONE, growth=Decimal(-1)), "/growth"),
        (
            lambda: SpaceParameters(
                space_id="S", referrals_per_1000=Decimal(1), resolved_share=Decimal(3)
            ),
            "/resolved_share",
        ),
        (lambda: ProviderWeight(provider_id="T", weight=Decimal(-1)), "/weight"),
        (
            lambda: HelpTypeParameters(**{**HELP, "weight": Decimal(-1)}),
            "/weight",
        ),
        (
            lambda: HelpTypeParameters(**{**HELP, "min_months": -1}),
            "/min_months",
        ),
        (lambda: HelpTypeParameters(**{**HELP, "help_type": "ZZ"}), "/help_type"),
    ],
)
def test_the_classes_enforce_the_bounds_of_the_schema(build, path):
    with pytest.raises(ValidationError) as info:
        build()
    assert path in [i.path for i in info.value.issues]


def test_model_parameters_enforce_their_bounds():
    _, params, _ = sample_study()
    for field, value in (("lag_months", 1000), ("price_base_year", -5)):
        with pytest.raises(ValidationError) as info:
            ModelParameters(
                **{
                    "price_base_year": params.price_base_year,
                    "spaces": params.spaces,
                    "help_types": params.help_types,
                    field: value,
                }
            )
        assert info.value.codes == ("number.range",)


# -- D6: huge numbers give issues, never ValueError/InvalidOperation/OverflowError ----------


def _change(**change: Any) -> dict[str, Any]:
    return {**STUDY, "scenarios": [{"name": "x", "changes": [change]}]}


@pytest.mark.parametrize(
    "document",
    [
        _change(parameter="referral_rate", operation="multiply", value="1" + "0" * 400),
        _change(parameter="budget_total", value=10**400),
        _change(parameter="budget_total", value=1e300),
        {**STUDY, "budget": {"total": "1.00", "growth": "1" + "0" * 400}},
        {**STUDY, "parameters": {**_params_document(), "price_base_year": -5}},
    ],
)
def test_huge_numbers_are_issues(document):
    with pytest.raises(ValidationError) as info:
        parse_study(document)
    limits = {"number.range", "number.not_finite", "number.too_large", "number.digits"}
    assert {i.code for i in info.value.issues} <= limits | {"text.too_long"}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            {"parameter": "referral_rate", "operation": "multiply", "value": "1000000"},
            "value_range",
        ),
        # doubling every year for 50 years: the populations pass the size limit of every
        # number (10**15) before the referrals pass theirs
        ({"parameter": "population_growth", "value": "1"}, "referrals_too_many|number.too_large"),
        ({"parameter": "monthly_cost", "operation": "multiply", "value": 1e9}, "value_range"),
        ({"parameter": "price_increase", "value": "1"}, "cost_too_high"),
    ],
)
def test_changes_that_grow_beyond_what_can_be_computed_are_issues(change, code):
    study = parse_study({**_change(**change), "years": 50})
    with pytest.raises(ValidationError) as info:
        make_plan(study, seed=1)
    allowed = {c if "." in c else f"study.{c}" for c in code.split("|")}
    assert info.value.codes[0] in allowed
    assert info.value.issues[0].path.startswith("/scenarios/0")


_SAMPLE = sample_study()


@settings(max_examples=25)
@given(
    parameter=st.sampled_from([p for p in Parameter if p is not Parameter.ALLOCATION_METHOD]),
    operation=st.sampled_from(["set", "add", "multiply"]),
    value=st.one_of(
        st.integers(-(10**13), 10**13),
        st.decimals(min_value=-(10**13), max_value=10**13, allow_nan=False, places=4).map(str),
    ),
    from_year=st.one_of(st.none(), st.integers(2020, 2030)),
)
def test_any_change_compiles_or_gives_issues(parameter, operation, value, from_year):
    change: dict[str, Any] = {"parameter": parameter.value, "operation": operation}
    change["value"] = value
    if parameter in (Parameter.INDICATOR_TREND, Parameter.ELASTICITY):
        change["indicator"] = "sgb2_quota_under_15"
    if from_year is not None:
        change["from_year"] = from_year
    _, params, municipality = _SAMPLE
    issues: tuple[Any, ...] = ()
    try:
        study = parse_study({**_change(**change), "years": 3})
        make_plan(study, seed=1, municipality=municipality, parameters=params, years=3)
    except ValidationError as exc:
        issues = exc.issues or (None,)
    assert all(i.path.startswith(("/scenarios/0/", "/parameters")) for i in issues)


# -- where the study meets its data: typos and ranges --------------------------------------


def _issues(change: dict[str, Any], **study: Any) -> list[tuple[str, str, str]]:
    _, params, municipality = _SAMPLE
    document = {**_change(**change), **study}
    found = study_issues(parse_study(document), params, municipality)
    return [(i.path, i.code, i.message) for i in found]


def test_a_misspelt_space_id_names_the_close_id():
    found = _issues({"parameter": "referral_rate", "value": "2", "space_ids": ["S-NORDD"]})
    assert found == [
        (
            "/scenarios/0/changes/0/space_ids/0",
            "study.space_misspelt",
            "not a social space of the municipality; did you mean 'S-NORD'?",
        )
    ]


def test_an_unknown_space_id_lists_the_spaces():
    found = _issues({"parameter": "referral_rate", "value": "2", "space_ids": ["XYZ"]})
    assert found[0][1] == "study.space_unknown"
    assert "S-MITTE, S-NORD, S-SUED, S-WEST" in found[0][2]


def test_a_misspelt_help_type_names_the_close_code():
    _, params, _ = _SAMPLE
    types = [t.help_type for t in params.help_types]
    close = difflib.get_close_matches("3x4", types, n=1)[0]
    found = _issues({"parameter": "mean_duration", "value": "2", "help_types": ["3x4"]})
    assert found == [
        (
            "/scenarios/0/changes/0/help_types/0",
            "study.help_type_misspelt",
            f"not a help type of the model parameters; did you mean {close!r}?",
        )
    ]


def test_a_misspelt_indicator_names_the_close_one():
    found = _issues(
        {"parameter": "indicator_trend", "value": "1", "indicator": "sgb2_quota_under15"}
    )
    assert found[0][:2] == ("/scenarios/0/changes/0/indicator", "study.indicator_misspelt")
    assert "'sgb2_quota_under_15'" in found[0][2]


def test_a_scope_the_parameter_ignores_is_an_issue():
    found = _issues({"parameter": "budget_total", "value": "2", "space_ids": ["S-NORD"]})
    assert [f[:2] for f in found] == [("/scenarios/0/changes/0/space_ids", "study.scope_ignored")]


def test_an_indicator_the_parameter_ignores_is_an_issue():
    found = _issues({"parameter": "referral_rate", "value": "2", "indicator": "x"})
    assert [f[:2] for f in found] == [("/scenarios/0/changes/0/indicator", "study.scope_ignored")]


def test_an_allocation_change_takes_no_value():
    with pytest.raises(ValidationError) as info:
        parse_study(_change(parameter="allocation_method", method="population", value="1"))
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/scenarios/0/changes/0/value", "change.value_unused")
    ]


def test_a_from_year_before_the_start_is_an_issue():
    found = _issues({"parameter": "referral_rate", "value": "2", "from_year": 2020})
    assert [f[:2] for f in found] == [
        ("/scenarios/0/changes/0/from_year", "study.from_year_before_start")
    ]
    assert "2026" in found[0][2]


@pytest.mark.parametrize(
    "change",
    [
        {"parameter": "resolved_share", "operation": "add", "value": "0.9"},
        {"parameter": "case_independent_share", "value": "1.5"},
        {"parameter": "follow_up_share", "value": "-0.1"},
        {"parameter": "budget_total", "operation": "add", "value": "-8000000"},
        {"parameter": "budget_total", "value": "-1"},
        {"parameter": "budget_growth", "value": "-1", "from_year": 2027},
        {"parameter": "monthly_cost", "operation": "add", "value": "-100000"},
    ],
)
def test_values_leaving_their_range_are_issues(change):
    found = _issues(change)
    assert [f[:2] for f in found] == [("/scenarios/0/changes/0/value", "study.value_range")]
    assert change["parameter"] in found[0][2]


def test_the_sample_study_and_valid_changes_have_no_issues():
    study, params, municipality = _SAMPLE
    assert study_issues(study, params, municipality) == []
    assert _issues({"parameter": "resolved_share", "operation": "add", "value": "0.05"}) == []


def test_make_plan_refuses_a_study_with_issues():
    doc = _change(parameter="referral_rate", value="2", space_ids=["S-NORDD"])
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(doc), seed=1)
    assert info.value.codes == ("study.space_misspelt",)


def _cli(tmp_path, document: dict[str, Any]) -> tuple[int, str, str]:
    import argparse
    import io

    path = tmp_path / "study.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    parser = argparse.ArgumentParser(prog="sozialraum")
    sim_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["simulate", str(path), "--runs", "2"])
    out, err = io.StringIO(), io.StringIO()
    return args.run(args, out, err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "document",
    [
        _change(parameter="budget_total", operation="add", value="-8000000"),
        _change(parameter="help_mix", value="2", help_types=["3x4"]),
        {**STUDY, "budget": {"total": "-100"}},
        {**STUDY, "budget": {"total": "1", "growth": "1" + "0" * 400}},
        _change(parameter="referral_rate", value=10**400),
        {**STUDY, "parameters": {**_params_document(), "price_base_year": -5}},
    ],
)
def test_the_cli_reports_issues_and_exits_1(tmp_path, document):
    code, out, err = _cli(tmp_path, document)
    assert (code, out) == (1, "")
    assert "is not valid" in err
    assert "Traceback" not in err
    assert "%" not in err


def test_issue_messages_never_contain_the_typo(tmp_path):
    code, _, err = _cli(tmp_path, _change(parameter="help_mix", value="2", help_types=["Lena"]))
    assert code == 1
    assert "Lena" not in err


def test_errors_are_sozialraum_errors():
    assert issubclass(ValidationError, SozialraumError)
