"""The helps of a case file: which help each event concerns, and where each help stands.

A case often has several helps at once (a § 31 family help while a § 35a help runs). The
events that concern one help carry its ``help_id``; :func:`helps` reads a history and
tracks every help: proposed and planned, running from its grant, ended by its
:class:`~sozialraum.lifecycle.sgb8.HelpEnded`.

**Histories without help ids** (single-help histories, schema 1) keep working: an event
without ``help_id`` concerns *the* help, by these rules, which :func:`help_ids` applies:

* a planning event (``HelpProposed``, ``HelpPlanAgreed``, ``HelpGranted``) concerns the help
  being planned; the first one after ``PlanningStarted`` (or after the last grant) starts a
  new help, whose implied id is its number in the file (``"1"``, ``"2"`` …, skipping ids in
  use);
* a ``PlanReviewed`` concerns the help granted last that still runs; a ``HelpEnded``
  without id ends the help phase: every running help ends and the case returns to
  clarification;
* a ``SpecialistStatementRecorded`` without id counts for the next help that needs one.

Every running help is over when the case leaves the help: at ``CustodyEnded`` (the case
returns to clarification), ``CaseClosed``, ``TransferCompleted``, and a ``Correction`` to a
state outside :data:`HELP_STATES`.

>>> from datetime import date
>>> from sozialraum.lifecycle.sgb8 import example_history
>>> [(h.help_id, h.help_type, h.status) for h in helps(example_history()).values()]
[('1', '31', 'running')]
>>> help_ids(example_history())[-2:]
('1', '1')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal, NamedTuple

import attrs

from ...catalog import HELP_TYPES
from ..events import Correction, Event
from ..history import fold
from .events import (
    CaseClosed,
    CustodyEnded,
    HelpEnded,
    HelpGranted,
    HelpPlanAgreed,
    HelpProposed,
    PlanningStarted,
    PlanReviewed,
    SpecialistStatementRecorded,
    TransferCompleted,
)

__all__ = ["HELP_STATES", "HelpStatus", "HelpTrack", "help_ids", "helps", "running_helps"]

#: The states in which granted helps keep running (a § 8a assessment, an emergency
#: custody or a transfer interrupts the case's help phase, it does not end the helps).
HELP_STATES = frozenset({"help_active", "risk_assessment", "emergency_custody", "transfer"})

#: Where a help stands: proposed or planned, running (granted), ended.
HelpStatus = Literal["planned", "running", "ended"]


@attrs.frozen(kw_only=True)
class HelpTrack:
    """One help of a case file and where it stands.

    :param help_id: its id (explicit, or implied for histories without ids).
    :param help_type: the help type of its grant, else of its last proposal.
    :param plan: the last help plan agreed for it before its grant (``None``: no plan,
        e.g. help used through direct access).
    :param grant: its grant, ``None`` while it is only proposed or planned.
    :param reviews: its plan reviews, oldest first.
    :param ended_on: the day it ended (by its ``HelpEnded`` or because the case left the
        help), ``None`` while it runs.
    :param statement: a specialist statement (§ 35a Abs. 1a) is on file for it.
    """

    help_id: str
    help_type: str | None = None
    plan: HelpPlanAgreed | None = None
    grant: HelpGranted | None = None
    reviews: tuple[PlanReviewed, ...] = ()
    ended_on: date | None = None
    statement: bool = False

    @property
    def status(self) -> HelpStatus:
        """``"planned"``, ``"running"`` or ``"ended"``."""
        if self.grant is None:
            return "planned"
        return "running" if self.ended_on is None else "ended"


def _needs_statement(help_type: str | None) -> bool:
    kind = HELP_TYPES.get(help_type) if help_type is not None else None
    return kind is not None and kind.needs_specialist_statement


# how each event class takes part: 1 planning, 2 running-side, 3 statement, 4 planning
# starts, 5 every running help ends, 6 a correction; others (0) take no part
_ROLE: dict[type[Event], int] = {
    HelpProposed: 1,
    HelpPlanAgreed: 1,
    HelpGranted: 1,
    PlanReviewed: 2,
    HelpEnded: 2,
    SpecialistStatementRecorded: 3,
    PlanningStarted: 4,
    CustodyEnded: 5,
    CaseClosed: 5,
    TransferCompleted: 5,
}


# the role of every event class met so far (subclasses take part like their base)
_ROLES: dict[type[Event], int] = {**_ROLE, Correction: 6}


def _role(event: Event) -> int:
    cls = type(event)
    role = _ROLES.get(cls)
    if role is None:
        role = next((_ROLES[b] for b in cls.__mro__[1:] if b in _ROLES), 0)
        _ROLES[cls] = role
    return role


class _Help(NamedTuple):
    """A help in a :class:`_Helps` state (immutable; its reviews are kept apart)."""

    help_id: str
    help_type: str | None = None
    plan: HelpPlanAgreed | None = None
    grant: HelpGranted | None = None
    ended_on: date | None = None
    statement: bool = False


class _Helps:
    """Where the helps of a history stand and the implied-id state: an immutable value,
    one per history length (a fold: :func:`_advance` makes the next from the last and an
    event, sharing what did not change)."""

    __slots__ = ("builds", "free_statement", "running", "slot")

    def __init__(
        self,
        builds: dict[str, _Help],
        running: tuple[str, ...],
        slot: str | None,
        free_statement: bool,
    ) -> None:
        self.builds = builds  # by id, first appearance order; never changed once built
        self.running = running  # grant order
        self.slot = slot  # the implied help being planned
        self.free_statement = free_statement  # an implied statement not yet used by a grant

    def _new_id(self) -> str:
        n = len(self.builds) + 1
        while str(n) in self.builds:
            n += 1
        return str(n)

    def resolve(self, event: Event, role: int | None = None) -> str | None:
        """The id of the help ``event`` concerns (``None``: no help)."""
        if role is None:
            role = _role(event)
        if role == 0 or role > 3:
            return None
        explicit: str | None = getattr(event, "help_id", None)
        if explicit is not None or role == 3:
            return explicit
        if role == 1:
            return self.slot if self.slot is not None else self._new_id()
        return self.running[-1] if self.running else None

    def end_all(self, day: date) -> _Helps:
        """Every running help ended on ``day``."""
        if not self.running:
            return self
        builds = dict(self.builds)
        for help_id in self.running:
            builds[help_id] = builds[help_id]._replace(ended_on=day)
        return _Helps(builds, (), self.slot, self.free_statement)


_NO_HELPS = _Helps({}, (), None, False)


def _step(state: _Helps, event: Event, role: int) -> tuple[_Helps, str | None]:
    """The state after ``event`` (``role`` is its :func:`_role`, not 0) and the id of the
    help it concerns."""
    help_id = state.resolve(event, role)
    if help_id is None:
        if role == 3:
            free = True
            return (
                state
                if state.free_statement
                else _Helps(state.builds, state.running, state.slot, free)
            ), None
        if role == 4:
            return (
                state
                if state.slot is None
                else _Helps(state.builds, state.running, None, state.free_statement)
            ), None
        if (
            role == 5
            or (role == 6 and isinstance(event, Correction) and event.state not in HELP_STATES)
            or isinstance(event, HelpEnded)
        ):
            return state.end_all(event.on), None
        return state, None
    build = state.builds.get(help_id)
    new = _Help(help_id) if build is None else build
    running, slot, free = state.running, state.slot, state.free_statement
    end_on: date | None = None
    if isinstance(event, HelpProposed):
        if new.grant is None:
            new = new._replace(help_type=event.help_type)
    elif isinstance(event, HelpPlanAgreed):
        if new.grant is None:
            new = new._replace(plan=event)
    elif isinstance(event, HelpGranted):
        statement = new.statement
        if _needs_statement(event.help_type) and not statement and free:
            statement, free = True, False
        new = new._replace(
            grant=event, help_type=event.help_type, ended_on=None, statement=statement
        )
        if help_id not in running:
            running = (*running, help_id)
    elif isinstance(event, HelpEnded):
        if help_id in running:
            running = tuple(h for h in running if h != help_id)
            new = new._replace(ended_on=event.on)
        if event.help_id is None:  # the help phase ends
            end_on = event.on
    elif isinstance(event, SpecialistStatementRecorded) and not new.statement:
        new = new._replace(statement=True)
    if role == 1:
        if getattr(event, "help_id", None) is None:
            slot = None if isinstance(event, HelpGranted) else help_id
        elif isinstance(event, HelpGranted) and slot == help_id:
            slot = None
    builds = state.builds if new is build else {**state.builds, help_id: new}
    if (
        builds is state.builds
        and running is state.running
        and slot == state.slot
        and free == state.free_statement
    ):
        after = state
    else:
        after = _Helps(builds, running, slot, free)
    if end_on is not None:
        after = after.end_all(end_on)
    return after, help_id


def _advance(state: _Helps, event: Event) -> _Helps:
    """The fold step of :data:`_FOLD`."""
    if type(event) is PlanReviewed:  # the most frequent event: it changes nothing ...
        help_id = event.help_id
        if help_id is None or help_id in state.builds:  # ... unless it names a new id
            return state
    role = _ROLES.get(type(event))
    if role is None:
        role = _role(event)
    return state if role == 0 else _step(state, event, role)[0]


#: The key of the helps fold in a history's cache (see :func:`sozialraum.lifecycle.fold`).
_FOLD = "sozialraum.lifecycle.sgb8.helps"


def _scan_of(history: Sequence[Event]) -> _Helps:
    """Where the helps of ``history`` stand: cached with a case file's history and carried
    from version to version, so a guard never rescans the history."""
    return fold(history, _FOLD, _NO_HELPS, _advance)


def _scan(
    events: Iterable[Event],
) -> tuple[_Helps, list[str | None], dict[str, list[PlanReviewed]]]:
    """One pass: the final state, the help id of each event and the reviews of each help."""
    state = _NO_HELPS
    ids: list[str | None] = []
    reviews: dict[str, list[PlanReviewed]] = {}
    for event in events:
        role = _ROLES.get(type(event))
        if role is None:
            role = _role(event)
        if role == 0:
            ids.append(None)
            continue
        before = state
        state, help_id = _step(state, event, role)
        ids.append(help_id)
        if help_id is not None and isinstance(event, PlanReviewed) and help_id in before.running:
            reviews.setdefault(help_id, []).append(event)
    return state, ids, reviews


def help_ids(events: Sequence[Event]) -> tuple[str | None, ...]:
    """The id of the help each event concerns (explicit or implied), ``None`` for events
    that concern no single help."""
    return tuple(_scan(events)[1])


def helps(events: Sequence[Event]) -> dict[str, HelpTrack]:
    """Every help of the history by id, in the order they first appear."""
    state, _ids, reviews = _scan(events)
    return {
        help_id: HelpTrack(
            help_id=help_id,
            help_type=h.help_type,
            plan=h.plan,
            grant=h.grant,
            reviews=tuple(reviews.get(help_id, ())),
            ended_on=h.ended_on,
            statement=h.statement,
        )
        for help_id, h in state.builds.items()
    }


def running_helps(events: Sequence[Event]) -> tuple[str, ...]:
    """The ids of the helps running after ``events``, in the order they were granted."""
    return _scan_of(events).running
