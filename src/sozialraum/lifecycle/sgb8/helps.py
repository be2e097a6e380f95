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

from collections.abc import Sequence
from datetime import date
from typing import Literal

import attrs

from ...catalog import HELP_TYPES
from ..events import Correction, Event
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


class _Build:
    """A help while the history is read (mutable; frozen into a :class:`HelpTrack`)."""

    __slots__ = ("ended_on", "grant", "help_id", "help_type", "plan", "reviews", "statement")

    def __init__(self, help_id: str) -> None:
        self.help_id = help_id
        self.help_type: str | None = None
        self.plan: HelpPlanAgreed | None = None
        self.grant: HelpGranted | None = None
        self.reviews: list[PlanReviewed] = []
        self.ended_on: date | None = None
        self.statement = False

    def freeze(self) -> HelpTrack:
        return HelpTrack(
            help_id=self.help_id,
            help_type=self.help_type,
            plan=self.plan,
            grant=self.grant,
            reviews=tuple(self.reviews),
            ended_on=self.ended_on,
            statement=self.statement,
        )


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


class _Scan:
    """One forward pass over a history: the helps so far and the implied-id state."""

    __slots__ = ("builds", "free_statement", "ids", "running", "slot")

    def __init__(self) -> None:
        self.builds: dict[str, _Build] = {}
        self.running: list[str] = []  # grant order
        self.slot: str | None = None  # the implied help being planned
        self.free_statement = False  # an implied statement not yet used by a grant
        self.ids: list[str | None] = []

    @property
    def tracks(self) -> dict[str, HelpTrack]:
        return {k: b.freeze() for k, b in self.builds.items()}

    def _new_id(self) -> str:
        n = len(self.builds) + 1
        while str(n) in self.builds:
            n += 1
        return str(n)

    def resolve(self, event: Event, role: int | None = None) -> str | None:
        """The id of the help ``event`` concerns (``None``: no help), without recording."""
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

    def _end_all(self, day: date) -> None:
        for help_id in self.running:
            self.builds[help_id].ended_on = day
        self.running.clear()

    def add(self, event: Event) -> None:
        role = _ROLES.get(type(event))
        if role is None:
            role = _role(event)
        if role == 0:
            self.ids.append(None)
            return
        help_id = self.resolve(event, role)
        self.ids.append(help_id)
        if help_id is None:
            if role == 3:
                self.free_statement = True
            elif role == 4:
                self.slot = None
            elif (
                role == 5
                or (role == 6 and isinstance(event, Correction) and event.state not in HELP_STATES)
                or isinstance(event, HelpEnded)
            ):
                self._end_all(event.on)
            return
        build = self.builds.get(help_id)
        if build is None:
            build = self.builds[help_id] = _Build(help_id)
        if isinstance(event, HelpProposed):
            if build.grant is None:
                build.help_type = event.help_type
        elif isinstance(event, HelpPlanAgreed):
            if build.grant is None:
                build.plan = event
        elif isinstance(event, HelpGranted):
            if _needs_statement(event.help_type) and not build.statement and self.free_statement:
                build.statement, self.free_statement = True, False
            build.grant, build.help_type, build.ended_on = event, event.help_type, None
            if help_id not in self.running:
                self.running.append(help_id)
        elif isinstance(event, PlanReviewed):
            if help_id in self.running:
                build.reviews.append(event)
        elif isinstance(event, HelpEnded):
            if help_id in self.running:
                self.running.remove(help_id)
                build.ended_on = event.on
            if event.help_id is None:  # the help phase ends
                self._end_all(event.on)
        elif isinstance(event, SpecialistStatementRecorded):
            build.statement = True
        if role == 1:
            if getattr(event, "help_id", None) is None:
                self.slot = None if isinstance(event, HelpGranted) else help_id
            elif isinstance(event, HelpGranted) and self.slot == help_id:
                self.slot = None


def _scan(events: Sequence[Event]) -> _Scan:
    scan = _Scan()
    for event in events:
        scan.add(event)
    return scan


# The last history the guards scanned, with its length, last event and scan: the guards
# of one grant read the same history one after the other (a memo of one entry; it holds
# the objects it compares by identity, so their ids cannot be reused meanwhile).
_MEMO: list[tuple[Sequence[Event], int, Event | None, _Scan]] = []


def _scan_of(history: Sequence[Event]) -> _Scan:
    """The scan of ``history`` (read-only: callers must not change it)."""
    n = len(history)
    last = history[-1] if n else None
    if _MEMO:
        seen, length, tail, scan = _MEMO[0]
        if seen is history and length == n and tail is last:
            return scan
    scan = _scan(history)
    _MEMO[:] = [(history, n, last, scan)]
    return scan


def help_ids(events: Sequence[Event]) -> tuple[str | None, ...]:
    """The id of the help each event concerns (explicit or implied), ``None`` for events
    that concern no single help."""
    return tuple(_scan(events).ids)


def helps(events: Sequence[Event]) -> dict[str, HelpTrack]:
    """Every help of the history by id, in the order they first appear."""
    return _scan(events).tracks


def running_helps(events: Sequence[Event]) -> tuple[str, ...]:
    """The ids of the helps running after ``events``, in the order they were granted."""
    return tuple(_scan(events).running)
