"""Migrating case file documents between versions of their shape.

**Version 1** case files (schema 1.0) have no help ids: every event concerns "the" help of
the case. **Version 2** documents name the help of every event that concerns one
(``help_id``), so several helps can run at once. :func:`case_file_v1_to_v2` gives every
such event the id the library implies for it (``"1"``, ``"2"`` … in the order the helps
appear, see :mod:`sozialraum.lifecycle.sgb8.helps`), so the migrated file replays to the
same states and the same reviews: nothing is lost. Events that already carry an id keep it,
and a ``HelpEnded`` without id that ends several helps at once stays without one.

>>> v1 = {"case_id": "F-1", "process": "sgb8", "events": [
...     {"type": "PlanningStarted", "on": "2024-02-01"},
...     {"type": "HelpGranted", "on": "2024-03-01", "help_type": "31",
...      "decided_by": "youth_office", "expected_months": 3},
...     {"type": "HelpEnded", "on": "2024-05-31", "ending_reason": "10"}]}
>>> v2, issues = case_file_v1_to_v2(v1)
>>> [e.get("help_id") for e in v2["events"]], issues
([None, '1', '1'], ())
>>> "help_id" in v1["events"][1]       # the input is not changed
False
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .. import messages, schema
from ..errors import Issue, TransitionError, ValidationError
from .events import Event
from .serialize import event_from_dict
from .sgb8 import DEFAULT_PROCESS, HelpEnded
from .sgb8.helps import _NO_HELPS, _role, _step, helps

__all__ = ["case_file_v1_to_v2", "migrate_case_file_1_to_2"]

_NOT_OBJECT = messages.define("migrate.case_file_object", "a case file must be an object")
_NOT_LIST = messages.define("migrate.case_file_events", "the events must be an array")
_CHANGED = messages.define(
    "migrate.replay_differs",
    "the migrated history would replay differently; the document was left unchanged",
)


def case_file_v1_to_v2(doc: dict[str, Any]) -> tuple[dict[str, Any], tuple[Issue, ...]]:
    """The version 2 form of the version 1 case file document ``doc``, and the issues that
    kept parts of it from being migrated (then those parts are returned unchanged).

    Pure: ``doc`` is not changed. Applying it to a version 2 document changes nothing.
    Events that cannot be read are reported with their JSON pointer, as validation would.
    """
    if not isinstance(doc, Mapping):
        return {}, (Issue.of("", _NOT_OBJECT),)
    out: dict[str, Any] = dict(doc)
    raw = doc.get("events", [])
    if not isinstance(raw, list):
        return out, (Issue.of("/events", _NOT_LIST),)
    issues: list[Issue] = []
    events: list[Event] = []
    for i, item in enumerate(raw):
        try:
            events.append(event_from_dict(item, DEFAULT_PROCESS, path=f"/events/{i}"))
        except ValidationError as err:
            issues.extend(err.issues)
    if issues:
        return out, tuple(issues)
    ids: list[str | None] = []
    state = _NO_HELPS
    for event in events:
        parallel = isinstance(event, HelpEnded) and len(state.running) > 1
        role = _role(event)
        help_id = None
        if role:
            state, help_id = _step(state, event, role)
        # a HelpEnded without id while several helps run ends them all: it stays so
        implied = getattr(event, "help_id", None) is None
        ids.append(None if parallel and implied else help_id)
    migrated = [
        {**item, "help_id": help_id}
        if help_id is not None and item.get("help_id") is None and hasattr(event, "help_id")
        else dict(item)
        for item, event, help_id in zip(raw, events, ids, strict=True)
    ]
    if not _same_replay(events, [event_from_dict(m, DEFAULT_PROCESS) for m in migrated]):
        return out, (Issue.of("/events", _CHANGED),)  # pragma: no cover - a safety net
    out["events"] = migrated
    return out, ()


def _same_replay(before: list[Event], after: list[Event]) -> bool:
    """Both histories replay (table and dates) to the same states and the same helps."""
    try:
        a = DEFAULT_PROCESS.replay(before, case_id="", check_guards=False)
    except TransitionError:
        a = None
    try:
        b = DEFAULT_PROCESS.replay(after, case_id="", check_guards=False)
    except TransitionError:
        b = None
    if (a is None) != (b is None):
        return False
    if a is not None and b is not None and a.states != b.states:
        return False
    tracks_before, tracks_after = helps(before), helps(after)
    return tracks_before.keys() == tracks_after.keys() and [
        (t.help_type, t.grant is not None, t.ended_on, len(t.reviews), t.plan is not None)
        for t in tracks_before.values()
    ] == [
        (t.help_type, t.grant is not None, t.ended_on, len(t.reviews), t.plan is not None)
        for t in tracks_after.values()
    ]


def migrate_case_file_1_to_2(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """The case file migration of schema 1.0 to 2.0 (registered with
    :func:`sozialraum.schema.register_migration`): the help-type codes of the events are
    renamed, then the implied help ids made explicit (:func:`case_file_v1_to_v2`)."""
    from ..schema._migrate_v1 import migrate_codes

    renamed, issues = migrate_codes(copy.deepcopy(doc))
    if not isinstance(renamed, dict):
        return renamed, (*issues, Issue.of("", _NOT_OBJECT))
    migrated, more = case_file_v1_to_v2(renamed)
    # events that cannot be read are left as they are, for validation to report
    return migrated, (*issues, *(i for i in more if i.code.startswith("migrate.")))


schema.register_migration("case_file", "1.0", "2.0", migrate_case_file_1_to_2)
