"""Deriving a process from another one (see :meth:`Process.derive`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .. import messages
from ..errors import Issue, ProcessDefinitionError, join_pointer
from .events import Event, Guard

if TYPE_CHECKING:
    from .process import Process
    from .table import State, Transition

__all__ = ["derive"]

messages.define("derive.unknown_guard", "no guard by that name")
messages.define("derive.unknown_transition", "no such transition")


def derive(
    process: Process,
    *,
    name: str,
    description: str | None = None,
    add_states: Iterable[State] = (),
    add_transitions: Iterable[Transition] = (),
    remove_transitions: Iterable[tuple[str, type[Event]]] = (),
    replace_guards: Mapping[str, Guard | None] | None = None,
    add_guards: Iterable[tuple[str, type[Event], Guard]] = (),
    parameters: Mapping[str, int] | None = None,
) -> Process:
    """The implementation of :meth:`Process.derive`."""
    from .process import Process

    removed = set(remove_transitions)
    replace = dict(replace_guards or {})
    extra_guards = list(add_guards)
    _check(process, replace, extra_guards, removed)
    rows: list[Transition] = []
    for t in process.transitions:
        if (t.source, t.event) in removed:
            continue
        guards = [replace.get(g.name, g) if g.name in replace else g for g in t.guards]
        guards += [g for s, e, g in extra_guards if (s, e) == (t.source, t.event)]
        rows.append(attrs.evolve(t, guards=tuple(g for g in guards if g is not None)))
    for new in add_transitions:
        key = (new.source, new.event)
        at = next((i for i, t in enumerate(rows) if (t.source, t.event) == key), None)
        if at is None:
            rows.append(new)
        else:
            rows[at] = new
    states = list(process.states)
    for state in add_states:
        at = next((i for i, s in enumerate(states) if s.name == state.name), None)
        if at is None:
            states.append(state)
        else:
            states[at] = state
    return Process(
        name=name,
        states=tuple(states),
        transitions=tuple(rows),
        parameters={**process.parameters, **(parameters or {})},
        description=process.description if description is None else description,
    )


def _check(
    process: Process,
    replace: Mapping[str, Guard | None],
    add_guards: list[tuple[str, type[Event], Guard]],
    removed: set[tuple[str, type[Event]]],
) -> None:
    """Raise if a derivation names a guard or a row the process does not have."""
    issues: list[Issue] = []
    known = process.guards
    rows = {(t.source, t.event) for t in process.transitions}
    for name in replace:
        if name not in known:
            issues.append(Issue.of(join_pointer("/replace_guards", name), "derive.unknown_guard"))
    for i, (source, event, _guard) in enumerate(add_guards):
        if (source, event) not in rows:
            issues.append(Issue.of(f"/add_guards/{i}", "derive.unknown_transition"))
    for i, key in enumerate(sorted(removed, key=lambda k: (k[0], k[1].__name__))):
        if key not in rows:
            issues.append(Issue.of(f"/remove_transitions/{i}", "derive.unknown_transition"))
    if issues:
        raise ProcessDefinitionError(issues)
