"""The generated fast path of valid documents agrees with the reference path (issue 12).

The converter tries one generated function per record class first
(:mod:`sozialraum.schema._fast`) and falls back to the cattrs-generated reference path for
every document it does not accept. These tests hold both to the same answers: the same
entities for the documents they accept, the same issues (paths, codes, messages) for the
documents mutated from valid ones (``tests/fuzzing.py``), and the fast path really taken by
valid documents.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import fuzzing
from tests import strategies as s

from sozialraum import records, schema
from sozialraum.errors import ValidationError
from sozialraum.model import Case, Goal, Help
from sozialraum.schema import _converter
from sozialraum.schema._fast import FAST, Miss, _money, cached

#: The converter without the fast path: the reference.
REFERENCE = _converter.make_converter(detailed=False, fast=False)

_SETTINGS = settings(
    max_examples=max(10, settings.default.max_examples // 2),
    suppress_health_check=list(HealthCheck),
    deadline=None,
)


def outcome(conv: Any, doc: Any, cl: type[Any]) -> tuple[str, Any]:
    """What ``conv`` makes of ``doc``: the entity as data, or that it refused it."""
    try:
        obj = conv.structure(doc, cl)
    except Exception:  # noqa: BLE001 - any refusal is one outcome
        return ("refused", None)
    return ("built", (type(obj), obj, schema.unstructure(obj)))


def reference_issues(doc: Any, cl: type[Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "converter", REFERENCE)
        return schema.validate(doc, cl), schema.validate(doc, cl, lang="de")


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@_SETTINGS
@given(data=st.data())
def test_mutated_documents_get_the_same_issues_on_both_paths(name, data):
    cl = records.RECORD_TYPES[name]
    doc = data.draw(fuzzing.mutated_documents(name))
    fast = schema.validate(doc, cl), schema.validate(doc, cl, lang="de")
    with pytest.MonkeyPatch.context() as patch:
        assert fast == reference_issues(doc, cl, patch)
    assert outcome(schema.converter, doc, cl) == outcome(REFERENCE, doc, cl)


#: Record types read by a generated function (the others have fields attrs converts).
FAST_NAMES = sorted(
    n
    for n in s.records
    if hasattr(schema.converter.get_structure_hook(records.RECORD_TYPES[n]), FAST)
)


def test_the_model_records_have_a_fast_path():
    model = {"case", "help", "help_plan", "municipality", "young_person", "social_space"}
    assert model <= set(FAST_NAMES)


@pytest.mark.parametrize("name", FAST_NAMES)
@_SETTINGS
@given(data=st.data())
def test_valid_documents_take_the_fast_path_and_build_the_same_entity(name, data):
    cl = records.RECORD_TYPES[name]
    entity = data.draw(s.records[name])
    doc = json.loads(json.dumps(schema.unstructure(entity)))  # as a parser gives it
    fast = getattr(schema.converter.get_structure_hook(cl), FAST)
    built = fast(doc)  # raises Miss if the document needed the reference path
    assert type(built) is type(entity)
    assert built == entity == REFERENCE.structure(doc, cl)
    assert schema.unstructure(built) == schema.unstructure(entity)


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
def test_seed_documents_agree(name):
    cl = records.RECORD_TYPES[name]
    doc = json.loads(json.dumps(fuzzing.seeds().get(name) or {}))
    assert outcome(schema.converter, doc, cl) == outcome(REFERENCE, doc, cl)


def test_a_broken_nested_record_falls_back_to_the_full_report():
    doc = {"id": "C1", "space_id": "S1", "opened": "2024-01-01",
           "young_person": {"id": "P1", "birth": "2010-05"},
           "helps": [{"id": "H1", "help_type": "31", "provider_id": "T1",
                      "period": {"start": "2024-01-01"}, "monthly_cost": "1450.00"}]}  # fmt: skip
    assert schema.validate(doc, Case) == ()
    doc["young_person"]["birth"] = "2024-13"
    doc["opened"] = "2024-02-30"
    issues = schema.validate(doc, Case)
    assert [(i.path, i.code) for i in issues][:2] == [
        ("/opened", "date.invalid"),
        ("/young_person/birth", "date.invalid"),
    ]
    with pytest.raises(ValidationError) as caught:
        schema.structure(doc, Case)
    assert caught.value.issues == issues


def test_fast_path_refuses_what_it_does_not_know_and_the_reference_decides():
    fast = getattr(schema.converter.get_structure_hook(Help), FAST)
    doc = {"id": "H1", "help_type": "31", "provider_id": "T1",
           "period": {"start": "2024-01-01"}, "monthly_cost": "1450.00"}  # fmt: skip
    assert fast(doc).monthly_cost.cents == 145000
    for changed in ({"monthly_cost": 1450}, {"extra": 1}, {"id": " "}, {"help_type": "99"}):
        with pytest.raises(Miss):
            fast({**doc, **changed})
    with pytest.raises(KeyError):  # any exception sends the document the reference way
        fast({k: v for k, v in doc.items() if k != "id"} | {"ID": "H1"})
    assert [i.code for i in schema.validate({**doc, "extra": 1}, Help)] == ["key.unknown"]


AMOUNTS = st.one_of(
    st.from_regex(r"-?[0-9]{1,17}(\.[0-9]{0,4})?", fullmatch=True),
    st.text(alphabet="-0123456789.,e +١", max_size=20),
    st.sampled_from(["1450.00", "0.5", "-0.05", "007.10", ".50", "5.", "-", "1" * 15 + ".00"]),
    st.sampled_from(fuzzing.HOSTILE),
)


@given(AMOUNTS)
def test_amounts_parse_as_the_reference_hook_does(text):
    try:
        expected: Any = _converter._money(text, None)
    except Exception:  # noqa: BLE001
        expected = "refused"
    try:
        got: Any = _money(text)
    except Miss:
        got = "refused"
    assert got == expected


@given(st.one_of(st.integers(-(10**16), 10**16), st.sampled_from(fuzzing.HOSTILE)))
def test_decimals_from_integers_as_the_reference(value):
    doc = {"id": "G1", "text": "goal", "weight": value}
    assert outcome(schema.converter, doc, Goal) == outcome(REFERENCE, doc, Goal)
    if type(value) is int and outcome(REFERENCE, doc, Goal)[0] == "built":
        assert schema.converter.structure(doc, Goal).weight == Decimal(value)


def test_remembered_values_are_bounded_and_only_for_accepted_texts():
    parse = cached(_converter._date, size=3)
    days = [f"2024-01-0{i}" for i in range(1, 7)]
    assert [parse(d).day for d in days] == [1, 2, 3, 4, 5, 6]
    assert list(parse.memo) == days[:3]
    with pytest.raises(_converter.LeafError):
        parse("2024-02-30")
    assert "2024-02-30" not in parse.memo


def test_hooks_registered_by_a_user_are_called_not_bypassed():
    from datetime import date

    doc = {"id": "H1", "help_type": "31", "provider_id": "T1", "planned_end": "2025-01-01",
           "period": {"start": "2024-01-01"}, "monthly_cost": "1450.00",
           "young_adult": True}  # fmt: skip
    calls = {}
    for fast in (True, False):
        conv = _converter.make_converter(detailed=False, fast=fast)
        seen: list[Any] = []
        conv.register_structure_hook(
            date, lambda v, _t, seen=seen: seen.append(v) or date(2024, 1, 1)
        )
        conv.register_structure_hook(bool, lambda v, _t, seen=seen: seen.append(v) or False)
        built = conv.structure(doc, Help)
        assert built.planned_end == built.period.start == date(2024, 1, 1)
        assert built.young_adult is False
        calls[fast] = sorted(map(str, seen))
        assert hasattr(conv.get_structure_hook(Help), FAST) is fast
    assert calls[True] == calls[False] == ["2024-01-01", "2025-01-01", "True"]
