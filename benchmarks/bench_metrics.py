"""Benchmark: headline help indicators per social space per year, against pandas groupby.

    python benchmarks/bench_metrics.py [--helps 1000000] [--spaces 50] [--years 10]
                                       [--repeat 3] [--quick]

Synthetic entities (``--helps`` helps in cases of two helps each, ``--spaces`` social
spaces, starts spread over ``--years`` years, about a fifth still running) are built once.
Then, per space and year, both sides compute: helps active (running at the year's end +
ended in it), use rates per 10,000 residents under 21 and under 18, helps begun, the mean
duration of the helps ended in the year and the share ended as planned (akjstat, ended
"10" over ended minus "40"). The helps of the HzE statistics count, as by default.

End to end, from the entities (the goal of issue 12: at most 0.5x pandas' time, no more
memory):

* sozialraum: ``help_indicators(cases, …)`` (pure Python, exact; one pass over the helps);
* pandas: a DataFrame built from the same entities (counted, as a user would have to;
  dates as day ordinals, the fastest honest way) + vectorised numpy/groupby.

Also shown, for information: ``HelpFacts.from_cases`` + ``help_indicators`` (the columns
kept for reuse across metrics), and the columnar input: ``help_indicators`` on a
ready-made DataFrame (datetime64 columns) and on a pyarrow Table of the same helps,
against pandas' computation on its ready-made frame.

The figures are checked against each other. Reports the best of ``--repeat`` runs (the
two sides alternating, so a change in the machine's load hits both alike), the
ratio sozialraum / pandas, and the peak memory of each side with tracemalloc (measured in
separate runs, as tracing slows both down). ``--quick``: 100,000 helps, one run.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sozialraum.metrics import HelpFacts, help_indicators
from sozialraum.metrics.facts import HZE_HELP_TYPES
from sozialraum.model import AgeBand, Case, Help, Municipality, SocialSpace, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period

_TYPES = [
    "27-ambulant",
    "28-family",
    "29",
    "30-erziehungsbeistand",
    "31",
    "32",
    "33-general",
    "34",
    "35",
    "42",
]
_WEIGHTS = [4, 20, 4, 12, 16, 3, 6, 6, 1, 2]
_REASONS = ["10", "10", "10", "10", "10", "20", "21", "22", "40", "50"]


def build(
    n_helps: int, n_spaces: int, years: int, seed: int = 7
) -> tuple[Municipality, list[Case]]:
    rng = random.Random(seed)
    first = date(2025 - years, 1, 1)
    as_of = date(2025, 1, 1)
    span = (as_of - first).days
    spaces = tuple(
        SocialSpace(
            id=f"S{i:02d}",
            name=f"Space {i}",
            population=(
                AgeBand(min_age=0, max_age=18, count=rng.randint(2000, 9000)),
                AgeBand(min_age=18, max_age=21, count=rng.randint(300, 1500)),
                AgeBand(min_age=21, max_age=None, count=rng.randint(10000, 40000)),
            ),
        )
        for i in range(n_spaces)
    )
    municipality = Municipality(id="M", name="Benchmark", social_spaces=spaces)
    cases = []
    total = 0
    i = -1
    while total < n_helps:
        i += 1
        opened = first + timedelta(days=rng.randrange(span))
        person = YoungPerson(id=f"P{i}", birth=opened - timedelta(days=rng.randrange(365, 6000)))
        helps = []
        start = opened + timedelta(days=rng.randrange(60))
        for j in range(min(2, n_helps - total)):
            days = int(rng.expovariate(1 / 420))
            end: date | None = start + timedelta(days=days)
            if end is not None and end >= as_of:
                end = None
            helps.append(
                Help(
                    id=f"H{i}-{j}",
                    help_type=rng.choices(_TYPES, _WEIGHTS)[0],
                    provider_id=f"T{rng.randrange(8)}",
                    period=Period(start, end),
                    monthly_cost=Money(cents=rng.randrange(20_000, 800_000)),
                    ending_reason=None if end is None else rng.choice(_REASONS),
                    # § 41 from 21 on needs a recorded reason (the model checks it)
                    justification_beyond_21=("continued" if person.age_on(start) >= 21 else None),
                )
            )
            total += 1
            if end is None:
                break
            start = end + timedelta(days=rng.randrange(200))
            if start >= as_of:
                break
        cases.append(
            Case(
                id=f"C{i}",
                space_id=spaces[rng.randrange(n_spaces)].id,
                opened=opened,
                young_person=person,
                helps=tuple(helps),
            )
        )
    return municipality, cases


def ours(municipality: Municipality, cases: list[Case], period: Period) -> Any:
    return help_indicators(cases, municipality, period, by=("space", "year"), totals=False)


def ours_facts(municipality: Municipality, cases: list[Case], period: Period) -> Any:
    facts = HelpFacts.from_cases(cases)
    return help_indicators(facts, municipality, period, by=("space", "year"), totals=False)


def ours_table(municipality: Municipality, table: Any, period: Period) -> Any:
    return help_indicators(table, municipality, period, by=("space", "year"), totals=False)


def pandas_frame(cases: list[Case]) -> Any:
    """The baseline's frame: the columns pandas needs, dates as day ordinals."""
    import pandas as pd

    pairs = [(c, h) for c in cases for h in c.helps]
    return pd.DataFrame(
        {
            "space": [c.space_id for c, _ in pairs],
            "help_type": [h.help_type for _, h in pairs],
            "start": [h.period.start.toordinal() for _, h in pairs],
            "end": [h.period.end.toordinal() if h.period.end else -1 for _, h in pairs],
            "reason": [h.ending_reason for _, h in pairs],
        }
    )


def researcher_frame(frame: Any) -> Any:
    """The baseline's frame as a researcher would hold it: dates as datetime64, null ends."""
    import numpy as np
    import pandas as pd

    epoch = date(1970, 1, 1).toordinal()

    def days(ordinals: Any) -> Any:
        return (ordinals.to_numpy() - epoch).astype("datetime64[D]")

    end = days(frame["end"])
    end[frame["end"].to_numpy() < 0] = np.datetime64("NaT")
    return pd.DataFrame(
        {
            "space": frame["space"],
            "help_type": frame["help_type"],
            "start": days(frame["start"]),
            "end": end,
            "ending_reason": frame["reason"],
        }
    )


def with_pandas(municipality: Municipality, cases: list[Case], period: Period) -> Any:
    return pandas_metrics(municipality, pandas_frame(cases), period)


def pandas_metrics(municipality: Municipality, df: Any, period: Period) -> Any:
    import numpy as np
    import pandas as pd

    assert period.end is not None
    p0, p1 = period.start.toordinal(), period.end.toordinal()
    epoch = date(1970, 1, 1).toordinal()
    y0, y_last = period.start.year, period.end.year - 1
    df = df[df["help_type"].isin(HZE_HELP_TYPES)]
    start = df["start"].to_numpy()
    end = df["end"].to_numpy()
    running = end < 0
    last = np.where(running, 10**7, np.maximum(start, end - 1))
    active = (start < p1) & (last >= p0)
    df = df[active]
    start, end, last, running = start[active], end[active], last[active], running[active]
    year_of = lambda o: pd.to_datetime(o - epoch, unit="D").year.to_numpy()  # noqa: E731
    sy = year_of(np.minimum(start, p1 - 1))
    ly = np.where(last >= p1, y_last, year_of(np.minimum(last, p1 - 1)))
    fy = np.maximum(sy, y0)
    n = ly - fy + 1
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    exploded = pd.DataFrame(
        {"space": np.repeat(df["space"].to_numpy(), n), "year": np.repeat(fy, n) + offsets}
    )
    helps_active = exploded.groupby(["space", "year"]).size()
    begun = df[start >= p0].assign(year=sy[start >= p0]).groupby(["space", "year"]).size()
    ended_mask = last < p1
    ended = df[ended_mask].assign(
        year=ly[ended_mask],
        days=end[ended_mask] - start[ended_mask],
        planned=(df["reason"][ended_mask] == "10").astype(int),
        counted=(df["reason"][ended_mask] != "40").astype(int),
    )
    g = ended.groupby(["space", "year"])
    out = pd.DataFrame(
        {
            "helps_active": helps_active,
            "helps_begun": begun,
            "helps_ended": g.size(),
            "duration_ended_mean": g["days"].mean(),
            "ended_as_planned_share": g["planned"].sum() / g["counted"].sum(),
        }
    ).fillna({"helps_active": 0, "helps_begun": 0, "helps_ended": 0})
    pop = pd.DataFrame(
        {
            "u21": {s.id: s.residents_under(21) for s in municipality.social_spaces},
            "u18": {s.id: s.residents_under(18) for s in municipality.social_spaces},
        }
    )
    spaces = out.index.get_level_values("space")
    for age in ("u21", "u18"):
        p = pop[age].reindex(spaces).to_numpy()
        out[f"use_rate_{age}"] = out["helps_active"].to_numpy() * 10_000 / p
        out[f"grant_rate_{age}"] = out["helps_begun"].to_numpy() * 10_000 / p
    return out


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak_memory(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    result = run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak


def check(table: Any, frame: Any) -> None:
    """The two sides agree (exact counts; means and shares to 1e-9)."""
    for (space, year), rec in frame.iterrows():
        dims = {"space": space, "year": str(year)}
        for metric in ("helps_active", "helps_begun", "helps_ended"):
            assert table.get(metric, **dims).value == int(rec[metric]), (metric, dims)
        for metric in ("duration_ended_mean", "ended_as_planned_share", "use_rate_u21"):
            row = table.get(metric, **dims)
            if row.value is not None:
                assert abs(float(row.value) - float(rec[metric])) < 1e-9, (metric, dims)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--helps", type=int, default=1_000_000)
    parser.add_argument("--spaces", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="100,000 helps, one run")
    args = parser.parse_args()
    if args.quick:
        args.helps, args.repeat = 100_000, 1
    try:
        import pandas
    except ImportError:
        print("the baseline needs pandas: pip install pandas", file=sys.stderr)
        return 2
    try:
        import pyarrow
    except ImportError:
        pyarrow = None

    t0 = time.perf_counter()
    municipality, cases = build(args.helps, args.spaces, args.years)
    n = sum(len(c.helps) for c in cases)
    period = Period(date(2025 - args.years, 1, 1), date(2025, 1, 1))
    print(
        f"{n:,} helps in {len(cases):,} cases, {args.spaces} spaces, {args.years} years "
        f"(built in {time.perf_counter() - t0:.1f} s); pandas {pandas.__version__}; "
        f"best of {args.repeat} runs"
    )
    # alternate the two sides, so a change in the machine's load hits both alike
    t_ours, t_pandas, table, frame = float("inf"), float("inf"), None, None
    for _ in range(args.repeat):
        t, table = best_of(1, lambda: ours(municipality, cases, period))
        t_ours = min(t_ours, t)
        t, frame = best_of(1, lambda: with_pandas(municipality, cases, period))
        t_pandas = min(t_pandas, t)
    check(table, frame)
    t_facts, by_facts = best_of(args.repeat, lambda: ours_facts(municipality, cases, period))
    assert by_facts == table
    m_ours = peak_memory(lambda: ours(municipality, cases, period))
    m_pandas = peak_memory(lambda: with_pandas(municipality, cases, period))
    ratio = t_ours / t_pandas
    print("end to end, from the entities:")
    print(f"  sozialraum (pure Python): {t_ours:7.2f} s   peak {m_ours / 2**20:7.1f} MiB")
    print(f"  pandas groupby          : {t_pandas:7.2f} s   peak {m_pandas / 2**20:7.1f} MiB")
    print(
        f"  ratio sozialraum/pandas : {ratio:7.2f}   (goal: at most 0.5) "
        f"{'met' if ratio <= 0.5 else 'NOT MET'}; memory "
        f"{'not more' if m_ours <= m_pandas else 'MORE'} than pandas"
    )
    print(f"  via HelpFacts (reusable): {t_facts:7.2f} s   ({t_facts / t_pandas:.2f}x pandas)")

    print("columnar input (frame or table ready-made; not counting its construction):")
    base = pandas_frame(cases)
    t_pd_only, _ = best_of(args.repeat, lambda: pandas_metrics(municipality, base, period))
    print(f"  pandas groupby on its frame   : {t_pd_only:7.2f} s")
    inputs = [("DataFrame (datetime64)", researcher_frame(base))]
    if pyarrow is not None:
        inputs.append(("pyarrow Table (date32)", pyarrow.Table.from_pandas(inputs[0][1])))
    else:
        print("  (pyarrow not installed: pip install pyarrow, or sozialraum[arrow])")
    for name, data in inputs:
        t, got = best_of(args.repeat, lambda data=data: ours_table(municipality, data, period))
        assert got == table, name
        print(f"  sozialraum from {name}: {t:7.2f} s   ({t / t_pd_only:.2f}x pandas)")
    print(f"  {len(table):,} result rows; figures agree")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
