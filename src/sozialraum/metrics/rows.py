"""Tidy metric results: one frozen :class:`Row` per figure, collected in a :class:`MetricTable`.

A row names its metric, the dimensions it is grouped by (``("space", "S-NORD")`` …), its
exact value, the numerator and denominator the value was computed from, and its unit. A rate
with an empty population is not an error and not zero: its :attr:`Row.status` is
:attr:`Status.NOT_DEFINED`. A cell withheld for privacy is :attr:`Status.SUPPRESSED` and
carries no numbers at all.

Values stay exact (``int``, :class:`~fractions.Fraction`, :class:`~decimal.Decimal`,
:class:`~sozialraum.money.Money`); rounding happens only when a value is presented
(:func:`to_decimal`, :meth:`MetricTable.to_csv` …), always *half up* (away from zero), the
"kaufmännische Rundung" of statistics tables.

>>> from fractions import Fraction
>>> row = Row(metric="use_rate_u21", dimensions=(("space", "S1"),), value=Fraction(1250, 3),
...           numerator=25, denominator=600, unit="per 10,000 residents under 21", support=25)
>>> row.display(1)
'416.7'
>>> table = MetricTable((row, row.withheld("cell.suppressed")))
>>> print(table.to_csv(places=2), end="")
space,metric,value,numerator,denominator,unit,n,status,note
S1,use_rate_u21,416.67,25,600,"per 10,000 residents under 21",25,ok,
S1,use_rate_u21,,,,"per 10,000 residents under 21",,suppressed,cell.suppressed
"""

from __future__ import annotations

import enum
import importlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any, TypeGuard, cast

import attrs

from .._csv import cell, escape_text
from .._csv import texts as csv_texts
from .._csv import write as csv_write
from ..errors import MissingDependencyError
from ..money import Money

__all__ = [
    "NOT_DEFINED_SYMBOL",
    "SUPPRESSED_SYMBOL",
    "TOTAL",
    "MetricTable",
    "Row",
    "Status",
    "Value",
    "is_money",
    "to_decimal",
]

#: The dimension value of a margin (all values of that dimension together).
TOTAL = "*"

#: Shown for a suppressed cell: "Zahlenwert unbekannt oder geheim zu halten" ([S80b]).
SUPPRESSED_SYMBOL = "."
#: Shown for a value that is not defined (e.g. a rate over an empty population): "x",
#: "Tabellenfach gesperrt, weil Aussage nicht sinnvoll" in the statistics offices' symbols.
NOT_DEFINED_SYMBOL = "x"

#: An exact metric value.
Value = int | Fraction | Decimal | Money

_FIELDS = ("metric", "value", "numerator", "denominator", "unit", "n", "status", "note")
#: The columns holding numbers the library formatted itself (never escaped as text).
_NUMBERS = frozenset({"value", "numerator", "denominator", "n"})


class Status(enum.StrEnum):
    """Whether a row's value can be shown.

    >>> Status("suppressed") is Status.SUPPRESSED
    True
    """

    OK = "ok"
    NOT_DEFINED = "not_defined"
    SUPPRESSED = "suppressed"


def is_money(value: object) -> TypeGuard[Money]:
    """Whether ``value`` is an amount of :class:`~sozialraum.money.Money` (checked by its
    shape, so it also holds for Money from a second import of the package).

    >>> is_money(Money(cents=1)), is_money(1)
    (True, False)
    """
    return isinstance(value, Money) or (
        hasattr(value, "cents") and hasattr(value, "to_decimal") and hasattr(value, "allocate")
    )


def to_decimal(value: Value, places: int = 2) -> Decimal:
    """``value`` as a Decimal rounded half up (away from zero) to ``places`` decimals.

    Money is given in euros with its two places whatever ``places`` says.

    >>> to_decimal(Fraction(5, 8), 2), to_decimal(Fraction(-5, 8), 2), to_decimal(7, 1)
    (Decimal('0.63'), Decimal('-0.63'), Decimal('7.0'))
    >>> to_decimal(Money(cents=1999))
    Decimal('19.99')
    """
    if is_money(value):
        return value.to_decimal()
    exact = Fraction(cast("int | Fraction | Decimal", value)) * 10**places
    q, r = divmod(abs(exact.numerator), exact.denominator)
    if 2 * r >= exact.denominator:
        q += 1
    return Decimal(-q if exact < 0 else q).scaleb(-places)


def _plain(value: Value, places: int) -> str:
    if isinstance(value, int) or is_money(value):
        return str(value)
    return str(to_decimal(value, places))


@attrs.frozen(kw_only=True)
class Row:
    """One figure of a metric for one combination of dimension values.

    :param metric: the metric's stable name (``"use_rate_u21"`` …), documented in
        :doc:`/metrics`.
    :param dimensions: ``(name, value)`` pairs in grouping order; :data:`TOTAL` marks a margin.
    :param value: the exact value; ``None`` unless :attr:`status` is ``OK``.
    :param numerator: what was counted or summed (a count, an amount, a sum of days …).
    :param denominator: what it was divided by (a population, a count, a budget), if any.
    :param unit: the unit of :attr:`value` in words (``"helps"``, ``"days"``, ``"share"`` …).
    :param status: ``OK``, ``NOT_DEFINED`` (e.g. division by an empty population) or
        ``SUPPRESSED`` (withheld for privacy).
    :param support: how many records (helps, cases, plans, assessments) the value rests on;
        the count that small-cell protection looks at.
    :param basis: the record set the row is computed from (``"helps.active"`` …); rows of
        one basis and the same dimensions form one cell for suppression.
    :param note: a stable machine code saying why a row is not ``OK``
        (``"population.zero"``, ``"cell.suppressed"`` …).
    """

    metric: str
    dimensions: tuple[tuple[str, str], ...] = ()
    value: Value | None = None
    numerator: Value | None = None
    denominator: Value | None = None
    unit: str
    status: Status = Status.OK
    support: int | None = None
    basis: str = ""
    note: str | None = None

    def dimension(self, name: str) -> str | None:
        """The value of dimension ``name``, ``None`` if the row is not grouped by it."""
        for key, value in self.dimensions:
            if key == name:
                return value
        return None

    @property
    def dims(self) -> dict[str, str]:
        """The dimensions as a dict."""
        return dict(self.dimensions)

    @property
    def is_ok(self) -> bool:
        """True when the value can be shown."""
        return self.status is Status.OK

    def withheld(self, note: str) -> Row:
        """This row suppressed: status ``SUPPRESSED``, every number removed, ``note`` set."""
        return attrs.evolve(
            self,
            value=None,
            numerator=None,
            denominator=None,
            support=None,
            status=Status.SUPPRESSED,
            note=note,
        )

    def display(self, places: int = 1) -> str:
        """The value for people: rounded half up, or the symbol for suppressed (``.``) and
        not-defined (``x``) cells.

        >>> Row(metric="m", unit="share", status=Status.NOT_DEFINED).display()
        'x'
        """
        if self.status is Status.SUPPRESSED:
            return SUPPRESSED_SYMBOL
        if self.status is Status.NOT_DEFINED or self.value is None:
            return NOT_DEFINED_SYMBOL
        if isinstance(self.value, int) or is_money(self.value):
            return str(self.value)
        return str(to_decimal(self.value, places))

    def to_record(self, places: int = 4) -> dict[str, Any]:
        """A flat dict: each dimension, then ``metric``, ``value`` … as strings or ints.

        Values are rounded to ``places`` (half up); numerators and denominators that are
        counts stay ints, amounts are plain euro strings; missing numbers are ``None``.
        """
        record: dict[str, Any] = dict(self.dimensions)
        record.update(
            metric=self.metric,
            value=_json_number(self.value, places),
            numerator=_json_number(self.numerator, places),
            denominator=_json_number(self.denominator, places),
            unit=self.unit,
            n=self.support,
            status=str(self.status),
            note=self.note,
        )
        return record


def _json_number(value: Value | None, places: int) -> int | str | None:
    if value is None or isinstance(value, int):
        return value
    return _plain(value, places)


def _as_rows(rows: Iterable[Row]) -> tuple[Row, ...]:
    return tuple(rows)


@attrs.frozen
class MetricTable:
    """An ordered collection of :class:`Row` with exports to CSV, JSON and pandas.

    Tables concatenate with ``+``; :meth:`where` and :meth:`get` select rows.

    >>> t = MetricTable([Row(metric="a", unit="helps", value=3, dimensions=(("space", "N"),))])
    >>> t.get("a", space="N").value, len(t + t)
    (3, 2)
    """

    rows: tuple[Row, ...] = attrs.field(converter=_as_rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __add__(self, other: MetricTable) -> MetricTable:
        if not isinstance(other, MetricTable):
            return NotImplemented
        return MetricTable(self.rows + other.rows)

    def _repr_html_(self) -> str:
        """The rows as an HTML table, for Jupyter (withheld cells show ``.``)."""
        from .._html import metric_table_html

        return metric_table_html(self)

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metric names, in order of first appearance."""
        return tuple(dict.fromkeys(r.metric for r in self.rows))

    @property
    def dimension_names(self) -> tuple[str, ...]:
        """All dimension names used, in order of first appearance."""
        return tuple(dict.fromkeys(k for r in self.rows for k, _ in r.dimensions))

    def where(self, metric: str | None = None, **dimensions: str) -> MetricTable:
        """The rows of ``metric`` (any if ``None``) whose dimensions have the given values."""
        return MetricTable(
            r
            for r in self.rows
            if (metric is None or r.metric == metric)
            and all(r.dimension(k) == v for k, v in dimensions.items())
        )

    def get(self, metric: str, **dimensions: str) -> Row:
        """The one row of ``metric`` with exactly these dimensions.

        :raises LookupError: if there is no such row or more than one.
        """
        wanted = dict(dimensions)
        found = [r for r in self.rows if r.metric == metric and r.dims == wanted]
        if len(found) != 1:
            raise LookupError(f"{len(found)} rows of metric {metric!r} with these dimensions")
        return found[0]

    # -- exports ---------------------------------------------------------------------------
    def to_records(self, places: int = 4) -> list[dict[str, Any]]:
        """Every row as :meth:`Row.to_record`, with every dimension column present."""
        names = self.dimension_names
        out = []
        for row in self.rows:
            rec = row.to_record(places)
            out.append({**{n: rec.pop(n, None) for n in names}, **rec})
        return out

    def to_csv(self, stream: IO[str] | None = None, *, places: int = 4) -> str:
        """Write CSV (header: dimension names, then ``metric, value, numerator, denominator,
        unit, n, status, note``) to ``stream`` and return it as a string too.

        Empty cells are missing values; ``status`` says why a value is missing. Text cells
        (dimension values, names, units, notes) that a spreadsheet could run as a formula
        get a leading single quote (see :doc:`/security`); the numbers (``value``,
        ``numerator``, ``denominator``, ``n``) are written as numbers, ``-5.00`` too.
        """
        names = self.dimension_names
        lines = [csv_texts((*names, *_FIELDS))]
        for r in self.rows:
            rec = r.to_record(places)
            cells = [escape_text(rec.get(n) or "") for n in names]
            cells += [
                ("" if rec[f] is None else str(rec[f])) if f in _NUMBERS else cell(rec[f])
                for f in _FIELDS
            ]
            lines.append(cells)
        text = csv_write(lines, "\n")
        if stream is not None:
            stream.write(text)
        return text

    def to_json(self, *, places: int = 4, indent: int | None = None) -> str:
        """A JSON array of :meth:`to_records` (numbers that are not counts as strings, so no
        precision is lost to binary floats)."""
        return json.dumps(self.to_records(places), ensure_ascii=False, indent=indent)

    def to_dataframe(self, *, exact: bool = False) -> Any:
        """A ``pandas.DataFrame`` with one column per dimension and per field.

        With ``exact=False`` (default) ``value`` is a float column (NaN where not shown),
        convenient for analysis; with ``exact=True`` it holds the exact Python objects.

        :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:  # pragma: no cover - depends on the environment
            raise MissingDependencyError("pandas", "pandas", "to_dataframe()") from None
        names = self.dimension_names
        columns: dict[str, list[Any]] = {n: [] for n in (*names, *_FIELDS)}
        for row in self.rows:
            for n in names:
                columns[n].append(row.dimension(n))
            columns["metric"].append(row.metric)
            columns["value"].append(_frame_value(row.value, exact))
            columns["numerator"].append(row.numerator)
            columns["denominator"].append(row.denominator)
            columns["unit"].append(row.unit)
            columns["n"].append(row.support)
            columns["status"].append(str(row.status))
            columns["note"].append(row.note)
        return pandas.DataFrame(columns)


def _frame_value(value: Value | None, exact: bool) -> object:
    if exact:
        return value
    if value is None:
        return float("nan")
    if is_money(value):
        return float(value.to_decimal())
    return float(cast("int | Fraction | Decimal", value))
