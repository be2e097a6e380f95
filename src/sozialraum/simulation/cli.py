"""The ``sozialraum simulate`` subcommand (registered by :mod:`sozialraum.cli`).

::

    sozialraum simulate [SCENARIO_FILE] --runs N --years Y --seed S --workers W
                        [--dask ADDRESS] [--out results.json|results.csv] [--plot FILE.png]

Without a scenario file it simulates the embedded sample and its default study. Exit
status: 0 on success, 1 when the scenario file is invalid (every issue is listed), 2 on
usage errors (bad numbers, unknown output format, unreadable file, a missing optional
extra), 130 when interrupted (the runs completed so far are still written).

>>> import argparse, io
>>> parser = argparse.ArgumentParser(prog="sozialraum")
>>> _ = add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["simulate", "--runs", "0"])
>>> err = io.StringIO()
>>> run(args, io.StringIO(), err), err.getvalue()
(2, 'sozialraum simulate: error: --runs must be at least 1\\n')
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .. import messages
from .._terminal import Progress, UsageError
from ..errors import MissingDependencyError, ValidationError

__all__ = ["add_parser", "run"]

messages.define("simulate.at_least_one", "--{name} must be at least 1")
messages.define("simulate.years", "--years must be from 1 to 50")
messages.define("simulate.chunk_size", "--chunk-size must be at least 1")
messages.define("simulate.workers_or_dask", "give either --workers or --dask, not both")
messages.define("simulate.out_format", "--out must name a .json or .csv file")
messages.define("simulate.raw_needs_json", "--raw needs --out with a .json file")
messages.define("simulate.no_such_file", "no such file: {path}")
messages.define("simulate.error", "sozialraum simulate: error: {message}")
messages.define("simulate.invalid_file", "sozialraum simulate: {path} is not valid: {message}")
messages.define("simulate.invalid_study", "sozialraum simulate: the study is not valid: {message}")
messages.define("simulate.progress", "simulate: {done}/{total} runs ({percent} %)")
messages.define("simulate.wrote", "wrote {path} ({runs} runs, {rows} rows)")
messages.define("simulate.wrote_plot", "wrote {path}")
messages.define(
    "simulate.interrupted",
    "sozialraum simulate: interrupted after {done} of {total} runs; "
    "the results cover the completed runs",
)


def _t(key: str, lang: str, **params: messages.Param) -> str:
    return messages.render(key, params, lang)


def _n(n: int, lang: str) -> str:
    from .._locale import format_number

    return format_number(n, lang) if lang == "de" else f"{n:,}"


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", None) or "en")


_FORMATS = (".json", ".csv")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``simulate`` to an ``argparse`` subparsers object; returns the new parser (its
    ``run`` default is :func:`run`)."""
    sim: argparse.ArgumentParser = subparsers.add_parser(
        "simulate",
        help="seeded Monte Carlo of budgets and demand over years and scenarios",
        description="Simulate referrals, helps, spending and budget execution per social "
        "space over the years, for a baseline and the scenarios of SCENARIO_FILE (JSON or "
        "TOML; default: the embedded sample and its default study).",
    )
    sim.add_argument("scenario_file", nargs="?", metavar="SCENARIO_FILE")
    sim.add_argument("--runs", type=int, default=1000, help="runs per scenario (1000)")
    sim.add_argument("--years", type=int, help="years to simulate (default: the study's)")
    sim.add_argument("--seed", type=int, default=2026, help="master seed (2026)")
    sim.add_argument("--workers", type=int, default=1, help="worker processes (1: in-process)")
    sim.add_argument("--dask", metavar="ADDRESS", help="run on the Dask scheduler at ADDRESS")
    sim.add_argument("--out", metavar="FILE", help="write results to FILE (.json or .csv)")
    sim.add_argument("--raw", action="store_true", help="include raw runs in the JSON output")
    sim.add_argument("--plot", metavar="FILE", help="draw the results into FILE (.png …)")
    sim.add_argument("--chunk-size", type=int, help="runs per task (default: automatic)")
    sim.add_argument(
        "--engine",
        choices=("auto", "numpy", "python"),
        default="auto",
        help="numpy runs many runs at once, python one by one: the same results (auto: numpy "
        "when installed)",
    )
    sim.set_defaults(run=run)
    return sim


def _reporter(bar: Progress, lang: str = "en") -> Callable[[int, int], None]:
    """The progress callback of :func:`~sozialraum.simulation.simulate`, shown on ``bar``."""

    def report(done: int, total: int) -> None:
        percent = done * 100 // total
        text = _t(
            "simulate.progress", lang, done=_n(done, lang), total=_n(total, lang), percent=percent
        )
        bar.show(text, force=done == total)

    return report


def _check(args: argparse.Namespace) -> None:
    lang = _lang(args)
    for name in ("runs", "workers"):
        if getattr(args, name) < 1:
            raise UsageError(_t("simulate.at_least_one", lang, name=name))
    if args.years is not None and not 1 <= args.years <= 50:
        raise UsageError(_t("simulate.years", lang))
    if args.chunk_size is not None and args.chunk_size < 1:
        raise UsageError(_t("simulate.chunk_size", lang))
    if args.dask and args.workers > 1:
        raise UsageError(_t("simulate.workers_or_dask", lang))
    if args.out and Path(args.out).suffix.lower() not in _FORMATS:
        raise UsageError(_t("simulate.out_format", lang))
    if args.raw and not (args.out and args.out.lower().endswith(".json")):
        raise UsageError(_t("simulate.raw_needs_json", lang))
    if args.scenario_file and not Path(args.scenario_file).is_file():
        raise UsageError(_t("simulate.no_such_file", lang, path=args.scenario_file))
    if args.plot and importlib.util.find_spec("matplotlib") is None:
        raise MissingDependencyError("matplotlib", "plot", "--plot")
    if args.dask and importlib.util.find_spec("distributed") is None:
        raise MissingDependencyError("distributed", "dask", "--dask")


def run(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """Run ``sozialraum simulate`` with parsed ``args``; returns the exit status."""
    lang = _lang(args)
    try:
        return _run(args, out, err)
    except UsageError as exc:
        err.write(_t("simulate.error", lang, message=str(exc)) + "\n")
        return 2
    except MissingDependencyError as exc:
        err.write(_t("simulate.error", lang, message=exc.message_in(lang)) + "\n")
        return 2
    except ValidationError as exc:
        message = exc.message_in(lang)
        if args.scenario_file:
            line = _t("simulate.invalid_file", lang, path=args.scenario_file, message=message)
        else:
            line = _t("simulate.invalid_study", lang, message=message)
        err.write(line + "\n")
        return 1


def _run(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from .export import text_table, to_csv, to_json
    from .montecarlo import SimulationResult, simulate
    from .scenario import load_study
    from .summary import summarise

    _check(args)
    study = load_study(args.scenario_file) if args.scenario_file else None
    bar = Progress(err)
    lang = _lang(args)
    progress = _reporter(bar, lang)

    options: dict[str, Any] = {
        "runs": args.runs,
        "seed": args.seed,
        "years": args.years,
        "chunk_size": args.chunk_size,
        "progress": progress,
        "engine": args.engine,
    }
    result: SimulationResult
    try:
        if args.dask:
            from .distributed import dask_executor

            with dask_executor(args.dask) as executor:
                result = simulate(study, executor=executor, **options)
        elif args.workers > 1:
            from .distributed import process_executor

            with process_executor(args.workers) as executor:
                result = simulate(study, executor=executor, **options)
        else:
            result = simulate(study, **options)
    finally:
        bar.done()
    rows = summarise(result)
    if args.out:
        path = Path(args.out)
        if path.suffix.lower() == ".json":
            text = to_json(result, rows, raw=args.raw)
        else:
            text = to_csv(result, rows)
        path.write_text(text, encoding="utf-8")
        runs, n_rows = _n(result.completed, lang), _n(len(rows), lang)
        out.write(_t("simulate.wrote", lang, path=str(path), runs=runs, rows=n_rows) + "\n")
    else:
        out.write(text_table(result, rows, lang=lang) + "\n")
    if args.plot:
        from .plot import save_plot

        out.write(_t("simulate.wrote_plot", lang, path=str(save_plot(result, args.plot))) + "\n")
    if result.interrupted:
        done, total = _n(result.completed, lang), _n(result.runs, lang)
        err.write(_t("simulate.interrupted", lang, done=done, total=total) + "\n")
        return 130
    return 0
