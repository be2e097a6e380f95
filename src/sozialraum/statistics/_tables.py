"""Reconciliation tables shaped like the published Destatis tables.

A youth office compares its delivery with what the statistical office publishes. These
tables count the records of one year the way the published tables do, so the two can be
put side by side:

* ``helps_by_type`` — helps by *Art der Hilfe* × begun in the year / ended in the year /
  running on 31 December, with the akjstat total "ended + running" and the young adults
  (§ 41) among them (Destatis "Erzieherische Hilfen", Tabelle "Hilfen nach Art der Hilfe";
  akjstat *Fallzahlen* = Bestand am 31.12. + beendete Hilfen);
* ``family_helps`` — family helps (§ 31 and family-oriented § 27) and the young people in
  those families (§ 99 Abs. 1 Nr. 3; Destatis counts the families and the young people);
* ``risk_assessments`` — § 8a assessments by result × kind of danger (more than one kind per
  assessment possible, as in the Destatis table "Gefährdungseinschätzungen nach Art der
  Kindeswohlgefährdung"), with the repeat reports;
* ``protective_custodies`` — § 42/§ 42a measures by kind, with the unaccompanied minors and
  the days.

Every count is exact and unrounded; apply the statistical office's disclosure rule before
publishing (see :func:`sozialraum.metrics.suppress`).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .. import catalog
from .._csv import texts as csv_texts
from .._csv import write as csv_write
from .._text import printable
from ..errors import UnknownCodeError
from ._records import ENDED, RUNNING, HelpRecord, StatisticsRecords

__all__ = ["TOTAL", "ReconciliationTable", "reconciliation_tables"]

#: The label of a total line.
TOTAL = "total"


@attrs.frozen(kw_only=True, slots=True)
class ReconciliationTable:
    """One table: a name, a title, column names and lines of integer counts.

    >>> t = ReconciliationTable(name="t", title="T", columns=("a", "b"),
    ...     lines=(("x", (1, 2)), ("total", (1, 2))))
    >>> t.cell("x", "b"), t.column("a")
    (2, (1, 1))
    """

    name: str
    title: str
    columns: tuple[str, ...]
    lines: tuple[tuple[str, tuple[int, ...]], ...]

    def cell(self, line: str, column: str) -> int:
        """The count in ``line`` and ``column``.

        :raises UnknownCodeError: (a :class:`LookupError`) for an unknown line or column.
        """
        if column not in self.columns:
            raise UnknownCodeError(f"{self.name} columns", column)
        for label, values in self.lines:
            if label == line:
                return values[self.columns.index(column)]
        raise UnknownCodeError(f"{self.name} lines", line)

    def column(self, column: str) -> tuple[int, ...]:
        """The counts of ``column`` in line order (total lines included)."""
        i = self.columns.index(column)
        return tuple(values[i] for _, values in self.lines)

    def to_csv(self) -> str:
        """The table as CSV text: a header ``line`` + columns, one row per line (labels
        escaped against formulas, see :mod:`sozialraum.statistics`)."""
        lines = [csv_texts(["line", *self.columns])]
        lines += [csv_texts([label, *values]) for label, values in self.lines]
        return csv_write(lines)

    def render(self) -> str:
        """The table as plain text, for a terminal (unprintable characters in labels
        escaped, so a line stays a line)."""
        headers = ["", *(printable(c) for c in self.columns)]
        body = [[printable(label), *(str(v) for v in values)] for label, values in self.lines]
        widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]
        lines = [self.title]
        for row in [headers, *body]:
            cells = [
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _type_order() -> list[str]:
    seen: dict[str, None] = {}
    for t in catalog.HELP_TYPES.values():
        if t.hze or t.eingliederungshilfe:
            seen.setdefault(t.statistics_type, None)
    return list(seen)


def _helps_by_type(records: StatisticsRecords) -> ReconciliationTable:
    columns = ("begun", "ended", "running", "ended_and_running", "young_adults")
    order = _type_order()
    counts: dict[str, list[int]] = {}
    for r in records.helps:
        line = counts.setdefault(r.help_type, [0] * len(columns))
        line[0] += r.begin.year == records.year
        line[1] += r.report == ENDED
        line[2] += r.report == RUNNING
        line[3] += 1
        line[4] += r.young_adult
    labels = [t for t in order if t in counts] + sorted(t for t in counts if t not in order)
    hze = {t.statistics_type for t in catalog.HELP_TYPES.values() if t.hze}
    return ReconciliationTable(
        name="helps_by_type",
        title=f"Helps by type, {records.year} (begun, ended, running on 31 December)",
        columns=columns,
        lines=(
            *((t, tuple(counts[t])) for t in labels),
            ("hze", _sum(counts[t] for t in labels if t in hze)),
            ("eingliederungshilfe", _sum(counts[t] for t in labels if t == "35a")),
            (TOTAL, _sum(counts.values())),
        ),
    )


def _sum(lines: Iterable[list[int] | tuple[int, ...]], width: int = 5) -> tuple[int, ...]:
    total = [0] * width
    for line in lines:
        total = [a + b for a, b in zip(total, line, strict=True)]
    return tuple(total)


def _family_helps(records: StatisticsRecords) -> ReconciliationTable:
    columns = ("families", "young_people", "young_people_elsewhere", "ended", "running")
    counts: dict[str, list[int]] = {}
    family: list[HelpRecord] = [r for r in records.helps if r.family_help]
    for r in family:
        line = counts.setdefault(r.help_type, [0] * len(columns))
        line[0] += 1
        line[1] += r.young_people
        line[2] += r.young_people_elsewhere or 0
        line[3] += r.report == ENDED
        line[4] += r.report == RUNNING
    order = _type_order()
    labels = [t for t in order if t in counts] + sorted(t for t in counts if t not in order)
    return ReconciliationTable(
        name="family_helps",
        title=f"Family helps and the young people in the families, {records.year}",
        columns=columns,
        lines=(*((t, tuple(counts[t])) for t in labels), (TOTAL, _sum(counts.values()))),
    )


def _risk_assessments(records: StatisticsRecords) -> ReconciliationTable:
    forms = catalog.DANGER_FORMS.codes
    columns = ("assessments", *forms, "repeat_reports")
    width = len(columns)
    counts: dict[str, list[int]] = {}
    for r in records.risk_assessments:
        line = counts.setdefault(r.result, [0] * width)
        line[0] += 1
        for f in r.danger_forms:
            if f in forms:
                line[1 + forms.index(f)] += 1
        line[-1] += bool(r.repeat_report)
    order = [e.code for e in catalog.RISK_ASSESSMENT_RESULTS]
    labels = [c for c in order if c in counts] + sorted(c for c in counts if c not in order)
    return ReconciliationTable(
        name="risk_assessments",
        title=f"§ 8a assessments concluded in {records.year} by result and kind of danger",
        columns=columns,
        lines=(
            *((c, tuple(counts[c])) for c in labels),
            (TOTAL, _sum(counts.values(), width)),
        ),
    )


def _custodies(records: StatisticsRecords) -> ReconciliationTable:
    columns = ("measures", "unaccompanied", "days")
    counts: dict[str, list[int]] = {}
    for r in records.protective_custodies:
        line = counts.setdefault(r.kind, [0, 0, 0])
        line[0] += 1
        line[1] += r.unaccompanied
        line[2] += r.days
    labels = [k for k in ("42", "42a") if k in counts] + sorted(
        k for k in counts if k not in ("42", "42a")
    )
    return ReconciliationTable(
        name="protective_custodies",
        title=f"§ 42/§ 42a measures ended in {records.year}",
        columns=columns,
        lines=(*((k, tuple(counts[k])) for k in labels), (TOTAL, _sum(counts.values(), 3))),
    )


def reconciliation_tables(records: StatisticsRecords) -> tuple[ReconciliationTable, ...]:
    """The reconciliation tables of one year's records (module docs).

    >>> from sozialraum.data import load_sample
    >>> from sozialraum.statistics import statistics_records
    >>> tables = reconciliation_tables(statistics_records(load_sample().cases, 2024))
    >>> [t.name for t in tables]
    ['helps_by_type', 'family_helps', 'risk_assessments', 'protective_custodies']
    >>> tables[0].cell("total", "ended"), tables[0].cell("total", "running")
    (21, 124)
    """
    return (
        _helps_by_type(records),
        _family_helps(records),
        _risk_assessments(records),
        _custodies(records),
    )
