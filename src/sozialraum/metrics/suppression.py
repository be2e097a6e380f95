"""Small-cell protection: primary and secondary suppression of metric rows.

Statistics offices withhold table cells that rest on very few people (§ 16 BStatG; the
Landesämter print ``.`` for "Zahlenwert unbekannt oder geheim zu halten" [S80b]). The exact
threshold they use for the youth welfare tables is not published (domain 5.1); the default
here suppresses counts of 1 and 2, configurable with ``threshold``.

**Cells.** Rows computed from the same record set (:attr:`Row.basis
<sozialraum.metrics.rows.Row.basis>`) for the same dimension values form one *cell*: a
count, the rate made from it and the mean over the same helps are withheld together, since
each reveals the others. A dimension a row is not grouped by counts as the margin ``*`` of
that dimension, so ``(space=N)`` and ``(space=N, setting=*)`` are the same cell. Suppress
one report — one period — at a time.

**Primary suppression.** A cell is withheld when any of its rows rests on
``1 … threshold`` records (:attr:`~sozialraum.metrics.rows.Row.support`), or is a share
whose count numerator is ``1 … threshold``. Zero is shown: an empty cell tells nothing
about a person.

**Secondary suppression.** A *line* is a set of cells that differ in one dimension only,
with its margin ``*`` (a row or a column of a table with its total). A line with exactly
one withheld cell would let anyone recompute it as total minus the others, so another cell
of the line is withheld too: the one with the smallest positive count (ties: the first in
sort order), else the margin, else a zero cell (a zero may be known to be zero from
another line, so it protects least). This repeats until no line has exactly one
withheld cell. Rows without ``support`` (budgets, staff work) are never withheld.

Withheld rows keep their metric, dimensions and unit, lose every number, and are marked
``SUPPRESSED`` with the note ``cell.primary`` or ``cell.secondary`` — never zero.

>>> from sozialraum.metrics.rows import Row, MetricTable
>>> def cell(space, n):
...     return Row(metric="helps_active", dimensions=(("space", space),), value=n,
...                numerator=n, unit="helps", support=n, basis="helps.active")
>>> t = suppress(MetricTable([cell("A", 2), cell("B", 7), cell("C", 9), cell("*", 18)]))
>>> [(r.dimension("space"), r.display(), r.note) for r in t]
[('A', '.', 'cell.primary'), ('B', '.', 'cell.secondary'), ('C', '9', None), ('*', '18', None)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .. import messages
from ..errors import ValidationError
from .rows import TOTAL, MetricTable, Row, Status

__all__ = ["DEFAULT_THRESHOLD", "Cell", "lines", "suppress"]

messages.define("suppression.threshold", "the threshold is a non-negative integer")


#: Counts from 1 up to this number are withheld.
DEFAULT_THRESHOLD = 2

#: A cell: the basis and the values of all its basis's dimensions (``*`` where absent).
Cell = tuple[str, tuple[str, ...]]


def _primary(row: Row, threshold: int) -> bool:
    if row.support is not None and 1 <= row.support <= threshold:
        return True
    numerator = row.numerator
    return (
        row.unit == "share"
        and isinstance(numerator, int)
        and not isinstance(numerator, bool)
        and 1 <= numerator <= threshold
    )


def lines(cells: Iterable[Cell]) -> list[list[Cell]]:
    """The lines through ``cells``: per basis and dimension position, the cells that agree
    in every other position (margins included).

    >>> sorted(map(sorted, lines([("b", ("N", "1")), ("b", ("S", "1")), ("b", ("N", "2"))])))
    [[('b', ('N', '1')), ('b', ('N', '2'))], [('b', ('N', '1')), ('b', ('S', '1'))], [('b', ('N', '2'))], [('b', ('S', '1'))]]
    """  # noqa: E501
    return [line for _, line in _lines(cells)]


def _lines(cells: Iterable[Cell]) -> list[tuple[int, list[Cell]]]:
    groups: dict[tuple[str, int, tuple[str, ...]], list[Cell]] = defaultdict(list)
    for cell in cells:
        basis, key = cell
        for j in range(len(key)):
            groups[(basis, j, key[:j] + key[j + 1 :])].append(cell)
    return [(j, line) for (_, j, _), line in groups.items()]


def suppress(
    table: MetricTable | Iterable[Row],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    secondary: bool = True,
) -> MetricTable:
    """Withhold small cells (primary) and the cells needed to protect them (secondary).

    See the module docs for the rules. ``threshold=0`` turns primary suppression off.

    :raises ValidationError: ``suppression.threshold`` for a negative threshold.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValidationError.single("/threshold", "suppression.threshold")
    rows = list(table)
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for r in rows:
        if r.support is not None:
            for name, _ in r.dimensions:
                names[r.basis][name] = None
    cell_of: list[Cell | None] = []
    support: dict[Cell, int] = {}
    primary: set[Cell] = set()
    for r in rows:
        if r.support is None:
            cell_of.append(None)
            continue
        dims = r.dims
        cell = (r.basis, tuple(dims.get(n, TOTAL) for n in names[r.basis]))
        cell_of.append(cell)
        support[cell] = max(support.get(cell, 0), r.support)
        if _primary(r, threshold):
            primary.add(cell)
    withheld = set(primary)
    if secondary and withheld:
        _secondary(support, withheld)
    out = []
    for r, found in zip(rows, cell_of, strict=True):
        if found is not None and found in withheld and r.status is not Status.SUPPRESSED:
            r = r.withheld("cell.primary" if found in primary else "cell.secondary")
        out.append(r)
    return MetricTable(out)


def _secondary(support: dict[Cell, int], withheld: set[Cell]) -> None:
    all_lines = _lines(support)
    changed = True
    while changed:
        changed = False
        for j, line in all_lines:
            if sum(1 for c in line if c in withheld) != 1:
                continue
            choice = _choose(j, line, support, withheld)
            if choice is not None:
                withheld.add(choice)
                changed = True


def _choose(j: int, line: list[Cell], support: dict[Cell, int], withheld: set[Cell]) -> Cell | None:
    open_cells = [c for c in line if c not in withheld]
    inner = [c for c in open_cells if c[1][j] != TOTAL]
    positive = sorted((c for c in inner if support[c] > 0), key=lambda c: (support[c], c))
    if positive:
        return positive[0]
    margins = [c for c in open_cells if c[1][j] == TOTAL]
    if margins:
        return min(margins)
    zeros = sorted(c for c in inner if support[c] == 0)
    return zeros[0] if zeros else None
