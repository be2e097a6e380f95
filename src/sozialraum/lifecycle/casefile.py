"""The case file: an immutable, ordered history of events and the states it led through.

A :class:`CaseFile` is built by a :class:`~sozialraum.lifecycle.Process` (``start``,
``apply``, ``replay``); it never changes: applying an event returns a new file. Its current
state is derived from the history; ``states[i]`` is the state after ``events[i]``, so the
file answers "where did this case stand on that day" without the process.

>>> from datetime import date
>>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS as sgb8, ReferralReceived
>>> f = sgb8.start("F-1")
>>> f.state
'start'
>>> f = sgb8.apply(f, ReferralReceived(on=date(2024, 1, 8), by="asd-17"))
>>> f.state, f.state_at(date(2024, 1, 7)), f.state_at(date(2024, 1, 8))
('referral', 'start', 'referral')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import attrs

from .events import Correction, Event

if TYPE_CHECKING:
    from .process import Process

__all__ = ["CaseFile"]


@attrs.frozen(kw_only=True)
class CaseFile:
    """The lifecycle of one case: its events, oldest first, and the state after each.

    :param case_id: the case's id (a pseudonymous key, never a name).
    :param process: the name of the :class:`~sozialraum.lifecycle.Process` that built it.
    :param initial: the process's initial state (the state before the first event).
    :param events: the history, in the order it was recorded.
    :param states: ``states[i]`` is the state after ``events[i]`` (same length).
    :param context: the facts the guards read beyond the history (for the default process a
        :class:`~sozialraum.lifecycle.sgb8.CaseContext` with the birth date); saved with
        the file, so a reloaded file replays the same. Never shown in the ``repr``.
    :param built_by: the :class:`~sozialraum.lifecycle.Process` object that built the file,
        if known (reviews use it); not compared, not saved.

    Build case files with ``Process.start``, ``Process.apply`` and ``Process.replay``, which
    check every event; constructing one directly checks nothing.
    """

    case_id: str
    process: str
    initial: str
    events: tuple[Event, ...] = ()
    states: tuple[str, ...] = ()
    context: object = attrs.field(default=None, repr=False)
    built_by: Process | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def version(self) -> int:
        """The number of events: the version to pass as ``expected_version`` when applying
        the next event (optimistic locking, see ``Process.apply``)."""
        return len(self.events)

    @property
    def state(self) -> str:
        """The current state."""
        states = self.states
        return states[-1] if states else self.initial

    @property
    def last_on(self) -> date | None:
        """The date of the last event, ``None`` for an empty history."""
        return self.events[-1].on if self.events else None

    @property
    def opened_on(self) -> date | None:
        """The date of the first event, ``None`` for an empty history."""
        return self.events[0].on if self.events else None

    def __len__(self) -> int:
        return len(self.events)

    def timeline(self) -> tuple[tuple[date, str], ...]:
        """The days on which the state changed and the state from that day, oldest first.

        Several events on one day count at the end of the day. A :class:`Correction` dated
        ``d`` replaces everything the timeline said from ``d`` on.

        >>> from datetime import date
        >>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS as sgb8, example_history
        >>> f = sgb8.replay(example_history(), case_id="F-1")
        >>> f.timeline()[:2]
        ((datetime.date(2024, 1, 8), 'referral'), (datetime.date(2024, 1, 15), 'clarification'))
        """
        points: list[tuple[date, str]] = []
        current = self.initial
        for event, state in zip(self.events, self.states, strict=True):
            on = event.on
            if isinstance(event, Correction):
                while points and points[-1][0] >= on:
                    points.pop()
                current = points[-1][1] if points else self.initial
            elif points and points[-1][0] == on:
                points.pop()
                current = points[-1][1] if points else self.initial
            if state != current:
                points.append((on, state))
                current = state
        return tuple(points)

    def state_at(self, day: date) -> str:
        """Where the case stood at the end of ``day`` (the initial state before the first
        event).

        Without corrections this equals replaying the events dated up to ``day``.
        """
        points = self.timeline()
        i = bisect_right(points, day, key=lambda p: p[0])
        return points[i - 1][1] if i else self.initial

    def entered_on(self) -> date | None:
        """The day the case entered its current state (``None`` in the initial state)."""
        points = self.timeline()
        return points[-1][0] if points else None

    def __iter__(self) -> Iterator[tuple[Event, str]]:
        """``(event, state after it)`` pairs, oldest first."""
        return zip(self.events, self.states, strict=True)
