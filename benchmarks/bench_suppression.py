"""Benchmark: secondary suppression of large tables, against the old heuristic in the same run.

    python benchmarks/bench_suppression.py [--repeat 3] [--quick] [--profile]

Tables:

* ``report``: the sample report (:func:`~sozialraum.metrics.metrics_report` of the sample
  municipality for 2025, about 300 rows);
* ``space x month``: :func:`use_rates` + :func:`help_durations` of the sample by social
  space and month for 2025 (1,170 rows, mostly 1s and 2s);
* ``synthetic 50x12x3``: 50 spaces × 12 months × 3 record sets (helps active = ended +
  running, cell by cell) with every margin; counts drawn 0…6 (many small ones), seeded.

For each table: seconds (best of ``--repeat``), rows withheld and LP calls of
:func:`~sozialraum.metrics.suppress`, and the same for the *baseline*: the heuristic-only
secondary suppression of commit 8730dfe (before the exact audit), loaded from git into a
temporary module. The baseline is fast and not safe (it fails the audit tests); it is the
floor the exact audit is measured against. ``--profile`` prints a cProfile of one
suppression of the largest table. ``--quick``: one run, no synthetic table.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from sozialraum.data import load_sample
from sozialraum.metrics import (
    MetricTable,
    Row,
    Status,
    _lp,
    help_durations,
    metrics_report,
    suppress,
    use_rates,
)
from sozialraum.periods import Period

BASELINE_COMMIT = "8730dfe"


def load_baseline() -> ModuleType | None:
    """The suppression module of :data:`BASELINE_COMMIT`, or ``None`` outside a git tree."""
    root = Path(__file__).resolve().parent.parent
    try:
        text = subprocess.run(
            ["git", "show", f"{BASELINE_COMMIT}:src/sozialraum/metrics/suppression.py"],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(text)
    name = "sozialraum.metrics._baseline_suppression"
    spec = importlib.util.spec_from_file_location(name, f.name)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def synthetic(spaces: int = 50, months: int = 12, seed: int = 7) -> MetricTable:
    """Helps active = ended + running by space and month, all margins, small counts."""
    rng = random.Random(seed)
    ended: dict[tuple[str, str], int] = {}
    running: dict[tuple[str, str], int] = {}
    space_names = [f"S{i:02d}" for i in range(spaces)]
    month_names = [f"2025-{m + 1:02d}" for m in range(months)]
    for s in space_names:
        for m in month_names:
            ended[(s, m)] = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5, 6])
            running[(s, m)] = rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 8, 12])
    rows = []
    for basis, metric, counts in (
        ("helps.ended", "helps_ended", ended),
        ("helps.running", "helps_running", running),
        (
            "helps.active",
            "helps_active",
            {k: ended[k] + running[k] for k in ended},
        ),
    ):
        full: dict[tuple[str, str], int] = dict(counts)
        for s in space_names:
            full[(s, "*")] = sum(counts[(s, m)] for m in month_names)
        for m in month_names:
            full[("*", m)] = sum(counts[(s, m)] for s in space_names)
        full[("*", "*")] = sum(counts.values())
        for (s, m), n in full.items():
            rows.append(
                Row(
                    metric=metric,
                    dimensions=(("space", s), ("month", m)),
                    value=n,
                    numerator=n,
                    unit="helps",
                    support=n,
                    basis=basis,
                )
            )
    return MetricTable(rows)


def tables(quick: bool) -> dict[str, MetricTable]:
    s = load_sample()
    year = Period.year(2025)
    from datetime import date

    report = metrics_report(
        s.municipality, s.cases, s.work, period=year, as_of=date(2026, 1, 1), threshold=0
    )
    by = ("space", "month")
    monthly = use_rates(s.cases, s.municipality, year, by=by) + help_durations(s.cases, year, by=by)
    out = {"report": report, "space x month": monthly}
    if not quick:
        out["synthetic 50x12x3"] = synthetic()
    return out


class LPCounter:
    """Counts calls of the exact solver's entry points while installed."""

    def __init__(self) -> None:
        self.calls = 0
        self._saved: dict[str, Callable[..., Any]] = {}

    def __enter__(self) -> LPCounter:
        for name in ("bounds", "wide", "solve"):
            original = getattr(_lp, name)
            self._saved[name] = original

            def counted(*args: Any, _f: Callable[..., Any] = original, **kw: Any) -> Any:
                self.calls += 1
                return _f(*args, **kw)

            setattr(_lp, name, counted)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self._saved.items():
            setattr(_lp, name, original)


def withheld(table: MetricTable) -> int:
    return sum(1 for r in table if r.status is Status.SUPPRESSED)


def run(fn: Callable[[], MetricTable], repeat: int) -> tuple[float, int, int]:
    best = float("inf")
    rows = calls = 0
    for _ in range(repeat):
        with LPCounter() as counter:
            start = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - start)
        rows, calls = withheld(out), counter.calls
    return best, rows, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    baseline = load_baseline()
    given = tables(args.quick)
    print(
        f"{'table':<20}{'rows':>6} | {'exact s':>8}{'withheld':>9}{'LP calls':>9} |"
        f" {'baseline s':>10}{'withheld':>9}{'ratio':>8}"
    )
    for name, table in given.items():
        seconds, rows, calls = run(lambda t=table: suppress(t), repeat)
        if baseline is not None:
            b_seconds, b_rows, _ = run(lambda t=table: baseline.suppress(t), repeat)
            tail = f" {b_seconds:>10.3f}{b_rows:>9}{seconds / b_seconds:>8.0f}x"
        else:
            tail = " (baseline not available outside git)"
        print(f"{name:<20}{len(table):>6} | {seconds:>8.3f}{rows:>9}{calls:>9} |{tail}")
    if args.profile:
        largest = max(given.values(), key=len)
        profiler = cProfile.Profile()
        profiler.runcall(suppress, largest)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
