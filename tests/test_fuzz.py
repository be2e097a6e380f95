"""The door never crashes: mutated documents of every record type give issues, never a
bare exception (D1: wrongly typed values anywhere, unhashable codes, deep nesting, huge
numbers and dates). Sizes follow the hypothesis profile (``fuzz`` by hand)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import fuzzing

from sozialraum import records, schema
from sozialraum.errors import Issue, ValidationError


def _check(doc: Any, name: str) -> None:
    cl = records.RECORD_TYPES[name]
    issues = schema.validate(doc, cl)
    assert all(isinstance(i, Issue) and i.path.startswith(("", "/")) for i in issues)
    for issue in issues:
        str(issue)
    if issues:
        with pytest.raises(ValidationError) as info:
            schema.structure(doc, cl)
        assert info.value.issues == issues
        str(info.value)
    else:
        built = schema.structure(doc, cl)
        repr(built)
        schema.unstructure(built)


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@settings(max_examples=max(10, settings.default.max_examples // 4))
@given(data=st.data())
def test_mutated_documents_give_issues_never_crashes(name, data):
    doc = data.draw(fuzzing.mutated_documents(name))
    _check(doc, name)


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
def test_hostile_value_at_the_top(name):
    for value in fuzzing.HOSTILE:
        _check(value, name)


def test_case_file_event_type_that_is_a_list():
    doc = {"case_id": "F", "process": "sgb8", "events": [{"type": []}]}
    issues = schema.validate(doc, records.RECORD_TYPES["case_file"])
    assert issues
    with pytest.raises(ValidationError):
        schema.structure(doc, records.RECORD_TYPES["case_file"])


def test_non_object_parameters_of_a_process():
    doc = {**fuzzing.seeds()["process"], "parameters": [1]}
    codes = {(i.path, i.code) for i in schema.validate(doc, records.RECORD_TYPES["process"])}
    assert ("/parameters", "type.object") in codes
