"""The shipped JSON Schema files and the library agree, in both directions (issue 11).

Documents generated from each shipped schema (hypothesis-jsonschema) and documents mutated
from valid ones (``tests/fuzzing.py``) are accepted by the schema (draft 2020-12, with
format checking) exactly when the library accepts their *form*: the library refuses every
document the schema refuses, and may refuse a document the schema accepts only for a rule
across fields (dates in order, references, replayed transitions …), which the schema says
it does not check.

Disagreements that are known and owned by another area are listed in ``KNOWN`` with their
owner; remove an entry when it is fixed (the test then holds it for good).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from tests import fuzzing

from sozialraum import records, schema
from sozialraum.errors import Issue

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")

#: Codes of the form of a document: what a JSON Schema can check too.
FORM_PREFIXES = (
    "key.",
    "type.",
    "date.",
    "money.",
    "number.",
    "code.unknown",
    "string.",
    "array.",
    "text.",
    "value.invalid",
    "json.",
    "ratio.",
)
FORM_CODES = frozenset(
    {
        "event.type",
        "event.unknown_type",
        "case_file.process",
        "case_file.events",
        "case_file.case_id",
    }
)


def is_form(issue: Issue) -> bool:
    """Whether ``issue`` is about the form of the document (not a rule across fields)."""
    return issue.code in FORM_CODES or issue.code.startswith(FORM_PREFIXES)


#: Known disagreements, by record type: a predicate on a library issue the schema does not
#: state yet (schema accepts, library refuses). Owners fix them in their area.
KNOWN: dict[str, list[tuple[str, Callable[[Issue], bool]]]] = {}


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        records.shipped_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@functools.cache
def generated(name: str) -> st.SearchStrategy[Any]:
    """Documents the shipped schema of ``name`` accepts (built once: it is costly)."""
    strategy: st.SearchStrategy[Any] = hypothesis_jsonschema.from_schema(
        records.shipped_schema(name)
    )
    return strategy


def disagreement(name: str, doc: Any) -> str | None:
    """A description of how schema and library disagree on ``doc``, or ``None``."""
    schema_ok = validator(name).is_valid(doc)
    issues = schema.validate(doc, records.RECORD_TYPES[name])
    form = [i for i in issues if is_form(i)]
    if schema_ok and form:
        known = KNOWN.get(name, [])
        unknown = [i for i in form if not any(match(i) for _, match in known)]
        if unknown:
            return f"schema accepts, library refuses: {[(i.path, i.code) for i in unknown]}"
    if not schema_ok and not issues:
        error = next(iter(validator(name).iter_errors(doc)))
        return f"schema refuses ({error.validator} at {list(error.absolute_path)}), library accepts"
    return None


# generating from a schema is costly (hypothesis-jsonschema builds object strategies per
# draw): 5 documents per record type and direction under ``ci``, 1,000 under ``fuzz``
_SETTINGS = settings(
    max_examples=max(3, settings.default.max_examples // 20),
    suppress_health_check=list(HealthCheck),
    deadline=None,
)


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@_SETTINGS
@given(data=st.data())
def test_documents_generated_from_the_schema(name, data):
    doc = data.draw(generated(name))
    assert disagreement(name, doc) is None


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@_SETTINGS
@given(data=st.data())
def test_documents_mutated_from_valid_ones(name, data):
    doc = data.draw(fuzzing.mutated_documents(name))
    assert disagreement(name, doc) is None


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        ("budget_rule_set", {"name": "r", "need": {"indicator_shares": [{"indicators": [
            {"indicator": ""}]}]}}),
        ("budget_rule_set", {"name": "r", "need": {"equal_weight_indices": [
            {"indicators": ["u18"]}]}, "smoothing": [{"indicator": "u18", "periods": 0}]}),
        ("budget_rule_set", {"name": "r", "need": {"equal_weight_indices": [
            {"indicators": ["u18"], "weight": {"numerator": -1}}]}}),
        ("budget_rule_set", {"name": "r", "need": {"equal_weight_indices": [
            {"indicators": ["u18"], "weight": {"numerator": 1, "denominator": 0}}]}}),
        ("budget_rule_set", {"name": "r", "need": {"equal_weight_indices": [
            {"indicators": ["u18"]}]}, "base_shares": [{"name": " ", "share": {"numerator": 1}}]}),
        ("help", {"id": "H", "help_type": "31", "provider_id": "T",
                  "period": {"start": "9999-12-31"}, "monthly_cost": "1.00"}),
        ("help", {"id": "H", "help_type": "31", "provider_id": "T",
                  "period": {"start": "2024-01-01"}, "monthly_cost": "1" * 16}),
        ("young_person", {"id": "P", "birth": "0999-01"}),
        ("social_space", {"id": "S", "name": "n", "population": [
            {"min_age": 0, "count": 10**16}]}),
    ],
)  # fmt: skip
def test_defects_found_before_agree_now(name, doc):
    """D5b and the limits: each of these was accepted by one side and refused by the other."""
    assert not validator(name).is_valid(doc)
    assert any(is_form(i) for i in schema.validate(doc, records.RECORD_TYPES[name]))
