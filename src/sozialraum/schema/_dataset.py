"""Validating a data set: every record on its own, then the set as a whole.

A data set is a municipality plus its cases (with their helps, help plans and risk
assessments) and its case-independent work, in the files of the embedded sample::

    DATA_DIR/municipality.json              one Municipality (spaces, providers, teams)
    DATA_DIR/cases.jsonl                    one Case per line
    DATA_DIR/case_independent_work.jsonl    one CaseIndependentWork per line (optional)

Each record is checked against its type (every issue :func:`~sozialraum.schema.validate`
finds), then against the rest of the set by the rules in the tables of
:mod:`sozialraum.schema._dataset_rules`: ids unique per
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

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from .._reader import MAX_RECORD_SIZE, Record, read_file
from ..errors import Issue, UnknownCodeError
from ..model import Case, CaseIndependentWork, Municipality
from ._dataset_rules import CASE_DATES, _check_municipality, _Index, _set_issues

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

        :raises UnknownCodeError: (a :class:`LookupError`) when the name is not one of
            :data:`DATASET_FILES` and no ``record`` is given, or ``record`` is not a record
            type of a data set; with a suggestion.
        """
        p = Path(path)
        kind = record if record is not None else record_type_of(p.name)
        if kind not in _CLASSES:
            close = difflib.get_close_matches(kind, list(_CLASSES), n=1)
            raise UnknownCodeError("dataset_record_types", kind, close[0] if close else None)
        return cls(str(path), kind, lambda: p.open("rb"))


def record_type_of(name: str) -> str:
    """The record type of a data-set file called ``name`` (``cases.jsonl`` → ``case``).

    :raises UnknownCodeError: (a :class:`LookupError`) for another name, with a suggestion.
    """
    stem = name.split(".", 1)[0]
    for kind, (file_name, _) in DATASET_FILES.items():
        if stem in (kind, file_name.split(".", 1)[0]):
            return kind
    close = difflib.get_close_matches(name, _file_names(), n=1)
    raise UnknownCodeError("dataset_files", name, close[0] if close else None)


def _file_names() -> list[str]:
    return [name for name, _ in DATASET_FILES.values()]


@attrs.frozen(slots=True)
class _Checked:
    """One record's findings (the command line counts records with these)."""

    file: str
    line: int | None
    record: str
    issues: tuple[Issue, ...]


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
