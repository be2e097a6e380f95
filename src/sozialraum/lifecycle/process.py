"""The generic engine: a process is data (states, a transition table, guards, parameters).

A :class:`Process` is validated when it is built (every problem reported at once, as a
:class:`~sozialraum.errors.ProcessDefinitionError`) and compiled into a dict keyed by
``(state, event class)``. Applying an event is one dict look-up, the guards of that row and
one new :class:`~sozialraum.lifecycle.CaseFile`; nothing is mutated.

>>> from datetime import date
>>> import attrs
>>> @attrs.frozen(kw_only=True)
... class Opened(Event): pass
>>> @attrs.frozen(kw_only=True)
... class Closed(Event): pass
>>> tiny = Process(
...     name="tiny",
...     states=(State(name="new", kind=StateKind.INITIAL), State(name="open"),
...             State(name="done", kind=StateKind.FINAL)),
...     transitions=(Transition(source="new", event=Opened, target="open"),
...                  Transition(source="open", event=Closed, target="done")),
... )
>>> f = tiny.apply(tiny.start("C-1"), Opened(on=date(2024, 1, 2)))
>>> f.state
'open'
>>> tiny.apply(f, Opened(on=date(2024, 1, 3)))
Traceback (most recent call last):
...
sozialraum.errors.TransitionError: Opened refused in state 'open': the process has no transition for this event in this state (allowed in this state: Closed) [transition.not_allowed]
>>> tiny.replay([Opened(on=date(2024, 1, 2)), Closed(on=date(2024, 2, 1))], case_id="C-1").state
'done'
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from .. import messages
from ..errors import ConcurrencyError, TransitionError, ValidationError
from ._validate import validate
from .casefile import CaseFile, _Head
from .events import Correction, Event, Guard, GuardCheck, Refusal
from .history import History, _append, _branch, _Buffer
from .table import ANY_ACTIVE, PREVIOUS, EventOption, Route, State, StateKind, Transition

__all__ = ["Process"]

messages.define("history.out_of_order", "the event is dated before the last event")
messages.define("process.mismatch", "the case file belongs to another process")
messages.define(
    "transition.not_allowed", "the process has no transition for this event in this state"
)
messages.define("correction.before_opening", "a correction cannot predate the file")
messages.define("correction.unknown_state", "unknown target state")
messages.define("correction.unaudited", "a correction needs 'by' and 'note'")
messages.define("correction.empty_history", "there is nothing to correct")
messages.define("type.invalid#event", "expected a lifecycle Event")


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return tuple(value)


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(value)


# A compiled row: (target or None for PREVIOUS, guards, their check functions, routes).
_Row = tuple[str | None, tuple[Guard, ...], tuple[GuardCheck, ...], tuple[Route, ...]]


_new = object.__new__
_new_list = list.__new__


def _params(value: Mapping[str, int]) -> dict[str, int]:
    return dict(value)


def _linked(stack: list[str]) -> tuple[Any, ...]:
    """A return stack (a list, innermost last) as a persistent linked list."""
    linked: tuple[Any, ...] = ()
    for state in stack:
        linked = (state, linked)
    return linked


@attrs.frozen(kw_only=True, eq=True, hash=False)
class Process:
    """A case process: states, transition table, guards and parameters, all as data.

    :param name: identifies the process in case files (``"sgb8"``).
    :param parameters: integer settings the guards and review rules read (e.g. review
        intervals in months); documented by the process that uses them.
    :raises ProcessDefinitionError: listing every problem (unknown states, not exactly one
        initial state, unreachable states, dead ends, exits from final states, guards that
        are not callable, duplicate rows …).
    """

    name: str
    states: tuple[State, ...] = attrs.field(converter=_states)
    transitions: tuple[Transition, ...] = attrs.field(converter=_transitions)
    parameters: Mapping[str, int] = attrs.field(factory=dict, converter=_params)
    description: str = ""
    _table: dict[tuple[str, type[Event]], _Row] = attrs.field(init=False, repr=False, eq=False)
    # the hot path: rows without routes (routed rows go the slow path), with and without
    # their guard checks
    _fast: dict[tuple[str, type[Event]], _Row] = attrs.field(init=False, repr=False, eq=False)
    _unguarded: dict[tuple[str, type[Event]], _Row] = attrs.field(init=False, repr=False, eq=False)
    _by_state: dict[str, dict[type[Event], _Row]] = attrs.field(init=False, repr=False, eq=False)
    _by_state_unguarded: dict[str, dict[type[Event], _Row]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _rows: dict[str, tuple[tuple[type[Event], _Row], ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _initial: str = attrs.field(init=False, repr=False, eq=False)
    _states: dict[str, State] = attrs.field(init=False, repr=False, eq=False)
    _allowed: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        validate(self)
        states = {s.name: s for s in self.states}
        initial = next(s.name for s in self.states if s.kind is StateKind.INITIAL)
        explicit = {(t.source, t.event) for t in self.transitions if t.source != ANY_ACTIVE}
        table: dict[tuple[str, type[Event]], _Row] = {}
        for t in self.transitions:
            row: _Row = (
                None if t.target == PREVIOUS else t.target,
                t.guards,
                tuple(g.check for g in t.guards),
                t.routes,
            )
            if t.source != ANY_ACTIVE:
                table[(t.source, t.event)] = row
                continue
            for s in self.states:
                if (
                    s.kind is StateKind.ACTIVE
                    and s.name != t.target
                    and (s.name, t.event) not in explicit
                ):
                    table[(s.name, t.event)] = row
        rows: dict[str, list[tuple[type[Event], _Row]]] = {s: [] for s in states}
        for (source, event), row in table.items():
            rows[source].append((event, row))
        set_ = object.__setattr__
        set_(self, "_table", table)
        fast = {key: row for key, row in table.items() if not row[3]}
        set_(self, "_fast", fast)
        set_(self, "_unguarded", {key: (r[0], r[1], (), r[3]) for key, r in fast.items()})
        by_state: dict[str, dict[type[Event], _Row]] = {s: {} for s in states}
        by_state_unguarded: dict[str, dict[type[Event], _Row]] = {s: {} for s in states}
        for (source, cls), row in fast.items():
            by_state[source][cls] = row
            by_state_unguarded[source][cls] = (row[0], row[1], (), row[3])
        set_(self, "_by_state", by_state)
        set_(self, "_by_state_unguarded", by_state_unguarded)
        set_(self, "_rows", {s: tuple(r) for s, r in rows.items()})
        set_(self, "_initial", initial)
        set_(self, "_states", states)
        set_(
            self,
            "_allowed",
            {s: tuple(sorted(cls.__name__ for cls, _row in r)) for s, r in rows.items()},
        )

    def __repr__(self) -> str:
        """Short: the name and size, not the whole table (it shows in signatures as the
        default of ``process=`` parameters).

        >>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS
        >>> DEFAULT_PROCESS
        <Process 'sgb8'>
        """
        return f"<Process {self.name!r}>"

    # ------------------------------------------------------------------ introspection

    @property
    def initial(self) -> str:
        """The name of the initial state."""
        return self._initial

    def state(self, name: str) -> State:
        """The state called ``name`` (:class:`KeyError` if there is none)."""
        return self._states[name]

    @property
    def events(self) -> tuple[type[Event], ...]:
        """Every event class of the table (first appearance order), then :class:`Correction`."""
        seen = dict.fromkeys(t.event for t in self.transitions)
        seen[Correction] = None
        return tuple(seen)

    @property
    def guards(self) -> dict[str, Guard]:
        """Every guard of the table by name."""
        return {g.name: g for t in self.transitions for g in t.guards}

    def edges(self) -> tuple[tuple[str, type[Event], str, tuple[Guard, ...]], ...]:
        """The compiled table as ``(source, event, target, guards)``, ``*`` rows expanded
        and :data:`PREVIOUS` targets resolved to every state the source can be entered from.
        """
        entered_from: dict[str, list[str]] = {}
        for (source, _event), (target, _g, _c, routes) in self._table.items():
            for to in (target, *(r.target for r in routes)):
                if to is not None and to != source:
                    entered_from.setdefault(to, []).append(source)
        out: list[tuple[str, type[Event], str, tuple[Guard, ...]]] = []
        for (source, event), (target, guards, _c, routes) in self._table.items():
            targets = dict.fromkeys(entered_from.get(source, ())) if target is None else [target]
            targets = [*targets, *(r.target for r in routes if r.target not in targets)]
            out.extend((source, event, t, guards) for t in targets)
        return tuple(out)

    # ------------------------------------------------------------------ case files

    def _error(
        self,
        state: str,
        event: Event,
        key: str,
        guard: str | None = None,
        params: Mapping[str, messages.Param] | None = None,
        *,
        reason: str | None = None,
    ) -> TransitionError:
        """A refusal naming the events this process allows in ``state``; its reason is the
        message ``key`` of the catalogue (or a ``reason`` written by a guard)."""
        values = dict(params or {})
        return TransitionError(
            state=state,
            event=type(event).__name__,
            guard=guard,
            code=key,
            reason=messages.render(key, values) if reason is None else reason,
            params=values,
            allowed=self._allowed.get(state, ()),
        )

    def start(self, case_id: str, context: object = None) -> CaseFile:
        """An empty case file in the initial state (version 0).

        :param context: the facts the guards read (kept with the file, see
            :class:`~sozialraum.lifecycle.CaseFile`).
        """
        buffer = _new_list(_Buffer)  # empty; no __init__ call (start is per case)
        buffer.known = []
        buffer.changes = []
        buffer.initial = self._initial
        buffer.folds = {}
        new = _new(CaseFile)
        new._buffer = buffer
        new._n = 0
        new._last_on = date.min
        initial = self._initial
        head = _Head(case_id, self.name, initial, context, self)
        new._phase = (initial, self._by_state[initial], (), head)
        return new

    def _lookup(self, state: str, event: Event) -> _Row | None:
        """The row for ``event`` in ``state``, also for subclasses of table events."""
        for cls in type(event).__mro__:
            row = self._table.get((state, cls))
            if row is not None:
                return row
        return None

    def return_state(self, case_file: CaseFile) -> str:
        """Where a return (:data:`PREVIOUS`) would lead now: the state the case came from
        when it entered its current state. Returns do not count as entering, so returns nest
        (a risk assessment during a transfer returns to the transfer, which returns to where
        the case was before the transfer).
        """
        returns = self._returns_of(case_file)
        return str(returns[0]) if returns else self._initial

    def _returns_of(self, case_file: CaseFile) -> tuple[Any, ...]:
        """The return stack of ``case_file`` (a linked list, innermost first): the one the
        file carries if this process built it, else read from its history."""
        phase = case_file._phase
        if phase[0] is not None and phase[3].built_by is self:
            return phase[2]
        stack: list[str] = []
        state = self._initial
        for event, new in zip(case_file.events, case_file.states, strict=True):
            row = None if isinstance(event, Correction) else self._lookup(state, event)
            if row is not None and row[0] is None:
                if stack:  # pragma: no branch (a return always has somewhere to go)
                    stack.pop()
            elif new != state:
                stack.append(state)
            state = new
        return _linked(stack)

    def _resolve(
        self,
        state: str,
        event: Event,
        history: Sequence[Event],
        context: object,
        params: Mapping[str, int],
    ) -> _Row:
        """The slow path after a miss of the fast table: rows with routes (their target is
        decided here), subclasses of table events, corrections."""
        row = self._lookup(state, event)
        if row is not None:
            for route in row[3]:
                if route.check(event, history, context, params):
                    return (route.target, row[1], row[2], ())
            return row
        if isinstance(event, Correction):
            if not history:
                raise self._error(state, event, "correction.empty_history")
            if not event.by or not event.note:
                raise self._error(state, event, "correction.unaudited")
            if event.state not in self._states:
                raise self._error(state, event, "correction.unknown_state")
            if event.on < history[0].on:
                raise self._error(state, event, "correction.before_opening")
            return (event.state, (), (), ())
        raise self._error(state, event, "transition.not_allowed")

    def _refused(
        self, state: str, event: Event, row: _Row, check: GuardCheck, refusal: Refusal
    ) -> TransitionError:
        return self._refusal(state, event, row[1][row[2].index(check)].name, refusal)

    def _refusal(self, state: str, event: Event, guard: str, refusal: Refusal) -> TransitionError:
        if refusal.key or refusal.params:
            return self._error(
                state, event, refusal.key or refusal.code, guard, dict(refusal.params)
            )
        return self._error(state, event, refusal.code, guard, reason=refusal.message)

    def apply(
        self,
        case_file: CaseFile,
        event: Event,
        context: object = None,
        *,
        expected_version: int | None = None,
    ) -> CaseFile:
        """The case file after ``event``; the given file is unchanged.

        Appending costs the same whatever the length of the history: the new file shares
        the history of the given one (see :class:`~sozialraum.lifecycle.History`), and the
        guards read what they need of the history from values carried with it.

        :param context: passed to the guards (for the default process a
            :class:`~sozialraum.lifecycle.sgb8.CaseContext`) and kept with the new file;
            ``None`` uses the context kept with ``case_file``.
        :param expected_version: the :attr:`~CaseFile.version` the caller last saw. If
            ``case_file`` has moved on since (another update came first), nothing is
            applied.
        :raises ConcurrencyError: if ``expected_version`` is given and differs from the
            file's version.
        :raises TransitionError: naming the state, the event, the guard, a stable code and
            the events allowed in the current state.
        :raises ValidationError: ``type.invalid`` if ``event`` is not an :class:`Event`.
        """
        # The fast path accepts the common case in a straight line; everything else (and
        # every error) goes through _apply_slow and _decide, the one reference of the rules.
        phase = case_file._phase  # (state, its rows, return stack, head), see casefile
        head = phase[3]
        n = case_file._n
        if head.built_by is not self or (
            expected_version is not None
            and (expected_version != n or type(expected_version) is not int)
        ):
            return self._apply_slow(case_file, event, context, expected_version)
        # not in the fast table (perhaps not an event at all), or a file built directly
        # (no rows: the process works out its state on the slow path)
        row = phase[1].get(type(event))
        if row is None:
            return self._apply_slow(case_file, event, context, expected_version)
        on = event.on
        if on < case_file._last_on:
            return self._apply_slow(case_file, event, context, expected_version)
        if context is None:
            context = head.context
        elif context is not head.context:
            return self._apply_slow(case_file, event, context, expected_version)
        buffer = case_file._buffer
        tip = len(buffer) == n  # this version is the newest of its buffer
        checks = row[2]
        if checks:
            params = self.parameters
            # the guards read the shared buffer when it holds just this version
            history = buffer if tip else History(buffer, n)
            for check in checks:
                if check(event, history, context, params) is not None:
                    return self._apply_slow(case_file, event, context, expected_version)
        target = row[0]
        after = phase
        if target is None:  # a return: pop the return stack
            returns = phase[2]
            target, returns = returns if returns else (self._initial, ())
            after = (target, self._by_state[target], returns, head)
        elif target != phase[0]:
            after = (target, self._by_state[target], (phase[0], phase[2]), head)
        if tip:
            buffer.append(event)
            if len(buffer) != n + 1:
                # another thread (or a guard) appended since ``tip`` was read: the guards
                # may have seen its event, so decide again on this version's own history
                # (the event just appended is left to no version, see history._append)
                return self._apply_slow(case_file, event, context, expected_version)
            if after is not phase:  # the buffer records changes of state only
                buffer.changes.append((n, target))
        else:
            buffer = _branch(buffer, n, event, target)
        new = _new(CaseFile)
        new._buffer = buffer
        new._n = n + 1
        new._last_on = on
        new._phase = after
        return new

    def _apply_slow(
        self,
        case_file: CaseFile,
        event: Event,
        context: object,
        expected_version: int | None,
    ) -> CaseFile:
        """:meth:`apply` for every case its fast path leaves out: checks everything with
        :meth:`_decide` (raising its errors), then builds the new version."""
        _state, target, returns, context = self._decide(case_file, event, context, expected_version)
        head = case_file._head
        if head.built_by is not self or head.context is not context:
            head = _Head(head.case_id, self.name, self._initial, context, self)
        n = case_file._n
        buffer = _append(case_file._buffer, n, event, target)
        return CaseFile._make(buffer, n + 1, (target, self._by_state[target], returns, head))

    def _decide(
        self,
        case_file: CaseFile,
        event: Event,
        context: object,
        expected_version: int | None = None,
    ) -> tuple[str, str, tuple[Any, ...], object]:
        """``(state, target, return stack after, context)`` for ``event``, or the error
        :meth:`apply` raises; builds nothing."""
        events = case_file.events
        if expected_version is not None:
            if not isinstance(expected_version, int) or isinstance(expected_version, bool):
                raise ValidationError.single("/expected_version", "type.integer")
            if expected_version != len(events):
                raise ConcurrencyError(expected=expected_version, actual=len(events))
        if not isinstance(event, Event):
            raise ValidationError.single("", "type.invalid#event")
        state = case_file.state
        if case_file.process != self.name:
            raise self._error(state, event, "process.mismatch")
        if context is None:
            context = case_file.context
        if events and event.on < events[-1].on and not isinstance(event, Correction):
            raise self._error(state, event, "history.out_of_order")
        params = self.parameters
        row = self._fast.get((state, type(event)))
        if row is None:
            row = self._resolve(state, event, events, context, params)
        for check in row[2]:
            refusal = check(event, events, context, params)
            if refusal is not None:
                raise self._refused(state, event, row, check, refusal)
        to = row[0]
        returns = self._returns_of(case_file)
        if to is None:
            to, returns = returns if returns else (self._initial, ())
        elif to != state:
            returns = (state, returns)
        return state, to, returns, context

    def check(
        self, case_file: CaseFile, event: Event, context: object = None
    ) -> TransitionError | None:
        """The error :meth:`apply` would raise for ``event``, or ``None`` if it is allowed
        (``context`` as for :meth:`apply`). Builds no file."""
        try:
            self._decide(case_file, event, context)
        except TransitionError as err:
            return err
        return None

    def replay(
        self,
        events: Iterable[Event],
        *,
        case_id: str,
        context: object = None,
        check_guards: bool = True,
    ) -> CaseFile:
        """Rebuild a case file from its history in one pass (O(n), one file at the end).

        ``replay(f.events, case_id=f.case_id, context=f.context) == f`` for every file ``f``
        this process built. The context is kept with the new file.

        :param check_guards: ``False`` checks only the table and the date order (for
            histories whose context is no longer at hand).
        :raises TransitionError: for the first event that is refused.
        """
        by_state = self._by_state if check_guards else self._by_state_unguarded
        params = self.parameters
        initial = state = self._initial
        table = by_state[state]  # the rows of the current state, by event class
        # the shared buffer of the new file; guards read it as it grows. It keeps the
        # changes of state (index of the event, the state it led to), not every state.
        history = _Buffer(initial=initial)
        changes = history.changes
        returns: list[str] = []  # where a PREVIOUS row leads back to (a stack)
        add_event = history.append
        last = date.min
        event: Event | None = None
        try:
            for event in events:
                on = event.on
                if on < last and not isinstance(event, Correction):
                    raise self._error(state, event, "history.out_of_order")
                row = table.get(type(event))
                if row is None:
                    row = self._resolve(state, event, history, context, params)
                    if not check_guards:
                        row = (row[0], row[1], (), row[3])
                for check in row[2]:
                    refusal = check(event, history, context, params)
                    if refusal is not None:
                        raise self._refused(state, event, row, check, refusal)
                target = row[0]
                if target is None:
                    state = returns.pop() if returns else initial
                    table = by_state[state]
                    changes.append((len(history), state))
                elif target != state:
                    returns.append(state)
                    state = target
                    table = by_state[state]
                    changes.append((len(history), state))
                last = on
                add_event(event)
        except (AttributeError, TypeError):
            if not isinstance(event, Event):  # not an event at all: a located, clear error
                raise ValidationError.single(f"/{len(history)}", "type.invalid#event") from None
            raise
        head = _Head(case_id, self.name, initial, context, self)
        phase = (state, self._by_state[state], _linked(returns), head)
        return CaseFile._make(history, len(history), phase)

    def allowed_events(
        self, case_file: CaseFile, context: object = None, *, candidates: Iterable[Event] = ()
    ) -> tuple[EventOption, ...]:
        """What may happen next: every event type the table allows in the current state.

        Guards usually need the event's data; pass ``candidates`` (event instances) to have
        them checked. A candidate the table does not allow is listed as refused too.
        """
        state = case_file.state
        by_type = {type(c): c for c in candidates}
        options: list[EventOption] = []
        for event_cls, row in self._rows[state]:
            target = self.return_state(case_file) if row[0] is None else row[0]
            names = tuple(g.name for g in row[1])
            candidate = by_type.pop(event_cls, None)
            if candidate is None:
                options.append(
                    EventOption(
                        event=event_cls.__name__,
                        target=target,
                        guards=names,
                        allowed=None if names else True,
                    )
                )
                continue
            options.append(self._option(case_file, candidate, context, target, names))
        for candidate in by_type.values():
            options.append(self._option(case_file, candidate, context, None, ()))
        return tuple(sorted(options, key=lambda o: o.event))

    def _option(
        self,
        case_file: CaseFile,
        event: Event,
        context: object,
        target: str | None,
        guards: tuple[str, ...],
    ) -> EventOption:
        try:
            _state, after, _returns, _context = self._decide(case_file, event, context)
        except TransitionError as err:
            return EventOption(
                event=type(event).__name__,
                target=target,
                guards=guards,
                allowed=False,
                guard=err.guard,
                code=err.code,
                reason=err.reason,
            )
        return EventOption(event=type(event).__name__, target=after, guards=guards)

    # ------------------------------------------------------------------ customisation

    def derive(
        self,
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
        """A new process built from this one; validated like any other.

        Applied in this order: ``remove_transitions`` (by ``(source, event)``),
        ``replace_guards`` (by guard name, everywhere; ``None`` removes the guard),
        ``add_guards`` (appended to the row ``(source, event)``), ``add_states`` (a state with
        an existing name replaces it), ``add_transitions`` (a row with an existing
        ``(source, event)`` replaces it in place), ``parameters`` (merged).

        :raises ProcessDefinitionError: also for a guard or row to change that does not exist.
        """
        from ._derive import derive

        return derive(
            self,
            name=name,
            description=description,
            add_states=add_states,
            add_transitions=add_transitions,
            remove_transitions=remove_transitions,
            replace_guards=replace_guards,
            add_guards=add_guards,
            parameters=parameters,
        )
