"""Small-cell protection: primary and secondary suppression of metric rows, audited exactly.

Statistics offices withhold table cells that rest on very few people (§ 16 BStatG; the
Landesämter print ``.`` for "Zahlenwert unbekannt oder geheim zu halten" [S80b]). The exact
threshold they use for the youth welfare tables is not published (domain 5.1); the default
here suppresses counts of 1 and 2, configurable with ``threshold``.

**Cells.** Rows computed from the same record set (:attr:`Row.basis
<sozialraum.metrics.rows.Row.basis>`) for the same dimension values form one *cell*: a
count, the rate made from it and the mean over the same helps are withheld together, since
each reveals the others. A dimension a row is not grouped by counts as the margin ``*`` of
that dimension, so ``(space=N)`` and ``(space=N, setting=*)`` are the same cell. The
out-of-home share rests on the residential helps, so it is the cell
``(setting=residential)`` of the active helps (:data:`SAME_CELLS`).

**Primary suppression.** A cell is withheld when any of its rows rests on
``1 … threshold`` records (:attr:`~sozialraum.metrics.rows.Row.support`), or is a share
whose count numerator is ``1 … threshold``. Zero is shown: an empty cell tells nothing
about a person.

**The system of published numbers.** The counts of a table are not independent, and an
attacker knows it. Suppression models every count as a non-negative unknown and collects
every linear relation between them that holds in the data:

* *margins*: along every line (cells that differ in one dimension) the margin ``*`` is the
  sum of the other cells, or at least as large where cells are missing;
* *shares*: a share's numerator and denominator are counts, numerator ≤ denominator;
* *same counts*: two counts that are equal in every cell of a table (a count, its rate's
  numerator, the denominator of the shares by result and the margin …) are one unknown;
* *identities between record sets* (:data:`IDENTITIES`, e.g. helps active = helps ended +
  helps running at the end, per cell) and inclusions (:data:`INCLUSIONS`, e.g. helps begun
  ≤ helps active), used where they hold;
* *links between tables* that the caller declares (:class:`Link`, :func:`suppress_together`).

A relation that the data does not satisfy is left out, so a relation that holds by chance
only makes suppression more cautious, never less.

**Secondary suppression.** Given everything that is published, each withheld count can
still take a range of values: its least and greatest value are computed exactly by linear
programming (exact rational simplex, :mod:`sozialraum.metrics._lp`). Protection holds when

* every primary count can take values spread over at least ``protection`` (default
  ``threshold + 1``; the integer range ``max − min``, like the upper plus lower
  protection levels of statistics offices), and
* no withheld count is exactly determined (at least two integer values are possible).

While a withheld count fails, the cheapest *deviation* is withheld too: the published
counts that would have to change together with it, by the protection, for every relation
to still hold (a small LP over the counts near it, weighted by their size, the classical
approach of statistics offices). Where there is none, another published cell that shares
a relation with it is withheld: the one that widens its range most, else the one with the
smallest positive count (ties: the first in sort order), else a margin, else a zero cell.
The result is deterministic. Rows without ``support`` (budgets, staff work) are never
withheld. The ranges are over real numbers; for counts the integer range is used (tables
with margins are totally unimodular, so there the real bounds are integers anyway).

The audit is exact but not free: a report of a few hundred rows takes well under a
second; large tables of mostly small cells (every month by space, a thousand rows and
more) take tens of seconds, and protecting their many small cells withholds much of them.

Withheld rows keep their metric, dimensions and unit, lose every number, and are marked
``SUPPRESSED`` with the note ``cell.suppressed`` — never zero, and without saying which
cells are small (that would tell where to look).

>>> from sozialraum.metrics.rows import Row, MetricTable
>>> def cell(space, n):
...     return Row(metric="helps_active", dimensions=(("space", space),), value=n,
...                numerator=n, unit="helps", support=n, basis="helps.active")
>>> t = suppress(MetricTable([cell("A", 2), cell("B", 7), cell("C", 9), cell("*", 18)]))
>>> [(r.dimension("space"), r.display(), r.note) for r in t]
[('A', '.', 'cell.suppressed'), ('B', '.', 'cell.suppressed'), ('C', '9', None), ('*', '18', None)]

**Several tables.** Tables published from the same data can be differenced: a quarter is
the sum of its months, January to December is January to November plus December.
:func:`suppress_together` suppresses them as one system with the :class:`Link` relations
the caller declares. What it protects, and what not, is stated there.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from .. import messages
from ..errors import ValidationError
from . import _lp
from .rows import TOTAL, MetricTable, Row, Status

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_WORK_LIMIT",
    "IDENTITIES",
    "INCLUSIONS",
    "SAME_CELLS",
    "SUPPRESSED_NOTE",
    "Cell",
    "Link",
    "calendar_group",
    "lines",
    "suppress",
    "suppress_together",
]

messages.define("suppression.threshold", "the threshold is a non-negative integer")
messages.define("suppression.protection", "the protection interval is a positive integer")
messages.define(
    "suppression.work_limit",
    "the suppression audit needs more than {limit} simplex steps: suppress smaller tables "
    "or raise work_limit",
)
messages.define(
    "suppression.link_table", "a link names a table that is not given (there are {count} tables)"
)


#: The most simplex work the audit of one call may take, in steps (a pivot is one step
#: and one per tableau entry it touches; see ``metrics._lp.work_limit``): about two
#: minutes at worst on a current machine, where the sample's report takes 45,000 steps
#: and its space × month table 4.7 million; above it
#: :class:`~sozialraum.errors.ValidationError` ``suppression.work_limit`` is raised.
DEFAULT_WORK_LIMIT = 150_000_000

#: Counts from 1 up to this number are withheld.
DEFAULT_THRESHOLD = 2

#: The note of every withheld row.
SUPPRESSED_NOTE = "cell.suppressed"

#: A cell: the basis and the values of all its basis's dimensions (``*`` where absent).
Cell = tuple[str, tuple[str, ...]]

#: Record sets that are a cell of another: the out-of-home share counts the residential
#: helps, so its rows belong to the cell ``setting=residential`` of the active helps.
SAME_CELLS: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "helps.active.out_of_home": ("helps.active", (("setting", "residential"),)),
}

#: Record sets that partition another, cell by cell: a help active in the period has either
#: ended in it or is running at its end.
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("helps.active", ("helps.ended", "helps.running")),
)

#: Record sets contained in another, cell by cell (``(part, whole)``).
INCLUSIONS: tuple[tuple[str, str], ...] = (
    ("helps.begun", "helps.active"),
    ("helps.paid", "helps.active"),
    ("helps.ended", "helps.active"),
    ("helps.running", "helps.active"),
)

_MONTHS_OF_QUARTER = 3
#: How many candidate cells secondary suppression tries (by exact bounds) for each step.
_TRIALS = 8
#: How far (in relations) from a failing count the deviation LP looks for partners.
_RADIUS = 2
#: The most counts the exact deviation LP is set up for; larger neighbourhoods use the
#: cycle search and the candidate cells.
_DEVIATION_LIMIT = 120
#: Extra weight of a zero cell: withholding a zero protects little (it may be known).
_ZERO_WEIGHT = 3


def calendar_group(fine: str, coarse: str) -> Callable[[str], str]:
    """The label of the ``coarse`` calendar bucket (``"quarter"`` or ``"year"``) a label of
    the ``fine`` one (``"month"`` or ``"quarter"``) falls in.

    >>> calendar_group("month", "quarter")("2025-05"), calendar_group("quarter", "year")("2025-Q4")
    ('2025-Q2', '2025')
    """
    if (fine, coarse) == ("month", "quarter"):
        return lambda m: f"{m[:4]}-Q{(int(m[5:7]) - 1) // _MONTHS_OF_QUARTER + 1}"
    if (fine, coarse) in (("month", "year"), ("quarter", "year")):
        return lambda label: label[:4]
    raise ValueError(f"no calendar grouping of {fine} into {coarse}")


def _as_parts(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Link:
    """A linear relation between tables given to :func:`suppress_together`: each count of
    table ``total`` is the sum of the counts of the same metric and cell in the tables
    ``parts`` (indices into the list of tables).

    :param along: ``(total dimension, parts dimension)`` when the tables differ in one
        dimension, e.g. ``("quarter", "month")``: a quarter cell is the sum of the month
        cells that ``group`` maps to it (other dimensions equal, ``*`` maps to ``*``).
    :param group: maps a value of the parts' dimension to the total's; by default the
        calendar (:func:`calendar_group`) when ``along`` names calendar dimensions.
    :param remainder: the parts cover only some of the total's records and the rest is not
        published, e.g. January–December = January–November + December. The rest (the
        December counts) is then protected as if it were a table of its own: small
        remainders are primary cells, and no remainder may be recovered exactly.
    :param bases: the record sets the relation holds for (default: every basis). Stocks
        such as helps active are not additive over months, flows such as helps begun are;
        a relation is used only for the cells where the data satisfies it.

    >>> Link(total=1, parts=(0,), along=("quarter", "month")).mapping("2025-02")
    '2025-Q1'
    """

    total: int
    parts: tuple[int, ...] = attrs.field(converter=_as_parts)
    along: tuple[str, str] | None = None
    group: Callable[[str], str] | None = None
    remainder: bool = False
    bases: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def mapping(self, value: str) -> str:
        """The total's dimension value for a value of the parts' dimension."""
        if value == TOTAL or self.along is None:
            return value
        group = self.group or calendar_group(self.along[1], self.along[0])
        return group(value)


def _primary(row: Row, threshold: int) -> bool:
    if row.support is not None and 1 <= row.support <= threshold:
        return True
    numerator = row.numerator
    return (
        row.unit == "share" and _is_count(numerator) and 1 <= numerator <= threshold  # type: ignore[operator]
    )


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


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


def _check_arguments(threshold: object, protection: object) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValidationError.single("/threshold", "suppression.threshold")
    if protection is None:
        return threshold + 1
    if isinstance(protection, bool) or not isinstance(protection, int) or protection < 1:
        raise ValidationError.single("/protection", "suppression.protection")
    return protection


def _linked(
    k: int,
    rows: Sequence[tuple[Mapping[int, int], str]],
    touching: Mapping[int, Sequence[int]],
    radius: int | None = None,
    keep: Callable[[int], bool] | None = None,
) -> frozenset[int]:
    """The classes linked to class ``k`` by relations (``rows``; ``touching[x]`` lists the
    rows that hold ``x``), within ``radius`` steps (``None``: all), only through classes
    that ``keep`` accepts (``None``: every class)."""
    seen = {k}
    frontier = [k]
    steps = 0
    while frontier and (radius is None or steps < radius):
        following = []
        for x in frontier:
            for i in touching[x]:
                for y in rows[i][0]:
                    if y not in seen and (keep is None or keep(y)):
                        seen.add(y)
                        following.append(y)
        frontier = following
        steps += 1
    return frozenset(seen)


def suppress(
    table: MetricTable | Iterable[Row],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    secondary: bool = True,
    protection: int | None = None,
    work_limit: int | None = DEFAULT_WORK_LIMIT,
) -> MetricTable:
    """Withhold small cells (primary) and the cells needed to protect them (secondary).

    See the module docs for the rules. ``threshold=0`` turns primary suppression off;
    ``protection`` is the least spread of values a primary count must keep (default
    ``threshold + 1``). ``work_limit`` bounds the exact audit: at most that many simplex
    steps in all (a pivot and each tableau entry it touches count one;
    ``DEFAULT_WORK_LIMIT`` is about two minutes at worst; ``None``: no bound); a table
    that needs more is refused, never published half-protected and never left to run for
    hours.

    :raises ValidationError: ``suppression.threshold`` for a negative threshold,
        ``suppression.protection`` for a protection below 1, ``suppression.work_limit``
        when the audit needs more than ``work_limit`` steps (suppress smaller tables:
        per year, per group of spaces, fewer dimensions; or raise the limit).
    """
    return suppress_together(
        [MetricTable(table)],
        threshold=threshold,
        secondary=secondary,
        protection=protection,
        work_limit=work_limit,
    )[0]


def suppress_together(
    tables: Sequence[MetricTable | Iterable[Row]],
    *,
    links: Iterable[Link] = (),
    threshold: int = DEFAULT_THRESHOLD,
    protection: int | None = None,
    secondary: bool = True,
    work_limit: int | None = DEFAULT_WORK_LIMIT,
) -> tuple[MetricTable, ...]:
    """Suppress several tables of the same data as one system, so that none of them can be
    differenced against another.

    Each table is suppressed by the rules of :func:`suppress`; the relations within each
    table are found by themselves, the relations between tables are the ``links`` (see
    :class:`Link`). Tables that publish the same cell (same metric, record set and
    dimension values) also need a link saying so: ``Link(total=1, parts=(0,))``.

    **What it protects**: every withheld count of each table keeps at least two possible
    integer values, and every small one (a primary cell's count, a small unpublished
    remainder of a ``remainder`` link) a spread of at least ``protection``, given all
    published numbers of all tables, non-negativity, the relations of the module docs and
    the links.

    **What it does not protect**: relations that are not declared (tables that are not
    linked, published elsewhere, or published before with other data); relations that are
    not linear equalities or inclusions, such as a stock over a quarter against its months
    (at most their sum, at least their maximum); medians and other quantiles (withheld with
    their cell, but not modelled); amounts of money (withheld with the count of their cell:
    they follow the same sums, so they are as undetermined, but no spread is guaranteed);
    and knowledge from outside the tables (an attacker who knows some of the people).

    >>> from sozialraum.metrics.rows import Row, MetricTable
    >>> def begun(dim, value, n):
    ...     return Row(metric="helps_begun", dimensions=(("space", "A"), (dim, value)),
    ...                value=n, numerator=n, unit="helps", support=n, basis="helps.begun")
    >>> counts = [1, 5, 6, 3, 7, 8]
    >>> months = MetricTable([begun("month", f"2025-0{i + 1}", n) for i, n in enumerate(counts)]
    ...                      + [begun("month", "*", 30)])
    >>> quarters = MetricTable([begun("quarter", q, n)
    ...                         for q, n in [("2025-Q1", 12), ("2025-Q2", 18), ("*", 30)]])
    >>> [r.display() for r in suppress(months)]  # alone: January = Q1 − February − March
    ['.', '5', '6', '.', '7', '8', '30']
    >>> m, q = suppress_together([months, quarters],
    ...                          links=[Link(total=1, parts=(0,), along=("quarter", "month"))])
    >>> [r.display() for r in m], [r.display() for r in q]
    (['.', '.', '6', '3', '7', '8', '30'], ['12', '18', '30'])

    :raises ValidationError: as :func:`suppress` (including ``suppression.work_limit``),
        and ``suppression.link_table`` for a link to a table that is not given.
    """
    target = _check_arguments(threshold, protection)
    given = [list(t) for t in tables]
    links = list(links)
    for link in links:
        for index in (link.total, *link.parts):
            if not 0 <= index < len(given):
                raise ValidationError.single("/links", "suppression.link_table", count=len(given))
    system = _System(given, threshold)
    system.add_relations(links)
    withheld = set(system.primary_cells)
    if secondary and withheld and threshold:
        try:
            with _lp.work_limit(work_limit):
                withheld = system.protect(withheld, target)
        except _lp.WorkLimitError:
            raise ValidationError.single(
                "/work_limit", "suppression.work_limit", limit=work_limit or 0
            ) from None
    out = []
    for t, rows in enumerate(given):
        result = []
        for i, row in enumerate(rows):
            cell = system.row_cell.get((t, i))
            if cell is not None and cell in withheld and row.status is not Status.SUPPRESSED:
                row = row.withheld(SUPPRESSED_NOTE)
            result.append(row)
        out.append(MetricTable(result))
    return tuple(out)


# -- the system of counts -----------------------------------------------------------------

#: A cell of the system: (table, basis, dimension values); table -1 for unpublished cells.
_CellId = tuple[int, str, tuple[str, ...]]
#: A family of counts: (table, basis, metric, kind) with kind "n", "num", "den" or "rest".
_Family = tuple[int, str, str, str]


class _System:
    """The counts of a set of tables, the cells they belong to and the relations."""

    def __init__(self, tables: list[list[Row]], threshold: int) -> None:
        self.threshold = threshold
        self.row_cell: dict[tuple[int, int], _CellId] = {}
        self.names: dict[tuple[int, str], list[str]] = {}
        self.values: list[int] = []  # by quantity
        self.cell_of: list[_CellId] = []  # by quantity
        self.kind: list[str] = []  # by quantity
        self.quantity: dict[tuple[_Family, tuple[str, ...]], int] = {}
        self.families: dict[_Family, dict[tuple[str, ...], int]] = defaultdict(dict)
        self.cells: dict[_CellId, list[int]] = defaultdict(list)
        self.primary_cells: set[_CellId] = set()
        self.constraints: list[tuple[dict[int, int], str]] = []  # Σ coef·q (== | <=) 0
        self.parent: list[int] = []
        prepared = [[_same_cell(r) for r in rows] for rows in tables]
        for t, rows in enumerate(prepared):
            for r in rows:
                if r.support is not None:
                    names = self.names.setdefault((t, r.basis), [])
                    for name, _ in r.dimensions:
                        if name not in names:
                            names.append(name)
        for t, rows in enumerate(prepared):
            for i, r in enumerate(rows):
                if r.support is None:
                    continue
                dims = r.dims
                key = tuple(dims.get(n, TOTAL) for n in self.names[(t, r.basis)])
                cell = (t, r.basis, key)
                self.row_cell[(t, i)] = cell
                self.cells.setdefault(cell, [])
                if _primary(r, threshold):
                    self.primary_cells.add(cell)
                if not _is_count(r.support):
                    continue  # not a count of records: withheld with its cell, not modelled
                self._add((t, r.basis, r.metric, "n"), key, cell, r.support)
                if r.unit == "share" and _is_count(r.numerator) and _is_count(r.denominator):
                    num = self._add((t, r.basis, r.metric, "num"), key, cell, r.numerator)
                    den = self._add((t, r.basis, r.metric, "den"), key, cell, r.denominator)
                    self._relate({num: 1, den: -1}, "<=")

    def _add(self, family: _Family, key: tuple[str, ...], cell: _CellId, value: object) -> int:
        assert isinstance(value, int)
        found = self.quantity.get((family, key))
        if found is not None:
            if self.values[found] == value:
                return found
            family = (*family[:3], family[3] + "'")  # a second row of the same metric
            return self._add(family, key, cell, value)
        q = len(self.values)
        self.values.append(value)
        self.cell_of.append(cell)
        self.kind.append(family[3].rstrip("'"))
        self.parent.append(q)
        self.quantity[(family, key)] = q
        self.families[family][key] = q
        self.cells[cell].append(q)
        return q

    def _relate(self, coefs: dict[int, int], op: str) -> bool:
        """Add ``Σ coef·q op 0`` if the data satisfies it."""
        total = sum(c * self.values[q] for q, c in coefs.items())
        if total == 0 or (op == "<=" and total < 0):
            self.constraints.append((coefs, "==" if total == 0 and op == "==" else op))
            return True
        return False

    def find(self, q: int) -> int:
        while self.parent[q] != q:
            self.parent[q] = self.parent[self.parent[q]]
            q = self.parent[q]
        return q

    def _union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    # -- relations ----------------------------------------------------------------------
    def add_relations(self, links: list[Link]) -> None:
        for family, keyed in list(self.families.items()):
            self._margins(family, keyed)
        self._same_counts()
        self._identities()
        for link in links:
            self._link(link)

    def _margins(self, family: _Family, keyed: dict[tuple[str, ...], int]) -> None:
        width = len(next(iter(keyed)))
        for j in range(width):
            groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
            margins: dict[tuple[str, ...], int] = {}
            for key, q in keyed.items():
                rest = key[:j] + key[j + 1 :]
                if key[j] == TOTAL:
                    margins[rest] = q
                else:
                    groups[rest].append(q)
            for rest, margin in margins.items():
                inner = groups.get(rest, [])
                if not inner:
                    continue
                coefs = {margin: -1}
                for q in inner:
                    coefs[q] = coefs.get(q, 0) + 1
                if not self._relate(coefs, "=="):
                    self._relate(coefs, "<=")

    def _same_counts(self) -> None:
        """Counts equal in every cell of two families of a table are one unknown; so is a
        share's denominator that equals, cell by cell, the count of a margin."""
        by_table: dict[tuple[int, tuple[str, ...]], list[_Family]] = defaultdict(list)
        for family in self.families:
            by_table[(family[0], tuple(self.names[(family[0], family[1])]))].append(family)
        for (_, names), families in by_table.items():
            for a_index, a in enumerate(families):
                for b in families[a_index + 1 :]:
                    ka, kb = self.families[a], self.families[b]
                    if ka.keys() == kb.keys() and all(
                        self.values[ka[k]] == self.values[kb[k]] for k in ka
                    ):
                        for k in ka:
                            self._union(ka[k], kb[k])
            for a in families:
                if a[3] != "den":
                    continue
                ka = self.families[a]
                for j in range(len(names)):
                    for b in families:
                        if b[3] != "n" or b[1] != a[1]:
                            continue
                        kb = self.families[b]
                        pairs = [(q, kb.get((*k[:j], TOTAL, *k[j + 1 :]))) for k, q in ka.items()]
                        if all(
                            p is not None and self.values[p] == self.values[q] for q, p in pairs
                        ):
                            for q, p in pairs:
                                assert p is not None
                                self._union(q, p)

    def _n_family(self, t: int, basis: str) -> dict[tuple[str, ...], int] | None:
        """The counts of a basis in table ``t`` by cell, from all its count families."""
        found: dict[tuple[str, ...], int] = {}
        for family, keyed in self.families.items():
            if family[0] == t and family[1] == basis and family[3] == "n":
                for key, q in keyed.items():
                    found.setdefault(key, q)
        return found or None

    def _identities(self) -> None:
        tables = {family[0] for family in self.families}
        for t in sorted(tables):
            for whole, parts in IDENTITIES:
                self._cellwise(t, whole, parts, "==")
            for part, whole in INCLUSIONS:
                self._cellwise(t, whole, (part,), "<=")

    def _cellwise(self, t: int, whole: str, parts: tuple[str, ...], op: str) -> None:
        w = self._n_family(t, whole)
        ps = [self._n_family(t, p) for p in parts]
        if w is None or any(p is None for p in ps):
            return
        names = self.names[(t, whole)]
        for key, q in w.items():
            dims = dict(zip(names, key, strict=True))
            coefs = {q: -1}
            for part, keyed in zip(parts, ps, strict=True):
                assert keyed is not None
                part_names = self.names[(t, part)]
                if any(v != TOTAL for n, v in dims.items() if n not in part_names):
                    break
                found = keyed.get(tuple(dims.get(n, TOTAL) for n in part_names))
                if found is None:
                    break
                coefs[found] = coefs.get(found, 0) + 1
            else:
                self._relate(coefs, op)

    def _link(self, link: Link) -> None:
        wanted = set(link.bases)
        for family, keyed in list(self.families.items()):
            t, basis, metric, kind = family
            if t != link.total or (wanted and basis not in wanted):
                continue
            total_names = self.names[(t, basis)]
            index: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
            for p in link.parts:
                part = self.families.get((p, basis, metric, kind))
                if part is None:
                    continue
                for key, q in part.items():
                    dims = dict(zip(self.names[(p, basis)], key, strict=True))
                    if link.along is not None:
                        coarse, fine = link.along
                        value = dims.pop(fine, TOTAL)
                        dims[coarse] = link.mapping(value)
                    index[tuple(sorted(dims.items()))].append(q)
            for key, q in keyed.items():
                dims = dict(zip(total_names, key, strict=True))
                found = index.get(tuple(sorted(dims.items())))
                if not found:
                    continue
                coefs = {q: -1}
                for f in found:
                    coefs[f] = coefs.get(f, 0) + 1
                if not link.remainder:
                    self._relate(coefs, "==")
                    continue
                rest = self.values[q] - sum(self.values[f] for f in found)
                if rest < 0:
                    continue
                cell: _CellId = (-1, f"{basis}/{metric}/{kind}/{link.total}", key)
                r = self._add((-1, cell[1], metric, "rest"), key, cell, rest)
                coefs[r] = 1
                self._relate(coefs, "==")
                if 1 <= rest <= self.threshold and kind in ("n", "num"):
                    self.primary_cells.add(cell)

    # -- secondary suppression ----------------------------------------------------------
    def protect(self, withheld: set[_CellId], protection: int) -> set[_CellId]:
        withheld = set(withheld) | {c for c in self.cells if c[0] == -1}
        classes = sorted({self.find(q) for q in range(len(self.values))})
        value = {c: self.values[c] for c in classes}
        members: dict[int, list[int]] = defaultdict(list)
        for q in range(len(self.values)):
            members[self.find(q)].append(q)
        rows = []
        distinct: set[tuple[frozenset[tuple[int, int]], str]] = set()
        for coefs, op in self.constraints:
            merged: dict[int, int] = {}
            for q, c in coefs.items():
                k = self.find(q)
                merged[k] = merged.get(k, 0) + c
            merged = {k: c for k, c in merged.items() if c}
            key = (frozenset(merged.items()), op)
            if merged and key not in distinct:  # families merged into one count repeat
                distinct.add(key)
                rows.append((merged, op))
        touching: dict[int, list[int]] = defaultdict(list)
        for i, (merged, _) in enumerate(rows):
            for k in merged:
                touching[k].append(i)
        cell_classes = {cell: sorted({self.find(q) for q in qs}) for cell, qs in self.cells.items()}
        cells_of_class: dict[int, list[_CellId]] = defaultdict(list)
        for cell, ks in cell_classes.items():
            for k in ks:
                cells_of_class[k].append(cell)
        cost = {cell: self._cost(cell) for cell in self.cells}
        count_classes = {
            cell: sorted({self.find(q) for q in qs if self.kind[q] == "n"})
            for cell, qs in self.cells.items()
        }

        def unknown(k: int) -> bool:
            return all(c in withheld for c in cells_of_class[k])

        def checks(cell: _CellId) -> dict[int, int]:
            """The classes of a withheld cell and the integer spread each must keep: the
            protection for its small counts, 1 for its other counts (never exactly known)."""
            out: dict[int, int] = {}
            for q in self.cells[cell]:
                kind, v = self.kind[q], self.values[q]
                small = 1 <= v <= self.threshold
                if kind == "n":
                    need = protection if small and cell in self.primary_cells else 1
                elif kind in ("rest", "num") and small:
                    need = protection
                else:
                    continue
                k = self.find(q)
                out[k] = max(out.get(k, 0), need)
            return out

        cache: dict[frozenset[int], dict[int, tuple[Fraction, Fraction | None]]] = {}
        passed: dict[int, int] = {}
        hopeless: set[int] = set()

        def component(k: int, radius: int | None = None) -> frozenset[int]:
            """The unknown classes linked to k by relations (within ``radius`` steps)."""
            return _linked(k, rows, touching, radius, unknown)

        def spread(k: int, alone: bool = False) -> float:
            """The integer spread of class k (``inf`` if unbounded); with ``alone`` only k's
            bounds are computed (for trials), else those of its whole component."""
            comp = component(k)
            found = cache.get(comp)
            if found is None or k not in found:
                key = comp | {-1 - k} if alone else comp
                found = cache.get(key)
                if found is None:
                    found = self._bounds(comp, rows, touching, value, [k] if alone else None)
                    cache[key] = found
            low, high = found[k]
            return math.inf if high is None else math.floor(high) - math.ceil(low)

        checked: dict[tuple[frozenset[int], int, int], bool] = {}

        def protected(k: int, need: int) -> bool:
            """Whether class k keeps an integer spread of ``need``: first with the unknown
            counts farther than ``_RADIUS`` relations fixed at their values (a smaller
            feasible set, so a sound and cheap sufficient check), then exactly."""
            if _certificate(k, need, rows, touching, value, unknown) is not None:
                return True  # an explicit perturbation proves it, no LP needed
            near = component(k, _RADIUS)
            scopes = [near]
            full = component(k)
            if full != near:
                scopes.append(full)
            for scope in scopes:
                key = (scope, k, need)
                if key not in checked:
                    checked[key] = self._wide(scope, k, need, rows, touching, value)
                if checked[key]:
                    return True
            return False

        while True:
            failing: int | None = None
            failing_need = 0
            for cell in sorted(withheld, key=_order):
                for k, need in checks(cell).items():
                    if passed.get(k, -1) >= need or k in hopeless:
                        continue
                    if need == 0 or (unknown(k) and protected(k, need)):
                        passed[k] = need
                        continue
                    failing, failing_need = k, need
                    break
                if failing is not None:
                    break
            if failing is None:
                return withheld
            proposed = self._deviation(
                failing, failing_need, unknown, rows, touching, cells_of_class, withheld, value
            )
            if proposed:
                withheld.update(proposed)
                continue
            candidates = self._candidates(
                failing, unknown, rows, touching, cells_of_class, withheld, cost
            )
            if not candidates:
                hopeless.add(failing)
                continue
            # withhold the cheapest cell that protects the failing count, else the one
            # that widens its range most (ties: the cheapest), else the cheapest cell whose
            # counts are not shown by another published cell anyway
            need = failing_need
            widest = spread(failing) if unknown(failing) else -1
            effective = [
                c
                for c in candidates
                if all(
                    all(o == c or o in withheld for o in cells_of_class[k])
                    for k in count_classes[c]
                )
            ]
            choice = (effective or candidates)[0]
            for candidate in candidates[:_TRIALS]:
                withheld.add(candidate)
                if not unknown(failing):
                    got: float = -1
                elif _certificate(failing, need, rows, touching, value, unknown) is not None:
                    got = need  # proven wide enough: the exact spread is at least ``need``
                else:
                    got = spread(failing, alone=True)
                withheld.discard(candidate)
                if got >= need:
                    choice = candidate
                    break
                if got > widest:
                    widest, choice = got, candidate
            withheld.add(choice)

    def _deviation(
        self,
        k: int,
        need: int,
        unknown: Callable[[int], bool],
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        cells_of_class: Mapping[int, list[_CellId]],
        withheld: set[_CellId],
        value: Mapping[int, int],
    ) -> list[_CellId]:
        """Published cells to withhold so that class ``k`` can move by ``need`` (up, else
        down) while every relation still holds: the cheapest such *deviation* of the
        counts near ``k`` (an LP, the classical approach of statistics offices' cell
        suppression); the counts it moves are withheld."""
        tried: set[frozenset[int]] = set()
        for radius in (_RADIUS, 2 * _RADIUS, None):
            hood = _linked(k, rows, touching, radius)
            if hood in tried:
                continue
            tried.add(hood)
            if radius != _RADIUS:
                # a cycle of the counts, the cheapest first, before any larger LP
                cells = self._cycle(k, need, rows, touching, cells_of_class, withheld, value)
                if cells:
                    return cells
            if len(hood) > _DEVIATION_LIMIT:
                break  # too large for the exact LP: the candidate cells decide
            cells = self._deviation_in(
                sorted(hood), k, need, rows, touching, cells_of_class, withheld, value
            )
            if cells:
                return cells
        return []

    def _cycle(
        self,
        k: int,
        need: int,
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        cells_of_class: Mapping[int, list[_CellId]],
        withheld: set[_CellId],
        value: Mapping[int, int],
    ) -> list[_CellId]:
        """The published cells of a small perturbation (:func:`_certificate` over every
        count, withheld ones free, published ones by weight) that moves ``k`` by
        ``need``: withholding them makes the perturbation a certificate for ``k``."""

        def cost(c: int) -> int:
            return sum(self._weight(cell) for cell in cells_of_class[c] if cell not in withheld)

        move = _certificate(k, need, rows, touching, value, lambda q: True, cost)
        if move is None:
            return []
        return sorted(
            {cell for c in move for cell in cells_of_class[c] if cell not in withheld},
            key=_order,
        )

    def _deviation_in(
        self,
        classes: list[int],
        k: int,
        need: int,
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        cells_of_class: Mapping[int, list[_CellId]],
        withheld: set[_CellId],
        value: Mapping[int, int],
    ) -> list[_CellId]:
        index = {c: i for i, c in enumerate(classes)}
        used = sorted({i for c in classes for i in touching[c]})
        weight = {}
        for c in classes:
            shown = [cell for cell in cells_of_class[c] if cell not in withheld]
            weight[c] = sum(self._weight(cell) for cell in shown)
        base: list[_lp.Constraint] = []
        for i in used:
            coefs, op = rows[i]
            lhs: dict[int, int | Fraction] = {}
            for c, a in coefs.items():
                j = index.get(c)
                if j is not None:
                    lhs[2 * j] = a
                    if value[c]:  # a zero count cannot move down
                        lhs[2 * j + 1] = -a
            slack = -sum(a * value[c] for c, a in coefs.items())
            base.append((lhs, op, 0 if op == "==" else slack))
        for c in classes:
            if 0 < value[c] < need:  # larger counts can move down by ``need``
                base.append(({2 * index[c] + 1: 1}, "<=", value[c]))
        objective = {}
        for c in classes:
            objective[2 * index[c]] = weight[c]
            objective[2 * index[c] + 1] = weight[c]
        j = index[k]
        for target in (need, -need):
            if target < 0 and value[k] < need:
                break
            try:
                found = _lp.solve(
                    2 * len(classes),
                    [*base, ({2 * j: 1, 2 * j + 1: -1}, "==", target)],
                    objective,
                )
            except _lp.InfeasibleError:
                continue
            if found is None:
                continue
            deviation = found[1]
            moved = [c for c in classes if deviation[2 * index[c]] != deviation[2 * index[c] + 1]]
            cells = sorted(
                {cell for c in moved for cell in cells_of_class[c] if cell not in withheld},
                key=_order,
            )
            if cells:
                return cells
        return []

    def _weight(self, cell: _CellId) -> int:
        n = max((self.values[q] for q in self.cells[cell] if self.kind[q] == "n"), default=0)
        return n + 1 + (_ZERO_WEIGHT if n == 0 else 0)

    def _candidates(
        self,
        k: int,
        unknown: Callable[[int], bool],
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        cells_of_class: Mapping[int, list[_CellId]],
        withheld: set[_CellId],
        cost: Mapping[_CellId, tuple[int, ...]],
    ) -> list[_CellId]:
        """Published cells whose withholding can make class ``k`` less determined,
        cheapest first: the cells showing it, else those related to it (equalities first),
        else those related to any unknown count linked to it."""
        shown = [c for c in cells_of_class[k] if c not in withheld]
        if shown:
            return sorted(shown, key=lambda c: (cost[c], _order(c)))
        frontier = [k]
        seen = {k}
        while frontier:
            found: dict[_CellId, tuple[object, ...]] = {}
            following = []
            for x in frontier:
                for i in touching[x]:
                    coefs, op = rows[i]
                    for y in coefs:
                        for c in cells_of_class[y]:
                            if c not in withheld:
                                key = (op != "==", *cost[c], _order(c))
                                if c not in found or key < found[c]:
                                    found[c] = key
                        if y not in seen and unknown(y):
                            seen.add(y)
                            following.append(y)
            if found:
                return sorted(found, key=found.__getitem__)
            frontier = following
        return []

    def _cost(self, cell: _CellId) -> tuple[int, ...]:
        n = max((self.values[q] for q in self.cells[cell] if self.kind[q] == "n"), default=0)
        margin = TOTAL in cell[2]
        return (2 if n == 0 and not margin else 1 if margin else 0, n)

    def _wide(
        self,
        comp: frozenset[int],
        k: int,
        need: int,
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        value: Mapping[int, int],
    ) -> bool:
        variables = sorted(comp)
        index = {c: i for i, c in enumerate(variables)}
        return _lp.wide(len(variables), self._lp_rows(index, rows, touching, value), index[k], need)

    def _lp_rows(
        self,
        index: Mapping[int, int],
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        value: Mapping[int, int],
    ) -> list[_lp.Constraint]:
        """The relations touching the classes of ``index`` (the variables), with every
        other class fixed at its value."""
        used = sorted({i for c in index for i in touching[c]})
        constraints: list[_lp.Constraint] = []
        for i in used:
            coefs, op = rows[i]
            lhs: dict[int, int | Fraction] = {}
            rhs = 0
            for c, a in coefs.items():
                if c in index:
                    lhs[index[c]] = a
                else:
                    rhs -= a * value[c]
            constraints.append((lhs, op, rhs))
        return constraints

    def _bounds(
        self,
        comp: frozenset[int],
        rows: list[tuple[dict[int, int], str]],
        touching: Mapping[int, list[int]],
        value: Mapping[int, int],
        targets: list[int] | None = None,
    ) -> dict[int, tuple[Fraction, Fraction | None]]:
        variables = sorted(comp)
        index = {k: i for i, k in enumerate(variables)}
        constraints = self._lp_rows(index, rows, touching, value)
        wanted = variables if targets is None else targets
        found = _lp.bounds(len(variables), constraints, [index[k] for k in wanted])
        return {k: found[index[k]] for k in wanted}


def _order(cell: _CellId) -> tuple[object, ...]:
    return (cell[0], cell[1], tuple((v == TOTAL, v) for v in cell[2]))


def _same_cell(row: Row) -> Row:
    found = SAME_CELLS.get(row.basis)
    if found is None or row.support is None:
        return row
    basis, extra = found
    return attrs.evolve(row, basis=basis, dimensions=row.dimensions + extra)


# -- certificates of protection -----------------------------------------------------------
#: The relations of the system over classes: ``(coefficients, "==" or "<=")``, ``Σ a·x op 0``.
_Relations = Sequence[tuple[Mapping[int, int], str]]
#: How many partial perturbations the certificate search extends before it gives up.
_CERTIFICATE_BUDGET = 200
#: The most counts a certificate may move.
_CERTIFICATE_SIZE = 12


def _certified_spread(
    move: Mapping[int, int],
    k: int,
    rows: _Relations,
    touching: Mapping[int, Sequence[int]],
    value: Mapping[int, int],
    movable: Callable[[int], bool],
) -> int:
    """The integer spread that the perturbation ``move`` proves for class ``k``: the
    values ``value + t·move`` for whole ``t`` in ``[−down, up]`` satisfy every relation,
    are non-negative and change only ``movable`` counts (the withheld ones), so ``k``
    (moved by ±1 per step) can take every value from ``value[k] − down`` to
    ``value[k] + up`` given what is published; returns ``up + down``, or 0 if ``move`` is
    not such a perturbation.

    This is the whole check of a certificate: whatever searched for ``move``, a positive
    result is a proof (an explicit family of completions) that needs no LP.
    """
    if abs(move.get(k, 0)) != 1 or any(c and not movable(q) for q, c in move.items()):
        return 0
    sign = move[k]
    up: float = math.inf  # steps of t upwards
    down: float = math.inf
    for q, c in move.items():
        if c > 0:
            down = min(down, value[q] // c)
        elif c < 0:
            up = min(up, value[q] // -c)
    for i in sorted({i for q in move for i in touching[q]}):
        coefs, op = rows[i]
        g = sum(a * move.get(q, 0) for q, a in coefs.items())
        if op == "==":
            if g:
                return 0
            continue
        slack = -sum(a * value[q] for q, a in coefs.items())
        if slack < 0:
            return 0
        if g > 0:
            up = min(up, slack // g)
        elif g < 0:
            down = min(down, slack // -g)
    if sign < 0:
        up, down = down, up
    if up == math.inf or down == math.inf:
        return 1 << 62  # unbounded in one direction: any spread
    return int(up) + int(down)


def _certificate(
    k: int,
    need: int,
    rows: _Relations,
    touching: Mapping[int, Sequence[int]],
    value: Mapping[int, int],
    movable: Callable[[int], bool],
    cost: Callable[[int], int] = lambda q: 0,
) -> dict[int, int] | None:
    """A perturbation of the ``movable`` counts that moves class ``k`` by a spread of
    ``need`` (checked by :func:`_certified_spread`), or ``None`` if a small, bounded search
    finds none. The search closes the violated equalities one at a time, like the +d/−d
    cycles of a table with margins, trying the cheapest counts (``cost``) first; it is
    deterministic. With ``movable`` the withheld counts it is a proof of protection; with
    every count it proposes a deviation (the published counts it moves)."""
    budget = [_CERTIFICATE_BUDGET]

    def violated(move: dict[int, int]) -> tuple[int, int] | None:
        for i in sorted({i for q in move for i in touching[q]}):
            coefs, op = rows[i]
            if op == "==":
                g = sum(a * move.get(q, 0) for q, a in coefs.items())
                if g:
                    return i, g
        return None

    def search(move: dict[int, int]) -> dict[int, int] | None:
        budget[0] -= 1
        found = violated(move)
        if found is None:
            ok = _certified_spread(move, k, rows, touching, value, movable) >= need
            return dict(move) if ok else None
        if len(move) >= _CERTIFICATE_SIZE or budget[0] <= 0:
            return None
        i, g = found
        options = []
        for q, a in rows[i][0].items():
            if q in move or not movable(q) or g % a:
                continue
            c = -g // a
            if c > 0 or value[q] >= -c:  # moving q down needs room below
                options.append((cost(q), -value[q], q, c))
        for _, _, q, c in sorted(options):
            move[q] = c
            got = search(move)
            del move[q]
            if got is not None:
                return got
            if budget[0] <= 0:
                break
        return None

    if not movable(k):
        return None
    for sign in (1, -1):
        got = search({k: sign})
        if got is not None:
            return got
    return None
