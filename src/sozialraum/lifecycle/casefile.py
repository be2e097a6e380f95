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
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import messages
from ..errors import ValidationError
from .events import Correction, Event
from .history import History, _Buffer

if TYPE_CHECKING:
    from .process import Process

__all__ = ["CaseFile"]

messages.define("case_file.states_length", "a case file needs one state per event")

# A return stack (where PREVIOUS rows lead back to), innermost first, as a persistent
# linked list ``(state, rest)``; ``()`` is the empty stack.
_Returns = tuple[Any, ...]


class _Head:
    """What the versions of one case file share: its id, process, initial state, context
    and the process object that built it."""

    __slots__ = ("built_by", "case_id", "context", "initial", "process")

    def __init__(
        self, case_id: str, process: str, initial: str, context: object, built_by: Process | None
    ) -> None:
        self.case_id = case_id
        self.process = process
        self.initial = initial
        self.context = context
        self.built_by = built_by


# What a version knows: ``(state, the rows of that state by event class, the return stack,
# the head)``. Versions in the same state share it. For a file built directly the state is
# ``None`` and the rows are empty (the process works them out from the history).
_Phase = tuple[str | None, dict[Any, Any], tuple[Any, ...], _Head]
_NO_ROWS: dict[Any, Any] = {}  # never written to


_new = object.__new__


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
    :raises ValidationError: ``case_file.states_length`` if ``events`` and ``states``
        differ in length.

    Build case files with ``Process.start``, ``Process.apply`` and ``Process.replay``, which
    check every event; constructing one directly checks nothing else.

    A case file is immutable: its attributes are read-only (assigning one raises
    :class:`AttributeError`; its private slots are not to be touched). ``events`` and ``states`` are
    :class:`~sozialraum.lifecycle.History` sequences that compare equal to tuples; the
    versions of a file share them (structural sharing), so ``Process.apply`` costs the same
    whatever the length of the history.
    """

    __slots__ = ("__weakref__", "_buffer", "_last_on", "_n", "_phase")

    _buffer: _Buffer  # shared with the other versions; the first _n items are this one's
    _n: int
    _last_on: date  # the date of the last event (date.min for none): the order check
    _phase: _Phase

    def __init__(
        self,
        *,
        case_id: str,
        process: str,
        initial: str,
        events: Iterable[Event] = (),
        states: Iterable[str] = (),
        context: object = None,
        built_by: Process | None = None,
    ) -> None:
        buffer = _Buffer(events, list(states), initial)
        if len(buffer) != len(buffer.known):
            raise ValidationError.single("/states", "case_file.states_length")
        self._buffer = buffer
        self._n = len(buffer)
        self._last_on = getattr(buffer[-1], "on", date.min) if buffer else date.min
        self._phase = (None, _NO_ROWS, (), _Head(case_id, process, initial, context, built_by))

    @classmethod
    def _make(cls, buffer: _Buffer, n: int, phase: _Phase) -> CaseFile:
        """A version without checks or copies (for the process)."""
        new = _new(cls)
        new._buffer = buffer
        new._n = n
        new._last_on = buffer[n - 1].on if n else date.min
        new._phase = phase
        return new

    @property
    def _head(self) -> _Head:
        return self._phase[3]

    # ------------------------------------------------------------------ the fields

    @property
    def case_id(self) -> str:
        """The case's id (a pseudonymous key, never a name)."""
        return self._head.case_id

    @property
    def process(self) -> str:
        """The name of the process that built the file."""
        return self._head.process

    @property
    def initial(self) -> str:
        """The process's initial state (the state before the first event)."""
        return self._head.initial

    @property
    def context(self) -> object:
        """The facts the guards read beyond the history."""
        return self._head.context

    @property
    def built_by(self) -> Process | None:
        """The process object that built the file, if known."""
        return self._head.built_by

    @property
    def events(self) -> History[Event]:
        """The history, oldest first."""
        return History(self._buffer, self._n)

    @property
    def states(self) -> History[str]:
        """``states[i]`` is the state after ``events[i]``."""
        n = self._n
        return History(self._buffer.states(n), n)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, CaseFile)
        a, b = self._head, other._head
        return (
            a.case_id == b.case_id
            and a.process == b.process
            and a.initial == b.initial
            and self.events == other.events
            and self.states == other.states
            and a.context == b.context
        )

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        head = self._head
        return hash(
            (head.case_id, head.process, head.initial, self.events, self.states, head.context)
        )

    def __repr__(self) -> str:
        head = self._head
        return (
            f"CaseFile(case_id={head.case_id!r}, process={head.process!r}, "
            f"initial={head.initial!r}, events={self.events._tuple()!r}, "
            f"states={self.states._tuple()!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without ``built_by`` (a process holds functions; pass it again where
        needed, as for a file read from JSON)."""
        head = self._head
        return (
            _rebuild,
            (
                head.case_id,
                head.process,
                head.initial,
                self.events._tuple(),
                self.states._tuple(),
                head.context,
            ),
        )

    # ------------------------------------------------------------------ derived

    @property
    def version(self) -> int:
        """The number of events: the version to pass as ``expected_version`` when applying
        the next event (optimistic locking, see ``Process.apply``)."""
        return self._n

    @property
    def state(self) -> str:
        """The current state."""
        phase = self._phase
        if phase[0] is not None:  # known for the files a process built
            return phase[0]
        n = self._n
        return self._buffer.states(n)[n - 1] if n else phase[3].initial

    @property
    def last_on(self) -> date | None:
        """The date of the last event, ``None`` for an empty history."""
        n = self._n
        return self._buffer[n - 1].on if n else None

    @property
    def opened_on(self) -> date | None:
        """The date of the first event, ``None`` for an empty history."""
        return self._buffer[0].on if self._n else None

    def __len__(self) -> int:
        return self._n

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


def _rebuild(
    case_id: str,
    process: str,
    initial: str,
    events: tuple[Event, ...],
    states: tuple[str, ...],
    context: object,
) -> CaseFile:
    """Unpickle a case file."""
    return CaseFile(
        case_id=case_id,
        process=process,
        initial=initial,
        events=events,
        states=states,
        context=context,
    )
