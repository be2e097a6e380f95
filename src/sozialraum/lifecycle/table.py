"""The pieces of a transition table: states, rows, and the answers of ``allowed_events``.

>>> row = Transition(source="referral", event=Event, target="clarification")
>>> row.source, row.target, row.guards
('referral', 'clarification', ())
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from .events import Event, Guard, Language

__all__ = [
    "ANY_ACTIVE",
    "PREVIOUS",
    "EventOption",
    "Route",
    "RouteCheck",
    "State",
    "StateKind",
    "Transition",
]

#: Source of a transition that applies in every *active* state without its own row for
#: the event (and that is not the target itself), e.g. a § 8a risk assessment.
ANY_ACTIVE = "*"
#: Target of a transition that returns to the state the case was in before it entered the
#: current state (e.g. back to the running help after a risk assessment).
PREVIOUS = "<previous>"


def _guards(value: Iterable[Guard]) -> tuple[Guard, ...]:
    return tuple(value)


def _routes(value: Iterable[Route]) -> tuple[Route, ...]:
    return tuple(value)


#: ``check(event, history, context, parameters) -> bool``: whether the route is taken.
RouteCheck: TypeAlias = Callable[[Any, Sequence[Event], Any, Mapping[str, int]], bool]


@attrs.frozen(kw_only=True)
class Route:
    """A named condition that sends a transition to another target than its own.

    A row's routes are tried in order after its guards allowed the event; the first whose
    check is true decides the target, otherwise the row's ``target`` applies. Diagrams and
    ``Process.edges`` show both targets. (The default process routes ``HelpEnded`` back to
    ``help_active`` while other helps still run.)

    :param name: a stable name, shown in diagrams; processes are read back with routes by
        name, like guards.
    :param target: a state name.
    :param check: the function, see :data:`RouteCheck`.
    :param description: one sentence for people.
    """

    name: str
    target: str
    check: RouteCheck
    description: str = ""


class StateKind(enum.StrEnum):
    """Whether a state is where every case file starts, a working state, or an end."""

    INITIAL = "initial"
    ACTIVE = "active"
    FINAL = "final"


@attrs.frozen(kw_only=True)
class State:
    """One state of a process.

    :param name: a stable identifier used in data (``"help_active"``).
    :param kind: initial (exactly one per process), active or final.
    :param reference: the legal anchor, e.g. ``"§ 36 Abs. 2 SGB VIII"``.

    >>> State(name="help_planning", label_de="Hilfeplanung", label_en="help planning",
    ...       reference="§ 36 Abs. 2 SGB VIII").label("de")
    'Hilfeplanung'
    """

    name: str
    kind: StateKind = StateKind.ACTIVE
    label_de: str = ""
    label_en: str = ""
    reference: str = ""

    def label(self, language: Language = "en") -> str:
        """The label in ``language``, falling back to the other language, then the name."""
        first, second = (
            (self.label_de, self.label_en) if language == "de" else (self.label_en, self.label_de)
        )
        return first or second or self.name


@attrs.frozen(kw_only=True)
class Transition:
    """One row of the transition table: in ``source``, ``event`` leads to ``target`` if
    every guard allows it.

    :param source: a state name, or :data:`ANY_ACTIVE`.
    :param target: a state name (the source itself for an event that keeps the state), or
        :data:`PREVIOUS`.
    :param guards: checked in order; the first refusal wins.
    :param routes: other targets, each taken when its condition holds (see :class:`Route`).

    >>> from sozialraum.lifecycle.sgb8 import HelpEnded, ending_reason_coded
    >>> row = Transition(source="help_active", event=HelpEnded, target="clarification",
    ...                  guards=[ending_reason_coded])
    >>> [g.name for g in row.guards]
    ['ending_reason_coded']
    """

    source: str
    event: type[Event]
    target: str
    guards: tuple[Guard, ...] = attrs.field(default=(), converter=_guards)
    routes: tuple[Route, ...] = attrs.field(default=(), converter=_routes)


@attrs.frozen(kw_only=True)
class EventOption:
    """One answer of :meth:`Process.allowed_events`: an event type and what it would do.

    :param allowed: ``True`` if allowed (no guards, or the candidate passed them all),
        ``False`` if refused, ``None`` if guards apply but no candidate was given to check.
    :param guard: the refusing guard's name (``None`` if the table itself refuses).
    :param code: the refusal's stable code; ``reason``: its sentence.

    >>> from datetime import date
    >>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS as sgb8, ReferralReceived
    >>> f = sgb8.replay([ReferralReceived(on=date(2024, 1, 8))], case_id="F-1")
    >>> [(o.event, o.target) for o in sgb8.allowed_events(f)][:2]
    [('CaseClosed', 'closed'), ('ClarificationStarted', 'clarification')]
    """

    event: str
    target: str | None
    guards: tuple[str, ...] = ()
    allowed: bool | None = True
    guard: str | None = None
    code: str | None = None
    reason: str | None = None
