"""Checks of a process definition; every problem is collected before one error is raised."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import messages
from ..errors import Issue, ProcessDefinitionError
from .events import Correction, Event, Guard
from .table import ANY_ACTIVE, PREVIOUS, Route, State, StateKind, Transition

if TYPE_CHECKING:
    from .process import Process

__all__ = ["STATE_NAME_PATTERN", "validate"]

#: A state name is an ASCII identifier of at most 64 characters (a letter or ``_``, then
#: letters, digits or ``_``): it is used as a node id in Mermaid and DOT diagrams, in
#: data and in messages, so it can carry no markup, quotes or line breaks.
STATE_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$(?!\n)"
_STATE_NAME = re.compile(STATE_NAME_PATTERN)

messages.define("process.name", "a process needs a non-empty name")
messages.define("state.type", "expected a State")
messages.define("state.name", "a state name must be a non-reserved word")
messages.define(
    "state.name#identifier",
    "a state name must be a letter or _ followed by letters, digits or _ (at most 64 in all)",
)
messages.define("state.duplicate", "state names must be unique")
messages.define("process.initial_count", "a process needs exactly one initial state")
messages.define("transition.type", "expected a Transition")
messages.define("transition.unknown_source", "the source is not a state")
messages.define("transition.unknown_target", "the target is not a state")
messages.define("transition.event_type", "the event must be an Event subclass")
messages.define("event.name_clash", "two event classes share a name")
messages.define("guard.not_callable", "a guard needs a callable check")
messages.define("route.not_callable", "a route needs a callable check")
messages.define("transition.duplicate", "a (state, event) pair may appear only once")
messages.define("state.final_has_exit", "a final state cannot be left")
messages.define("transition.no_previous", "the initial state has no past")
messages.define("transition.no_previous#star", "'*' rows need a named target")
messages.define("parameter.type", "parameters are integers by name")
messages.define("state.unreachable", "the state cannot be reached")
messages.define("state.dead_end", "a non-final state needs a way out")


def _is_event_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Event) and value is not Correction


def validate(process: Process) -> None:
    """Raise :class:`ProcessDefinitionError` listing every problem of ``process``."""
    issues: list[Issue] = []

    def issue(path: str, key: str) -> None:
        issues.append(Issue.of(path, key))

    if not isinstance(process.name, str) or not process.name:
        issue("/name", "process.name")
    kinds: dict[str, StateKind] = {}
    for i, state in enumerate(process.states):
        if not isinstance(state, State):
            issue(f"/states/{i}", "state.type")
            continue
        if (
            not isinstance(state.name, str)
            or not state.name
            or state.name in (ANY_ACTIVE, PREVIOUS)
        ):
            issue(f"/states/{i}/name", "state.name")
        elif not _STATE_NAME.match(state.name):
            issue(f"/states/{i}/name", "state.name#identifier")
        elif state.name in kinds:
            issue(f"/states/{i}/name", "state.duplicate")
        kinds.setdefault(state.name, StateKind(state.kind))
    initials = [s for s in process.states if isinstance(s, State) and s.kind is StateKind.INITIAL]
    if len(initials) != 1:
        issue("/states", "process.initial_count")

    seen: set[tuple[str, type[Event]]] = set()
    names: dict[str, type[Event]] = {}
    edges: dict[str, set[str]] = {name: set() for name in kinds}
    star: list[tuple[str, type[Event]]] = []
    for i, t in enumerate(process.transitions):
        at = f"/transitions/{i}"
        if not isinstance(t, Transition):
            issue(at, "transition.type")
            continue
        source_ok = t.source == ANY_ACTIVE or t.source in kinds
        if not source_ok:
            issue(f"{at}/source", "transition.unknown_source")
        if t.target != PREVIOUS and t.target not in kinds:
            issue(f"{at}/target", "transition.unknown_target")
        if not _is_event_class(t.event):
            issue(f"{at}/event", "transition.event_type")
        else:
            other = names.setdefault(t.event.__name__, t.event)
            if other is not t.event:
                issue(f"{at}/event", "event.name_clash")
        for j, guard in enumerate(t.guards):
            if not isinstance(guard, Guard) or not callable(guard.check):
                issue(f"{at}/guards/{j}", "guard.not_callable")
        route_targets = []
        for j, route in enumerate(t.routes):
            if not isinstance(route, Route) or not callable(route.check):
                issue(f"{at}/routes/{j}", "route.not_callable")
            elif route.target not in kinds:
                issue(f"{at}/routes/{j}", "transition.unknown_target")
            else:
                route_targets.append(route.target)
        if source_ok and t.source != ANY_ACTIVE:
            if (t.source, t.event) in seen:
                issue(at, "transition.duplicate")
            seen.add((t.source, t.event))
            if kinds[t.source] is StateKind.FINAL:
                issue(f"{at}/source", "state.final_has_exit")
            if t.target == PREVIOUS and kinds[t.source] is StateKind.INITIAL:
                issue(f"{at}/target", "transition.no_previous")
        if t.source == ANY_ACTIVE and t.target == PREVIOUS:
            issue(f"{at}/target", "transition.no_previous#star")
        if t.target == PREVIOUS or t.target in kinds:
            for to in (t.target, *route_targets):
                if t.source == ANY_ACTIVE:
                    star.append((to, t.event))
                elif t.source in edges:
                    edges[t.source].add(to)
    for target, event in star:
        for name, kind in kinds.items():
            if kind is StateKind.ACTIVE and name != target and (name, event) not in seen:
                edges[name].add(target)

    for key, value in process.parameters.items():
        if not isinstance(key, str) or isinstance(value, bool) or not isinstance(value, int):
            issue(f"/parameters/{key}", "parameter.type")

    if len(initials) == 1 and initials[0].name in edges:
        reached = {initials[0].name}
        todo = [initials[0].name]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt in kinds and nxt not in reached:
                    reached.add(nxt)
                    todo.append(nxt)
        for i, state in enumerate(process.states):
            if isinstance(state, State) and state.name not in reached:
                issue(f"/states/{i}", "state.unreachable")
    for i, state in enumerate(process.states):
        if not isinstance(state, State) or state.kind is StateKind.FINAL:
            continue
        if not edges.get(state.name, set()) - {state.name}:
            issue(f"/states/{i}", "state.dead_end")
    if issues:
        raise ProcessDefinitionError(issues)
