"""The history of a case file: an immutable sequence that grows in constant time.

``CaseFile.events`` and ``CaseFile.states`` are :class:`History` sequences. Every version of
a case file shares one append-only buffer with the versions before it (structural sharing):
applying an event to the newest version appends to the buffer in O(1) and the new version
sees one item more; the older versions keep their length and never see it. Applying an
event to an older version (a branch: two updates of the same version) copies its prefix
once into a buffer of its own, after which appending is O(1) again.

A :class:`History` compares equal to the tuple of its items (and hashes like it), so code
written for the tuples of earlier releases keeps working.

>>> h = History.of(["a", "b"])
>>> h, len(h), h[-1], h[:1], h == ("a", "b")
(History(('a', 'b')), 2, 'b', ('a',), True)

**Folds** are values derived from a history step by step, such as the helps of a case and
where each stands: :func:`fold` computes one for a history and caches it with the shared
buffer, so asking again for a longer version of the same history only steps over the new
events. Guards use folds instead of rescanning the history on every event.

>>> count = fold(h, "count", 0, lambda total, item: total + 1)
>>> count, fold(History.of(["x"]), "count", 0, lambda total, item: total + 1)
(2, 1)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import islice
from threading import Lock
from typing import Any, Generic, TypeVar, overload

__all__ = ["History", "fold"]

T = TypeVar("T")
V = TypeVar("V")

# Fold values are kept at every multiple of this index (and at the newest index asked for),
# so a fold of an older version steps over at most this many events.
_CHECKPOINT = 256


class _Fold:
    """The cached values of one fold over one buffer (only ever added to; the values of a
    prefix never change, so writes from racing threads agree)."""

    __slots__ = ("checkpoints", "top")

    def __init__(self, start: object) -> None:
        self.checkpoints: dict[int, object] = {0: start}
        self.top: tuple[int, object] = (0, start)


# Held while the states of a buffer are written out (rare: when they are first read).
_STATES_LOCK = Lock()


class _Buffer(list[Any]):
    """The append-only buffer of events that versions of a case file share.

    The state after ``self[i]`` is ``known[i]`` once it has been written out; appends only
    record the *changes* of state, ``(index, state after self[index])`` in index order
    (most events keep the state, so appending costs no state at all), and :meth:`states`
    writes the states out when they are read. Before the first event the state is
    ``initial``. ``folds`` caches values derived from its prefixes (by fold key). Items
    past a version's length belong to newer versions.
    """

    __slots__ = ("changes", "folds", "initial", "known")

    def __init__(
        self, items: Iterable[Any] = (), states: list[str] | None = None, initial: str = ""
    ) -> None:
        super().__init__(items)
        self.known: list[str] = [] if states is None else states
        self.changes: list[tuple[int, str]] = []
        self.initial = initial
        self.folds: dict[Hashable, _Fold] = {}

    def states(self, n: int) -> list[str]:
        """A list whose first ``n`` items are the states after the first ``n`` events
        (``n`` at most the length of a version of this buffer)."""
        known = self.known
        if len(known) >= n:
            return known
        with _STATES_LOCK:
            k = len(known)
            if k >= n:  # another thread wrote them meanwhile
                return known
            current = known[-1] if k else self.initial
            out: list[str] = []
            changes = self.changes
            for index, state in islice(changes, bisect_left(changes, (k,)), None):
                if index >= n:
                    break
                out += [current] * (index - k - len(out))
                current = state
            out += [current] * (n - k - len(out))
            known += out  # one step: readers without the lock see all or nothing
        return known


def _append(buffer: _Buffer, n: int, item: object, state: str) -> _Buffer:
    """The buffer of the version ``n + 1`` made of the first ``n`` items of ``buffer``, then
    ``item`` (with ``state`` after it): ``buffer`` itself if ``n`` was its newest version,
    else a copy of the prefix (a branch). ``Process.apply`` inlines the first case."""
    if len(buffer) == n:
        buffer.append(item)
        # the slot is ours only if no other thread appended meanwhile; a lost race leaves
        # an item no version will ever own (the buffer's length stays ahead of every
        # version, so none of them appends to it again)
        if len(buffer) == n + 1:
            buffer.changes.append((n, state))
            return buffer
    return _branch(buffer, n, item, state)


def _branch(buffer: _Buffer, n: int, item: object, state: str) -> _Buffer:
    """A new buffer: the first ``n`` items of ``buffer``, then ``item``."""
    copy = _Buffer(buffer[:n], buffer.states(n)[:n], buffer.initial)
    for key, cached in buffer.folds.items():  # keep the checkpoints of the shared prefix
        kept = _Fold(cached.checkpoints[0])
        kept.checkpoints.update((i, v) for i, v in cached.checkpoints.items() if i <= n)
        kept.top = max(kept.checkpoints.items(), key=lambda kv: kv[0])
        copy.folds[key] = kept
    copy.append(item)
    copy.changes.append((n, state))
    return copy


class History(Sequence[T], Generic[T]):
    """An immutable sequence: the first ``len(self)`` items of a shared append-only buffer.

    Build one with :meth:`of`; :class:`~sozialraum.lifecycle.CaseFile` builds its own.
    Indexing and ``len`` are O(1); slicing returns a tuple.
    """

    __slots__ = ("_items", "_n")

    _items: list[T]
    _n: int

    def __init__(self, items: list[T], n: int) -> None:
        """A view of ``items[:n]``; ``items`` must never change below ``n``."""
        self._items = items
        self._n = n

    @classmethod
    def of(cls, items: Iterable[T]) -> History[T]:
        """A history of ``items`` (copied)."""
        if isinstance(items, History):
            return items
        buffer = list(items)
        return cls(buffer, len(buffer))

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        n = self._n
        if isinstance(index, slice):
            return tuple(self._items[:n][index])
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("history index out of range")
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        return islice(self._items, self._n)

    def __reversed__(self) -> Iterator[T]:
        items = self._items
        return (items[i] for i in range(self._n - 1, -1, -1))

    def __bool__(self) -> bool:
        return self._n > 0

    def _tuple(self) -> tuple[T, ...]:
        return tuple(self._items[: self._n])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, History):
            if other._items is self._items:
                return other._n == self._n
            return other._n == self._n and self._items[: self._n] == other._items[: other._n]
        if isinstance(other, tuple):
            return len(other) == self._n and self._tuple() == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __add__(self, other: object) -> tuple[T, ...]:
        if isinstance(other, (tuple, History)):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __repr__(self) -> str:
        return f"History({self._tuple()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (History.of, (self._tuple(),))


def fold(history: Sequence[T], key: Hashable, start: V, step: Callable[[V, T], V]) -> V:
    """``step`` applied to ``start`` and each item of ``history`` in turn, oldest first.

    For a :class:`History` (and the buffer :meth:`Process.replay
    <sozialraum.lifecycle.Process.replay>` hands to guards) the values are cached with the
    shared buffer under ``key``, so a longer version of the same history only steps over
    the items added since: O(1) amortised per item. ``key`` must name one fold (one
    ``start`` and ``step``) for good, and ``step`` must be pure and must not change the
    values it is given. Other sequences are folded from the start.
    """
    buffer: Sequence[Any]
    kind = type(history)  # exact types: an isinstance against the ABC costs more
    if kind is _Buffer:
        buffer, n = history, len(history)
    elif kind is History:
        buffer, n = history._items, history._n  # type: ignore[attr-defined]
    else:
        buffer, n = history, len(history)
    if type(buffer) is not _Buffer:
        value = start
        for item in islice(buffer, n):
            value = step(value, item)
        return value
    cached = buffer.folds.get(key)
    if cached is None:
        cached = buffer.folds.setdefault(key, _Fold(start))
    at: int
    current: Any
    at, current = cached.top
    if at == n:
        return current  # type: ignore[no-any-return]
    if at == n - 1 and n % _CHECKPOINT:  # the usual case: one item more than last time
        current = step(current, buffer[at])
        cached.top = (n, current)
        return current  # type: ignore[no-any-return]
    if at > n:
        at = n - n % _CHECKPOINT
        current = cached.checkpoints[at]
    checkpoints = cached.checkpoints
    for i in range(at, n):
        current = step(current, buffer[i])
        if not (i + 1) % _CHECKPOINT:
            checkpoints[i + 1] = current
    if n > cached.top[0]:
        cached.top = (n, current)
    return current  # type: ignore[no-any-return]
