"""Validating a data set: every record on its own, then the set as a whole.

A data set is a municipality plus its cases (with their helps, help plans and risk
assessments) and its case-independent work, in the files of the embedded sample::

    DATA_DIR/municipality.json              one Municipality (spaces, providers, teams)
    DATA_DIR/cases.jsonl                    one Case per line
    DATA_DIR/case_independent_work.jsonl    one CaseIndependentWork per line (optional)

Each record is checked against its type (every issue :func:`~sozialraum.schema.validate`
finds), then against the rest of the set by the rules in the tables below: ids unique per
record type, references that resolve, dates that are plausible across records. Files are
streamed (:mod:`sozialraum._reader`), so memory grows with the number of ids, never with
the size of a record or file: the set checks remember ids and a few dates per case, not
entities.

Every finding is a :class:`DatasetIssue`: the file, the line its record starts on, and an
:class:`~sozialraum.errors.Issue` (JSON pointer into the record, stable code, message).

>>> from sozialraum.data import sample_file
>>> from sozialraum.schema import validate_dataset
>>> validate_dataset(sample_file("municipality.json").parent)
()
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs

from .. import messages
from .._reader import MAX_RECORD_SIZE, Record, read_file
from ..errors import Issue, escape_pointer_token
from ..model import Case, CaseIndependentWork, Municipality

__all__ = [
    "CASE_DATES",
    "DATASET_FILES",
    "DataFile",
    "DatasetIssue",
    "iter_dataset",
    "validate_dataset",
]

# -- the shape of a data set ---------------------------------------------------------------

#: The files of a data set folder by record type: (file name, required).
DATASET_FILES: dict[str, tuple[str, bool]] = {
    "municipality": ("municipality.json", True),
    "case": ("cases.jsonl", True),
    "case_independent_work": ("case_independent_work.jsonl", False),
}

#: The class of each record type of a data set; files are read in this order, so the ids a
#: record refers to are known when it is read.
_CLASSES: dict[str, type[Any]] = {
    "municipality": Municipality,
    "case": Case,
    "case_independent_work": CaseIndependentWork,
}

# -- the rules, as tables ------------------------------------------------------------------
# Pointers are JSON pointers into one record; "*" stands for every item of an array.

#: The plausible range of dates of case work ``[start, end)``: from the day SGB VIII came
#: into force (3 October 1990, in the new Länder) to before 2100.
CASE_DATES = (date(1990, 10, 3), date(2100, 1, 1))
#: The plausible range of dates of birth.
BIRTH_DATES = (date(1900, 1, 1), date(2100, 1, 1))

#: Ids the municipality defines, which other records refer to: (index, pointer).
DEFINED_IDS = (
    ("social_space", "/social_spaces/*/id"),
    ("provider", "/providers/*/id"),
    ("team", "/teams/*/id"),
)

#: Ids unique in the whole data set: (record type, pointer, index). Duplicates within one
#: record are the record's own rule (``id.duplicate``).
UNIQUE_IDS = (
    ("case", "/id", "case"),
    ("case", "/helps/*/id", "help"),
    ("case", "/help_plans/*/id", "help_plan"),
    ("case", "/risk_assessments/*/id", "risk_assessment"),
    ("case_independent_work", "/id", "case_independent_work"),
)

#: References that must resolve: (record type, pointer, index, code). References to the
#: municipality are checked when it could be read; references to cases when the set has
#: a case file.
REFERENCES = (
    ("case", "/space_id", "social_space", "dataset.unknown_space"),
    ("case", "/helps/*/provider_id", "provider", "dataset.unknown_provider"),
    ("case_independent_work", "/space_id", "social_space", "dataset.unknown_space"),
    ("case_independent_work", "/provider_id", "provider", "dataset.unknown_provider"),
    ("case_independent_work", "/case_ids/*", "case", "dataset.unknown_case"),
)

#: Dates that must lie in a plausible range: (record type, pointer, range).
DATE_RANGES = (
    ("case", "/young_person/birth", BIRTH_DATES),
    ("case", "/opened", CASE_DATES),
    ("case", "/closed", CASE_DATES),
    ("case", "/helps/*/period/start", CASE_DATES),
    ("case", "/helps/*/period/end", CASE_DATES),
    ("case", "/helps/*/planned_end", CASE_DATES),
    ("case", "/helps/*/specialist_statement_on", CASE_DATES),
    ("case", "/help_plans/*/agreed_on", CASE_DATES),
    ("case", "/help_plans/*/reviews/*", CASE_DATES),
    ("case", "/help_plans/*/next_review", CASE_DATES),
    ("case", "/risk_assessments/*/concluded_on", CASE_DATES),
    ("case_independent_work", "/period/start", CASE_DATES),
    ("case_independent_work", "/period/end", CASE_DATES),
)

#: Dates in order: (record type, earlier, later, code, the pointer reported). Array
#: positions ("*") present in both pointers refer to the same item.
DATE_ORDER = (
    ("case", "/young_person/birth", "/opened", "dataset.birth_after_opened", "earlier"),
    ("case", "/opened", "/help_plans/*/agreed_on", "dataset.plan_before_case", "later"),
)

#: Oldest age at a date: (record type, birth, date, age, code). A young person
#: (*junger Mensch*, § 7(1) no. 4 SGB VIII) is under 27.
AGE_LIMITS = (("case", "/young_person/birth", "/opened", 27, "dataset.too_old"),)

#: A young person named in several records has one date of birth: (record type, id
#: pointer, birth pointer, code).
SAME_PERSON = (("case", "/young_person/id", "/young_person/birth", "dataset.person_conflict"),)

#: Case-overarching work that names a case: the case is in the same space and open during
#: the work: (record type, pointer of the case ids, space pointer, period pointer).
CASE_LINKS = (("case_independent_work", "/case_ids/*", "/space_id", "/period"),)

#: Rules of single records that a data set relies on (checked by the model, listed here so
#: the whole set of rules can be read in one place): (record type, code, rule).
RECORD_RULES = (
    ("case", "help.before_case", "a help starts on or after the day its case opens"),
    ("case", "help.after_case", "a help of a closed case ends by the closing day"),
    ("case", "plan.review_order", "reviews come after the plan is agreed, in date order"),
    ("case", "reference.unknown", "help plans name helps of their case"),
    ("municipality", "reference.unknown", "providers and teams name known spaces/providers"),
)

messages.define("dataset.file_missing", "the data set has no file {file}")
messages.define("dataset.municipality_twice", "a data set has one municipality")
messages.define(
    "dataset.duplicate_id", "this {record} id is already used in {file}, line {first_line}"
)
messages.define("dataset.unknown_space", "no social space with this id in the municipality")
messages.define("dataset.unknown_provider", "no provider with this id in the municipality")
messages.define("dataset.unknown_case", "no case with this id in the data set")
messages.define(
    "dataset.date_implausible",
    "the date is outside the plausible range from {start} to before {end}",
)
messages.define("dataset.birth_after_opened", "the young person is born after the case is opened")
messages.define("dataset.plan_before_case", "the help plan is agreed before the case is opened")
messages.define("dataset.too_old", "the young person is {age} or older when the case is opened")
messages.define(
    "dataset.person_conflict",
    "this young person has another date of birth in {file}, line {first_line}",
)
messages.define("dataset.case_other_space", "the case named is in another social space")
messages.define("dataset.case_not_open", "the case named is not open during the work")

# -- results -------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class DatasetIssue:
    """One finding in a data set: the file, the line its record starts on, and the issue.

    :param line: the line number (from 1), ``None`` for a finding about a whole file (a
        file that is missing or cannot be read).
    """

    file: str
    line: int | None
    issue: Issue

    @property
    def path(self) -> str:
        """The JSON pointer into the record (``""`` for the whole record)."""
        return self.issue.path

    @property
    def code(self) -> str:
        """The stable code of the issue."""
        return self.issue.code

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: ``file``, ``record`` (the line number), ``path``, ``code``,
        ``message``."""
        return {"file": self.file, "record": self.line, **self.issue.to_dict()}

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        path = self.issue.path or '""'
        return f"{self.file}: {where}{path}: {self.issue.message} [{self.code}]"


@attrs.frozen(slots=True)
class DataFile:
    """One file of a data set: its name (as reported), its record type, how to open it.

    :param open: returns a binary stream, read once.
    :param lines: whether it holds JSON Lines (default: by its name, ``.jsonl``/``.ndjson``).
    :param close: whether the stream is closed after reading (not standard input).
    """

    name: str
    record: str
    open: Callable[[], IO[bytes]] = attrs.field(repr=False)
    lines: bool | None = None
    close: bool = True

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], record: str | None = None) -> DataFile:
        """The file at ``path``; its record type from its name when ``record`` is ``None``.

        :raises LookupError: when the name is not one of :data:`DATASET_FILES` and no
            ``record`` is given, or ``record`` is not a record type of a data set.
        """
        p = Path(path)
        kind = record if record is not None else record_type_of(p.name)
        if kind not in _CLASSES:
            raise LookupError(f"{kind!r} is not a record type of a data set")
        return cls(str(path), kind, lambda: p.open("rb"))


def record_type_of(name: str) -> str:
    """The record type of a data-set file called ``name`` (``cases.jsonl`` → ``case``).

    :raises LookupError: for another name.
    """
    stem = name.split(".", 1)[0]
    for kind, (file_name, _) in DATASET_FILES.items():
        if stem in (kind, file_name.split(".", 1)[0]):
            return kind
    raise LookupError("not a file name of a data set: " + ", ".join(_file_names()))


def _file_names() -> list[str]:
    return [name for name, _ in DATASET_FILES.values()]


@attrs.frozen(slots=True)
class _Checked:
    """One record's findings (the command line counts records with these)."""

    file: str
    line: int | None
    record: str
    issues: tuple[Issue, ...]


# -- the checks ------------------------------------------------------------------------------


def _select(doc: Any, pattern: str) -> Iterator[tuple[str, tuple[int, ...], Any]]:
    """``(pointer, array positions, value)`` for each value at ``pattern`` in ``doc``."""
    found: list[tuple[Any, str, tuple[int, ...]]] = [(doc, "", ())]
    for token in pattern.split("/")[1:]:
        step = []
        for node, pointer, at in found:
            if token == "*":
                if isinstance(node, list):
                    step += [(v, f"{pointer}/{i}", (*at, i)) for i, v in enumerate(node)]
            elif isinstance(node, dict) and token in node:
                step.append((node[token], f"{pointer}/{escape_pointer_token(token)}", at))
        found = step
    return ((pointer, at, value) for value, pointer, at in found)


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _days(value: Any) -> tuple[date, date] | None:
    """The earliest and latest day a date (``YYYY-MM-DD``) or month (``YYYY-MM``) means."""
    day = _day(value)
    if day is not None:
        return day, day
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        first = _day(value + "-01")
        if first is not None:
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1)
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _matching(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


class _Index:
    """What the set checks remember between records: ids and a few dates, no entities.

    ``ids[index][id]`` is the (file number, line) where the id was first seen;
    ``people[id]`` the first date of birth seen with its (file number, line);
    ``cases[id]`` the case's space and its open days as ordinals ``[opened, closed]``.
    """

    def __init__(self) -> None:
        self.files: list[str] = []
        self.ids: dict[str, dict[str, tuple[int, int]]] = {}
        self.people: dict[str, tuple[str, int, int]] = {}
        self.cases: dict[str, tuple[str, int, int | None]] = {}
        self.defined: dict[str, frozenset[str]] = {}
        self.have_municipality = False
        self.have_cases = False

    def known(self, index: str) -> bool:
        if index == "case":
            return self.have_cases
        return self.have_municipality

    def contains(self, index: str, value: str) -> bool:
        if index == "case":
            return value in self.cases or value in self.ids.get("case", {})
        return value in self.defined.get(index, frozenset())

    def where(self, file_no: int, line: int) -> dict[str, str | int]:
        return {"file": self.files[file_no], "first_line": line}


def _check_municipality(doc: Any, index: _Index) -> None:
    index.have_municipality = isinstance(doc, dict)
    for name, pattern in DEFINED_IDS:
        index.defined[name] = frozenset(
            v for _, _, v in _select(doc, pattern) if isinstance(v, str)
        )


def _set_issues(kind: str, doc: Any, file_no: int, line: int, index: _Index) -> list[Issue]:
    """The issues of one record against the set, and the record added to the index."""
    if not isinstance(doc, dict):
        return []
    issues: list[Issue] = []
    for record, pattern, name, code in REFERENCES:
        if record == kind and index.known(name):
            for pointer, _, value in _select(doc, pattern):
                if isinstance(value, str) and not index.contains(name, value):
                    issues.append(Issue.of(pointer, code))
    for record, pattern, (start, end) in DATE_RANGES:
        if record == kind:
            for pointer, _, value in _select(doc, pattern):
                days = _days(value)
                if days is not None and (days[0] < start or days[1] >= end):
                    issues.append(
                        Issue.of(
                            pointer,
                            "dataset.date_implausible",
                            start=start.isoformat(),
                            end=end.isoformat(),
                        )
                    )
    for record, earlier, later, code, reported in DATE_ORDER:
        if record == kind:
            for e_pointer, e_at, e_value in _select(doc, earlier):
                e_days = _days(e_value)
                for l_pointer, l_at, l_value in _select(doc, later):
                    l_days = _days(l_value)
                    if e_days and l_days and _matching(e_at, l_at) and e_days[0] > l_days[1]:
                        issues.append(
                            Issue.of(e_pointer if reported == "earlier" else l_pointer, code)
                        )
    for record, birth, on, age, code in AGE_LIMITS:
        if record == kind:
            for b_pointer, _, b_value in _select(doc, birth):
                for _, _, on_value in _select(doc, on):
                    b_days, on_day = _days(b_value), _day(on_value)
                    if b_days and on_day and _add_years(b_days[1], age) <= on_day:
                        issues.append(Issue.of(b_pointer, code, age=age))
    for record, id_pattern, birth, code in SAME_PERSON:
        if record == kind:
            for _, _, person in _select(doc, id_pattern):
                births = [(p, v) for p, _, v in _select(doc, birth) if isinstance(v, str)]
                if not isinstance(person, str) or len(births) != 1:
                    continue
                b_pointer, b_value = births[0]
                known = index.people.setdefault(person, (b_value, file_no, line))
                if known[0] != b_value:
                    issues.append(Issue.of(b_pointer, code, **index.where(known[1], known[2])))
    for record, ids, space, period in CASE_LINKS:
        if record == kind and index.have_cases:
            issues += _case_links(doc, ids, space, period, index)
    for record, pattern, name in UNIQUE_IDS:
        if record == kind:
            seen = index.ids.setdefault(name, {})
            for pointer, _, value in _select(doc, pattern):
                if not isinstance(value, str):
                    continue
                first = seen.setdefault(value, (file_no, line))
                if first != (file_no, line):
                    where = index.where(*first)
                    issues.append(Issue.of(pointer, "dataset.duplicate_id", record=name, **where))
    if kind == "case":
        _remember_case(doc, index)
    return issues


def _remember_case(doc: dict[str, Any], index: _Index) -> None:
    case_id, space = doc.get("id"), doc.get("space_id")
    opened, closed = _day(doc.get("opened")), _day(doc.get("closed"))
    if not isinstance(case_id, str) or not isinstance(space, str) or opened is None:
        return
    if case_id not in index.cases:  # the first case with an id is the one referred to
        index.cases[case_id] = (space, opened.toordinal(), closed.toordinal() if closed else None)


def _case_links(
    doc: dict[str, Any], ids: str, space: str, period: str, index: _Index
) -> list[Issue]:
    issues: list[Issue] = []
    spaces = [v for _, _, v in _select(doc, space)]
    periods = [v for _, _, v in _select(doc, period) if isinstance(v, dict)]
    start = _day(periods[0].get("start")) if periods else None
    end = _day(periods[0].get("end")) if periods else None
    for pointer, _, case_id in _select(doc, ids):
        facts = index.cases.get(case_id) if isinstance(case_id, str) else None
        if facts is None:
            continue
        case_space, opened, closed = facts
        if spaces and spaces[0] != case_space:
            issues.append(Issue.of(pointer, "dataset.case_other_space"))
        if start is not None and (
            (end is not None and end.toordinal() <= opened)
            or (closed is not None and closed < start.toordinal())
        ):
            issues.append(Issue.of(pointer, "dataset.case_not_open"))
    return issues


# -- reading -------------------------------------------------------------------------------


def _records(source: DataFile, max_record_size: int) -> Iterator[Record]:
    lines = source.lines
    if lines is None:
        lines = source.name.lower().endswith((".jsonl", ".ndjson"))
    return read_file(source.open, lines=lines, max_record_size=max_record_size, close=source.close)


def _sources(
    source: str | os.PathLike[str] | None,
    municipality: str | os.PathLike[str] | DataFile | None,
    files: Iterable[str | os.PathLike[str] | DataFile],
) -> tuple[list[DataFile], list[DatasetIssue]]:
    chosen: list[DataFile] = []
    missing: list[DatasetIssue] = []
    if source is not None:
        folder = Path(source)
        for kind, (name, required) in DATASET_FILES.items():
            path = folder / name
            if path.exists():
                chosen.append(DataFile.from_path(path, kind))
            elif required:
                missing.append(
                    DatasetIssue(str(path), None, Issue.of("", "dataset.file_missing", file=name))
                )
    if municipality is not None:
        if isinstance(municipality, DataFile):
            chosen.append(attrs.evolve(municipality, record="municipality"))
        else:
            chosen.append(DataFile.from_path(municipality, "municipality"))
    chosen += [f if isinstance(f, DataFile) else DataFile.from_path(f) for f in files]
    order = list(_CLASSES)
    chosen.sort(key=lambda f: order.index(f.record))  # stable: same type keeps its order
    return chosen, missing


def _check(
    source: str | os.PathLike[str] | None = None,
    *,
    municipality: str | os.PathLike[str] | DataFile | None = None,
    files: Iterable[str | os.PathLike[str] | DataFile] = (),
    max_record_size: int = MAX_RECORD_SIZE,
    index: _Index | None = None,
) -> Iterator[_Checked]:
    """Every record's findings, in file order (municipality first, then cases, then work)."""
    from . import validate

    chosen, missing = _sources(source, municipality, files)
    for found in missing:
        yield _Checked(found.file, None, "", (found.issue,))
    index = index if index is not None else _Index()
    index.have_cases = any(f.record == "case" for f in chosen)
    municipalities = 0
    for file_no, data_file in enumerate(chosen):
        index.files.append(data_file.name)
        cl = _CLASSES[data_file.record]
        for record in _records(data_file, max_record_size):
            issues = list(record.issues)
            if record.readable:
                try:
                    issues += validate(record.document, cl)
                except Exception as exc:  # noqa: BLE001 - a record never stops the check
                    name = type(exc).__name__
                    issues.append(Issue.of("", "value.invalid", exception=name))
                if data_file.record == "municipality":
                    municipalities += 1
                    if municipalities > 1:
                        issues.append(Issue.of("", "dataset.municipality_twice"))
                    else:
                        _check_municipality(record.document, index)
                else:
                    issues += _set_issues(
                        data_file.record, record.document, file_no, record.line, index
                    )
            yield _Checked(data_file.name, record.line, data_file.record, tuple(issues))


def iter_dataset(
    source: str | os.PathLike[str] | None = None,
    *,
    municipality: str | os.PathLike[str] | DataFile | None = None,
    files: Iterable[str | os.PathLike[str] | DataFile] = (),
    max_record_size: int = MAX_RECORD_SIZE,
) -> Iterator[DatasetIssue]:
    """Every finding of a data set, as it is found (streaming, in bounded memory).

    :param source: a data set folder (the files of :data:`DATASET_FILES`), or ``None``.
    :param municipality: the municipality file (instead of, or next to, a folder's).
    :param files: record files; a path's record type comes from its name
        (``cases.jsonl`` …), a :class:`DataFile` names its own.
    :param max_record_size: the largest record read, in bytes.
    """
    for checked in _check(
        source, municipality=municipality, files=files, max_record_size=max_record_size
    ):
        for issue in checked.issues:
            yield DatasetIssue(checked.file, checked.line, issue)


def validate_dataset(
    source: str | os.PathLike[str] | None = None,
    *,
    municipality: str | os.PathLike[str] | DataFile | None = None,
    files: Iterable[str | os.PathLike[str] | DataFile] = (),
    max_record_size: int = MAX_RECORD_SIZE,
) -> tuple[DatasetIssue, ...]:
    """Every finding of a data set, collected; empty when the set is valid.

    Takes the arguments of :func:`iter_dataset`.
    """
    return tuple(
        iter_dataset(
            source, municipality=municipality, files=files, max_record_size=max_record_size
        )
    )
