"""Benchmark: 10,000 Monte Carlo runs × 5 years × the sample municipality.

Runs the embedded default study (the sample *Musterstadt*: 4 social spaces, 4 providers,
the baseline and the *prevention* scenario, so every run simulates both) and prints, for
in-process execution and for process pools of 1 and 2 workers:

* runs/s and the time per run (a run = all scenarios of the study for one seed),
* the speed-up from 1 to 2 workers and the scaling efficiency,
* the time to summarise the result (mean and 5/50/95 percentiles of every quantity),

and checks the goals of issue 6: 10,000 runs in under a minute on 2 cores, and a speed-up
of at least 1.7x from 1 to 2 workers. It also checks that every configuration produced the
same records (determinism across worker counts).

With ``--city`` it runs the city-sized study of issue 12 instead
(:func:`sozialraum.simulation.city_study`: 50 spaces, 8 providers, 10 years, the baseline
and the *prevention* scenario) and prints the per-run cost of the pure-Python engine (the
baseline, measured in the same run on fewer runs) and of the numpy engine, runs/s on 1 and
2 worker processes (the scaling figure), whether 10,000 runs fit in 60 s on 2 workers, and
Dask's per-task overhead on a ``LocalCluster`` with the arithmetic for 10 and 100 workers.

Run::

    python benchmarks/bench_simulation.py            # 10,000 runs
    python benchmarks/bench_simulation.py --quick    # 1,000 runs, a smoke test
    python benchmarks/bench_simulation.py --runs 2000 --repeat 5   # on a busy machine
    python benchmarks/bench_simulation.py --city     # 10,000 city runs (2,000 with --quick)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from typing import Any

from sozialraum.simulation import (
    SimulationResult,
    make_plan,
    process_executor,
    simulate,
    summarise,
)

YEARS = 5
SEED = 2026


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(runs: int, workers: int | None) -> tuple[float, float, SimulationResult]:
    """Wall-clock and CPU seconds (pool start-up and shut-down included)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    if workers is None:
        result = simulate(runs=runs, seed=SEED, years=YEARS)
    else:
        with process_executor(workers) as pool:
            result = simulate(runs=runs, seed=SEED, years=YEARS, executor=pool)
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 runs")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each configuration this often and keep the fastest (for shared machines)",
    )
    parser.add_argument("--city", action="store_true", help="the city-sized study (issue 12)")
    parser.add_argument(
        "--no-dask", action="store_true", help="with --city: skip the Dask overhead measurement"
    )
    args = parser.parse_args()
    if args.city:
        city(2_000 if args.quick else args.runs, max(1, args.repeat), dask=not args.no_dask)
        return
    runs = 1_000 if args.quick else args.runs

    plan = make_plan(seed=SEED, years=YEARS)
    scenarios = len(plan.scenarios)
    print(
        f"sozialraum simulation benchmark — Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {runs:,} runs × {YEARS} years × {scenarios} scenarios "
        f"({len(plan.layout.space_ids)} spaces, {len(plan.layout.provider_ids)} providers)"
    )
    simulate(runs=20, seed=SEED, years=YEARS)  # warm caches (sample, calibration)

    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"note: load average {load:.1f} before the benchmark; other processes share the "
            "CPUs, so wall-clock figures understate the speed (CPU seconds do not)"
        )
    results = {}
    rows = []
    for name, workers in (("in-process", None), ("1 worker", 1), ("2 workers", 2)):
        best = min((timed(runs, workers) for _ in range(max(1, args.repeat))), key=lambda t: t[0])
        wall, cpu, results[name] = best
        rows.append((name, wall, cpu))

    print(
        f"\n{'configuration':<14}{'wall s':>9}{'runs/s':>9}{'ms/run':>9}"
        f"{'CPU s':>9}{'CPU ms/run':>12}"
    )
    for name, wall, cpu in rows:
        print(
            f"{name:<14}{wall:>9.2f}{runs / wall:>9.1f}{wall / runs * 1000:>9.2f}"
            f"{cpu:>9.2f}{cpu / runs * 1000:>12.2f}"
        )
    one, two = rows[1][1], rows[2][1]
    speed_up = one / two
    print(
        f"\nspeed-up 1 → 2 workers (wall clock): {speed_up:.2f}x "
        f"(scaling efficiency {speed_up / 2:.0%}); CPU per run 1 → 2 workers: "
        f"{rows[1][2] / runs * 1000:.2f} → {rows[2][2] / runs * 1000:.2f} ms; "
        f"per scenario-run on 2 workers: {two / runs / scenarios * 1000:.2f} ms"
    )
    start = time.perf_counter()
    summary = summarise(results["2 workers"])
    seconds = time.perf_counter() - start
    print(f"summarise {len(summary):,} rows over {runs:,} runs: {seconds:.2f} s")

    reference = results["in-process"].records
    same = all(r.records == reference for r in results.values())
    print(f"identical records in every configuration: {same}")
    scaled = two * 10_000 / runs
    print(
        f"goal 10,000 runs < 60 s on 2 workers: {scaled:.1f} s "
        f"({'met' if scaled < 60 else 'NOT met'}); "
        f"goal speed-up >= 1.7x: {'met' if speed_up >= 1.7 else 'NOT met'}"
    )
    if not same:
        raise SystemExit("records differ between configurations")


def city(runs: int, repeat: int, *, dask: bool) -> None:
    """The city-sized benchmark (issue 12, goal 4)."""
    from sozialraum.simulation import city_study, run_chunk

    study, params, town = city_study()
    plan = make_plan(study, seed=SEED, municipality=town, parameters=params)
    layout = plan.layout
    print(
        f"sozialraum city simulation benchmark — Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {len(layout.space_ids)} spaces, "
        f"{len(layout.provider_ids)} providers, {len(plan.scenarios[0].years)} years, "
        f"{len(plan.scenarios)} scenarios ({', '.join(s.name for s in plan.scenarios)})"
    )
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"note: load average {load:.1f}: other processes share the CPUs; wall-clock "
            "figures understate the speed, CPU seconds per run less so"
        )

    def run(n: int, workers: int | None, engine: str = "auto") -> tuple[float, float, Any]:
        best: tuple[float, float, Any] | None = None
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), cpu_seconds()
            kwargs: dict[str, Any] = {
                "runs": n,
                "seed": SEED,
                "municipality": town,
                "parameters": params,
                "engine": engine,
            }
            if workers is None:
                result = simulate(study, **kwargs)
            else:
                with process_executor(workers) as pool:
                    result = simulate(study, executor=pool, **kwargs)
            measured = (time.perf_counter() - wall, cpu_seconds() - cpu, result)
            if best is None or measured[0] < best[0]:
                best = measured
        assert best is not None
        return best

    run_chunk(plan, 0, 2)  # warm up
    base_runs = max(4, min(40, runs // 50))
    base_wall, base_cpu, base = run(base_runs, None, "python")
    rows = [("pure Python, in-process", base_runs, base_wall, base_cpu)]
    results = {}
    for name, workers in (
        ("numpy, in-process", None),
        ("numpy, 1 worker", 1),
        ("numpy, 2 workers", 2),
    ):
        wall, cpu, results[name] = run(runs, workers)
        rows.append((name, runs, wall, cpu))
    print(
        f"\n{'configuration':<26}{'runs':>7}{'wall s':>9}{'runs/s':>9}{'ms/run':>9}"
        f"{'CPU ms/run':>12}"
    )
    for name, n, wall, cpu in rows:
        print(
            f"{name:<26}{n:>7,}{wall:>9.2f}{n / wall:>9.1f}{wall / n * 1000:>9.2f}"
            f"{cpu / n * 1000:>12.2f}"
        )
    before = base_cpu / base_runs
    after = rows[1][3] / runs
    one, two = rows[2][2], rows[3][2]
    print(
        f"\nper-run CPU cost: pure Python {before * 1000:.1f} ms → numpy {after * 1000:.1f} ms "
        f"({before / after:.1f}x faster); wall-clock per run in-process "
        f"{base_wall / base_runs * 1000:.1f} → {rows[1][2] / runs * 1000:.1f} ms"
    )
    print(
        f"scaling 1 → 2 workers: {runs / one:.0f} → {runs / two:.0f} runs/s, speed-up "
        f"{one / two:.2f}x (efficiency {one / two / 2:.0%})"
    )
    reference = results["numpy, in-process"]
    same = all(r.records == reference.records for r in results.values())
    first = reference.records
    size = len(first[0]) // runs
    same_engine = all(
        base.records[k].tolist() == first[k][: base_runs * size].tolist() for k in range(len(first))
    )
    print(f"identical records in every configuration: {same}; numpy = pure Python: {same_engine}")
    scaled = two * 10_000 / runs
    print(
        f"goal 10,000 runs < 60 s on 2 workers: {scaled:.1f} s "
        f"({'measured' if runs == 10_000 else f'from {runs:,} runs'}; "
        f"{'met' if scaled < 60 else 'NOT met'}); on 2 idle cores from the CPU cost: "
        f"{10_000 * after / 2:.1f} s"
    )
    if dask:
        dask_overhead(plan, after)
    if not (same and same_engine):
        raise SystemExit("records differ between configurations")


def _nothing(x: int) -> int:
    return x


def dask_overhead(plan: Any, per_run: float) -> None:
    """Dask's cost per task on a LocalCluster, and what 10 and 100 workers would give."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("(dask.distributed not installed: no Dask figures)")
        return
    import pickle

    tasks = 400
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        executor = client.get_executor()
        list(executor.map(_nothing, range(20)))  # warm up
        start = time.perf_counter()
        futures = [executor.submit(_nothing, i) for i in range(tasks)]
        for f in futures:
            f.result()
        overhead = (time.perf_counter() - start) / tasks
        start = time.perf_counter()
        from sozialraum.simulation import run_chunk

        futures = [executor.submit(run_chunk, plan, i, i) for i in range(40)]
        for f in futures:
            f.result()
        with_plan = (time.perf_counter() - start) / 40
    size = len(pickle.dumps(plan))
    print(
        f"\nDask LocalCluster (2 processes): {overhead * 1000:.2f} ms per empty task, "
        f"{with_plan * 1000:.2f} ms per empty task carrying the plan ({size / 1024:.0f} KiB)"
    )
    o = max(overhead, with_plan)
    print(
        f"T(W) = N·c/W + K·o with c = {per_run * 1000:.1f} ms per run, "
        f"o = {o * 1000:.1f} ms per task; K = ⌈N/chunk⌉ tasks"
    )
    print(
        f"{'workers':>8}{'runs':>10}{'chunk':>7}{'tasks':>7}{'compute s':>11}"
        f"{'overhead s':>12}{'total s':>9}"
    )
    for workers in (2, 10, 100):
        for runs in (10_000, 100_000):
            default = max(10, min(250, -(-runs // (8 * workers))))
            for chunk in sorted({default, -(-runs // workers)}):
                n_tasks = -(-runs // chunk)
                compute = runs * per_run / workers
                print(
                    f"{workers:>8}{runs:>10,}{chunk:>7}{n_tasks:>7}{compute:>11.1f}"
                    f"{n_tasks * o:>12.2f}{compute + n_tasks * o:>9.1f}"
                )
    for workers in (10, 100):
        chunk = 20 * workers * o / per_run
        print(
            f"overhead under 5 % on {workers} workers: chunks of >= {chunk:,.0f} runs "
            f"(and >= {workers * chunk:,.0f} runs to keep every worker busy)"
        )


if __name__ == "__main__":
    main()
