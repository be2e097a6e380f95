"""Statistics records as CSV (one file per record type) and as one JSON document.

CSV cells: empty for a missing value, ``true``/``false``, ``YYYY-MM`` for a month, lists
joined by ``;`` (a family member as ``sex YYYY-MM``). A text cell beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote so a
spreadsheet does not run it as a formula; a cell that itself begins with a quote gets one
more, so reading strips exactly one and every value comes back unchanged (the rule of every
CSV export, see :doc:`/security`). Numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
import json
import typing
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .. import messages
from .._csv import texts as csv_texts
from .._csv import unescape_text
from .._csv import write as csv_write
from ..catalog import Gender
from ..errors import Issue, ValidationError
from ..model import YearMonth
from ._records import (
    CustodyRecord,
    FamilyMember,
    HelpRecord,
    RiskAssessmentRecord,
    StatisticsRecords,
)

__all__ = [
    "CSV_FILES",
    "JSON_FILE",
    "from_csv",
    "to_csv",
    "to_json",
    "write_records",
]

R = TypeVar("R", HelpRecord, RiskAssessmentRecord, CustodyRecord)

#: The CSV file of each record type.
CSV_FILES: dict[type[Any], str] = {
    HelpRecord: "helps.csv",
    RiskAssessmentRecord: "risk_assessments.csv",
    CustodyRecord: "protective_custodies.csv",
}
#: The JSON file with all records of the year.
JSON_FILE = "records.json"

_HEADER = messages.define("statistics.csv_header", "the header must be the fields {fields}")
_WIDTH = messages.define("statistics.csv_width", "a line must have {count} cells")
_CELL = messages.define("statistics.csv_cell", "not a valid value for this field ({expected})")


def _plain(value: Any) -> Any:
    """A value for :func:`~sozialraum._csv.row`: numbers as they are, the rest encoded."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return _encode(value)


def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _encode(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, YearMonth):
        return value.isoformat()
    if isinstance(value, Gender):
        return value.value
    if isinstance(value, FamilyMember):
        return f"{value.sex.value} {value.birth.isoformat()}"
    if isinstance(value, tuple):
        return ";".join(_encode(v) for v in value)
    return str(value)


def _base(hint: Any) -> tuple[Any, bool]:
    """The non-None type of ``hint`` and whether None is allowed."""
    args = typing.get_args(hint)
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return hint, False


def _decode_one(text: str, hint: Any) -> Any:
    if hint is bool:
        if text not in ("true", "false"):
            raise ValueError
        return text == "true"
    if hint is int:
        if not text.isdigit():
            raise ValueError
        return int(text)
    if hint is Decimal:
        return Decimal(text)
    if hint is YearMonth:
        return YearMonth.fromisoformat(text)
    if hint is Gender:
        return Gender(text)
    if hint is FamilyMember:
        sex, _, birth = text.partition(" ")
        return FamilyMember(sex=Gender(sex), birth=YearMonth.fromisoformat(birth))
    return text


def _expected(hint: Any) -> str:
    base, _ = _base(hint)
    if typing.get_origin(base) is tuple:
        return "a list separated by ;"
    names = {bool: "true or false", int: "a whole number", Decimal: "a decimal number"}
    names |= {YearMonth: "YYYY-MM", Gender: "a sex code", FamilyMember: "sex YYYY-MM"}
    return names.get(base, "text")


def _decode(text: str, hint: Any) -> Any:
    base, optional = _base(hint)
    if text == "" and optional:
        return None
    if typing.get_origin(base) is tuple:
        item = typing.get_args(base)[0]
        return () if text == "" else tuple(_decode_one(t, item) for t in text.split(";"))
    return _decode_one(text, base)


def to_csv(records: Iterable[R], record_type: type[R]) -> str:
    """The records of one type as CSV text (RFC 4180, a header line with the field names).

    >>> from sozialraum.data import load_sample
    >>> from sozialraum.statistics import HelpRecord, statistics_records
    >>> r = statistics_records(load_sample().cases, 2024)
    >>> to_csv(r.helps, HelpRecord).splitlines()[0][:40]
    'report,reporting_year,record_id,space,he'
    """
    names = [f.name for f in attrs.fields(record_type)]
    lines = [csv_texts(names)]
    lines += [csv_texts([_plain(getattr(record, n)) for n in names]) for record in records]
    return csv_write(lines)


def from_csv(text: str, record_type: type[R]) -> tuple[R, ...]:
    """Read CSV text written by :func:`to_csv` back into records.

    :raises ValidationError: every bad header, line or cell, located as
        ``/<line>/<field>`` (line 0 is the header).
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    fields = attrs.fields(record_type)
    names = [f.name for f in fields]
    if not rows or rows[0] != names:
        raise ValidationError([Issue.of("/0", _HEADER, fields=", ".join(names))])
    hints = _hints(record_type)
    issues: list[Issue] = []
    out: list[R] = []
    for i, row in enumerate(rows[1:], start=1):
        if len(row) != len(names):
            issues.append(Issue.of(f"/{i}", _WIDTH, count=len(names)))
            continue
        values: dict[str, Any] = {}
        for name, cell in zip(names, row, strict=True):
            try:
                values[name] = _decode(unescape_text(cell), hints[name])
            except (ValueError, InvalidOperation, ValidationError):
                issues.append(Issue.of(f"/{i}/{name}", _CELL, expected=_expected(hints[name])))
        if len(values) == len(names):
            out.append(record_type(**values))
    if issues:
        raise ValidationError(issues)
    return tuple(out)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value.value if isinstance(value, Gender) else value
    if isinstance(value, YearMonth):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if attrs.has(type(value)):
        return {f.name: _json_value(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return str(value)


def to_json(records: StatisticsRecords) -> dict[str, Any]:
    """The records of the year as one JSON-ready document (months as ``YYYY-MM``, decimal
    hours as strings).

    >>> from sozialraum.data import load_sample
    >>> from sozialraum.statistics import statistics_records
    >>> doc = to_json(statistics_records(load_sample().cases, 2024))
    >>> doc["year"], doc["catalog"], sorted(doc)[:3]
    (2024, 'sozialraum-2', ['catalog', 'helps', 'protective_custodies'])
    """
    out = _json_value(records)
    assert isinstance(out, dict)
    return out


def write_records(records: StatisticsRecords, directory: str | Path) -> tuple[Path, ...]:
    """Write the records as ``helps.csv``, ``risk_assessments.csv``,
    ``protective_custodies.csv`` and ``records.json`` into ``directory`` (created if
    needed); returns the paths written."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    groups: Sequence[tuple[type[Any], Iterable[Any]]] = (
        (HelpRecord, records.helps),
        (RiskAssessmentRecord, records.risk_assessments),
        (CustodyRecord, records.protective_custodies),
    )
    written = []
    for record_type, items in groups:
        path = folder / CSV_FILES[record_type]
        path.write_text(to_csv(items, record_type), encoding="utf-8", newline="")
        written.append(path)
    path = folder / JSON_FILE
    path.write_text(
        json.dumps(to_json(records), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    written.append(path)
    return tuple(written)
