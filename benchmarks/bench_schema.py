"""Benchmark: structure + validate, and unstructure, of case documents.

    python benchmarks/bench_schema.py [--cases 100000] [--repeat 3]

Documents come from the Musterstadt generator (parsed JSON, as ``json.loads`` returns it).
The baseline, measured in the same run, is pydantic v2 on an equivalent model
(``benchmarks/_pydantic_case.py``, extra ``bench``) that checks the same rules. Prints
records per second and the ratio of times (sozialraum / pydantic: below 1 is faster).
The best of ``--repeat`` runs is reported for each measurement.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sozialraum import schema
from sozialraum.data._generate import generate_cases
from sozialraum.model import Case


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    # parsed JSON, exactly as a user would have it after json.loads
    docs = [json.loads(json.dumps(d)) for d in generate_cases(args.cases, seed=11)]
    helps = sum(len(d.get("helps", ())) for d in docs)
    print(f"{len(docs):,} case documents ({helps:,} helps), best of {args.repeat} runs")

    structure = schema.converter.structure
    objs: list[Case] = []

    def ours_structure() -> None:
        objs[:] = [structure(d, Case) for d in docs]

    def ours_unstructure() -> None:
        for o in objs:
            schema.unstructure(o)

    t_struct = best_of(args.repeat, ours_structure)
    t_unstruct = best_of(args.repeat, ours_unstructure)
    assert schema.unstructure(objs[0]) == docs[0]
    rows = [("sozialraum structure+validate", t_struct), ("sozialraum unstructure", t_unstruct)]

    try:
        sys.path.insert(0, str(Path(__file__).parent))
        from _pydantic_case import PCase
    except ImportError:
        print("pydantic is not installed (pip install -e '.[bench]'): no baseline")
        for name, t in rows:
            print(f"  {name:32s} {len(docs) / t:>10,.0f} records/s  {t / len(docs) * 1e6:6.1f} µs")
        return 0

    models: list[Any] = []

    def pyd_validate() -> None:
        models[:] = [PCase.model_validate(d) for d in docs]

    def pyd_dump() -> None:
        for m in models:
            m.model_dump(mode="json", exclude_defaults=True)

    t_pv = best_of(args.repeat, pyd_validate)
    t_pd = best_of(args.repeat, pyd_dump)
    import pydantic

    print(f"baseline: pydantic {pydantic.VERSION} on an equivalent model")
    table = [
        ("structure + validate", t_struct, t_pv),
        ("unstructure", t_unstruct, t_pd),
    ]
    print(f"  {'':22s} {'sozialraum':>14s} {'pydantic v2':>14s} {'time ratio':>11s}")
    for name, ours, base in table:
        print(
            f"  {name:22s} {len(docs) / ours:>9,.0f} rec/s {len(docs) / base:>9,.0f} rec/s"
            f" {ours / base:>10.2f}x"
        )
    print("  (time ratio = sozialraum time / pydantic time; goal for validation: <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
