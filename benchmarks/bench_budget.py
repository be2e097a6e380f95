"""Benchmark of sozialraum.budget: the full allocation pipeline and the apportionment core.

Allocates 12,345,678.90 € across 50 social spaces × 8 providers with the full pipeline
(exclusion, smoothing, base share, need by a pressure-corrected share and a rate, floor,
cap, corridor, work-type split, provider split, seeded lot for ties) once and 10,000 times
with perturbed indicators (a Monte Carlo run), and compares with

* a straightforward float-then-round implementation of the same kind of pipeline (the
  spreadsheet way: float shares, each amount rounded to the cent on its own), and
* a numpy largest-remainder kernel, per call and batched (only if numpy is importable;
  numpy is not a dependency of sozialraum).

Run: ``python benchmarks/bench_budget.py [--runs 10000] [--seed 1]``. Timings depend on the
machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

from sozialraum.budget import (
    BaseShare,
    Cap,
    Corridor,
    Exclusion,
    Floor,
    IndicatorMode,
    IndicatorShare,
    IndicatorValue,
    NeedRule,
    PressureCorrectedShare,
    ProviderInput,
    ProviderSplit,
    Ratio,
    RuleSet,
    Smoothing,
    SpaceInput,
    TiePolicy,
    WeightedIndicator,
    WorkTypeShare,
    WorkTypeSplit,
    allocate,
    pipeline,
    split_whole,
)
from sozialraum.errors import MissingDependencyError
from sozialraum.money import Money

TOTAL = Money.parse("12.345.678,90")
N_SPACES = 50
N_PROVIDERS = 8
WORK_SHARES = {
    "case_specific": Fraction(3, 4),
    "case_overarching": Fraction(1, 8),
    "case_independent": Fraction(1, 8),
}

RULES = RuleSet(
    name="benchmark",
    exclusions=(Exclusion(name="stationär", share=Ratio.percent(15)),),
    smoothing=(Smoothing(name="Maximalwert", indicator="u18", periods=2),),
    need=NeedRule(
        pressure_corrected=(
            PressureCorrectedShare(
                name="Problemdruck", weight=Ratio(numerator=3), base="u18", pressure="sgb2"
            ),
        ),
        indicator_shares=(
            IndicatorShare(
                name="Quote",
                indicators=(
                    WeightedIndicator(indicator="sgb2", mode=IndicatorMode.RATE, per="population"),
                ),
            ),
        ),
    ),
    base_shares=(BaseShare(name="Sockel", share=Ratio.percent(10)),),
    floors=(Floor(name="Mindestbudget", amount=Money.parse("120.000")),),
    caps=(Cap(name="Deckel", amount=Money.parse("400.000")),),
    corridors=(Corridor(name="Korridor", max_change=Ratio.percent(10)),),
    work_types=WorkTypeSplit(
        shares=tuple(WorkTypeShare(work_type=k, share=Ratio.of(v)) for k, v in WORK_SHARES.items())
    ),
    providers=(ProviderSplit(name="Marktanteile", indicator="cost"),),
    ties=TiePolicy.lot(seed=2025),
)


def make_inputs(
    rnd: random.Random, jitter: int = 0
) -> tuple[list[SpaceInput], list[ProviderInput]]:
    """Synthetic spaces; ``jitter`` perturbs the indicators by up to ± that many per cent."""

    def vary(x: int) -> int:
        return max(0, x + rnd.randint(-x * jitter // 100, x * jitter // 100))

    spaces, providers = [], []
    base = random.Random(7)  # the unperturbed municipality is always the same
    for i in range(N_SPACES):
        pop = base.randint(8_000, 30_000)
        u18 = pop * base.randint(12, 20) // 100
        sgb2 = u18 * base.randint(5, 30) // 100
        sid = f"S{i:02d}"
        spaces.append(
            SpaceInput(
                space_id=sid,
                indicators=(
                    IndicatorValue(name="population", value=vary(pop)),
                    IndicatorValue(
                        name="u18", value=vary(u18), previous=(u18 + base.randint(-300, 300),)
                    ),
                    IndicatorValue(name="sgb2", value=vary(sgb2)),
                ),
                previous_amount=Money(cents=base.randint(15_000_000, 25_000_000)),
            )
        )
        for j in range(N_PROVIDERS):
            providers.append(
                ProviderInput(
                    provider_id=f"T{j}",
                    space_id=sid,
                    indicators=(IndicatorValue(name="cost", value=base.randint(10**6, 10**8)),),
                )
            )
    return spaces, providers


# -- the float-then-round baseline ---------------------------------------------------------


def float_allocate(
    spaces: list[SpaceInput], providers: list[ProviderInput]
) -> dict[tuple[str, str, str], float]:
    """The same kind of pipeline in floats, each amount rounded on its own (no repair)."""
    total = TOTAL.cents / 100
    amount = total - round(total * 0.15, 2)
    u18 = [max(s.indicators[1].value, *s.indicators[1].previous) for s in spaces]
    sgb2 = [s.indicators[2].value for s in spaces]
    pop = [s.indicators[0].value for s in spaces]
    base = [x / sum(u18) for x in u18]
    q = [b / u if u else 0.0 for b, u in zip(sgb2, u18, strict=True)]
    qbar = sum(sgb2) / sum(u18)
    raw = [b * (1 + 0.25 * (qi - qbar) / qbar) for b, qi in zip(base, q, strict=True)]
    pressure = [r / sum(raw) for r in raw]
    rates = [b / p if p else 0.0 for b, p in zip(sgb2, pop, strict=True)]
    rate_share = [r / sum(rates) for r in rates]
    share = [(3 * a + b) / 4 for a, b in zip(pressure, rate_share, strict=True)]
    each = amount * 0.10 / len(spaces)
    lower, upper = [], []
    for s in spaces:
        prev = s.previous_amount.cents / 100 if s.previous_amount else None
        lo, hi = 120_000.0, 400_000.0
        if prev is not None:
            lo, hi = max(lo, prev * 0.9), min(hi, prev * 1.1)
        lower.append(lo)
        upper.append(hi)
    # clamp and redistribute in floats (the same active-set rule as the exact solver)
    fixed: dict[int, float] = {}
    pot = 0.0
    for _ in range(len(spaces)):
        free = [i for i in range(len(spaces)) if i not in fixed]
        pot = (amount - sum(fixed.values()) - each * len(free)) / sum(share[i] for i in free)
        lows = [i for i in free if each + pot * share[i] < lower[i]]
        highs = [i for i in free if each + pot * share[i] > upper[i]]
        short = sum(lower[i] - each - pot * share[i] for i in lows)
        excess = sum(each + pot * share[i] - upper[i] for i in highs)
        if not lows and not highs:
            break
        if short >= excess:
            fixed.update((i, lower[i]) for i in lows)
        if excess >= short:
            fixed.update((i, upper[i]) for i in highs)
    values = [fixed.get(i, each + pot * share[i]) for i in range(len(spaces))]
    out: dict[tuple[str, str, str], float] = {}
    by_space: dict[str, list[int]] = {}
    for p in providers:
        by_space.setdefault(p.space_id, []).append(p.indicators[0].value)
    for s, value in zip(spaces, values, strict=True):
        value = round(value, 2)
        costs = by_space[s.space_id]
        for wt, ws in WORK_SHARES.items():
            part = round(value * float(ws), 2)
            for j, c in enumerate(costs):
                out[s.space_id, wt, f"T{j}"] = round(part * c / sum(costs), 2)
    return out


# -- timing helpers ------------------------------------------------------------------------


@contextlib.contextmanager
def exact_only() -> Iterator[None]:
    """Switch the floats of ``sozialraum.budget.filtered`` off: every allocation takes the
    exact path (for comparison only; the results are the same)."""
    saved = pipeline.need_floats
    pipeline.need_floats = lambda table, rule: None
    try:
        yield
    finally:
        pipeline.need_floats = saved


@contextlib.contextmanager
def counting_float_decisions() -> Iterator[dict[str, int]]:
    """Count how often the floats decided the cents (``yes``) or gave up (``no``)."""
    counts = {"yes": 0, "no": 0}
    saved = pipeline.float_cents

    def counted(*args: Any) -> list[int] | None:
        cents = saved(*args)
        counts["no" if cents is None else "yes"] += 1
        return cents

    pipeline.float_cents = counted
    try:
        yield counts
    finally:
        pipeline.float_cents = saved


def best_of(fn: Callable[[], object], repeat: int = 7, number: int = 20) -> float:
    """Seconds per call: the median of ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="Monte Carlo runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    spaces, providers = make_inputs(random.Random(args.seed))
    result = allocate(TOTAL, spaces, RULES, providers=providers)
    assert Money.total(c.amount for c in result.cells) == result.distributed
    print(
        f"sozialraum.budget benchmark: {TOTAL.format_de()} across {N_SPACES} spaces × "
        f"{N_PROVIDERS} providers, {len(result.cells)} cells, "
        f"{sum(1 for s in result.spaces if s.bound)} spaces bound by floor/cap/corridor"
    )

    one = best_of(lambda: allocate(TOTAL, spaces, RULES, providers=providers))
    base_one = best_of(lambda: float_allocate(spaces, providers))
    # every amount is computed by allocate(); the records that explain them (space results,
    # cells, steps, ties) are built when first read — here they are read, too
    read = best_of(lambda: allocate(TOTAL, spaces, RULES, providers=providers).cells)
    full = best_of(
        lambda: allocate(TOTAL, spaces, RULES, providers=providers).explain_data(), number=5
    )
    with exact_only():
        exact_path = best_of(lambda: allocate(TOTAL, spaces, RULES, providers=providers))
    print(f"one full allocation:        {one * 1e3:8.3f} ms   ({1 / one:10,.0f} allocations/s)")
    print(
        f"  … and reading its cells:  {read * 1e3:8.3f} ms   "
        f"(all 1,200 cells as records; the float baseline returns them, too)"
    )
    print(f"  … and explain_data():     {full * 1e3:8.3f} ms")
    print(f"  … exact path only:        {exact_path * 1e3:8.3f} ms   (floats switched off)")
    print(
        f"float-then-round baseline:  {base_one * 1e3:8.3f} ms   "
        f"({1 / base_one:10,.0f} allocations/s)   exact/float time ratio {one / base_one:.1f}x, "
        f"with cells read {read / base_one:.1f}x"
    )

    rnd = random.Random(args.seed)
    draws = [make_inputs(rnd, jitter=5) for _ in range(args.runs)]
    start = time.perf_counter()
    for sp, pr in draws:
        allocate(TOTAL, sp, RULES, providers=pr)
    exact_mc = time.perf_counter() - start
    with counting_float_decisions() as decided:
        for sp, pr in draws[:1000]:
            allocate(TOTAL, sp, RULES, providers=pr)
    start = time.perf_counter()
    off = []
    for sp, pr in draws:
        cells = float_allocate(sp, pr)
        off.append(round(sum(cells.values()) * 100) - (TOTAL.cents - round(TOTAL.cents * 15 / 100)))
    float_mc = time.perf_counter() - start
    print(
        f"Monte Carlo, {args.runs:,} runs:   exact {args.runs / exact_mc:10,.0f} allocations/s "
        f"({exact_mc:.1f} s), float {args.runs / float_mc:10,.0f} allocations/s ({float_mc:.1f} s)"
    )
    wrong = sum(1 for d in off if d)
    print(
        f"  float baseline: the cells miss the amount in {wrong / len(off):.1%} of runs "
        f"(largest miss {max(map(abs, off))} cents); exact pipeline: 0 cents, always"
    )
    print(
        f"  the floats decided the cents in {decided['yes']:,} of "
        f"{decided['yes'] + decided['no']:,} runs (else the exact path did)"
    )

    # -- the apportionment core against numpy ---------------------------------------------
    weights = [s.indicators[1].value for s in spaces]
    keys = [s.space_id for s in spaces]
    policy = TiePolicy.lot(1)
    core = best_of(
        lambda: split_whole(TOTAL.cents, weights, keys, ties=policy, rule="b"), number=200
    )
    print(f"largest remainder, {N_SPACES} keys, pure Python core: {core * 1e6:8.1f} µs/call")
    try:
        from sozialraum.budget.vectorised import largest_remainder_batch, numpy_module

        np = numpy_module()
    except MissingDependencyError as exc:
        print(f"numpy comparison skipped: {exc}")
        return
    row = np.asarray([weights])
    per_call = best_of(
        lambda: largest_remainder_batch(TOTAL.cents, row, keys=keys, ties=policy), number=200
    )
    matrix = np.asarray([[s.indicators[1].value for s in sp] for sp, _ in draws])
    batch = best_of(
        lambda: largest_remainder_batch(TOTAL.cents, matrix, keys=keys, ties=policy),
        repeat=3,
        number=1,
    ) / len(draws)
    print(
        f"  numpy kernel, one row per call:        {per_call * 1e6:8.1f} µs/call "
        f"→ pure/numpy {core / per_call:.2f}x"
    )
    print(
        f"  numpy kernel, {len(draws):,} rows batched:   {batch * 1e6:8.2f} µs/row "
        f"→ pure/numpy {core / batch:.1f}x"
    )


if __name__ == "__main__":
    main()
