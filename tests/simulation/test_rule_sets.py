"""Studies with full budget rule sets (issue 14): inline, from files, and checked against
the municipality; identical to the reference allocation."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sozialraum import records, schema
from sozialraum.budget import IndicatorValue, SpaceInput, allocate
from sozialraum.errors import ValidationError
from sozialraum.money import Money
from sozialraum.simulation import (
    AllocationMethod,
    Layout,
    load_study,
    make_plan,
    parse_study,
    run_chunk,
    sample_study,
)
from sozialraum.simulation.compiled import method_rules
from sozialraum.simulation.scenario import read_rule_set

SAMPLE = sample_study()
ONE = {"numerator": 1, "denominator": 1}

FULL_RULES: dict[str, Any] = {
    "name": "Sockel, Boden, Korridor",
    "need": {
        "indicator_shares": [
            {"indicators": [{"indicator": "u18", "weight": {"numerator": 2, "denominator": 3}}]},
            {
                "weight": {"numerator": 1, "denominator": 3},
                "indicators": [{"indicator": "u18_sgb2"}],
            },
        ]
    },
    "smoothing": [{"indicator": "u18_sgb2", "periods": 2}],
    "base_shares": [{"name": "Sockel", "share": {"numerator": 10, "denominator": 100}}],
    "floors": [{"name": "Boden", "amount": "1400000.00"}],
    "caps": [{"name": "Deckel", "amount": "2300000.00", "space_ids": ["S-SUED"]}],
    "corridors": [{"name": "Korridor", "max_change": {"numerator": 5, "denominator": 100}}],
    "ties": {"kind": "priority", "priority": ["S-MITTE", "S-NORD", "S-SUED", "S-WEST"]},
}


def _study(**budget: Any) -> dict[str, Any]:
    return {
        "name": "Regeln",
        "start_year": 2026,
        "years": 3,
        "budget": {"total": "7000000.00", "growth": "0.03", **budget},
    }


def _method_rules_document(method: AllocationMethod) -> Any:
    _, params, municipality = SAMPLE
    return schema.unstructure(method_rules(method, Layout.of(params, municipality)))


@pytest.mark.parametrize("method", list(AllocationMethod))
def test_a_method_written_as_a_rule_set_gives_identical_runs(method):
    by_name = parse_study(_study(method=method.value))
    by_rules = parse_study(_study(rules=_method_rules_document(method)))
    a, b = make_plan(by_name, seed=5), make_plan(by_rules, seed=5)
    assert a.scenarios[0].space_budget == b.scenarios[0].space_budget
    assert a.scenarios[0].cell_budget == b.scenarios[0].cell_budget
    assert run_chunk(a, 0, 3) == run_chunk(b, 0, 3)


def test_a_rule_set_without_smoothing_or_corridor_equals_the_reference_allocation():
    rules = {k: v for k, v in FULL_RULES.items() if k not in ("smoothing", "corridors")}
    plan = make_plan(parse_study({**_study(rules=rules), "years": 2}), seed=1)
    _, _, municipality = SAMPLE
    c = plan.scenarios[0]
    rule_set = schema.structure(rules, type(plan.study.budget.rules))
    for t, year in enumerate(c.years):
        spaces = []
        for sid in plan.layout.space_ids:
            space = municipality.space(sid)
            u18 = space.residents_under(18)
            quota = next(i.value for i in space.indicators if i.name == "sgb2_quota_under_15")
            exact = Fraction(u18) * Fraction(quota) / 100
            sgb2 = int(exact) + (1 if exact - int(exact) >= Fraction(1, 2) else 0)
            spaces.append(
                SpaceInput(
                    space_id=sid,
                    indicators=(
                        IndicatorValue(name="u18", value=u18),
                        IndicatorValue(name="u18_sgb2", value=sgb2),
                    ),
                )
            )
        reference = allocate(Money(cents=c.budget_total[t]), spaces, rule_set, on=date(year, 1, 1))
        got = [a + b for a, b in zip(c.space_budget[t], c.independent_budget[t], strict=True)]
        assert got == [reference.by_space()[sid].cents for sid in plan.layout.space_ids]


def test_a_full_rule_set_holds_its_floor_cap_and_corridor_every_year():
    plan = make_plan(parse_study(_study(rules=FULL_RULES)), seed=1)
    c = plan.scenarios[0]
    south = plan.layout.space_ids.index("S-SUED")
    previous = None
    for t in range(len(c.years)):
        amounts = [a + b for a, b in zip(c.space_budget[t], c.independent_budget[t], strict=True)]
        assert sum(amounts) == c.budget_total[t]
        assert min(amounts) >= 140_000_000
        assert amounts[south] <= 230_000_000
        if previous is not None:
            for now, before in zip(amounts, previous, strict=True):
                assert abs(now - before) <= before * Fraction(5, 100)
        previous = amounts


def test_the_case_specific_total_is_the_same_for_every_rule():
    """Totals exact to the cent across methods: the case-independent share is taken of the
    whole total once, not rounded per space."""
    plans = [make_plan(parse_study(_study(method=m.value)), seed=1) for m in AllocationMethod]
    plans.append(make_plan(parse_study(_study(rules=FULL_RULES)), seed=1))
    for t in range(3):
        specific = {sum(p.scenarios[0].space_budget[t]) for p in plans}
        independent = {sum(p.scenarios[0].independent_budget[t]) for p in plans}
        assert len(specific) == 1
        assert len(independent) == 1
        total = plans[0].scenarios[0].budget_total[t]
        assert independent.pop() == (total + 5) // 10  # 10 % of the total, rounded once


def test_a_rule_set_with_its_own_work_type_split_decides_the_parts():
    priority = [*FULL_RULES["ties"]["priority"], "case_specific", "case_independent"]
    rules = {
        **FULL_RULES,
        "ties": {"kind": "priority", "priority": priority},
        "work_types": {
            "shares": [
                {"work_type": "case_specific", "share": {"numerator": 3, "denominator": 4}},
                {"work_type": "case_independent", "share": {"numerator": 1, "denominator": 4}},
            ]
        },
    }
    c = make_plan(parse_study(_study(rules=rules)), seed=1).scenarios[0]
    for t in range(3):
        for specific, independent in zip(c.space_budget[t], c.independent_budget[t], strict=True):
            assert abs(specific - 3 * independent) <= 4


def test_a_scenario_switches_to_a_rule_set_from_a_year_on():
    doc = _study()
    change = {"parameter": "allocation_method", "rules": FULL_RULES, "from_year": 2027}
    doc["scenarios"] = [{"name": "rules from 2027", "changes": [change]}]
    base, rules = make_plan(parse_study(doc), seed=1).scenarios
    assert base.space_budget[0] == rules.space_budget[0]
    assert base.space_budget[1] != rules.space_budget[1]


def _write(path, document: Any) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_study_names_a_rule_set_file(tmp_path):
    (tmp_path / "rules").mkdir()
    _write(tmp_path / "rules" / "full.json", FULL_RULES)
    _write(tmp_path / "study.json", _study(rules_file="rules/full.json"))
    study = load_study(tmp_path / "study.json")
    assert study.budget.rules == read_rule_set(tmp_path / "rules" / "full.json")
    inline = parse_study(_study(rules=FULL_RULES))
    assert make_plan(study, seed=1).scenarios == make_plan(inline, seed=1).scenarios


def test_a_toml_rule_set_file(tmp_path):
    (tmp_path / "r.toml").write_text(
        'name = "u21"\n[[need.indicator_shares]]\nindicators = [{ indicator = "u21" }]\n',
        encoding="utf-8",
    )
    study = parse_study(_study(rules_file="r.toml"), base_dir=tmp_path)
    assert study.budget.rules is not None
    assert study.budget.rules.name == "u21"


def test_problems_of_a_rule_set_file_are_located_below_rules_file(tmp_path):
    broken = copy.deepcopy(FULL_RULES)
    broken["floors"][0]["amount"] = "viel"
    _write(tmp_path / "r.json", broken)
    doc = _study()
    doc["scenarios"] = [
        {"name": "a", "changes": [{"parameter": "allocation_method", "rules_file": "r.json"}]}
    ]
    with pytest.raises(ValidationError) as info:
        parse_study(doc, base_dir=tmp_path)
    assert [i.path for i in info.value.issues] == [
        "/scenarios/0/changes/0/rules_file/floors/0/amount"
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [("missing.json", "study.rules_file_unread"), ("/etc/r.json", "study.rules_file_name")],
)
def test_a_rule_set_file_that_cannot_be_read(tmp_path, name, code):
    with pytest.raises(ValidationError) as info:
        parse_study(_study(rules_file=name), base_dir=tmp_path)
    assert info.value.codes == (code,)


@pytest.mark.parametrize("name", ["../r.json", "r.yaml"])
def test_rule_set_file_names_are_relative_json_or_toml(name):
    with pytest.raises(ValidationError) as info:
        parse_study(_study(rules_file=name))
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/budget/rules_file", "study.rules_file_name")
    ]


def test_an_unread_rule_set_file_is_refused_when_simulating():
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(_study(rules_file="r.json")), seed=1)
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/budget/rules_file", "study.rules_file_not_loaded")
    ]


@pytest.mark.parametrize(
    ("edit", "path", "code"),
    [
        (
            lambda r: r["need"]["indicator_shares"][0]["indicators"][0].update(indicator="u81"),
            "/budget/rules/need/indicator_shares/0/indicators/0/indicator",
            "study.rule_indicator_misspelt",
        ),
        (
            lambda r: r["smoothing"][0].update(indicator="einwohner"),
            "/budget/rules/smoothing/0/indicator",
            "study.rule_indicator_unknown",
        ),
        (
            lambda r: r["caps"][0].update(space_ids=["S-SÜD"]),
            "/budget/rules/caps/0/space_ids/0",
            "study.space_misspelt",
        ),
        (
            lambda r: r.update(providers=[{"shares": [{"provider_id": "T-CARR", "share": ONE}]}]),
            "/budget/rules/providers/0/shares/0/provider_id",
            "study.provider_misspelt",
        ),
        (
            lambda r: r.update(providers=[{"indicator": "contracts"}]),
            "/budget/rules/providers/0/indicator",
            "study.provider_indicator",
        ),
        (
            lambda r: r.update(
                work_types={
                    "shares": [{"work_type": "case_independent", "share": ONE}],
                    "require_case_independent": True,
                }
            ),
            "/budget/rules/work_types/shares",
            "study.case_specific_missing",
        ),
    ],
)
def test_a_rule_set_that_does_not_fit_the_municipality(edit, path, code):
    rules = copy.deepcopy(FULL_RULES)
    edit(rules)
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(_study(rules=rules)), seed=1)
    assert [(i.path, i.code) for i in info.value.issues] == [(path, code)]


def _split(specific: int, denominator: int) -> dict[str, Any]:
    return {
        "shares": [
            {
                "work_type": "case_specific",
                "share": {"numerator": specific, "denominator": denominator},
            },
            {
                "work_type": "case_independent",
                "share": {"numerator": denominator - specific, "denominator": denominator},
            },
        ]
    }


def test_a_share_change_under_a_rule_sets_own_split_is_an_issue():
    rules = {**FULL_RULES, "work_types": _split(4, 5)}
    doc = _study(rules=rules)
    doc["scenarios"] = [
        {"name": "a", "changes": [{"parameter": "case_independent_share", "value": "0.3"}]}
    ]
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(doc), seed=1)
    assert info.value.codes == ("study.share_ignored",)


def test_a_tie_the_rule_set_does_not_rank_is_an_issue():
    rules = {**FULL_RULES, "work_types": _split(1, 2)}
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(_study(rules=rules)), seed=1)
    [issue] = info.value.issues
    assert (issue.path, issue.code) == ("/budget", "study.allocation_failed")
    assert "tie.unranked" in issue.message


def test_a_rule_set_that_cannot_be_satisfied_is_an_issue():
    rules = {**FULL_RULES, "floors": [{"name": "Boden", "amount": "3000000.00"}], "caps": []}
    doc = _study()
    doc["scenarios"] = [
        {"name": "a", "changes": [{"parameter": "allocation_method", "rules": rules}]}
    ]
    with pytest.raises(ValidationError) as info:
        make_plan(parse_study(doc), seed=1)
    [issue] = info.value.issues
    assert (issue.path, issue.code) == ("/scenarios/0", "study.allocation_failed")
    assert "Boden" in issue.message
    assert "floors.exceed_total" in issue.message


@pytest.mark.parametrize(
    "change",
    [
        {"parameter": "allocation_method", "method": "population", "rules": FULL_RULES},
        {"parameter": "referral_rate", "value": "1", "rules": FULL_RULES},
    ],
)
def test_an_allocation_is_given_once_and_only_for_allocation_changes(change):
    doc = _study()
    doc["scenarios"] = [{"name": "a", "changes": [change]}]
    with pytest.raises(ValidationError) as info:
        parse_study(doc)
    assert info.value.codes[0].startswith("change.allocation_")


def test_the_shipped_schema_accepts_a_study_with_a_rule_set():
    validator = Draft202012Validator(records.json_schema("simulation_study"))
    doc = _study(rules=FULL_RULES)
    doc["scenarios"] = [
        {"name": "a", "changes": [{"parameter": "allocation_method", "rules_file": "r.json"}]}
    ]
    assert validator.is_valid(doc)
    assert not validator.is_valid(_study(rules={"name": "no need"}))
    full = parse_study(_study(rules=FULL_RULES))
    assert schema.structure(schema.unstructure(full), type(full)) == full
    assert full.budget.growth == Decimal("0.03")


def test_the_example_study_with_a_rule_set_file_runs():
    import tomllib
    from pathlib import Path

    folder = Path(__file__).parents[2] / "examples" / "studies"
    study = load_study(folder / "rule_comparison.toml")
    plan = make_plan(study, seed=1, years=2)
    assert [s.name for s in plan.scenarios][1] == "base, floor and corridor"
    document = tomllib.loads((folder / "rule_comparison.toml").read_text(encoding="utf-8"))
    assert Draft202012Validator(records.json_schema("simulation_study")).is_valid(document)
    rules = json.loads((folder / "rules_base_floor_corridor.json").read_text(encoding="utf-8"))
    assert Draft202012Validator(records.json_schema("budget_rule_set")).is_valid(rules)
