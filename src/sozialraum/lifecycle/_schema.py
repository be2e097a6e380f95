"""The lifecycle records: case files and process definitions, through the one door.

Importing :mod:`sozialraum.lifecycle` registers both readers with :mod:`sozialraum.schema`
(:func:`~sozialraum.schema.register_reader`), so the generic door knows nothing of the
lifecycle and the arrows point down.

A case file document is ``{"case_id", "process", "context", "events": [{"type": …, …}],
"states"}`` (``context``: the facts the guards read, such as the birth date);
reading it replays its events through the default SGB VIII process, so a stored file is
checked exactly like a live one. A process document is the plain-data form of
:func:`sozialraum.lifecycle.serialize.process_to_dict`; its shape is declared below as
attrs classes, so the converter checks it and the JSON Schema is generated from it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import attrs

from .. import messages, schema
from ..errors import Issue, ProcessDefinitionError, ValidationError, join_pointer
from ..schema._issues import shown_key
from ._validate import STATE_NAME_PATTERN
from .casefile import CaseFile
from .process import Process
from .serialize import (
    case_file_from_dict,
    case_file_to_dict,
    process_from_dict,
    process_to_dict,
)
from .sgb8 import DEFAULT_PROCESS, GUARDS, ROUTES, CaseContext
from .table import StateKind

__all__ = [
    "ProcessDocument",
    "StateDocument",
    "TransitionDocument",
    "case_file_json_schema",
    "process_json_schema",
    "structure_case_file",
    "structure_process",
    "unstructure_case_file",
    "unstructure_process",
]

messages.define("type.object", "expected an object")
messages.define("type.array#states", "expected an array of state names")


@attrs.frozen(kw_only=True)
class StateDocument:
    """A state of a process definition, as data."""

    name: str
    kind: StateKind = StateKind.ACTIVE
    label_de: str = ""
    label_en: str = ""
    reference: str = ""


@attrs.frozen(kw_only=True)
class TransitionDocument:
    """A row of a transition table, as data: guards and the event by name."""

    source: str
    event: str
    target: str
    guards: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ProcessDocument:
    """A lifecycle process definition, as data (guards are named, not code)."""

    name: str
    states: tuple[StateDocument, ...]
    transitions: tuple[TransitionDocument, ...]
    description: str = ""
    parameters: dict[str, int] = attrs.field(factory=dict)


def structure_process(data: Any) -> Process:
    """A :class:`Process` from a document; guards and events from the SGB VIII registry."""
    issues: list[Issue] = []
    if (
        isinstance(data, Mapping)
        and "parameters" in data
        and not isinstance(data["parameters"], Mapping)
    ):  # say what was expected (the converter would only say "cannot be read")
        issues.append(Issue.of("/parameters", "type.object"))
        data = {k: v for k, v in data.items() if k != "parameters"}
    try:
        document: ProcessDocument = schema.structure(data, ProcessDocument)
    except ValidationError as err:
        raise ValidationError([*issues, *err.issues]) from None
    try:
        process = process_from_dict(
            {
                **attrs.asdict(document, recurse=True),
                "states": [attrs.asdict(s) for s in document.states],
                "transitions": [attrs.asdict(t) for t in document.transitions],
            }
        )
    except ProcessDefinitionError as err:
        raise ProcessDefinitionError([*issues, *err.issues]) from None
    if issues:
        raise ValidationError(issues)
    return process


def unstructure_process(process: Process) -> dict[str, Any]:
    """The document of a process."""
    return process_to_dict(process)


_CASE_FILE_KEYS = ("case_id", "process", "context", "events", "states")


def structure_case_file(data: Any) -> CaseFile:
    """A :class:`CaseFile` of the default SGB VIII process, replayed and checked."""
    if not isinstance(data, Mapping):
        raise ValidationError.single("", "type.object")
    issues = []
    for key in data:
        if key not in _CASE_FILE_KEYS:
            close = difflib.get_close_matches(str(key), _CASE_FILE_KEYS, n=1)
            where = join_pointer("", shown_key(key, _CASE_FILE_KEYS))
            if close:
                issue = Issue.of(
                    where, "key.unknown#suggestion", type="CaseFile", suggestion=close[0]
                )
            else:
                issue = Issue.of(where, "key.unknown", type="CaseFile")
            issues.append(issue)
    known = {k: v for k, v in data.items() if k in _CASE_FILE_KEYS}
    try:
        case_file = case_file_from_dict(known, DEFAULT_PROCESS)
    except ValidationError as err:
        issues += err.issues
    if issues:
        raise ValidationError(issues)
    return case_file


def unstructure_case_file(case_file: CaseFile) -> dict[str, Any]:
    """The document of a case file (events tagged with their type, states for auditors)."""
    return case_file_to_dict(case_file)


def process_json_schema(generator: Any) -> dict[str, Any]:
    """The schema body of a process document (event and guard names of the SGB VIII
    registry listed)."""
    body: dict[str, Any] = generator.object_schema(ProcessDocument)
    generator.define(TransitionDocument)
    generator.define(StateDocument)
    generator.defs["StateDocument"]["properties"]["name"] = {
        "type": "string",
        "pattern": STATE_NAME_PATTERN,
    }
    row = generator.defs["TransitionDocument"]["properties"]
    row["event"] = {"type": "string", "enum": sorted(e.type_name() for e in DEFAULT_PROCESS.events)}
    row["guards"] = {"type": "array", "items": {"type": "string", "enum": sorted(GUARDS)}}
    row["routes"] = {"type": "array", "items": {"type": "string", "enum": sorted(ROUTES)}}
    return body


def case_file_json_schema(generator: Any) -> dict[str, Any]:
    """The schema body of a case file of the default process: events as a tagged union."""
    generator.define(CaseContext)
    variants = []
    for cls in sorted(DEFAULT_PROCESS.events, key=lambda c: c.type_name()):
        event = generator.object_schema(cls)
        event["properties"] = {"type": {"const": cls.type_name()}, **event["properties"]}
        event["required"] = ["type", *event.get("required", [])]
        generator.defs[cls.type_name()] = event
        variants.append({"$ref": f"#/$defs/{cls.type_name()}"})
    return {
        "type": "object",
        "description": "The audited event history of one case (SGB VIII default process).",
        "properties": {
            "case_id": {"type": "string", "pattern": r"\S"},
            "process": {"const": DEFAULT_PROCESS.name},
            "context": {"$ref": "#/$defs/CaseContext"},
            "events": {"type": "array", "items": {"oneOf": variants}},
            "states": {
                "type": "array",
                "items": {"type": "string", "enum": [s.name for s in DEFAULT_PROCESS.states]},
            },
        },
        "required": ["case_id", "process"],
        "additionalProperties": False,
    }


schema.register_reader(
    CaseFile,
    structure=structure_case_file,
    unstructure=unstructure_case_file,
    body=case_file_json_schema,
)
schema.register_reader(
    Process,
    structure=structure_process,
    unstructure=unstructure_process,
    body=process_json_schema,
)
