"""A small exact linear programme solver: the bounds of variables over a polyhedron.

Used by :mod:`~sozialraum.metrics.suppression` to audit withheld cells: given the published
values, what is the least and the greatest value a withheld cell can take? The tables are
small (tens to a few hundred cells), so a sparse two-phase simplex over
:class:`~fractions.Fraction` with Bland's rule (no cycling, deterministic) is fast enough
and exact: no tolerance decides whether a cell is recoverable.

Variables are non-negative; constraints are ``sum(coef * x) == rhs`` or ``<= rhs``.

>>> bounds(2, [({0: 1, 1: 1}, "==", 5), ({0: 1}, "<=", 3)], [0, 1])
{0: (Fraction(0, 1), Fraction(3, 1)), 1: (Fraction(2, 1), Fraction(5, 1))}
>>> bounds(2, [({0: 1, 1: -1}, "==", 0)], [0])  # unbounded above
{0: (Fraction(0, 1), None)}
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from heapq import heapify, heappop, heappush
from threading import Lock
from typing import Any

__all__ = [
    "Constraint",
    "InfeasibleError",
    "WorkLimitError",
    "bounds",
    "solve",
    "wide",
    "work_limit",
]

#: ``(coefficients by variable, "==" or "<=", right-hand side)``.
Constraint = tuple[Mapping[int, int | Fraction], str, int | Fraction]

#: Values are ``int`` while they are whole (pivots on ±1 keep them so: the tables'
#: relations are mostly network-like), else :class:`~fractions.Fraction`; ints are far faster.
_Num = int | Fraction
_Row = dict[int, _Num]


def _div(x: _Num, a: _Num) -> _Num:
    if a == 1:
        return x
    if a == -1:
        return -x
    q = Fraction(x) / a
    return q.numerator if q.denominator == 1 else q


def _whole(x: _Num) -> _Num:
    if type(x) is int or x.denominator != 1:
        return x
    return x.numerator


class InfeasibleError(ArithmeticError):
    """The constraints have no non-negative solution."""


class WorkLimitError(ArithmeticError):
    """More simplex work was needed than the :func:`work_limit` allows."""


#: The work left in the current :func:`work_limit` and the limit (``None``: no limit).
_PIVOTS_LEFT: ContextVar[list[int] | None] = ContextVar("pivots_left", default=None)


@contextmanager
def work_limit(steps: int | None) -> Iterator[None]:
    """Allow at most ``steps`` units of simplex work in total inside the block (``None``:
    no limit); more raises :class:`WorkLimitError`, so no solve can run unboundedly. A
    pivot costs one unit, one per tableau entry it updates and one per entry of the cost
    row it updates, so the units follow the time spent (about a million a second where
    the tableau holds fractions, several million where it holds whole numbers).

    >>> with work_limit(1):
    ...     bounds(2, [({0: 1, 1: 1}, "==", 5)], [0, 1])
    Traceback (most recent call last):
    ...
    sozialraum.metrics._lp.WorkLimitError: more than 1 simplex steps
    """
    token = _PIVOTS_LEFT.set(None if steps is None else [steps, steps])
    try:
        yield
    finally:
        _PIVOTS_LEFT.reset(token)


class _Tableau:
    """Rows ``B⁻¹A`` (sparse), right-hand sides, the basic variable of each row and, by
    column, the rows where it is non-zero (so a pivot and a ratio test visit only those)."""

    __slots__ = ("basis", "cols", "rhs", "rows")

    def __init__(self, rows: list[_Row], rhs: list[_Num], basis: list[int]) -> None:
        self.rows = rows
        self.rhs = rhs
        self.basis = basis
        self.cols: dict[int, set[int]] = {}
        for i, row in enumerate(rows):
            for k in row:
                found = self.cols.get(k)
                if found is None:
                    self.cols[k] = {i}
                else:
                    found.add(i)

    def copy(self) -> _Tableau:
        twin = _Tableau.__new__(_Tableau)
        twin.rows = [dict(r) for r in self.rows]
        twin.rhs = list(self.rhs)
        twin.basis = list(self.basis)
        twin.cols = {k: set(v) for k, v in self.cols.items()}
        return twin

    def pivot(self, r: int, j: int, cost: _Row, value: list[_Num]) -> None:
        row = self.rows[r]
        left = _PIVOTS_LEFT.get()
        if left is not None:
            # the work of a pivot: one step, one for each tableau entry it updates and one
            # for each entry of the cost row it updates
            left[0] -= 1 + len(row) * (len(self.cols[j]) + 1)
            if left[0] < 0:
                raise WorkLimitError(f"more than {left[1]} simplex steps")
        a = row[j]
        if a != 1:
            row = {k: _div(v, a) for k, v in row.items()}
            self.rows[r] = row
            self.rhs[r] = _div(self.rhs[r], a)
        b = self.rhs[r]
        cols = self.cols
        rows = self.rows
        entries = list(row.items())
        # the inner loop of the audit: ints stay ints without a call (only a product or
        # difference that is a Fraction goes through _whole)
        for i in list(cols[j]):
            if i == r:
                continue
            other = rows[i]
            f = other[j]
            get = other.get
            for k, v in entries:
                old = get(k)
                if old is None:  # a new entry: -f * v is never 0
                    w = -f * v
                    other[k] = w if type(w) is int else _whole(w)
                    cols[k].add(i)
                else:
                    w = old - f * v
                    if type(w) is not int:
                        w = _whole(w)
                    if w:
                        other[k] = w
                    else:
                        del other[k]
                        cols[k].discard(i)
            self.rhs[i] = _whole(self.rhs[i] - f * b)
        fc = cost.get(j)
        if fc is not None:
            for k, v in row.items():
                w = _whole(cost.get(k, 0) - fc * v)
                if w:
                    cost[k] = w
                else:
                    cost.pop(k, None)
            value[0] = _whole(value[0] + fc * b)
        self.basis[r] = j

    def minimise(
        self, c: Mapping[int, _Num], allowed: int, stop: _Num | None = None
    ) -> Fraction | None:
        """Minimise ``c·x`` over columns ``< allowed`` (and the current basis); ``None`` if
        unbounded below. Bland's rule: the lowest entering column, the lowest leaving basic
        variable among ties. With ``stop``, return as soon as a feasible value ``≤ stop``
        is reached."""
        cost: _Row = {k: _whole(v) for k, v in c.items() if v}
        value: list[_Num] = [0]
        for i, var in enumerate(self.basis):
            f = cost.get(var)
            if f is None:
                continue
            for k, v in self.rows[i].items():
                w = _whole(cost.get(k, 0) - f * v)
                if w:
                    cost[k] = w
                else:
                    cost.pop(k, None)
            value[0] = _whole(value[0] + f * self.rhs[i])
        # the columns that may enter, lowest first (Bland); a column whose reduced cost is
        # no longer negative is dropped when it reaches the top, and a pivot adds the
        # columns of its row whose cost it made negative
        candidates = [k for k, v in cost.items() if v < 0 and k < allowed]
        heapify(candidates)
        while True:
            if stop is not None and value[0] <= stop:
                return Fraction(value[0])
            while candidates and not cost.get(candidates[0], 0) < 0:
                heappop(candidates)
            if not candidates:
                return Fraction(value[0])
            entering = candidates[0]
            best: tuple[_Num, int, int] | None = None
            for i in self.cols.get(entering, ()):
                a = self.rows[i][entering]
                if a > 0:
                    key = (_div(self.rhs[i], a), self.basis[i], i)
                    if best is None or key < best:
                        best = key
            if best is None:
                return None
            self.pivot(best[2], entering, cost, value)
            for k in self.rows[best[2]]:
                if k < allowed and cost.get(k, 0) < 0:
                    heappush(candidates, k)


#: Phase one's results by constraint system, newest last (see :func:`_start`).
_STARTS: OrderedDict[tuple[Any, ...], tuple[_Tableau, int]] = OrderedDict()
_STARTS_KEPT = 64
_STARTS_LOCK = Lock()


def _start(n: int, constraints: Sequence[Constraint], crash: bool = False) -> tuple[_Tableau, int]:
    """:func:`_phase_one`, remembered for the last :data:`_STARTS_KEPT` systems: the audit
    asks about several cells of the same system in turn. Returns a copy the caller owns.
    (The order of a row's coefficients does not matter: the choices of the simplex go by
    column number, so the same system gives the same tableau whatever the order.)"""
    key = (n, crash, *((tuple(sorted(coefs.items())), op, b) for coefs, op, b in constraints))
    with _STARTS_LOCK:
        found = _STARTS.get(key)
        if found is not None:
            _STARTS.move_to_end(key)
    if found is None:
        found = _phase_one(n, constraints, crash)  # outside the lock: it can take long
        with _STARTS_LOCK:
            _STARTS[key] = found
            while len(_STARTS) > _STARTS_KEPT:
                _STARTS.popitem(last=False)
    tab, width = found
    return tab.copy(), width


def _phase_one(
    n: int, constraints: Sequence[Constraint], crash: bool = False
) -> tuple[_Tableau, int]:
    """A feasible basis without artificial variables, and the number of real columns.

    With ``crash``, rows start with a basic variable of their own where one is at hand
    (the slack of a ``<=`` row with a non-negative right-hand side, or a column found in
    no other row with a positive coefficient), so only the other rows need an artificial
    variable and the pivots to drive it out. Which feasible basis phase one ends in
    changes no bound and no answer of :func:`wide` (optima are unique in value), so
    :func:`bounds` and :func:`wide` crash; :func:`solve` does not (the point it returns
    among several optimal ones depends on the basis, and it stays as it was).
    """
    slack = n
    rows: list[_Row] = []
    rhs: list[_Num] = []
    for coefs, op, b in constraints:
        row: _Row = {k: _whole(v) for k, v in coefs.items() if v}
        if op == "<=":
            row[slack] = 1
            slack += 1
        elif op != "==":
            raise ValueError(f"unknown operator {op!r}")
        b = _whole(b)
        if b < 0:
            row = {k: -v for k, v in row.items()}
            b = -b
        rows.append(row)
        rhs.append(b)
    width = slack
    own: list[int | None] = [None] * len(rows)
    if crash:
        seen: dict[int, int] = {}
        for row in rows:
            for k in row:
                seen[k] = seen.get(k, 0) + 1
        for i, row in enumerate(rows):
            found = min((k for k, v in row.items() if seen[k] == 1 and v > 0), default=None)
            if found is not None:
                a = row[found]
                if a != 1:
                    rows[i] = {k: _div(v, a) for k, v in row.items()}
                    rhs[i] = _div(rhs[i], a)
                own[i] = found
    basis = []
    phase1: dict[int, _Num] = {}
    for i, row in enumerate(rows):
        column = own[i]
        if column is None:
            column = width + i
            row[column] = 1
            phase1[column] = 1
        basis.append(column)
    tab = _Tableau(rows, rhs, basis)
    optimum = tab.minimise(phase1, width)
    if optimum is None or optimum != 0:
        raise InfeasibleError("no non-negative solution")
    # drive the artificial variables that are still basic (at zero) out of the basis
    keep = []
    for i in range(len(tab.rows)):
        if tab.basis[i] >= width:
            column = min((k for k in tab.rows[i] if k < width), default=None)
            if column is None:
                continue  # a redundant row
            tab.pivot(i, column, {}, [0])
        keep.append(i)
    rows = [{k: v for k, v in tab.rows[i].items() if k < width} for i in keep]
    return _Tableau(rows, [tab.rhs[i] for i in keep], [tab.basis[i] for i in keep]), width


def bounds(
    n: int, constraints: Sequence[Constraint], targets: Iterable[int]
) -> dict[int, tuple[Fraction, Fraction | None]]:
    """The least and greatest value of each target variable over
    ``{x ≥ 0 : constraints}`` (``None`` for no upper bound).

    :raises InfeasibleError: if the constraints have no non-negative solution.
    """
    start, width = _start(n, constraints, crash=True)
    out: dict[int, tuple[Fraction, Fraction | None]] = {}
    for t in targets:
        low = start.copy().minimise({t: 1}, width)
        high = start.copy().minimise({t: -1}, width)
        assert low is not None  # x ≥ 0 bounds it below
        out[t] = (low, None if high is None else -high)
    return out


def wide(n: int, constraints: Sequence[Constraint], target: int, need: int) -> bool:
    """Whether the whole numbers variable ``target`` can take over
    ``{x ≥ 0 : constraints}`` spread over at least ``need`` (``⌊max⌋ − ⌈min⌉ ≥ need``).
    Stops as soon as that is shown, so it is often much cheaper than :func:`bounds`.

    >>> wide(2, [({0: 1, 1: 1}, "==", 5)], 0, 5), wide(2, [({0: 1, 1: 1}, "==", 5)], 0, 6)
    (True, False)
    """
    start, width = _start(n, constraints, crash=True)
    at = start.copy()
    value = 0
    for i, var in enumerate(at.basis):
        if var == target:
            value = math.ceil(at.rhs[i])
    high = at.minimise({target: -1}, width, stop=-(value + need))
    if high is None:
        return True
    top = math.floor(-high)
    low = start.minimise({target: 1}, width, stop=top - need)
    assert low is not None
    return low <= top - need


def solve(
    n: int, constraints: Sequence[Constraint], objective: Mapping[int, int | Fraction]
) -> tuple[Fraction, list[Fraction]] | None:
    """The least value of ``objective·x`` over ``{x ≥ 0 : constraints}`` and a point where
    it is taken; ``None`` if unbounded below.

    >>> solve(2, [({0: 1, 1: 1}, "==", 4)], {0: 2, 1: 1})
    (Fraction(4, 1), [Fraction(0, 1), Fraction(4, 1)])

    :raises InfeasibleError: if the constraints have no non-negative solution.
    """
    tab, width = _start(n, constraints)
    best = tab.minimise(objective, width)
    if best is None:
        return None
    x = [Fraction(0)] * n
    for i, var in enumerate(tab.basis):
        if var < n:
            x[var] = Fraction(tab.rhs[i])
    return best, x
