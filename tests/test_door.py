"""The generic door, hardened (issue 11): limits of dates and numbers at the door, field
rules for every class, and every problem of a document in one round."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from tests import fuzzing

from sozialraum import records, schema
from sozialraum.errors import ValidationError
from sozialraum.model import Case, Goal, Help

HELP: dict[str, Any] = {
    "id": "H1",
    "help_type": "31",
    "provider_id": "T1",
    "period": {"start": "2024-06-01"},
    "monthly_cost": "1.00",
}
CASE: dict[str, Any] = {
    "id": "C1",
    "space_id": "S1",
    "opened": "2024-05-01",
    "young_person": {"id": "P1", "birth": "2006-05-17"},
}


def found(doc: Any, cl: type[Any]) -> set[tuple[str, str]]:
    return {(i.path, i.code) for i in schema.validate(doc, cl)}


def test_field_and_cross_field_errors_in_one_round():
    doc = {**CASE, "closed": "2024-01-01", "closing_reason": "zz"}
    assert found(doc, Case) == {
        ("/closing_reason", "code.unknown"),
        ("/closed", "case.closed_before_opened"),
    }


def test_duplicate_ids_shown_with_field_errors():
    doc = {**CASE, "helps": [{**HELP, "monthly_cost": "x"}, HELP]}
    assert found(doc, Case) == {
        ("/helps/0/monthly_cost", "money.format"),
        ("/helps/1/id", "id.duplicate"),
    }


def test_rules_needing_an_unread_field_wait_for_it():
    # the period cannot be read: whether the help has ended is unknown, so the rule about
    # its ending reason says nothing yet (no false alarm)
    assert found({**HELP, "period": "2024-01-01", "ending_reason": "10"}, Help) == {
        ("/period", "type.object")
    }


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2200-01-01"])
def test_dates_out_of_the_supported_range(day):
    assert found({**CASE, "closed": day, "closing_reason": "1"}, Case) >= {
        ("/closed", "date.range")
    }
    with pytest.raises(ValidationError) as info:
        schema.structure({**HELP, "period": {"start": day}}, Help)
    assert ("/period/start", "date.range") in {(i.path, i.code) for i in info.value.issues}


@pytest.mark.parametrize(
    ("weight", "code"),
    [
        ("1" * 300_000, "text.too_long"),
        ("0." + "1" * 50, "text.too_long"),
        (10**16, "number.too_large"),
        (1e300, "number.too_large"),
    ],
)
def test_decimals_are_bounded_at_the_door(weight, code):
    doc = {"id": "G1", "text": "t", "weight": weight}
    assert found(doc, Goal) == {("/weight", code)}


def test_decimals_and_dates_are_bounded_in_constructors():
    with pytest.raises(ValidationError) as info:
        Goal(id="G", text="t", weight=Decimal("1" * 300_000))
    assert info.value.codes == ("number.digits",)
    with pytest.raises(ValidationError) as info:
        Goal(id="G", text="t", weight=Decimal("1e999999999"))
    assert info.value.codes == ("number.too_large",)


def test_integers_are_bounded():
    from sozialraum.model import AgeBand

    with pytest.raises(ValidationError) as info:
        AgeBand(min_age=0, max_age=3, count=10**5000)
    assert info.value.codes == ("number.too_large",)
    assert found({"min_age": 0, "max_age": 3, "count": 10**16}, AgeBand) == {
        ("/count", "number.too_large")
    }


def test_field_rules_hold_at_the_door_for_classes_without_invariants():
    rules = copy.deepcopy(fuzzing.seeds()["budget_rule_set"])
    rules["base_shares"] = [{"name": "", "share": {"numerator": 1}}]
    rule_set = records.RECORD_TYPES["budget_rule_set"]
    assert found(rules, rule_set) == {("/base_shares/0/name", "string.blank")}
    with pytest.raises(ValidationError):
        schema.structure(rules, rule_set)


def test_budget_rules_check_their_field_rules_on_construction():
    # D5a: rules without cross-field checks enforce bounds and non-blank strings themselves
    from sozialraum.budget import BaseShare, EqualWeightIndex, Smoothing
    from sozialraum.budget.ratio import Ratio

    with pytest.raises(ValidationError) as info:
        BaseShare(name="", share=Ratio(numerator=1))
    assert info.value.codes == ("string.blank",)
    with pytest.raises(ValidationError) as info:
        Smoothing(indicator="u18", periods=0)
    assert info.value.codes == ("number.range",)
    with pytest.raises(ValidationError) as info:
        EqualWeightIndex(indicators=("u18", " "))
    assert [(i.path, i.code) for i in info.value.issues] == [("/indicators/1", "string.blank")]
    with pytest.raises(ValidationError) as info:
        Ratio(numerator=10**5000)
    assert info.value.codes == ("number.too_large",)


def test_the_schema_states_the_ratio_bounds():
    # D5b: a negative numerator or a zero denominator was accepted by the schema
    ratio = records.json_schema("budget_rule_set")["$defs"]["Ratio"]["properties"]
    assert ratio["numerator"]["minimum"] == 0
    assert ratio["denominator"]["minimum"] == 1
