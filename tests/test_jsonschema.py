"""The published JSON Schema files agree with the library.

* every shipped schema is a valid draft 2020-12 schema and is up to date;
* documents of valid entities are accepted by the schema;
* documents mutated to be invalid are rejected by BOTH the library (with the expected code
  at the expected JSON pointer) and the schema — mutations drawn by hypothesis from valid
  documents, plus a table of hand-written ones.
"""

from __future__ import annotations

import copy
import functools
import json
import types
import typing
from datetime import date
from importlib import resources
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from tests import strategies as s

from sozialraum import records, schema
from sozialraum.errors import escape_pointer_token
from sozialraum.model import YearMonth
from sozialraum.model._base import is_non_blank_field
from sozialraum.money import Money

FOUNDATION_RECORDS = sorted(s.records)
REGENERATE = "sozialraum schema --out src/sozialraum/schemas"


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        records.shipped_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_error_paths(name: str, doc: Any) -> list[str]:
    """JSON pointers of the instance locations the schema complains about."""
    return [
        "".join("/" + escape_pointer_token(p) for p in e.absolute_path)
        for e in validator(name).iter_errors(doc)
    ]


def library_issues(name: str, doc: Any) -> list[tuple[str, str]]:
    return [(i.path, i.code) for i in schema.validate(doc, records.RECORD_TYPES[name])]


def shipped_names() -> list[str]:
    folder = resources.files("sozialraum").joinpath("schemas")
    return sorted(
        p.name.removesuffix(".schema.json")
        for p in folder.iterdir()
        if p.name.endswith(".schema.json")
    )


# --------------------------------------------------------------------------- the files


def test_a_schema_is_shipped_for_every_record_type():
    assert set(shipped_names()) == set(records.RECORD_TYPES), (
        f"shipped schema files and record types differ; regenerate with: {REGENERATE}"
    )


@pytest.mark.parametrize("name", shipped_names())
def test_shipped_schema_is_valid_draft_2020_12(name):
    document = records.shipped_schema(name)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"{schema.SCHEMA_BASE_URI}{name}.schema.json"
    assert f"/{schema.SCHEMA_VERSION}/" in document["$id"]
    assert document["type"] == "object"
    assert document["additionalProperties"] is False


@pytest.mark.parametrize("name", shipped_names())
def test_shipped_schema_is_not_stale(name):
    shipped = (
        resources.files("sozialraum")
        .joinpath("schemas", f"{name}.schema.json")
        .read_text(encoding="utf-8")
    )
    generated = schema.schema_text(records.json_schema(name))
    assert shipped == generated, (
        f"src/sozialraum/schemas/{name}.schema.json is stale: it differs from the schema "
        f"generated from the model. Regenerate the shipped files with: {REGENERATE}"
    )


def test_every_definition_forbids_unknown_keys():
    for name in FOUNDATION_RECORDS:
        for sub in records.json_schema(name).get("$defs", {}).values():
            assert sub["additionalProperties"] is False


def test_write_schemas(tmp_path):
    written = records.write_schemas(tmp_path / "out")
    assert {p.name for p in written} == {f"{n}.schema.json" for n in records.RECORD_TYPES}
    for p in written:
        name = p.name.removesuffix(".schema.json")
        assert json.loads(p.read_text(encoding="utf-8")) == records.json_schema(name)
        assert p.read_text(encoding="utf-8").endswith("}\n")


# --------------------------------------------------------------------------- acceptance


@pytest.mark.parametrize("name", FOUNDATION_RECORDS)
@s.fewer_examples()
@given(data=st.data())
def test_documents_of_valid_entities_are_accepted_by_the_schema(name, data):
    obj = data.draw(s.records[name])
    doc = json.loads(json.dumps(schema.unstructure(obj)))
    assert schema_error_paths(name, doc) == []


# --------------------------------------------------------------------------- mutations


class Leaf(NamedTuple):
    """A value in a document, with the field it belongs to."""

    pointer: str
    owner: type[Any]
    field: attrs.Attribute[Any]
    type: Any  # the element type for members of arrays
    in_array: bool


class Obj(NamedTuple):
    pointer: str
    cls: type[Any]
    doc: dict[str, Any]


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_optional(t: Any) -> Any:
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        (rest,) = (a for a in args if a is not type(None))
        return rest
    return t


def walk(obj: Any, doc: Any, pointer: str = "") -> tuple[list[Obj], list[Leaf]]:
    """Every object and every field value of ``doc``, the unstructured form of ``obj``."""
    objs: list[Obj] = []
    leaves: list[Leaf] = []
    if not (attrs.has(type(obj)) and isinstance(doc, dict)):
        return objs, leaves
    objs.append(Obj(pointer, type(obj), doc))
    for field in attrs.fields(type(obj)):
        if field.name not in doc:
            continue
        here = f"{pointer}/{field.name}"
        t = _strip_optional(_hints(type(obj))[field.name])
        value = getattr(obj, field.name)
        if typing.get_origin(t) is tuple:
            elem = typing.get_args(t)[0]
            for i, (v, d) in enumerate(zip(value, doc[field.name], strict=True)):
                leaves.append(Leaf(f"{here}/{i}", type(obj), field, elem, True))
                o, l_ = walk(v, d, f"{here}/{i}")
                objs += o
                leaves += l_
        else:
            leaves.append(Leaf(here, type(obj), field, t, False))
            o, l_ = walk(value, doc[field.name], here)
            objs += o
            leaves += l_
    return objs, leaves


def get(doc: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def put(doc: Any, pointer: str, value: Any) -> Any:
    doc = copy.deepcopy(doc)
    *parents, last = pointer.split("/")[1:]
    target = get(doc, "/" + "/".join(parents)) if parents else doc
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


class Mutation(NamedTuple):
    kind: str
    doc: Any
    issue: tuple[str, str] | None  # the (path, code) the library must report
    codes: frozenset[str] = frozenset()  # … or one of these codes at ``schema_path``
    schema_path: str = ""  # where the schema must complain


TYPE_CODES = frozenset(
    {
        "type.string",
        "type.integer",
        "type.number",
        "type.boolean",
        "type.array",
        "type.object",
        "date.invalid",
        "money.type",
        "code.unknown",
    }
)


def _is_date(t: Any) -> bool:
    return t is date


def _is_birth(t: Any) -> bool:
    return set(typing.get_args(t)) == {date, YearMonth}


@st.composite
def mutations(draw: st.DrawFn, name: str) -> Mutation:
    obj = draw(s.records[name])
    doc = json.loads(json.dumps(schema.unstructure(obj)))
    objs, leaves = walk(obj, doc)
    kinds = ["wrong_type", "unknown_key", "missing_key"]
    codes_ = [x for x in leaves if "code_list" in x.field.metadata]
    dates_ = [x for x in leaves if _is_date(x.type) or _is_birth(x.type)]
    money_ = [x for x in leaves if x.type is Money]
    non_negative = [x for x in money_ if x.field.metadata.get("minimum") == 0]
    ids_ = [
        x for x in leaves if x.type is str and not x.in_array and is_non_blank_field(x.field.name)
    ]
    required = [
        (o, f.name)
        for o in objs
        for f in attrs.fields(o.cls)
        if f.default is attrs.NOTHING and f.name in o.doc
    ]
    kinds += ["unknown_code"] * bool(codes_) + ["bad_date"] * bool(dates_)
    kinds += ["float_money"] * bool(money_) + ["negative_money"] * bool(non_negative)
    kinds += ["blank_id"] * bool(ids_)
    kind = draw(st.sampled_from(kinds))
    if kind == "wrong_type":
        leaf = draw(st.sampled_from(leaves))
        old = get(doc, leaf.pointer)
        new: Any = {"x": 1} if isinstance(old, list) else (["x"] if isinstance(old, dict) else [])
        return Mutation(kind, put(doc, leaf.pointer, new), None, TYPE_CODES, leaf.pointer)
    if kind == "unknown_key":
        o = draw(st.sampled_from(objs))
        key = draw(st.sampled_from(["zz_unknown", "Id", "helps_", "comment"]))
        if key in o.doc:
            key = "zz_unknown"
        return Mutation(
            kind,
            put(doc, f"{o.pointer}/{key}", 1),
            (f"{o.pointer}/{key}", "key.unknown"),
            schema_path=o.pointer,
        )
    if kind == "missing_key":
        o, field = draw(st.sampled_from(required))
        mutated = copy.deepcopy(doc)
        del (get(mutated, o.pointer) if o.pointer else mutated)[field]
        return Mutation(
            kind, mutated, (f"{o.pointer}/{field}", "key.missing"), schema_path=o.pointer
        )
    if kind == "unknown_code":
        leaf = draw(st.sampled_from(codes_))
        bad = draw(st.sampled_from(["zz-unknown", "0", "310", "35a", "§ 31", ""]))
        return Mutation(
            kind,
            put(doc, leaf.pointer, bad),
            (leaf.pointer, "code.unknown"),
            schema_path=leaf.pointer,
        )
    if kind == "bad_date":
        leaf = draw(st.sampled_from(dates_))
        bad = draw(
            st.sampled_from(
                [
                    "2024-02-30",
                    "2023-02-29",
                    "2024-13-01",
                    "01.02.2024",
                    "2024-1-1",
                    "",
                    "2100-02-29",
                ]
            )
        )
        return Mutation(
            kind,
            put(doc, leaf.pointer, bad),
            (leaf.pointer, "date.invalid"),
            schema_path=leaf.pointer,
        )
    if kind == "float_money":
        leaf = draw(st.sampled_from(money_))
        value = float(get(doc, leaf.pointer))
        return Mutation(
            kind,
            put(doc, leaf.pointer, value),
            (leaf.pointer, "money.type"),
            schema_path=leaf.pointer,
        )
    if kind == "negative_money":
        leaf = draw(st.sampled_from(non_negative))
        bad = draw(st.sampled_from(["-0.01", "-5.00", "-1450"]))
        return Mutation(
            kind,
            put(doc, leaf.pointer, bad),
            (leaf.pointer, "number.range"),
            schema_path=leaf.pointer,
        )
    leaf = draw(st.sampled_from(ids_))
    bad = draw(st.sampled_from(["", " ", "\t", "\n  "]))
    return Mutation(
        kind, put(doc, leaf.pointer, bad), (leaf.pointer, "string.blank"), schema_path=leaf.pointer
    )


@pytest.mark.parametrize("name", FOUNDATION_RECORDS)
@given(data=st.data())
def test_mutated_documents_are_rejected_by_library_and_schema(name, data):
    m = data.draw(mutations(name), label="mutation")
    issues = library_issues(name, m.doc)
    if m.issue is not None:
        assert m.issue in issues, m.kind
    else:
        assert any(p == m.schema_path and c in m.codes for p, c in issues), (m.kind, issues)
    assert m.schema_path in schema_error_paths(name, m.doc), m.kind


HELP = {
    "id": "H1",
    "help_type": "31",
    "provider_id": "T1",
    "period": {"start": "2024-01-01"},
    "monthly_cost": "1450.00",
}
PERSON = {"id": "P1", "birth": "2006-05-17", "gender": "female"}
CASE = {"id": "C1", "space_id": "S1", "opened": "2024-01-01", "young_person": PERSON}
PROVIDER = {"id": "T1", "name": "Diakonie", "kind": "24", "serves": ["S1"]}
SPACE = {
    "id": "S1",
    "name": "Nord",
    "population": [{"min_age": 0, "max_age": 18, "count": 2000}],
    "indicators": [
        {"name": "SGB II", "value": "18.4", "unit": "percent", "reference_date": "2024-01-01"}
    ],
}
WORK = {
    "id": "W1",
    "space_id": "S1",
    "work_type": "case_overarching",
    "period": {"start": "2024-01-01", "end": "2024-02-01"},
    "hours": "12.5",
    "cost": "500.00",
    "activity": "network",
}
PLAN = {"id": "HP1", "agreed_on": "2024-01-01", "goals": [{"id": "G1", "text": "t"}]}
RISK = {"id": "R1", "concluded_on": "2024-01-01", "result": "acute", "danger_forms": ["neglect"]}
TEAM = {"id": "ST1", "space_id": "S1", "provider_ids": ["T1"]}
MUNI = {"id": "M", "name": "Musterstadt", "social_spaces": [SPACE], "providers": [PROVIDER]}

VALID = [
    ("help", HELP),
    ("young_person", PERSON),
    ("young_person", {"id": "P1", "birth": "2006-05"}),
    ("case", CASE),
    ("provider", PROVIDER),
    ("social_space", SPACE),
    ("case_independent_work", WORK),
    ("help_plan", PLAN),
    ("risk_assessment", RISK),
    ("social_space_team", TEAM),
    ("municipality", MUNI),
]


@pytest.mark.parametrize(("name", "doc"), VALID)
def test_hand_written_valid_documents(name, doc):
    assert library_issues(name, doc) == []
    assert schema_error_paths(name, doc) == []


# (record, document, expected library issue, where the schema complains)
INVALID = [
    # wrong type
    ("help", {**HELP, "id": 1}, ("/id", "type.string"), "/id"),
    ("help", {**HELP, "period": ["2024-01-01"]}, ("/period", "type.object"), "/period"),
    (
        "help",
        {**HELP, "hours_per_week": True},
        ("/hours_per_week", "type.number"),
        "/hours_per_week",
    ),
    (
        "social_space",
        {**SPACE, "population": {"min_age": 0}},
        ("/population", "type.array"),
        "/population",
    ),
    (
        "social_space",
        {**SPACE, "population": [{"min_age": "0", "count": 1}]},
        ("/population/0/min_age", "type.integer"),
        "/population/0/min_age",
    ),
    (
        "social_space",
        {**SPACE, "population": [{"min_age": 0, "count": 1.5}]},
        ("/population/0/count", "type.integer"),
        "/population/0/count",
    ),
    ("young_person", {**PERSON, "gender": 1}, ("/gender", "code.unknown"), "/gender"),
    # unknown key
    ("help", {**HELP, "help_typ": "31"}, ("/help_typ", "key.unknown"), ""),
    (
        "case",
        {**CASE, "young_person": {**PERSON, "name": "Anna"}},
        ("/young_person/name", "key.unknown"),
        "/young_person",
    ),
    (
        "help",
        {**HELP, "period": {"start": "2024-01-01", "until": "2025-01-01"}},
        ("/period/until", "key.unknown"),
        "/period",
    ),
    # missing required key
    (
        "help",
        {k: v for k, v in HELP.items() if k != "monthly_cost"},
        ("/monthly_cost", "key.missing"),
        "",
    ),
    ("help", {**HELP, "period": {}}, ("/period/start", "key.missing"), "/period"),
    (
        "case",
        {k: v for k, v in CASE.items() if k != "young_person"},
        ("/young_person", "key.missing"),
        "",
    ),
    ("young_person", {"id": "P"}, ("/birth", "key.missing"), ""),
    # unknown code
    ("help", {**HELP, "help_type": "35a"}, ("/help_type", "code.unknown"), "/help_type"),
    ("help", {**HELP, "help_type": "§ 31"}, ("/help_type", "code.unknown"), "/help_type"),
    (
        "help",
        {**HELP, "main_reason": "12", "further_reasons": ["99"]},
        ("/further_reasons/0", "code.unknown"),
        "/further_reasons/0",
    ),
    (
        "help",
        {**HELP, "place_of_delivery": "1"},
        ("/place_of_delivery", "code.unknown"),
        "/place_of_delivery",
    ),
    ("risk_assessment", {**RISK, "result": "ACUTE"}, ("/result", "code.unknown"), "/result"),
    ("provider", {**PROVIDER, "kind": "24 "}, ("/kind", "code.unknown"), "/kind"),
    (
        "case_independent_work",
        {**WORK, "work_type": "fallübergreifend"},
        ("/work_type", "code.unknown"),
        "/work_type",
    ),
    ("young_person", {**PERSON, "gender": "w"}, ("/gender", "code.unknown"), "/gender"),
    # malformed date
    (
        "help",
        {**HELP, "period": {"start": "2023-02-29"}},
        ("/period/start", "date.invalid"),
        "/period/start",
    ),
    (
        "help",
        {**HELP, "period": {"start": "2024-1-01"}},
        ("/period/start", "date.invalid"),
        "/period/start",
    ),
    (
        "help",
        {**HELP, "period": {"start": "2024-01-01T00:00:00"}},
        ("/period/start", "date.invalid"),
        "/period/start",
    ),
    (
        "help",
        {**HELP, "planned_end": "31.12.2024"},
        ("/planned_end", "date.invalid"),
        "/planned_end",
    ),
    ("young_person", {**PERSON, "birth": "2006-00"}, ("/birth", "date.invalid"), "/birth"),
    ("young_person", {**PERSON, "birth": "2006-5"}, ("/birth", "date.invalid"), "/birth"),
    ("young_person", {**PERSON, "birth": "2006-02-30"}, ("/birth", "date.invalid"), "/birth"),
    (
        "help_plan",
        {**PLAN, "reviews": ["2024-06-31"]},
        ("/reviews/0", "date.invalid"),
        "/reviews/0",
    ),
    # money as a number (float or int), or badly written
    ("help", {**HELP, "monthly_cost": 1450.0}, ("/monthly_cost", "money.type"), "/monthly_cost"),
    ("help", {**HELP, "monthly_cost": 1450}, ("/monthly_cost", "money.type"), "/monthly_cost"),
    ("help", {**HELP, "day_rate": 12.5}, ("/day_rate", "money.type"), "/day_rate"),
    (
        "help",
        {**HELP, "monthly_cost": "1450.005"},
        ("/monthly_cost", "money.format"),
        "/monthly_cost",
    ),
    (
        "help",
        {**HELP, "monthly_cost": "1.450,00"},
        ("/monthly_cost", "money.format"),
        "/monthly_cost",
    ),
    (
        "help",
        {**HELP, "monthly_cost": "1450.00 €"},
        ("/monthly_cost", "money.format"),
        "/monthly_cost",
    ),
    ("help", {**HELP, "monthly_cost": "1e3"}, ("/monthly_cost", "money.format"), "/monthly_cost"),
    ("case_independent_work", {**WORK, "cost": 500}, ("/cost", "money.type"), "/cost"),
    # negative money
    (
        "help",
        {**HELP, "monthly_cost": "-1450.00"},
        ("/monthly_cost", "number.range"),
        "/monthly_cost",
    ),
    ("help", {**HELP, "day_rate": "-0.01"}, ("/day_rate", "number.range"), "/day_rate"),
    ("case_independent_work", {**WORK, "cost": "-1"}, ("/cost", "number.range"), "/cost"),
    # numbers out of range
    (
        "help",
        {**HELP, "hours_per_week": 169},
        ("/hours_per_week", "number.range"),
        "/hours_per_week",
    ),
    (
        "help",
        {**HELP, "hours_per_week": -1},
        ("/hours_per_week", "number.range"),
        "/hours_per_week",
    ),
    (
        "help_plan",
        {**PLAN, "goals": [{"id": "G", "text": "t", "baseline": 3}]},
        ("/goals/0/baseline", "number.range"),
        "/goals/0/baseline",
    ),
    (
        "help_plan",
        {**PLAN, "goals": [{"id": "G", "text": "t", "weight": -1}]},
        ("/goals/0/weight", "number.range"),
        "/goals/0/weight",
    ),
    (
        "social_space",
        {**SPACE, "population": [{"min_age": -1, "count": 1}]},
        ("/population/0/min_age", "number.range"),
        "/population/0/min_age",
    ),
    # blank ids and names
    ("help", {**HELP, "id": ""}, ("/id", "string.blank"), "/id"),
    ("help", {**HELP, "provider_id": "   "}, ("/provider_id", "string.blank"), "/provider_id"),
    ("case", {**CASE, "space_id": "\t"}, ("/space_id", "string.blank"), "/space_id"),
    (
        "case",
        {**CASE, "young_person": {**PERSON, "id": " "}},
        ("/young_person/id", "string.blank"),
        "/young_person/id",
    ),
    ("provider", {**PROVIDER, "name": " "}, ("/name", "string.blank"), "/name"),
    (
        "municipality",
        {**MUNI, "social_spaces": [{**SPACE, "id": ""}]},
        ("/social_spaces/0/id", "string.blank"),
        "/social_spaces/0/id",
    ),
    ("case_independent_work", {**WORK, "activity": ""}, ("/activity", "string.blank"), "/activity"),
    ("social_space_team", {**TEAM, "name": " "}, ("/name", "string.blank"), "/name"),
]


@pytest.mark.parametrize(
    ("name", "doc", "issue", "schema_path"),
    INVALID,
    ids=[f"{r[0]}:{r[2][0]}:{r[2][1]}" for r in INVALID],
)
def test_hand_written_invalid_documents_are_rejected_by_both(name, doc, issue, schema_path):
    assert issue in library_issues(name, doc)
    assert schema_path in schema_error_paths(name, doc)


# Documents at the edge of the rules: the library and the schema must give the same verdict.
EDGES = [
    ("help", {**HELP, "hours_per_week": "169"}),  # a bound on a decimal string
    ("help", {**HELP, "hours_per_week": "168"}),
    ("help", {**HELP, "hours_per_week": 168}),
    ("help", {**HELP, "hours_per_week": 0.5}),
    ("help", {**HELP, "monthly_cost": "-0.00"}),  # negative zero
    ("help", {**HELP, "monthly_cost": "0"}),
    ("help", {**HELP, "monthly_cost": "007.5"}),
    ("young_person", {**PERSON, "birth": "0000-05"}),  # year 0 does not exist
    ("young_person", {**PERSON, "birth": "0001-01"}),
    ("young_person", {**PERSON, "birth": "2024-02-29"}),
    ("young_person", {**PERSON, "birth": "2023-02-29"}),
    ("social_space", {**SPACE, "population": [{"min_age": 0, "count": 5.0}]}),  # 5.0 is an integer
    ("social_space_team", {**TEAM, "name": None}),
    ("help", {**HELP, "id": "\u00a0"}),  # no-break space only: blank
    ("help", {**HELP, "ending_reason": None}),
    # a goal scale has no levels or exactly five (a rule on one field)
    ("help_plan", {**PLAN, "goals": [{"id": "G", "text": "t", "levels": ["a", "b"]}]}),
    ("help_plan", {**PLAN, "goals": [{"id": "G", "text": "t", "levels": list("abcde")}]}),
    ("help_plan", {**PLAN, "goals": [{"id": "G", "text": "t", "levels": []}]}),
]


@pytest.mark.parametrize(("name", "doc"), EDGES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EDGES)])
def test_library_and_schema_agree_on_edge_documents(name, doc):
    library_ok = library_issues(name, doc) == []
    schema_ok = schema_error_paths(name, doc) == []
    assert library_ok == schema_ok, (library_issues(name, doc), schema_error_paths(name, doc))
