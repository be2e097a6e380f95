"""The ``sozialraum`` command line: ``demo``, ``validate``, ``schema``, ``diagram``,
``simulate``, ``report``, ``sample``.

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

from . import __version__, messages
from ._json import text_issue
from ._locale import format_number
from ._terminal import Progress, UsageError
from .errors import Issue, SozialraumError

__all__ = ["main"]

messages.define("cli.error", "sozialraum {command}: error: {message}")
messages.define("cli.failed", "sozialraum {command}: {message}")
messages.define("cli.interrupted", "interrupted")
messages.define("cli.cannot_read", "cannot read {path}: {reason}")
messages.define("cli.cannot_write", "cannot write {path}: {reason}")
messages.define("cli.no_such_file", "no such file: {path}")
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
messages.define("cli.validate.invalid", "{count} invalid")
messages.define("cli.wrote", "wrote {path}")
messages.define("cli.wrote_bytes", "wrote {path} ({size} bytes)")
messages.define("cli.schema.types", "record types: {names}")
messages.define("cli.schema.hint", "use --type NAME to print one schema, --out DIR to write all")


def _t(key: str, lang: str, **params: messages.Param) -> str:
    """The command-line text ``key`` in ``lang``."""
    return messages.render(key, params, lang)


def _count(n: int, lang: str) -> str:
    """A count with grouping: ``1,234`` (en) or ``1.234`` (de)."""
    return format_number(n, lang) if lang == "de" else f"{n:,}"


# -- validate -----------------------------------------------------------------------------


def _records(path: Path, lines: bool | None, lang: str) -> Iterator[tuple[str, Any | Issue]]:
    """Yield ``(location, document-or-parse-issue)`` for each record of a file, streaming.

    Files are read as bytes and decoded line by line, so one bad line (not JSON, not
    UTF-8) is reported on its own and the others are still checked.
    """
    as_lines = lines if lines is not None else path.suffix.lower() in (".jsonl", ".ndjson")
    try:
        handle = path.open("rb") if str(path) != "-" else sys.stdin.buffer
    except OSError as exc:
        reason = str(exc.strerror)
        raise UsageError(_t("cli.cannot_read", lang, path=str(path), reason=reason)) from None
    with handle:
        if as_lines:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    where = _t("cli.where#line", lang, number=number)
                    yield where, _parse(line, "this line")
            return
        document = _parse(handle.read(), "the file")
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield _t("cli.where#item", lang, number=index), item
    else:
        yield _t("cli.where#document", lang), document


def _parse(raw: bytes, what: str) -> Any | Issue:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return text_issue("json.encoding", what)
    try:
        return json.loads(text)
    except ValueError as exc:
        where = getattr(exc, "lineno", None)
        return text_issue("json.invalid", what, where if where and what == "the file" else None)


def _validate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from .records import record_type
    from .schema import validate

    lang = args.lang
    try:
        cl = record_type(args.type)
    except LookupError as exc:
        text = exc.message_in(lang) if isinstance(exc, SozialraumError) else str(exc)
        raise UsageError(text) from None
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
            raise UsageError(_t("cli.no_such_file", lang, path=file_name))
        count = 0
        for where, doc in _records(path, lines, lang):
            count += 1
            issues = (doc,) if isinstance(doc, Issue) else validate(doc, cl, lang=lang)
            progress.show(
                _t("cli.validate.progress", lang, path=file_name, count=_count(count, lang))
            )
            if not issues:
                continue
            invalid += 1
            n_issues += len(issues)
            for issue in issues:
                if as_json:
                    row = {"file": file_name, "record": where, **issue.to_dict(lang)}
                    out.write(("" if first else ",") + "\n  " + json.dumps(row, ensure_ascii=False))
                    first = False
                else:
                    out.write(f"{file_name}: {where}: {issue.line_in(lang)}\n")
        records += count
    progress.done()
    summary = {"records": records, "invalid": invalid, "issues": n_issues, "type": args.type}
    if as_json:
        out.write(("\n" if not first else "") + '], "summary": ' + json.dumps(summary) + "}\n")
    else:
        if invalid:
            verdict = _t("cli.validate.invalid", lang, count=_count(invalid, lang))
        else:
            verdict = _t("cli.validate.all_valid", lang)
        line = _t(
            "cli.validate.summary",
            lang,
            records=_count(records, lang),
            type=args.type,
            noun=_t(
                "cli.validate.record#one" if records == 1 else "cli.validate.record#many", lang
            ),
            verdict=verdict,
            issues=_count(n_issues, lang),
            issue_noun=_t(
                "cli.validate.issue#one" if n_issues == 1 else "cli.validate.issue#many", lang
            ),
        )
        out.write(line + "\n")
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

        path = Path(args.process)
        if not path.is_file():
            raise UsageError(_t("cli.no_such_file", args.lang, path=args.process))
        document = _parse(path.read_bytes(), "the file")
        if isinstance(document, Issue):
            message = document.message_in(args.lang)
            raise UsageError(_t("cli.file_issue", args.lang, path=args.process, message=message))
        process = structure(document, Process, lang=args.lang)
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

    val = sub.add_parser("validate", help="validate JSON or JSON Lines files against a record type")
    val.add_argument("files", nargs="+", metavar="FILE", help="JSON, JSON Lines (.jsonl), or -")
    val.add_argument("--type", required=True, help="record type, e.g. case, municipality")
    val.add_argument("--format", choices=("human", "json"), default="human")
    val.add_argument("--lines", action="store_true", help="read every file as JSON Lines")
    val.set_defaults(run=_validate)

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
    args.lang = lang = _language(args)
    try:
        return run(args, out, err)
    except UsageError as exc:
        err.write(_t("cli.error", lang, command=args.command, message=str(exc)) + "\n")
        return 2
    except SozialraumError as exc:
        message = exc.message_in(lang)
        err.write(_t("cli.failed", lang, command=args.command, message=message) + "\n")
        return 1
    except KeyboardInterrupt:
        err.write("\n" + _t("cli.interrupted", lang) + "\n")
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
