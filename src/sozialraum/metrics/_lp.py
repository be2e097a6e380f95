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

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

__all__ = ["Constraint", "InfeasibleError", "bounds", "solve"]

#: ``(coefficients by variable, "==" or "<=", right-hand side)``.
Constraint = tuple[Mapping[int, int | Fraction], str, int | Fraction]

_Row = dict[int, Fraction]


class InfeasibleError(ArithmeticError):
    """The constraints have no non-negative solution."""


class _Tableau:
    """Rows ``B⁻¹A`` (sparse), right-hand sides and the basic variable of each row."""

    __slots__ = ("basis", "rhs", "rows")

    def __init__(self, rows: list[_Row], rhs: list[Fraction], basis: list[int]) -> None:
        self.rows = rows
        self.rhs = rhs
        self.basis = basis

    def copy(self) -> _Tableau:
        return _Tableau([dict(r) for r in self.rows], list(self.rhs), list(self.basis))

    def pivot(self, r: int, j: int, cost: _Row, value: list[Fraction]) -> None:
        row = self.rows[r]
        a = row[j]
        if a != 1:
            row = {k: v / a for k, v in row.items()}
            self.rows[r] = row
            self.rhs[r] /= a
        b = self.rhs[r]
        for i, other in enumerate(self.rows):
            if i == r:
                continue
            f = other.get(j)
            if f is None:
                continue
            for k, v in row.items():
                w = other.get(k, 0) - f * v
                if w:
                    other[k] = w
                else:
                    other.pop(k, None)
            self.rhs[i] -= f * b
        f = cost.get(j)
        if f is not None:
            for k, v in row.items():
                w = cost.get(k, 0) - f * v
                if w:
                    cost[k] = w
                else:
                    cost.pop(k, None)
            value[0] += f * b
        self.basis[r] = j

    def minimise(self, c: Mapping[int, Fraction], allowed: int) -> Fraction | None:
        """Minimise ``c·x`` over columns ``< allowed`` (and the current basis); ``None`` if
        unbounded below. Bland's rule: the lowest entering column, the lowest leaving basic
        variable among ties."""
        cost: _Row = {k: Fraction(v) for k, v in c.items() if v}
        value = [Fraction(0)]
        for i, var in enumerate(self.basis):
            f = cost.get(var)
            if f is None:
                continue
            for k, v in self.rows[i].items():
                w = cost.get(k, 0) - f * v
                if w:
                    cost[k] = w
                else:
                    cost.pop(k, None)
            value[0] += f * self.rhs[i]
        while True:
            entering = min((k for k, v in cost.items() if v < 0 and k < allowed), default=None)
            if entering is None:
                return value[0]
            best: tuple[Fraction, int, int] | None = None
            for i, row in enumerate(self.rows):
                a = row.get(entering)
                if a is not None and a > 0:
                    key = (self.rhs[i] / a, self.basis[i], i)
                    if best is None or key < best:
                        best = key
            if best is None:
                return None
            self.pivot(best[2], entering, cost, value)


def _phase_one(n: int, constraints: Sequence[Constraint]) -> tuple[_Tableau, int]:
    """A feasible basis without artificial variables, and the number of real columns."""
    slack = n
    rows: list[_Row] = []
    rhs: list[Fraction] = []
    for coefs, op, b in constraints:
        row = {k: Fraction(v) for k, v in coefs.items() if v}
        if op == "<=":
            row[slack] = Fraction(1)
            slack += 1
        elif op != "==":
            raise ValueError(f"unknown operator {op!r}")
        b = Fraction(b)
        if b < 0:
            row = {k: -v for k, v in row.items()}
            b = -b
        rows.append(row)
        rhs.append(b)
    width = slack
    basis = []
    for i, row in enumerate(rows):
        row[width + i] = Fraction(1)
        basis.append(width + i)
    tab = _Tableau(rows, rhs, basis)
    phase1 = {width + i: Fraction(1) for i in range(len(rows))}
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
            tab.pivot(i, column, {}, [Fraction(0)])
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
    start, width = _phase_one(n, constraints)
    out: dict[int, tuple[Fraction, Fraction | None]] = {}
    for t in targets:
        low = start.copy().minimise({t: Fraction(1)}, width)
        high = start.copy().minimise({t: Fraction(-1)}, width)
        assert low is not None  # x ≥ 0 bounds it below
        out[t] = (low, None if high is None else -high)
    return out


def solve(
    n: int, constraints: Sequence[Constraint], objective: Mapping[int, int | Fraction]
) -> tuple[Fraction, list[Fraction]] | None:
    """The least value of ``objective·x`` over ``{x ≥ 0 : constraints}`` and a point where
    it is taken; ``None`` if unbounded below.

    >>> solve(2, [({0: 1, 1: 1}, "==", 4)], {0: 2, 1: 1})
    (Fraction(4, 1), [Fraction(0, 1), Fraction(4, 1)])

    :raises InfeasibleError: if the constraints have no non-negative solution.
    """
    tab, width = _phase_one(n, constraints)
    best = tab.minimise({k: Fraction(v) for k, v in objective.items()}, width)
    if best is None:
        return None
    x = [Fraction(0)] * n
    for i, var in enumerate(tab.basis):
        if var < n:
            x[var] = tab.rhs[i]
    return best, x
