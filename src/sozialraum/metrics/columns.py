"""Helps from columnar data: a pandas ``DataFrame`` or a pyarrow ``Table`` as metric input.

Researchers who hold helps as a table (the statistics records, a vendor export) need not
build entities: :func:`from_frame` and :func:`from_arrow` read the columns into
:class:`~sozialraum.metrics.HelpFacts`, and every help metric (:func:`use_rates`,
:func:`help_indicators`, :func:`spending` …) also takes the frame or table itself. The
results are exactly those of the same helps given as cases.

One row per help. Columns (others are ignored):

=================  ========  ===============================================================
column             required  values
=================  ========  ===============================================================
``space``          yes       the social space id (string)
``help_type``      yes       a help type code of :data:`sozialraum.catalog.HELP_TYPES` (string)
``start``          yes       the first day (date)
``end``            yes       the day after the last day, the exclusive end (date); null while
                             the help runs
``ending_reason``  no        an ending reason code (string, null: none recorded)
``provider``       no        the provider id (string; needed to group by ``provider``)
``case_id``        no        the case id (string)
``monthly_cents``  no        the monthly cost in cents (integer ≥ 0; needed for the money
                             metrics)
``young_adult``    no        a § 41 help for a young adult (boolean; absent: none is)
``young_people``   no        young people the help counts for (integer ≥ 1; absent: one
                             each; ``count="young_people"`` weighs by it)
=================  ========  ===============================================================

Dates lie between 1900-01-01 and 2199-12-31 (an ``end`` may be the day after), as in the
entities. A pandas date column is ``datetime64`` (any unit, no time zone, whole days) or
holds :class:`datetime.date` objects; an Arrow column is ``date32``, ``date64`` or a
``timestamp`` without time zone at midnight. Strings
may be plain, ``string`` or dictionary-encoded. Only ``end`` and ``ending_reason`` may
hold nulls. The columns of an empty table may have any type.

A table that does not fit raises one :class:`~sozialraum.errors.ValidationError` listing
every problem, each with a path ``/columns/<name>`` and a code: ``metrics.column_missing``,
``metrics.column_type``, ``metrics.column_null``, ``metrics.column_range`` (a date outside
the range, a negative cost), ``metrics.column_code`` (a code not in the catalogue),
``metrics.column_order`` (an end before its start). Messages name the first row (its
position, counting from 0) and how many rows are affected, never a value.

pandas and pyarrow are optional (extras ``pandas`` and ``arrow``) and imported only here.

>>> import pandas as pd
>>> from datetime import date
>>> frame = pd.DataFrame({
...     "space": ["S-NORD", "S-NORD"], "help_type": ["30-erziehungsbeistand", "34"],
...     "start": pd.to_datetime(["2024-02-01", "2025-03-01"]),
...     "end": pd.to_datetime(["2025-02-01", None]), "ending_reason": ["10", None]})
>>> facts = from_frame(frame)
>>> len(facts), facts.ending_reason
(2, ('10', None))
"""

from __future__ import annotations

import importlib
import operator
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final

from .. import catalog, messages
from ..errors import Issue, MissingDependencyError, ValidationError
from ..periods import MAX_DATE, MIN_DATE
from .facts import OPEN, HelpFacts

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "from_arrow", "from_frame"]

_MISSING = messages.define("metrics.column_missing", "the table has no column '{column}'")
_TYPE = messages.define(
    "metrics.column_type", "column '{column}' must hold {expected}, not {found}"
)
_NULL = messages.define(
    "metrics.column_null",
    "column '{column}' has {count} missing values (first in row {row})",
)
_RANGE = messages.define(
    "metrics.column_range",
    "column '{column}' has {count} values outside {allowed} (first in row {row})",
)
_CODE = messages.define(
    "metrics.column_code",
    "column '{column}' has {count} values not in the code list '{code_list}' (first in row {row})",
)
_ORDER = messages.define(
    "metrics.column_order",
    "{count} helps end before they start (first in row {row})",
)
_TABLE = messages.define("metrics.table_type", "expected a {expected}, not {found}")

_STR, _DATE, _INT, _BOOL = "strings", "dates", "integers", "booleans"

# The words of ``metrics.column_type`` (rendered in the language of the message): what a
# column must hold, and what was found where that is not a dtype's name.
_KIND_WORDS = {
    _STR: messages.define("metrics.column_kind#strings", "strings"),
    _DATE: messages.define("metrics.column_kind#dates", "dates"),
    _INT: messages.define("metrics.column_kind#integers", "integers"),
    _BOOL: messages.define("metrics.column_kind#booleans", "booleans"),
}
_TWO_COLUMNS, _TIMES, _OBJECTS = "two columns", "times of day", "other objects"
_FOUND_WORDS = {
    _TWO_COLUMNS: messages.define("metrics.column_found#two_columns", "two columns"),
    _TIMES: messages.define("metrics.column_found#times", "times of day"),
    _OBJECTS: messages.define("metrics.column_found#objects", "other objects"),
}


def _found(what: str) -> messages.Param:
    """What a column held instead: a word of ours in the message's language, else the
    name of the column's type as pandas or pyarrow gives it (``float64``)."""
    key = _FOUND_WORDS.get(what)
    return what if key is None else messages.Text(key, ())


#: The columns read, with their kind and whether they are required (module docs).
COLUMNS: Final[tuple[tuple[str, str, bool], ...]] = (
    ("space", _STR, True),
    ("help_type", _STR, True),
    ("start", _DATE, True),
    ("end", _DATE, True),
    ("ending_reason", _STR, False),
    ("provider", _STR, False),
    ("case_id", _STR, False),
    ("monthly_cents", _INT, False),
    ("young_adult", _BOOL, False),
    ("young_people", _INT, False),
)
#: The columns a table must have.
REQUIRED_COLUMNS: Final[tuple[str, ...]] = tuple(name for name, _, req in COLUMNS if req)
#: Columns that may hold nulls: a running help's end, an unrecorded ending reason.
_NULLABLE = frozenset({"end", "ending_reason"})

_EPOCH = date(1970, 1, 1).toordinal()
_MIN = MIN_DATE.toordinal()
_MAX_START = MAX_DATE.toordinal()
_MAX_END = _MAX_START + 1  # an exclusive end may be the day after the last supported day
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_DATE_RANGE = f"{MIN_DATE.isoformat()}..{MAX_DATE.isoformat()}"


def _module(name: str, extra: str, feature: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingDependencyError(name, extra, feature) from None


def from_frame(frame: Any) -> HelpFacts:
    """The helps of a ``pandas.DataFrame`` (one row per help; columns in the module docs).

    :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
    :raises ValidationError: if a column is missing, of the wrong type, or holds nulls,
        dates out of range or unknown codes (every problem at once).
    """
    pd = _module("pandas", "pandas", "from_frame()")
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError.single(
            "", _TABLE, expected="pandas DataFrame", found=type(frame).__name__
        )
    return _facts(len(frame), lambda name: _frame_column(pd, frame, name))


def from_arrow(table: Any) -> HelpFacts:
    """The helps of a ``pyarrow.Table`` or ``RecordBatch`` (one row per help; columns in the
    module docs).

    :raises MissingDependencyError: if pyarrow is not installed (extra ``arrow``).
    :raises ValidationError: as :func:`from_frame`.
    """
    pa = _module("pyarrow", "arrow", "from_arrow()")
    if not isinstance(table, pa.Table | pa.RecordBatch):
        raise ValidationError.single(
            "", _TABLE, expected="pyarrow Table", found=type(table).__name__
        )
    names = set(table.schema.names)

    def column(name: str) -> list[Any] | str | None:
        if name not in names:
            return None
        if table.num_rows == 0:
            return []
        return _arrow_values(pa, table.column(name), _kind(name))

    return _facts(table.num_rows, column)


def facts_from_table(data: Any) -> HelpFacts:
    """:func:`from_frame` or :func:`from_arrow`, by the type of ``data``."""
    if type(data).__module__.partition(".")[0] == "pandas":
        return from_frame(data)
    return from_arrow(data)


def _kind(name: str) -> str:
    return next(kind for n, kind, _ in COLUMNS if n == name)


# -- reading columns: a list of Python values (None for null), or the found type's name ---


def _frame_column(pd: Any, frame: Any, name: str) -> list[Any] | str | None:
    if name not in frame.columns:
        return None
    series = frame[name]
    if isinstance(series, pd.DataFrame):  # the name appears twice
        return _TWO_COLUMNS
    if series.empty:  # no values to check (an empty column often has no useful dtype)
        return []
    dtype = series.dtype
    kind = _kind(name)
    if isinstance(dtype, pd.ArrowDtype):
        pa = _module("pyarrow", "arrow", "ArrowDtype columns")
        return _arrow_values(pa, pa.chunked_array([series.array]), kind)
    nulls = series.isna().to_numpy()
    null_list: list[bool] = nulls.tolist()
    if kind == _DATE:
        if dtype.kind == "M" and getattr(dtype, "tz", None) is None:
            raw = series.to_numpy()
            days = raw.astype("datetime64[D]")
            if (days[~nulls] != raw[~nulls]).any():
                return _TIMES
            return _nulled((days.astype("int64") + _EPOCH).tolist(), null_list)
        if dtype.kind == "O":
            return _object_dates(series.tolist(), null_list)
        return str(dtype)
    ok = {
        _STR: dtype.kind == "O" or isinstance(dtype, pd.StringDtype),
        _INT: dtype.kind in "iu",
        _BOOL: dtype.kind == "b",
    }[kind]
    if not ok:
        return str(dtype)
    values = _nulled(series.tolist(), null_list)
    if kind == _STR and not set(map(type, values)) <= {str, type(None)}:
        return _OBJECTS
    return values  # numpy and pandas give ints and bools as Python ints and bools


def _nulled(values: list[Any], nulls: list[bool]) -> list[Any]:
    """``values`` with ``None`` where ``nulls`` (pandas has NaN, NaT, NA)."""
    if not any(nulls):
        return values
    return [None if null else v for v, null in zip(values, nulls, strict=True)]


def _object_dates(values: list[Any], nulls: list[bool]) -> list[int | None] | str:
    out: list[int | None] = []
    for v, null in zip(values, nulls, strict=True):
        if null:
            out.append(None)
        elif isinstance(v, date) and not isinstance(v, datetime):
            out.append(v.toordinal())
        else:
            return _OBJECTS
    return out


def _arrow_values(pa: Any, array: Any, kind: str) -> list[Any] | str:
    t = array.type
    types = pa.types
    if types.is_dictionary(t):
        array = array.cast(t.value_type)
        t = t.value_type
    if kind == _DATE:
        if types.is_timestamp(t) and t.tz is None:
            per_day = 86_400 * _PER_SECOND[t.unit]
            ticks = array.cast(pa.int64()).to_pylist()
            if any(v is not None and v % per_day for v in ticks):
                return _TIMES
            return [None if v is None else v // per_day + _EPOCH for v in ticks]
        if types.is_date64(t):
            array = array.cast(pa.date32())
        elif not types.is_date32(t):
            return str(t)
        return [None if v is None else v + _EPOCH for v in array.cast(pa.int32()).to_pylist()]
    ok = {
        _STR: types.is_string(t) or types.is_large_string(t) or types.is_string_view(t),
        _INT: types.is_integer(t),
        _BOOL: types.is_boolean(t),
    }[kind]
    if not ok:
        return str(t)
    values: list[Any] = array.to_pylist()
    return values


# -- checking and building ------------------------------------------------------------------


def _first(rows: list[int]) -> dict[str, messages.Param]:
    return {"count": len(rows), "row": rows[0]}


def _facts(n: int, read: Callable[[str], list[Any] | str | None]) -> HelpFacts:
    issues: list[Issue] = []
    columns: dict[str, list[Any]] = {}
    for name, kind, required in COLUMNS:
        path = f"/columns/{name}"
        values = read(name)
        if values is None:
            if required:
                issues.append(Issue.of(path, _MISSING, column=name))
            continue
        if isinstance(values, str):
            expected = messages.Text(_KIND_WORDS[kind], ())
            issues.append(
                Issue.of(path, _TYPE, column=name, expected=expected, found=_found(values))
            )
            continue
        if name not in _NULLABLE and None in values:
            nulls = [i for i, v in enumerate(values) if v is None]
            issues.append(Issue.of(path, _NULL, column=name, **_first(nulls)))
            continue
        columns[name] = values
    issues += _value_issues(columns)
    if issues:
        raise ValidationError(issues)
    start, end = columns["start"], columns["end"]
    ends = [OPEN if e is None else e for e in end]
    return HelpFacts(
        case_id=tuple(columns.get("case_id", ())),
        space=tuple(columns["space"]),
        provider=tuple(columns.get("provider", ())),
        help_type=tuple(columns["help_type"]),
        start=tuple(start),
        end=tuple(ends),
        last=tuple(
            e if e == OPEN else (e - 1 if e > s else s) for s, e in zip(start, ends, strict=True)
        ),
        monthly_cents=tuple(columns.get("monthly_cents", ())),
        ending_reason=tuple(columns.get("ending_reason", (None,) * n)),
        young_adult=tuple(columns.get("young_adult", ())),
        young_people=tuple(columns.get("young_people", ())),
    )


def _value_issues(columns: dict[str, list[Any]]) -> list[Issue]:
    issues = []

    def bad(name: str, rows: list[int], key: str, **params: messages.Param) -> None:
        if rows:
            issues.append(Issue.of(f"/columns/{name}", key, column=name, **_first(rows), **params))

    codes = (
        ("help_type", "help_types", frozenset(catalog.HELP_TYPES)),
        ("ending_reason", "ending_reasons", frozenset(catalog.ENDING_REASONS.codes)),
    )
    for name, code_list, known in codes:
        values = columns.get(name)
        if values is not None and set(values) - known - {None}:
            rows = [i for i, v in enumerate(values) if v is not None and v not in known]
            bad(name, rows, _CODE, code_list=code_list)
    start, end = columns.get("start"), columns.get("end")
    if start is not None and (
        min(start, default=_MIN) < _MIN or max(start, default=0) > _MAX_START
    ):
        rows = [i for i, v in enumerate(start) if not _MIN <= v <= _MAX_START]
        bad("start", rows, _RANGE, allowed=_DATE_RANGE)
    if end is not None:
        finite = [e for e in end if e is not None]
        if finite and (min(finite) < _MIN or max(finite) > _MAX_END):
            rows = [i for i, v in enumerate(end) if v is not None and not _MIN <= v <= _MAX_END]
            bad("end", rows, _RANGE, allowed=_DATE_RANGE)
    if start is not None and end is not None:
        ends = [_MAX_END if e is None else e for e in end]
        if any(map(operator.lt, ends, start)):
            rows = [i for i, (s, e) in enumerate(zip(start, ends, strict=True)) if e < s]
            issues.append(Issue.of("/columns/end", _ORDER, **_first(rows)))
    for name, low in (("monthly_cents", 0), ("young_people", 1)):
        values = columns.get(name)
        if values is not None and min(values, default=low) < low:
            rows = [i for i, v in enumerate(values) if v < low]
            bad(name, rows, _RANGE, allowed=f"{low} or more")
    return issues
