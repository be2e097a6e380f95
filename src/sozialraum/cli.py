"""The ``sozialraum`` command line: ``demo``, ``validate``, ``migrate``, ``schema``,
``diagram``, ``simulate``, ``report``, ``statistics``, ``sample``.

Exit status: 0 on success (and when every validated record is valid), 1 when data is
invalid, 2 on usage errors (unknown options, unknown record types, unreadable files).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from . import __version__, messages
from ._locale import format_number
from ._reader import MAX_RECORD_SIZE, Record
from ._terminal import Progress, UsageError
from ._text import printable
from .errors import Issue, SozialraumError, ValidationError

__all__ = ["main"]

messages.define("cli.error", "sozialraum {command}: error: {message}")
messages.define("cli.failed", "sozialraum {command}: {message}")
messages.define("cli.interrupted", "interrupted")
messages.define("cli.cannot_read", "cannot read {path}: {reason}")
messages.define("cli.cannot_write", "cannot write {path}: {reason}")
messages.define("cli.no_such_file", "no such file: {path}")
messages.define("cli.unreadable", "cannot read: {path}")
messages.define("cli.is_folder", "{path} is a folder, not a file")
messages.define("cli.permission", "cannot read {path}: permission denied")
messages.define("cli.type_missing", "name the record type with --type (or check a data set folder)")
messages.define("cli.stdin_twice", "standard input (-) can be read only once")
messages.define(
    "cli.dataset_arguments", "name one data set folder, or record files with --municipality"
)
messages.define("cli.dataset_type", "a data set holds the record types {allowed}")
messages.define(
    "cli.dataset_folder_type", "a data set folder names its record types by its file names"
)
messages.define("cli.file_empty", "{path}: the file is empty")
messages.define("cli.file_not_object", "{path}: expected one JSON object, not an array")
messages.define("cli.no_such_folder", "no such folder: {path}")
messages.define("cli.file_issue", "{path}: {message}")
messages.define("cli.where#line", "line {number}")
messages.define("cli.where#item", "item {number}")
messages.define("cli.where#document", "document")
messages.define("cli.validate.progress", "{path}: {count} records checked")
messages.define(
    "cli.validate.summary", "{records} {type} {noun} checked: {verdict} ({issues} {issue_noun})"
)
messages.define("cli.validate.record#one", "record")
messages.define("cli.validate.record#many", "records")
messages.define("cli.validate.issue#one", "issue")
messages.define("cli.validate.issue#many", "issues")
messages.define("cli.validate.all_valid", "all valid")
messages.define(
    "cli.validate.dataset_summary",
    "data set: {records} {noun} checked ({parts}): {verdict} ({issues} {issue_noun})",
)
messages.define("cli.validate.none", "none")
messages.define("cli.validate.invalid", "{count} invalid")
messages.define("cli.wrote", "wrote {path}")
messages.define("cli.wrote_bytes", "wrote {path} ({size} bytes)")
messages.define("cli.schema.types", "record types: {names}")
messages.define("cli.schema.hint", "use --type NAME to print one schema, --out DIR to write all")


def _t(key: str, lang: str, **params: messages.Param) -> str:
    """The command-line text ``key`` in ``lang``."""
    return messages.render(key, params, lang)


def _noun(key: str, n: int, lang: str) -> str:
    return _t(f"{key}#one" if n == 1 else f"{key}#many", lang)


def _verdict(invalid: int, lang: str, *, issues: bool = False) -> str:
    if invalid or issues:
        return _t("cli.validate.invalid", lang, count=_count(invalid, lang))
    return _t("cli.validate.all_valid", lang)


def _count(n: int, lang: str) -> str:
    """A count with grouping: ``1,234`` (en) or ``1.234`` (de)."""
    return format_number(n, lang) if lang == "de" else f"{n:,}"


# -- validate -----------------------------------------------------------------------------


def _size(text: str) -> int:
    """A byte count such as ``16777216``, ``16M``, ``16MiB`` or ``512k`` (binary units)."""
    units = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
    raw = text.strip().lower().removesuffix("ib").removesuffix("b")
    unit = raw[-1:] if raw[-1:] in units else ""
    number = raw[: len(raw) - len(unit)]
    if not number.isascii() or not number.isdigit() or len(number) > 15 or int(number) < 1:
        raise argparse.ArgumentTypeError(f"not a size in bytes such as 16M: {text!r}")
    return int(number) * units[unit]


def _printable(text: str, encoding: str | None = None, *, lines: bool = False) -> str:
    """``text`` with unprintable characters (controls, lone surrogates) escaped, and
    characters the output ``encoding`` cannot carry written as ``\\uXXXX`` escapes.
    ``lines=True`` keeps line breaks."""
    text = printable(text, keep="\n" if lines else "")
    if encoding and not encoding.lower().replace("-", "").startswith("utf"):
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    return text


def _encoding(stream: IO[str]) -> str | None:
    encoding = getattr(stream, "encoding", None)
    return encoding if isinstance(encoding, str) else None


class _Input:
    """One file argument of ``validate``, checked before anything is written."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "-":
            return
        try:
            info = os.stat(name)
        except OSError as exc:
            key = "cli.no_such_file" if isinstance(exc, FileNotFoundError) else "cli.unreadable"
            raise UsageError(key=key, path=_printable(name)) from None
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(key="cli.is_folder", path=_printable(name))
        if not os.access(name, os.R_OK):
            raise UsageError(key="cli.permission", path=_printable(name))

    def open(self) -> IO[bytes]:
        if self.name == "-":
            return sys.stdin.buffer
        return open(self.name, "rb")


def _file_records(source: _Input, lines: bool | None, max_record_size: int) -> Iterator[Record]:
    from ._reader import read_file

    name = source.name
    as_lines = lines if lines is not None else Path(name).suffix.lower() in (".jsonl", ".ndjson")
    return read_file(
        source.open, lines=as_lines, max_record_size=max_record_size, close=name != "-"
    )


def _check(
    document: Any, cl: type[Any], validate: Callable[[Any, type[Any]], tuple[Issue, ...]]
) -> tuple[Issue, ...]:
    try:
        return validate(document, cl)
    except Exception as exc:  # noqa: BLE001 - a record never crashes the command
        return (Issue.of("", "value.invalid#record", exception=type(exc).__name__),)


class _Report:
    """Writes issues as they are found, human-readable or as one JSON document."""

    def __init__(self, out: IO[str], as_json: bool, lang: str = "en") -> None:
        self.out = out
        self.as_json = as_json
        self.lang = lang
        self.encoding = _encoding(out)
        self.first = True
        self.open = False

    def start(self) -> None:
        if self.as_json:
            self.out.write('{"issues": [')
            self.open = True

    def issue(self, file_name: str, line: int | None, issue: Issue) -> None:
        if self.as_json:
            row = {"file": file_name, "record": line, **issue.to_dict(self.lang)}
            self.out.write(("" if self.first else ",") + "\n  " + json.dumps(row))
        else:
            path = _printable(issue.path, self.encoding) if issue.path else '""'
            where = _t("cli.where#line", self.lang, number=line) + ": " if line is not None else ""
            message = issue.message_in(self.lang)
            text = f"{file_name}: {where}{path}: {message} [{issue.code}]"
            self.out.write(_printable(text, self.encoding) + "\n")
        self.first = False

    def finish(self, summary: dict[str, Any], human: str) -> None:
        if self.as_json:
            self.out.write(("" if self.first else "\n") + '], "summary": ' + json.dumps(summary))
            self.out.write("}\n")
            self.open = False
        else:
            self.out.write(human + "\n")

    def close(self) -> None:
        """End an unfinished JSON document (after an interruption), so it stays valid."""
        if self.open:
            self.out.write(("" if self.first else "\n") + '], "interrupted": true}\n')
            self.open = False


def _validate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from .records import record_type
    from .schema import validate

    if args.municipality is not None or any(os.path.isdir(f) for f in args.files if f != "-"):
        return _validate_dataset(args, out, err)
    if args.type is None:
        raise UsageError(key="cli.type_missing")
    try:
        cl = record_type(args.type)
    except LookupError as exc:
        text = exc.message_in(args.lang) if isinstance(exc, SozialraumError) else str(exc)
        raise UsageError(text) from None
    sources = [_Input(name) for name in args.files]
    if sum(s.name == "-" for s in sources) > 1:
        raise UsageError(key="cli.stdin_twice")
    lines = True if args.lines else None
    progress = Progress(err)
    records = invalid = n_issues = 0
    lang = args.lang
    report = _Report(out, args.format == "json", lang)
    report.start()
    try:
        for source in sources:
            shown = _printable(source.name)
            count = 0
            for record in _file_records(source, lines, args.max_record_size):
                count += 1
                issues = record.issues
                if record.readable:
                    issues += _check(record.document, cl, validate)
                if progress.due():
                    progress.show(
                        _t("cli.validate.progress", lang, path=shown, count=_count(count, lang))
                    )
                if not issues:
                    continue
                invalid += 1
                n_issues += len(issues)
                for issue in issues:
                    report.issue(source.name, record.line, issue)
            records += count
        progress.done()
        summary = {"records": records, "invalid": invalid, "issues": n_issues, "type": args.type}
        line = _t(
            "cli.validate.summary",
            lang,
            records=_count(records, lang),
            type=args.type,
            noun=_noun("cli.validate.record", records, lang),
            verdict=_verdict(invalid, lang),
            issues=_count(n_issues, lang),
            issue_noun=_noun("cli.validate.issue", n_issues, lang),
        )
        report.finish(summary, line)
    finally:
        report.close()
    return 1 if invalid else 0


def _dataset_sources(args: argparse.Namespace) -> dict[str, Any]:
    """The arguments of a data-set check, every one checked before anything is written."""
    from .schema import DATASET_FILES, DataFile
    from .schema._dataset import record_type_of

    folders = [f for f in args.files if f != "-" and os.path.isdir(f)]
    if folders and (len(args.files) > 1 or args.municipality is not None):
        raise UsageError(key="cli.dataset_arguments")
    if args.type is not None and args.type not in DATASET_FILES:
        allowed = ", ".join(DATASET_FILES)
        raise UsageError(key="cli.dataset_type", allowed=allowed)
    if folders:
        if args.type is not None:
            raise UsageError(key="cli.dataset_folder_type")
        return {"source": folders[0]}
    lines = True if args.lines else None

    def data_file(name: str, kind: str | None) -> DataFile:
        source = _Input(name)
        if kind is None:
            try:
                kind = record_type_of(Path(name).name)
            except LookupError as exc:
                names = ", ".join(f for f, _ in DATASET_FILES.values())
                raise UsageError(
                    f"{_printable(name)}: not a file name of a data set ({names}); "
                    f"name its record type with --type{_hint(exc)}"
                ) from None
        return DataFile(name, kind, source.open, lines, close=name != "-")

    if sum(f == "-" for f in [*args.files, args.municipality]) > 1:
        raise UsageError(key="cli.stdin_twice")
    return {
        "municipality": data_file(args.municipality, "municipality"),
        "files": [data_file(name, args.type) for name in args.files],
    }


def _hint(exc: LookupError) -> str:
    suggestion = getattr(exc, "suggestion", None)
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


def _validate_dataset(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from .schema._dataset import _check

    sources = _dataset_sources(args)
    progress = Progress(err)
    counts: dict[str, int] = {}
    invalid = n_issues = 0
    lang = args.lang
    report = _Report(out, args.format == "json", lang)
    report.start()
    try:
        for checked in _check(**sources, max_record_size=args.max_record_size):
            if checked.line is not None:
                counts[checked.record] = counts.get(checked.record, 0) + 1
                progress.show(f"{_printable(checked.file)}: {sum(counts.values()):,} records")
            invalid += bool(checked.issues) and checked.line is not None
            n_issues += len(checked.issues)
            for issue in checked.issues:
                report.issue(checked.file, checked.line, issue)
        progress.done()
        records = sum(counts.values())
        summary = {
            "records": records,
            "invalid": invalid,
            "issues": n_issues,
            "type": "dataset",
            "records_by_type": counts,
        }
        parts = ", ".join(f"{_count(n, lang)} {kind}" for kind, n in counts.items())
        line = _t(
            "cli.validate.dataset_summary",
            lang,
            records=_count(records, lang),
            noun=_noun("cli.validate.record", records, lang),
            parts=parts or _t("cli.validate.none", lang),
            verdict=_verdict(invalid, lang, issues=n_issues > 0),
            issues=_count(n_issues, lang),
            issue_noun=_noun("cli.validate.issue", n_issues, lang),
        )
        report.finish(summary, line)
    finally:
        report.close()
    return 1 if n_issues else 0


def _read_document(name: str, max_record_size: int = MAX_RECORD_SIZE) -> Any:
    """The JSON document of the file ``name`` (a process file …), read safely.

    :raises UsageError: when the file is missing or is not (small enough) JSON.
    :raises ValidationError: when a key appears twice in an object.
    """
    source = _Input(name)
    found = list(_file_records(source, False, max_record_size))
    if not found:
        raise UsageError(key="cli.file_empty", path=_printable(name))
    if not found[0].readable:
        first = found[0].issues[0]
        raise UsageError(f"{_printable(name)}: {first.message} [{first.code}]")
    if found[0].issues and len(found) == 1:  # keys that appear twice
        raise ValidationError(found[0].issues)
    if len(found) > 1 or isinstance(found[0].document, list):
        raise UsageError(key="cli.file_not_object", path=_printable(name))
    return found[0].document


# -- migrate --------------------------------------------------------------------------------


def _migrate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """Migrate old documents to the current schema; issues go to stderr, documents to
    ``--out`` (JSON Lines, or one JSON document/array for a ``.json`` file) or stdout."""
    from .records import record_type
    from .schema import SCHEMA_VERSION, migrate, validate

    lang = args.lang
    try:
        cl = record_type(args.type)
    except LookupError as exc:
        text = exc.message_in(lang) if isinstance(exc, SozialraumError) else str(exc)
        raise UsageError(text) from None
    lines = True if args.lines else None
    sources = [_Input(name) for name in args.files]  # every argument checked first
    migrated: list[tuple[bool, Any]] = []
    n_issues = invalid = 0
    for source in sources:
        as_lines = lines or Path(source.name).suffix.lower() in (".jsonl", ".ndjson")
        for record in _file_records(source, lines, MAX_RECORD_SIZE):
            issues: tuple[Issue, ...] = record.issues
            if not record.readable:
                invalid += 1
            else:
                doc, found = migrate(record.document, args.type, from_version=args.from_version)
                problems = validate(doc, cl)
                invalid += bool(problems)
                issues = (*issues, *found, *problems)
                migrated.append((not as_lines, doc))
            n_issues += len(issues)
            for issue in issues:
                err.write(_printable(f"{source.name}: line {record.line}: {issue}") + "\n")
    as_array = args.out is not None and Path(args.out).suffix.lower() == ".json"
    if as_array:
        single = len(migrated) == 1 and migrated[0][0] and isinstance(migrated[0][1], dict)
        body = migrated[0][1] if single else [d for _, d in migrated]
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for _, d in migrated)
    if args.out in (None, "-"):
        out.write(text)
    else:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            reason = str(exc.strerror)
            raise UsageError(key="cli.cannot_write", path=args.out, reason=reason) from None
    noun = "record" if len(migrated) == 1 else "records"
    err.write(
        f"{len(migrated):,} {args.type} {noun} migrated to schema {SCHEMA_VERSION}: "
        f"{n_issues:,} issues, {invalid:,} invalid\n"
    )
    return 1 if invalid else 0


# -- schema, sample -------------------------------------------------------------------------


def _schema(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .records import RECORD_TYPES, json_schema, write_schemas
    from .schema import schema_text

    lang = args.lang
    if args.out:
        for path in write_schemas(args.out):
            out.write(_t("cli.wrote", lang, path=str(path)) + "\n")
        return 0
    if args.type:
        try:
            out.write(schema_text(json_schema(args.type)))
        except LookupError as exc:
            text = exc.message_in(lang) if isinstance(exc, SozialraumError) else str(exc)
            raise UsageError(text) from None
        return 0
    out.write(_t("cli.schema.types", lang, names=", ".join(sorted(RECORD_TYPES))) + "\n")
    out.write(_t("cli.schema.hint", lang) + "\n")
    return 0


def _sample(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .data import SAMPLE_FILES, sample_file

    target = Path(args.out)
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES.values():
        (target / name).write_text(sample_file(name).read_text(encoding="utf-8"), "utf-8")
        out.write(_t("cli.wrote", args.lang, path=str(target / name)) + "\n")
    return 0


def _diagram(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .lifecycle import to_dot, to_mermaid
    from .schema import structure

    if args.process:
        from .lifecycle import Process

        process = structure(_read_document(args.process), Process)
    else:
        from .lifecycle.sgb8 import DEFAULT_PROCESS

        process = DEFAULT_PROCESS
    render = to_dot if args.format == "dot" else to_mermaid
    out.write(render(process, language=args.lang, guards=not args.no_guards) + "\n")
    return 0


# -- report ---------------------------------------------------------------------------------


def _report(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .report import build_report, load_dataset

    sample = allocation = None
    if args.data_dir:
        if not Path(args.data_dir).is_dir():
            raise UsageError(_t("cli.no_such_folder", args.lang, path=args.data_dir))
        sample, allocation, budget_year = load_dataset(args.data_dir)
        if budget_year is not None and args.year is not None and budget_year != args.year:
            allocation = None
        year = args.year if args.year is not None else budget_year
    else:
        year = args.year
    html = build_report(sample, year=year, lang=args.lang, allocation=allocation)
    if args.out in (None, "-"):
        out.write(html)
        return 0
    target = Path(args.out)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        reason = str(exc.strerror)
        raise UsageError(_t("cli.cannot_write", args.lang, path=args.out, reason=reason)) from None
    size = _count(len(html.encode("utf-8")), args.lang)
    out.write(_t("cli.wrote_bytes", args.lang, path=str(target), size=size) + "\n")
    return 0


# -- statistics -----------------------------------------------------------------------------


def _statistics(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from collections import Counter

    from .catalog import CATALOG, load_catalog
    from .statistics import plausibility, reconciliation_tables, statistics_records, write_records

    if args.data_dir:
        from .report import load_dataset

        if not Path(args.data_dir).is_dir():
            raise UsageError(f"no such folder: {args.data_dir}")
        sample = load_dataset(args.data_dir)[0]
    else:
        from .data import load_sample

        sample = load_sample()
    if args.catalog and not Path(args.catalog).is_file():
        raise UsageError(f"no such file: {args.catalog}")
    version = load_catalog(args.catalog) if args.catalog else CATALOG
    records = statistics_records(
        sample.cases, args.year, version=version, municipality=sample.municipality
    )
    issues = plausibility(records, version=version)
    tables = reconciliation_tables(records)
    target = Path(args.out)
    try:
        written = list(write_records(records, target))
        path = target / "plausibility.json"
        document = {"year": records.year, "issues": [i.to_dict() for i in issues]}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(path)
        for table in tables:
            path = target / f"table_{table.name}.csv"
            path.write_text(table.to_csv(), encoding="utf-8", newline="")
            written.append(path)
    except OSError as exc:
        raise UsageError(f"cannot write into {args.out}: {exc.strerror}") from None
    out.write(f"federal statistics {records.year} (catalogue {_printable(records.catalog)})\n")
    out.write(
        f"  helps: {len(records.ended)} ended in the year, "
        f"{len(records.running)} running on 31 December\n"
    )
    out.write(f"  § 8a assessments concluded: {len(records.risk_assessments)}\n")
    out.write(f"  § 42/§ 42a measures ended: {len(records.protective_custodies)}\n")
    counts = Counter(i.code for i in issues)
    detail = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
    out.write(f"  plausibility issues: {len(issues)}" + (f" ({detail})" if detail else "") + "\n")
    out.write(f"wrote {len(written)} files into {_printable(str(target))}\n")
    return 0


# -- demo -----------------------------------------------------------------------------------


def _demo(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .demo import render_demo

    out.write(render_demo(lang=args.lang))
    return 0


# -- entry point --------------------------------------------------------------------------


class _SubParsers:
    """``add_subparsers()`` whose parsers all take the ``common`` options (``--lang``)."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser) -> None:
        self._sub = sub
        self._common = common

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._sub.add_parser(
            name, parents=[self._common, *kwargs.pop("parents", ())], **kwargs
        )
        return parser


def _language(args: argparse.Namespace) -> str:
    """The ``--lang`` given, else the environment's; the report is German by default."""
    if args.lang:
        return str(args.lang)
    return messages.language_from_env(default="de" if args.command == "report" else "en")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sozialraum",
        description="Tools for social-space-oriented youth welfare (SGB VIII).",
    )
    parser.add_argument("--version", action="version", version=f"sozialraum {__version__}")
    actions = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=messages.LANGUAGES,
        help="language of messages and output (default: from LANGUAGE, LC_ALL, LC_MESSAGES, "
        "LANG; report: German unless they ask for English)",
    )
    sub = _SubParsers(actions, common)

    demo = sub.add_parser("demo", help="summarise the embedded synthetic sample municipality")
    demo.set_defaults(run=_demo)

    val = sub.add_parser(
        "validate", help="validate record files against a record type, or a whole data set"
    )
    val.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="JSON, JSON Lines (.jsonl), -, or a data set folder",
    )
    val.add_argument("--type", help="record type, e.g. case (a data set: from the file names)")
    val.add_argument(
        "--municipality",
        metavar="FILE",
        help="check the files with this municipality as a data set",
    )
    val.add_argument("--format", choices=("human", "json"), default="human")
    val.add_argument("--lines", action="store_true", help="read every file as JSON Lines")
    val.add_argument(
        "--max-record-size",
        type=_size,
        default=MAX_RECORD_SIZE,
        metavar="BYTES",
        help="largest record (line or document) read, e.g. 64M (default: 16M)",
    )
    val.set_defaults(run=_validate)

    mig = sub.add_parser("migrate", help="read documents of an older schema version into 2.0")
    mig.add_argument("files", nargs="+", metavar="FILE", help="JSON, JSON Lines (.jsonl), or -")
    mig.add_argument("--type", required=True, help="record type, e.g. case, help")
    mig.add_argument("--from", dest="from_version", default="1.0", help="schema version (1.0)")
    mig.add_argument("--out", metavar="FILE", help="write here (.json: one JSON document)")
    mig.add_argument("--lines", action="store_true", help="read every file as JSON Lines")
    mig.set_defaults(run=_migrate)

    sch = sub.add_parser("schema", help="print or write the JSON Schema files")
    sch.add_argument("--out", metavar="DIR", help="write every <type>.schema.json into DIR")
    sch.add_argument("--type", help="print the schema of one record type")
    sch.set_defaults(run=_schema)

    dia = sub.add_parser("diagram", help="print a lifecycle process as a Mermaid or DOT diagram")
    dia.add_argument("process", nargs="?", help="a process document (default: SGB VIII)")
    dia.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    dia.add_argument("--no-guards", action="store_true", help="leave guard names out")
    dia.set_defaults(run=_diagram)

    from .simulation import cli as simulation_cli

    simulation_cli.add_parser(sub)

    rep = sub.add_parser("report", help="write the Sozialraumbericht (one HTML file) for a year")
    rep.add_argument(
        "data_dir", nargs="?", metavar="DATA_DIR", help="a data folder (default: the sample)"
    )
    rep.add_argument("--year", type=int, help="reporting year (default: the last with helps)")
    rep.add_argument("--out", metavar="FILE", help="the HTML file to write (default: stdout)")
    rep.set_defaults(run=_report)

    sta = sub.add_parser(
        "statistics", help="write the federal statistics records (§ 101(2)) of a year"
    )
    sta.add_argument(
        "data_dir", nargs="?", metavar="DATA_DIR", help="a data folder (default: the sample)"
    )
    sta.add_argument("--year", type=int, required=True, help="the reporting year")
    sta.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    sta.add_argument("--catalog", metavar="FILE", help="your office's code lists (JSON or TOML)")
    sta.set_defaults(run=_statistics)

    smp = sub.add_parser("sample", help="write the sample municipality's files into a folder")
    smp.add_argument("--out", metavar="DIR", required=True)
    smp.set_defaults(run=_sample)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    for stream in (out, err):  # a lone surrogate or an unencodable character never crashes
        if stream in (sys.stdout, sys.stderr) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    run: Callable[[argparse.Namespace, IO[str], IO[str]], int] = args.run
    args.lang = lang = _language(args)
    try:
        return run(args, out, err)
    except UsageError as exc:
        text = _t("cli.error", lang, command=args.command, message=exc.message_in(lang))
        err.write(_printable(text, _encoding(err)) + "\n")
        return 2
    except SozialraumError as exc:
        text = _t("cli.failed", lang, command=args.command, message=exc.message_in(lang))
        err.write(_printable(text, _encoding(err), lines=True) + "\n")
        return 1
    except KeyboardInterrupt:
        err.write("\n" + _t("cli.interrupted", lang) + "\n")
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
