"""Plain-dict round trips for events, case files and process definitions (JSON-ready).

Guards are code, so a process is written with guard *names* and event *type names* and read
back with registries of the classes and guards it may use (by default those of the SGB VIII
process). Case files are read back by replaying them through their process, so a stored
file is checked exactly like a live one.

>>> from datetime import date
>>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS as sgb8, HelpGranted, example_history
>>> event_to_dict(HelpGranted(on=date(2024, 3, 1), help_type="31",
...                           decided_by="youth_office", expected_months=12))
{'type': 'HelpGranted', 'on': '2024-03-01', 'help_type': '31', 'decided_by': 'youth_office', 'expected_months': 12}
>>> f = sgb8.replay(example_history(), case_id="F-1")
>>> case_file_from_dict(case_file_to_dict(f), sgb8) == f
True
>>> process_from_dict(process_to_dict(sgb8)) == sgb8
True
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .. import messages
from ..errors import Issue, ProcessDefinitionError, TransitionError, ValidationError, join_pointer
from .casefile import CaseFile
from .events import Event, Guard
from .process import Process
from .table import Route, State, StateKind, Transition

__all__ = [
    "case_file_from_dict",
    "case_file_to_dict",
    "event_from_dict",
    "event_to_dict",
    "process_from_dict",
    "process_to_dict",
]

messages.define("event.type", "an event must be an object")
messages.define("event.unknown_type", "unknown event type")
messages.define("case_file.case_id", "a case id is required")
messages.define("case_file.process", "another process")
messages.define("case_file.events", "events must be a list")
messages.define("case_file.states_mismatch", "stored states differ from the replay")
messages.define("case_file.refused", "{reason} [{code}]")
messages.define("process.states", "states must be objects with a name and kind")
messages.define("guard.unknown", "unknown guard name")


_UNKNOWN_ROUTE = messages.define("route.unknown", "unknown route name")


def _schema() -> Any:
    # imported late: the schema module registers the lifecycle records and imports us
    from .. import schema

    return schema


def event_to_dict(event: Event) -> dict[str, Any]:
    """``{"type": <class name>, <fields>…}``; dates as ISO strings, ``None`` fields left out.

    Events go through the same converter as every other record (:mod:`sozialraum.schema`).
    """
    data: dict[str, Any] = {"type": type(event).type_name()}
    data.update(_schema().unstructure(event))
    return data


def _registry(events: Iterable[type[Event]] | Process) -> dict[str, type[Event]]:
    classes = events.events if isinstance(events, Process) else events
    return {cls.type_name(): cls for cls in classes}


def event_from_dict(
    data: Mapping[str, Any], events: Iterable[type[Event]] | Process, *, path: str = ""
) -> Event:
    """The event described by ``data``; ``events`` are the classes it may be (or a process).

    :raises ValidationError: with JSON-pointer paths below ``path``; messages hold no data.
    """
    if not isinstance(data, Mapping):
        raise ValidationError.single(path, "event.type")
    registry = _registry(events)
    tag = data.get("type")
    cls = registry.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise ValidationError.single(join_pointer(path, "type"), "event.unknown_type")
    fields = {k: v for k, v in data.items() if k != "type"}
    try:
        event: Event = _schema().structure(fields, cls)
    except ValidationError as err:
        raise err.prefixed(path) from None
    return event


def case_file_to_dict(case_file: CaseFile) -> dict[str, Any]:
    """``{"case_id", "process", "context", "events": [...], "states": [...]}``.

    ``states`` are for auditors (checked when read back); ``context`` (the facts the guards
    read, such as the birth date) is written when the file has one that is an attrs record.
    """
    data: dict[str, Any] = {"case_id": case_file.case_id, "process": case_file.process}
    context = case_file.context
    if context is not None and attrs.has(type(context)):
        data["context"] = _schema().unstructure(context)
    data["events"] = [event_to_dict(e) for e in case_file.events]
    data["states"] = list(case_file.states)
    return data


def case_file_from_dict(
    data: Mapping[str, Any],
    process: Process,
    context: object = None,
    *,
    check_guards: bool = True,
    context_type: type[Any] | None = None,
) -> CaseFile:
    """Read a case file back by replaying its events through ``process``.

    :param context: the facts for the guards; ``None`` reads the ``context`` saved in
        ``data`` (as a ``context_type``, by default
        :class:`~sozialraum.lifecycle.sgb8.CaseContext`), if there is one.
    :raises ValidationError: listing every problem of the document at once (case id,
        process, context, every event), then events the process refuses (code
        ``case_file.refused`` at the event's path), or stored states that differ from the
        replayed ones.
    """
    if not isinstance(data, Mapping):
        raise ValidationError.single("", "type.object")
    issues: list[Issue] = []
    raw_id = data.get("case_id")
    case_id = raw_id if isinstance(raw_id, str) else ""
    if not isinstance(raw_id, str):
        issues.append(Issue.of("/case_id", "case_file.case_id"))
    if data.get("process") != process.name:
        issues.append(Issue.of("/process", "case_file.process"))
    if context is None and data.get("context") is not None:
        if context_type is None:
            from .sgb8 import CaseContext

            context_type = CaseContext
        try:
            context = _schema().structure(data["context"], context_type)
        except ValidationError as err:
            issues.extend(err.prefixed("/context").issues)
    raw = data.get("events", [])
    events: list[Event] = []
    if not isinstance(raw, list):
        issues.append(Issue.of("/events", "case_file.events"))
        raw = []
    for i, item in enumerate(raw):
        try:
            events.append(event_from_dict(item, process, path=f"/events/{i}"))
        except ValidationError as err:
            issues.extend(err.issues)
    stored = data.get("states")
    if stored is not None and not (
        isinstance(stored, list) and all(isinstance(s, str) for s in stored)
    ):
        issues.append(Issue.of("/states", "type.array#states"))
    if issues:
        raise ValidationError(issues)
    try:
        case_file = process.replay(
            events, case_id=case_id, context=context, check_guards=check_guards
        )
    except TransitionError as err:
        at = len(_accepted(process, events, case_id, context, check_guards))
        raise ValidationError.single(
            f"/events/{at}", "case_file.refused", reason=err.reason_text(), code=err.code
        ) from err
    if stored is not None and stored != list(case_file.states):
        raise ValidationError.single("/states", "case_file.states_mismatch")
    return case_file


def _accepted(
    process: Process, events: list[Event], case_id: str, context: object, check_guards: bool
) -> list[Event]:
    """The longest prefix of ``events`` the process accepts (to locate a refusal)."""
    lo, hi = 0, len(events)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            process.replay(
                events[:mid], case_id=case_id, context=context, check_guards=check_guards
            )
            lo = mid
        except TransitionError:
            hi = mid - 1
    return events[:lo]


def process_to_dict(process: Process) -> dict[str, Any]:
    """The process as plain data: guards and events by name."""
    return {
        "name": process.name,
        "description": process.description,
        "parameters": dict(process.parameters),
        "states": [
            {
                "name": s.name,
                "kind": str(s.kind),
                "label_de": s.label_de,
                "label_en": s.label_en,
                "reference": s.reference,
            }
            for s in process.states
        ],
        "transitions": [
            {
                "source": t.source,
                "event": t.event.type_name(),
                "target": t.target,
                "guards": [g.name for g in t.guards],
                **({"routes": [r.name for r in t.routes]} if t.routes else {}),
            }
            for t in process.transitions
        ],
    }


def process_from_dict(
    data: Mapping[str, Any],
    *,
    events: Iterable[type[Event]] | None = None,
    guards: Mapping[str, Guard] | Iterable[Guard] | None = None,
    routes: Mapping[str, Route] | Iterable[Route] | None = None,
) -> Process:
    """Read a process back; event types, guards and routes are looked up in the
    registries (default: those of the SGB VIII process).

    :raises ProcessDefinitionError: for unknown names and for every problem of the process.
    """
    from .sgb8 import DEFAULT_PROCESS, GUARDS, ROUTES

    if routes is None:
        routes = ROUTES
    route_registry = dict(routes) if isinstance(routes, Mapping) else {r.name: r for r in routes}

    event_registry = _registry(DEFAULT_PROCESS.events if events is None else events)
    if guards is None:
        guards = GUARDS
    guard_registry = dict(guards) if isinstance(guards, Mapping) else {g.name: g for g in guards}
    issues: list[Issue] = []
    try:
        states = tuple(
            State(
                name=s["name"],
                kind=StateKind(s.get("kind", "active")),
                label_de=s.get("label_de", ""),
                label_en=s.get("label_en", ""),
                reference=s.get("reference", ""),
            )
            for s in data["states"]
        )
    except (KeyError, TypeError, ValueError):
        raise ProcessDefinitionError([Issue.of("/states", "process.states")]) from None
    transitions: list[Transition] = []
    for i, t in enumerate(data.get("transitions", [])):
        at = f"/transitions/{i}"
        cls = event_registry.get(t.get("event"))
        if cls is None:
            issues.append(Issue.of(f"{at}/event", "event.unknown_type"))
        found = []
        for j, name in enumerate(t.get("guards", [])):
            if name in guard_registry:
                found.append(guard_registry[name])
            else:
                issues.append(Issue.of(f"{at}/guards/{j}", "guard.unknown"))
        found_routes = []
        for j, name in enumerate(t.get("routes", [])):
            if name in route_registry:
                found_routes.append(route_registry[name])
            else:
                issues.append(Issue.of(f"{at}/routes/{j}", _UNKNOWN_ROUTE))
        if cls is not None:
            transitions.append(
                Transition(
                    source=t.get("source", ""),
                    event=cls,
                    target=t.get("target", ""),
                    guards=tuple(found),
                    routes=tuple(found_routes),
                )
            )
    if issues:
        raise ProcessDefinitionError(issues)
    return Process(
        name=data.get("name", ""),
        states=states,
        transitions=tuple(transitions),
        parameters=data.get("parameters", {}),
        description=data.get("description", ""),
    )
