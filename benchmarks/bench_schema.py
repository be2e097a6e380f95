"""Benchmark: validation, structure and unstructure of case documents, and ``sozialraum
validate`` on a JSON Lines file.

    python benchmarks/bench_schema.py [--cases 100000] [--repeat 3] [--validate-cases 5000]
        [--cli-cases 50000] [--baseline-ref REV | --baseline-src DIR]

Documents come from the Musterstadt generator (parsed JSON, as ``json.loads`` returns it);
all of them are valid. Each ratio is against a baseline measured in the same run, and the
best of ``--repeat`` runs is reported for each measurement:

* **validate** — :func:`sozialraum.schema.validate` against the ``jsonschema`` package
  (draft 2020-12 with format checking) on the shipped ``case.schema.json``, on the first
  ``--validate-cases`` documents (jsonschema is slow; goal: at least 10x faster);
* **structure** — :func:`sozialraum.schema.structure` against pydantic v2 on an equivalent
  model (``benchmarks/_pydantic_case.py``, extra ``bench``; goal: time ratio at most 1.0);
* **CLI** — records per second of ``sozialraum validate --type case`` on a JSON Lines file of
  ``--cli-cases`` cases, this checkout against the code of git revision ``--baseline-ref``
  (extracted with ``git archive``; for example the commit before a change) or at
  ``--baseline-src`` (a ``src`` folder), each in a fresh interpreter (goal: at least 3x),
  with the peak resident memory of each run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sozialraum
from sozialraum import records, schema
from sozialraum.data._generate import generate_cases
from sozialraum.model import Case

# runs the command, then reports the peak resident memory of this interpreter (VmHWM: its
# own high-water mark, unlike the child's rusage, which counts the parent's pages it
# started from)
_CLI = """
import sys
from sozialraum.cli import main
try:
    code = main()
finally:
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except OSError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak-kib {peak}", file=sys.stderr)
sys.exit(code)
"""


def best_of(repeat: int, *runs: Callable[[], Any]) -> list[float]:
    """The best time of each of ``runs``, measured in turns (so a busy machine slows all
    of them alike)."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for i, run in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def _row(name: str, n: int, ours: float, base: float, unit: str = "rec/s") -> None:
    print(f"  {name:22s} {n / ours:>9,.0f} {unit} {n / base:>9,.0f} {unit} {ours / base:>10.2f}x")


def bench_validate(docs: list[dict[str, Any]], repeat: int) -> None:
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        print("jsonschema is not installed (pip install -e '.[test]'): no validate baseline")
        return
    validator = Draft202012Validator(
        records.shipped_schema("case"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert all(validator.is_valid(d) for d in docs[:200])
    assert not any(schema.validate(d, Case) for d in docs)

    def ours() -> None:
        for d in docs:
            schema.validate(d, Case)

    def theirs() -> None:
        for d in docs:
            validator.is_valid(d)

    t_ours, t_theirs = best_of(repeat, ours, theirs)
    print("validate (valid documents) against jsonschema (draft 2020-12, format checking):")
    print(f"  {'':22s} {'sozialraum':>15s} {'jsonschema':>15s} {'time ratio':>11s}")
    _row("validate", len(docs), t_ours, t_theirs)
    print(f"  sozialraum is {t_theirs / t_ours:.1f}x faster (goal: at least 10x)")


def bench_structure(docs: list[dict[str, Any]], repeat: int) -> None:
    objs: list[Case] = []

    def ours_structure() -> None:
        objs[:] = [schema.structure(d, Case) for d in docs]

    def ours_unstructure() -> None:
        for o in objs:
            schema.unstructure(o)

    try:
        sys.path.insert(0, str(Path(__file__).parent))
        from _pydantic_case import PCase
    except ImportError:
        print("pydantic is not installed (pip install -e '.[bench]'): no structure baseline")
        t_struct, t_unstruct = best_of(repeat, ours_structure, ours_unstructure)
        for name, t in [("structure", t_struct), ("unstructure", t_unstruct)]:
            print(f"  {name:22s} {len(docs) / t:>10,.0f} records/s  {t / len(docs) * 1e6:6.1f} µs")
        return
    import pydantic

    models: list[Any] = []

    def pyd_validate() -> None:
        models[:] = [PCase.model_validate(d) for d in docs]

    def pyd_dump() -> None:
        for m in models:
            m.model_dump(mode="json", exclude_defaults=True)

    t_struct, t_pv = best_of(repeat, ours_structure, pyd_validate)
    t_unstruct, t_pd = best_of(repeat, ours_unstructure, pyd_dump)
    assert schema.unstructure(objs[0]) == docs[0]
    print(f"structure against pydantic {pydantic.VERSION} on an equivalent model:")
    print(f"  {'':22s} {'sozialraum':>15s} {'pydantic v2':>15s} {'time ratio':>11s}")
    _row("structure + validate", len(docs), t_struct, t_pv)
    _row("unstructure", len(docs), t_unstruct, t_pd)
    print("  (time ratio = sozialraum time / pydantic time; goal for structure: at most 1.0x)")


def _run_cli(src: str, path: str) -> tuple[float, int, str]:
    """Wall time, peak resident memory (KiB) and summary line of one ``validate`` run."""
    env = {**os.environ, "PYTHONPATH": src}
    args = [sys.executable, "-c", _CLI, "validate", "--type", "case", path]
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"validate failed with {proc.returncode} ({src})")
    peak = int(proc.stderr.decode().rsplit("peak-kib ", 1)[1].split()[0])
    return elapsed, peak, proc.stdout.decode().strip().splitlines()[-1]


def bench_cli(n: int, repeat: int, baseline_src: str) -> None:
    ours_src = str(Path(sozialraum.__file__).parents[1])
    if not Path(baseline_src, "sozialraum").is_dir():
        print(f"no baseline code at {baseline_src}: CLI baseline skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder, "cases.jsonl"))
        with open(path, "w", encoding="utf-8") as f:
            for d in generate_cases(n, seed=3):
                f.write(json.dumps(d) + "\n")
        size = os.path.getsize(path)
        half = str(Path(folder, "half.jsonl"))
        with open(path, encoding="utf-8") as whole, open(half, "w", encoding="utf-8") as f:
            f.writelines(line for i, line in zip(range(n // 2), whole, strict=False))
        runs: dict[str, list[tuple[float, int, str]]] = {"ours": [], "base": []}
        for _ in range(repeat):  # interleaved, so both see the same load of the machine
            runs["base"].append(_run_cli(baseline_src, path))
            runs["ours"].append(_run_cli(ours_src, path))
        half_peak = _run_cli(ours_src, half)[1]
    base, ours = min(runs["base"]), min(runs["ours"])
    assert base[2] == ours[2], (base[2], ours[2])
    print(
        f"sozialraum validate --type case on {n:,} records ({size / 2**20:.0f} MiB JSON Lines),"
        f" each run a fresh interpreter:"
    )
    print(f"  {'':22s} {'records/s':>15s} {'peak RSS':>10s}")
    for name, (t, rss, _) in [(f"before ({baseline_src})", base), ("after (this code)", ours)]:
        print(f"  {name:22s} {n / t:>15,.0f} {rss / 1024:>7.0f} MiB")
    print(f"  after / before: {base[0] / ours[0]:.2f}x the records per second (goal: at least 3x)")
    print(f"  both report: {ours[2]}")
    print(
        f"  memory stays bounded: peak {half_peak / 1024:.0f} MiB on the first {n // 2:,}"
        f" records, {ours[1] / 1024:.0f} MiB on all {n:,}"
    )


def _checkout(rev: str) -> str:
    """The ``src`` folder of git revision ``rev`` of this repository, in a temporary folder."""
    folder = tempfile.mkdtemp(prefix="sozialraum-baseline-")
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return str(Path(folder, "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--validate-cases", type=int, default=5_000)
    parser.add_argument("--cli-cases", type=int, default=50_000, help="0: no CLI benchmark")
    parser.add_argument(
        "--baseline-ref",
        default=os.environ.get("SOZIALRAUM_BASELINE_REF"),
        help="a git revision of this repository to compare the CLI with",
    )
    parser.add_argument(
        "--baseline-src",
        default=os.environ.get("SOZIALRAUM_BASELINE_SRC", ""),
        help="the source folder of the code to compare the CLI with",
    )
    args = parser.parse_args()
    if args.baseline_ref:
        args.baseline_src = _checkout(args.baseline_ref)

    # parsed JSON, exactly as a user would have it after json.loads
    docs = [json.loads(json.dumps(d)) for d in generate_cases(args.cases, seed=11)]
    helps = sum(len(d.get("helps", ())) for d in docs)
    print(f"{len(docs):,} case documents ({helps:,} helps), best of {args.repeat} runs")
    bench_validate(docs[: args.validate_cases], args.repeat)
    bench_structure(docs, args.repeat)
    if args.cli_cases:
        bench_cli(args.cli_cases, args.repeat, args.baseline_src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
