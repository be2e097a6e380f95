"""The ``sozialraum`` command line: ``demo``, ``validate``, ``migrate``, ``schema``,
``diagram``, ``simulate``, ``report``, ``statistics``, ``sample``.

Exit status: 0 on success (and when every validated record is valid), 1 when data is
invalid, 2 on usage errors (unknown options, unknown record types, unreadable files).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from . import __version__
from ._terminal import Progress, UsageError
from .errors import Issue, SozialraumError

__all__ = ["main"]


# -- validate -----------------------------------------------------------------------------


def _records(path: Path, lines: bool | None) -> Iterator[tuple[str, Any | Issue]]:
    """Yield ``(location, document-or-parse-issue)`` for each record of a file, streaming.

    Files are read as bytes and decoded line by line, so one bad line (not JSON, not
    UTF-8) is reported on its own and the others are still checked.
    """
    as_lines = lines if lines is not None else path.suffix.lower() in (".jsonl", ".ndjson")
    try:
        handle = path.open("rb") if str(path) != "-" else sys.stdin.buffer
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        if as_lines:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield f"line {number}", _parse(line, "this line")
            return
        document = _parse(handle.read(), "the file")
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield f"item {index}", item
    else:
        yield "document", document


def _parse(raw: bytes, what: str) -> Any | Issue:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Issue("", "json.encoding", f"{what} is not UTF-8 text")
    try:
        return json.loads(text)
    except ValueError as exc:
        where = getattr(exc, "lineno", None)
        at = f" (line {where})" if where and what == "the file" else ""
        return Issue("", "json.invalid", f"{what} is not JSON{at}")


def _validate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from .records import record_type
    from .schema import validate

    try:
        cl = record_type(args.type)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    lines = True if args.lines else None
    progress = Progress(err)
    records = invalid = n_issues = 0
    as_json = args.format == "json"
    if as_json:
        out.write('{"issues": [')
    first = True
    for file_name in args.files:
        path = Path(file_name)
        if file_name != "-" and not path.is_file():
            raise UsageError(f"no such file: {file_name}")
        count = 0
        for where, doc in _records(path, lines):
            count += 1
            issues = (doc,) if isinstance(doc, Issue) else validate(doc, cl)
            progress.show(f"{file_name}: {count:,} records checked")
            if not issues:
                continue
            invalid += 1
            n_issues += len(issues)
            for issue in issues:
                if as_json:
                    row = {"file": file_name, "record": where, **issue.to_dict()}
                    out.write(("" if first else ",") + "\n  " + json.dumps(row, ensure_ascii=False))
                    first = False
                else:
                    out.write(f"{file_name}: {where}: {issue}\n")
        records += count
    progress.done()
    summary = {"records": records, "invalid": invalid, "issues": n_issues, "type": args.type}
    if as_json:
        out.write(("\n" if not first else "") + '], "summary": ' + json.dumps(summary) + "}\n")
    else:
        verdict = "all valid" if not invalid else f"{invalid:,} invalid"
        noun = "record" if records == 1 else "records"
        plural = "issue" if n_issues == 1 else "issues"
        out.write(f"{records:,} {args.type} {noun} checked: {verdict} ({n_issues:,} {plural})\n")
    return 1 if invalid else 0


# -- migrate --------------------------------------------------------------------------------


def _migrate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """Migrate old documents to the current schema; issues go to stderr, documents to
    ``--out`` (JSON Lines, or one JSON document/array for a ``.json`` file) or stdout."""
    from .records import record_type
    from .schema import SCHEMA_VERSION, migrate, validate

    try:
        cl = record_type(args.type)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    lines = True if args.lines else None
    migrated: list[tuple[str, Any]] = []
    n_issues = invalid = 0
    for file_name in args.files:
        path = Path(file_name)
        if file_name != "-" and not path.is_file():
            raise UsageError(f"no such file: {file_name}")
        for where, doc in _records(path, lines):
            if isinstance(doc, Issue):
                issues: tuple[Issue, ...] = (doc,)
                invalid += 1
            else:
                doc, found = migrate(doc, args.type, from_version=args.from_version)
                problems = validate(doc, cl)
                invalid += bool(problems)
                issues = found + problems
                migrated.append((where, doc))
            n_issues += len(issues)
            for issue in issues:
                err.write(f"{file_name}: {where}: {issue}\n")
    as_array = args.out is not None and Path(args.out).suffix.lower() == ".json"
    if as_array:
        single = len(migrated) == 1 and migrated[0][0] == "document"
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
            raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
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

    if args.out:
        for path in write_schemas(args.out):
            out.write(f"wrote {path}\n")
        return 0
    if args.type:
        try:
            out.write(schema_text(json_schema(args.type)))
        except LookupError as exc:
            raise UsageError(str(exc)) from None
        return 0
    out.write("record types: " + ", ".join(sorted(RECORD_TYPES)) + "\n")
    out.write("use --type NAME to print one schema, --out DIR to write all\n")
    return 0


def _sample(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .data import SAMPLE_FILES, sample_file

    target = Path(args.out)
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES.values():
        (target / name).write_text(sample_file(name).read_text(encoding="utf-8"), "utf-8")
        out.write(f"wrote {target / name}\n")
    return 0


def _diagram(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .lifecycle import to_dot, to_mermaid
    from .schema import structure

    if args.process:
        from .lifecycle import Process

        path = Path(args.process)
        if not path.is_file():
            raise UsageError(f"no such file: {args.process}")
        document = _parse(path.read_bytes(), "the file")
        if isinstance(document, Issue):
            raise UsageError(f"{args.process}: {document.message}")
        process = structure(document, Process)
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
            raise UsageError(f"no such folder: {args.data_dir}")
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
        raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
    out.write(f"wrote {target} ({len(html.encode('utf-8')):,} bytes)\n")
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
    out.write(f"federal statistics {records.year} (catalogue {records.catalog})\n")
    out.write(
        f"  helps: {len(records.ended)} ended in the year, "
        f"{len(records.running)} running on 31 December\n"
    )
    out.write(f"  § 8a assessments concluded: {len(records.risk_assessments)}\n")
    out.write(f"  § 42/§ 42a measures ended: {len(records.protective_custodies)}\n")
    counts = Counter(i.code for i in issues)
    detail = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
    out.write(f"  plausibility issues: {len(issues)}" + (f" ({detail})" if detail else "") + "\n")
    out.write(f"wrote {len(written)} files into {target}\n")
    return 0


# -- demo -----------------------------------------------------------------------------------


def _demo(_args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from .demo import render_demo

    out.write(render_demo())
    return 0


# -- entry point --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sozialraum",
        description="Tools for social-space-oriented youth welfare (SGB VIII).",
    )
    parser.add_argument("--version", action="version", version=f"sozialraum {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="summarise the embedded synthetic sample municipality")
    demo.set_defaults(run=_demo)

    val = sub.add_parser("validate", help="validate JSON or JSON Lines files against a record type")
    val.add_argument("files", nargs="+", metavar="FILE", help="JSON, JSON Lines (.jsonl), or -")
    val.add_argument("--type", required=True, help="record type, e.g. case, municipality")
    val.add_argument("--format", choices=("human", "json"), default="human")
    val.add_argument("--lines", action="store_true", help="read every file as JSON Lines")
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
    dia.add_argument("--lang", choices=("de", "en"), default="en")
    dia.add_argument("--no-guards", action="store_true", help="leave guard names out")
    dia.set_defaults(run=_diagram)

    from .simulation import cli as simulation_cli

    simulation_cli.add_parser(sub)

    rep = sub.add_parser("report", help="write the Sozialraumbericht (one HTML file) for a year")
    rep.add_argument(
        "data_dir", nargs="?", metavar="DATA_DIR", help="a data folder (default: the sample)"
    )
    rep.add_argument("--year", type=int, help="reporting year (default: the last with helps)")
    rep.add_argument("--lang", choices=("de", "en"), default="de")
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
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    run: Callable[[argparse.Namespace, IO[str], IO[str]], int] = args.run
    try:
        return run(args, out, err)
    except UsageError as exc:
        err.write(f"sozialraum {args.command}: error: {exc}\n")
        return 2
    except SozialraumError as exc:
        err.write(f"sozialraum {args.command}: {exc}\n")
        return 1
    except KeyboardInterrupt:
        err.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
