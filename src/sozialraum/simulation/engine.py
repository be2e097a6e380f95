"""One simulation run: random streams, and the month-by-month loop over one scenario.

**Random streams.** Every run draws from its own :class:`random.Random` per social space,
seeded with a 128-bit integer hashed (BLAKE2b) from ``(master seed, run index, space id)``
(:func:`stream_seed`). A run therefore depends on nothing but these three values: the
results are the same bit for bit in any order, in any chunking, on any number of workers,
and the streams of different runs or spaces are independent for every practical purpose
(the same construction as numpy's ``SeedSequence`` spawning, with a cryptographic hash).
The Mersenne Twister and :meth:`random.Random.random` are the same on every platform; the
duration draw uses :func:`math.log`, which may differ in the last bit between C libraries.

Every scenario of a run uses the *same* streams (common random numbers), so a scenario's
difference to the baseline is measured run by run, with far less noise than two
independent samples would give.

**Exactness.** Counts and money are Python integers (cents): the spending of a year is the
exact sum of the year's months of every simulated help at that year's monthly cost, so
spending always equals the sum of the simulated helps' costs (see :func:`run_once`'s
``trace``).

>>> stream_seed(2024, 0, "S-NORD") == stream_seed(2024, 0, "S-NORD")
True
>>> stream_seed(2024, 0, "S-NORD") != stream_seed(2024, 1, "S-NORD")
True
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Sequence
from math import log
from random import Random
from typing import Any

from .compiled import N_SPACE_COUNTS, CompiledScenario, Layout

__all__ = ["InitialHelp", "TraceHelp", "TraceReferral", "run_once", "run_seeds", "stream_seed"]

#: A help running when the simulation starts: (help type index, cell index, monthly cents).
InitialHelp = tuple[int, int, int]
#: ``("referral", space, month, referral id, resolved)``
TraceReferral = tuple[str, int, int, int, bool]
#: ``("help", space, cell, type, start month, months, monthly cents at base prices,
#: referral id or -1, cost within the horizon in cents)``
TraceHelp = tuple[str, int, int, int, int, int, int, int, int]


def stream_seed(master: int, run: int, stream: str) -> int:
    """The seed of one random stream: a 128-bit hash of ``(master, run, stream)``."""
    digest = hashlib.blake2b(
        f"sozialraum.simulation/{master}/{run}/{stream}".encode(), digest_size=16
    ).digest()
    return int.from_bytes(digest, "big")


def run_seeds(master: int, run: int, space_ids: Sequence[str]) -> list[tuple[int, int]]:
    """The (main, chain) stream seeds of every space for one run.

    >>> len(run_seeds(1, 0, ["A", "B"]))
    2
    """
    return [
        (stream_seed(master, run, sid), stream_seed(master, run, sid + "/chain"))
        for sid in space_ids
    ]


def run_once(
    c: CompiledScenario,
    layout: Layout,
    initial: Sequence[Sequence[InitialHelp]],
    seeds: Sequence[tuple[int, int]],
    trace: list[Any] | None = None,
) -> list[int]:
    """Simulate one run of scenario ``c``; returns the run record.

    The record holds, for each year, ``N_SPACE_COUNTS`` counts per space (referrals,
    resolved without help, helps begun, helps running at some time in the year), then the
    spending in cents per cell (space × provider), then the helps begun per cell.

    Each space has two streams: the *main* stream draws the referrals of each month and
    exactly six numbers per referral (resolution, type, provider, duration, cost, follow-up),
    whether it is resolved or not, so that a scenario changing the resolved share leaves
    every other referral's help as it was; the *chain* stream draws follow-up helps and the
    remaining durations of the helps running at the start.

    :param initial: per space, the helps running at the start.
    :param seeds: per space, the seeds of its main and chain streams (:func:`run_seeds`).
    :param trace: if a list is given, every referral and help is appended to it (slow; for
        tests, conservation checks and :func:`~sozialraum.simulation.histories.histories`).
    """
    n_years = len(c.years)
    horizon = 12 * n_years
    stride = layout.stride
    n_spaces = len(layout.space_ids)
    spend0 = N_SPACE_COUNTS * n_spaces
    begun0 = spend0 + len(layout.cells)
    out = [0] * (n_years * stride)
    mix, mins, logs, lows, spans, prices = (
        c.mix,
        c.min_months,
        c.log_q,
        c.cost_low,
        c.cost_span,
        c.price,
    )
    follow = c.follow_up
    lag = c.lag
    neg_inf = -math.inf

    def add(start: int, ti: int, cell: int, months: int, c0: int, base: int, ref: int) -> int:
        """Book one help: counts and the cost of each year it runs in; returns its end."""
        end = start + months
        stop = end if end < horizon else horizon
        y = start // 12
        first = start
        cost = 0
        while True:
            year_end = 12 * y + 12
            last = stop if stop < year_end else year_end
            num, den = prices[y][ti]
            q, r = divmod(c0 * num, den)
            amount = (last - first) * (q + 1 if r + r >= den else q)
            row = y * stride
            out[row + base + 3] += 1
            if cell >= 0:
                out[row + spend0 + cell] += amount
            cost += amount
            if stop <= year_end:
                break
            first = year_end
            y += 1
        if trace is not None:
            trace.append(("help", base // N_SPACE_COUNTS, cell, ti, start, months, c0, ref, cost))
        return end

    for s in range(n_spaces):
        main_seed, chain_seed = seeds[s]
        rand = Random(main_seed).random
        chain = Random(chain_seed).random
        cum_p, cells_s = c.providers[s]
        if not cells_s:
            cum_p, cells_s = (1.0,), (-1,)
        base = N_SPACE_COUNTS * s

        def follow_ups(  # the loop's state is bound as defaults, for speed
            end: int,
            ref: int,
            decided: bool = False,
            base: int = base,
            chain: Any = chain,
            cum_p: tuple[float, ...] = cum_p,
            cells_s: tuple[int, ...] = cells_s,
        ) -> None:
            """Follow-up helps after a help ending at ``end`` (drawn from the chain)."""
            while decided or (end < horizon and chain() < follow[end // 12]):
                decided = False
                y = end // 12
                ti = bisect_right(mix[y], chain())
                cell = cells_s[bisect_right(cum_p, chain())]
                lq = logs[y][ti]
                months = mins[y][ti] + (int(log(1.0 - chain()) / lq) if lq != neg_inf else 0)
                c0 = lows[y][ti] + int(chain() * spans[y][ti])
                row = y * stride
                out[row + base + 2] += 1
                if cell >= 0:
                    out[row + begun0 + cell] += 1
                end = add(end, ti, cell, months, c0, base, ref)

        for ti, cell, c0 in initial[s]:
            lq = logs[0][ti]
            months = 1 + (int(log(1.0 - chain()) / lq) if lq != neg_inf else 0)
            follow_ups(add(0, ti, cell, months, c0, base, -1), -1)
        ref = 0
        for m in range(horizon):
            y = m // 12
            limit, parts = c.poisson[y][s]
            k = 0
            for _ in range(parts):
                p = rand()
                while p > limit:
                    k += 1
                    p *= rand()
            if not k:
                continue
            row = y * stride
            out[row + base] += k
            share = c.resolved[y][s]
            start = m + lag
            ys = start // 12
            for _ in range(k):
                ref += 1
                u_res, u_type, u_prov, u_dur, u_cost, u_follow = (
                    rand(),
                    rand(),
                    rand(),
                    rand(),
                    rand(),
                    rand(),
                )
                if u_res < share:
                    out[row + base + 1] += 1
                    if trace is not None:
                        trace.append(("referral", s, m, ref, True))
                    continue
                if trace is not None:
                    trace.append(("referral", s, m, ref, False))
                if start >= horizon:
                    continue
                ti = bisect_right(mix[ys], u_type)
                cell = cells_s[bisect_right(cum_p, u_prov)]
                lq = logs[ys][ti]
                months = mins[ys][ti] + (int(log(1.0 - u_dur) / lq) if lq != neg_inf else 0)
                c0 = lows[ys][ti] + int(u_cost * spans[ys][ti])
                srow = ys * stride
                out[srow + base + 2] += 1
                if cell >= 0:
                    out[srow + begun0 + cell] += 1
                end = add(start, ti, cell, months, c0, base, ref)
                if end < horizon and u_follow < follow[end // 12]:
                    follow_ups(end, ref, True)
    return out
