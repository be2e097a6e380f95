"""Many runs at once with numpy: the records of the pure-Python engine, bit for bit.

:func:`run_batch` simulates a block of runs of every scenario of a plan together. It reads
the *same* random streams as :func:`~sozialraum.simulation.engine.run_once` — each
(run, space) stream is a Mersenne Twister seeded with the same 128-bit
:func:`~sozialraum.simulation.engine.stream_seed`, and numpy's MT19937 seeded with the same
key words draws the same 53-bit doubles as :meth:`random.Random.random` — and makes the
same decisions in the same order:

1. **Referrals** (main streams): the Poisson draws by multiplication, month by month, for
   all (run, space) *lanes* at once: a window of each lane's stream is multiplied up with
   ``cumprod`` (sequential, so the products are the same floating-point numbers as the
   loop's) and the first product at or below the limit ends the draw. Each referral's six
   numbers follow; type, provider, duration and cost are decoded for all referrals at once.
2. **Follow-up chains** (chain streams): each lane works through its episodes (running
   helps at the start, then the follow-ups of its referrals, in order) one step per round,
   all lanes in lockstep.
3. **Booking**: every help's months per year, prices and counts are summed per run record
   with ``bincount``.

Where numpy's arithmetic could differ from Python's, the result is recomputed exactly:
``numpy.log`` may differ from :func:`math.log` in the last bit, so durations whose quotient
lies within 10⁻⁹ of a whole number are recomputed with :func:`math.log`; yearly prices are
estimated in floating point and recomputed in integers when the estimate lies within 10⁻⁵
of a rounding boundary; money sums are exact in ``float64`` below 2⁵³ cents and computed in
integers above. Streams are drawn with a safety margin; a lane that reads past the end of
its drawn stream is detected afterwards and the batch is redone with longer streams.

numpy is optional (extra ``numpy``): :func:`~sozialraum.simulation.montecarlo.run_chunk`
uses this module when numpy is installed and the pure-Python engine otherwise;
``tests/simulation/test_batch.py`` checks that both give the same records.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import Any

from .compiled import N_SPACE_COUNTS, CompiledScenario, Layout
from .engine import InitialHelp, stream_seed

__all__ = ["batch_runs", "numpy_or_none", "run_batch"]

#: Doubles of main streams drawn at once (memory: 8 bytes each); sets the runs per batch.
_TARGET_DRAWS = 1_000_000
_EXACT = 2.0**53
_NEAR_WHOLE = 1e-9
_NEAR_HALF = 1e-5
_PAD = 8
_GRID = 1 << 12
#: Runs whose follow-up chains are worked out together.
CHAIN_RUNS = 64


def numpy_or_none() -> Any:
    """numpy, or ``None`` when it is not installed."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        return None


class _Tables:
    """One compiled scenario's tables as numpy arrays (seed-independent, built once)."""

    def __init__(self, np: Any, c: CompiledScenario, layout: Layout) -> None:
        n_spaces = len(layout.space_ids)
        self.horizon = 12 * len(c.years)
        self.lag = c.lag
        self.limit = np.array([[p[0] for p in row] for row in c.poisson], dtype=np.float64)
        self.parts = np.array([[p[1] for p in row] for row in c.poisson], dtype=np.int64)
        self.poisson_key = c.poisson
        self.n_spaces = n_spaces
        self.resolved = np.array(c.resolved, dtype=np.float64).ravel()
        self.follow = np.array(c.follow_up, dtype=np.float64)
        self.mix = np.array(c.mix, dtype=np.float64)
        self.one_mix = all(row == c.mix[0] for row in c.mix)
        self.n_types = len(c.mix[0])
        grid_rows = self.mix[:1] if self.one_mix else self.mix
        edges = np.arange(_GRID + 1) / _GRID
        low = np.stack([np.searchsorted(r, edges[:-1], side="right") for r in grid_rows])
        high = np.stack([np.searchsorted(r, edges[1:], side="left") for r in grid_rows])
        self.grid_low = low.ravel()
        self.grid_crowded = (high - low > 1).ravel()
        self.grid_multi = bool(self.grid_crowded.any())
        self.grid_edge = np.concatenate([np.append(r, 2.0) for r in grid_rows])
        self.mins = np.array(c.min_months, dtype=np.int64).ravel()
        self.logq = np.array(c.log_q, dtype=np.float64).ravel()
        self.fixed_durations = bool((self.logq == -math.inf).any())
        self.low = np.array(c.cost_low, dtype=np.int64).ravel()
        self.span = np.array(c.cost_span, dtype=np.float64).ravel()
        self.price = c.price
        self.price_f = np.array([[n / d for n, d in row] for row in c.price]).ravel()
        width = max((len(cum) for cum, _ in c.providers), default=1)
        self.cum_p = np.full((n_spaces, max(1, width)), 2.0)
        self.cells = np.full((n_spaces, max(1, width)), -1, dtype=np.int64)
        for s, (cum, cells) in enumerate(c.providers):
            if not cells:
                cum, cells = (1.0,), (-1,)
            self.cum_p[s, : len(cum)] = cum
            self.cells[s, : len(cells)] = cells
        self.cells_flat = self.cells.ravel()


def _geometric(np: Any, u: Any, lq: Any) -> Any:
    """``int(log(1 - u) / lq)`` (0 where ``lq`` is −∞), exactly as :mod:`math` gives it."""
    q = np.log(1.0 - u)
    q /= lq
    frac, whole = np.modf(q)  # q >= 0
    out = whole.astype(np.int64)
    if not q.size:
        return out
    frac -= 0.5
    np.abs(frac, out=frac)
    near = np.nonzero(frac > 0.5 - _NEAR_WHOLE * (1.0 + float(whole.max())))[0]
    if near.size:  # numpy's log may differ from math.log in the last bit
        for i, x, d in zip(near.tolist(), u[near].tolist(), lq[near].tolist(), strict=True):
            out[i] = int(math.log(1.0 - x) / d) if d != -math.inf else 0
    return out


def _bisect_rows(np: Any, t: _Tables, rows: Any, u: Any) -> Any:
    """``bisect_right(t.mix[rows[i]], u[i])`` for every ``i``, through a grid of
    :data:`_GRID` cells: a cell holding no boundary of its row gives the answer, a cell
    holding one needs one comparison, a cell holding more falls back to a search."""
    cell = (u * _GRID).astype(np.int64)  # exact: _GRID is a power of two
    if not t.one_mix:
        cell += rows * _GRID
    low = t.grid_low.take(cell)
    edge = low if t.one_mix else low + rows * (t.n_types + 1)
    out = low + (t.grid_edge.take(edge) <= u)
    if t.grid_multi:
        crowded = np.nonzero(t.grid_crowded.take(cell))[0]
        for i in crowded.tolist():
            out[i] = np.searchsorted(t.mix[0 if t.one_mix else rows[i]], u[i], side="right")
    return out


def _decode(
    np: Any, t: _Tables, years: Any, spaces: Any, u_type: Any, u_prov: Any, u_dur: Any, u_cost: Any
) -> tuple[Any, Any, Any, Any]:
    """Help type, cell, months and monthly cents of helps starting in ``years``."""
    ti = _bisect_rows(np, t, years, u_type)
    count = (t.cum_p[:, 0].take(spaces) <= u_prov).astype(np.int64)
    for col in range(1, t.cum_p.shape[1] - 1):
        count += t.cum_p[:, col].take(spaces) <= u_prov
    cell = t.cells_flat.take(spaces * t.cells.shape[1] + count)
    yti = years * t.n_types + ti
    months = t.mins.take(yti) + _geometric(np, u_dur, t.logq.take(yti))
    c0 = t.low.take(yti) + (u_cost * t.span.take(yti)).astype(np.int64)
    return ti, cell, months, c0


def _prices(np: Any, t: _Tables, yti: Any, c0: Any) -> Any:
    """The monthly cents in the years of ``yti`` (year × types + type) at base cents ``c0``,
    rounded half up."""
    x = c0 * t.price_f.take(yti)
    out = (x + 0.5).astype(np.int64)  # x >= 0: truncation is the floor
    x -= out  # in [-0.5, 0.5): a rounding boundary at ±0.5
    np.abs(x, out=x)
    near = np.nonzero(x > 0.5 - _NEAR_HALF)[0]
    for i in near.tolist():
        year, ti = divmod(int(yti[i]), t.n_types)
        num, den = t.price[year][ti]
        q, r = divmod(int(c0[i]) * num, den)
        out[i] = q + 1 if r + r >= den else q
    return out


class _Streams:
    """The drawn streams of all lanes, one after another in a flat array."""

    def __init__(self, np: Any, keys: Sequence[Any], lengths: Any) -> None:
        self.lengths = lengths
        self.off = np.zeros(len(keys), dtype=np.int64)
        np.cumsum(lengths[:-1], out=self.off[1:])
        self.values = np.empty(int(lengths.sum()) + _PAD, dtype=np.float64)
        self.values[-_PAD:] = 0.5  # read when the last lane overruns (detected afterwards)
        self.last = self.values.size - _PAD
        bits = np.random.MT19937()
        draw = np.random.Generator(bits).random  # the same 53-bit doubles as RandomState
        seeding = getattr(bits, "_legacy_seeding", None)
        state = np.random.RandomState(bits)
        ends = (self.off + lengths).tolist()
        for i, (key, a) in enumerate(zip(keys, self.off.tolist(), strict=True)):
            if isinstance(key, tuple):  # a seed of one 32-bit word: copy Python's state
                state.set_state(("MT19937", np.array(key[:-1], dtype=np.uint32), key[-1]))
            elif seeding is not None:
                seeding(key)  # init_by_array, as RandomState.seed does
            else:  # pragma: no cover - numpy without the private shortcut
                state.seed(key)
            draw(out=self.values[a : ends[i]])

    def at(self, np: Any, lanes: Any, ptr: Any) -> Any:
        """The value at position ``ptr`` of each lane's stream."""
        return self.values[np.minimum(self.off[lanes] + ptr, self.last)]


def _key(np: Any, seed: int) -> Any:
    """numpy's seeding key for a seed of :class:`random.Random` (the same init_by_array)."""
    words = []
    n = seed
    while n:
        words.append(n & 0xFFFFFFFF)
        n >>= 32
    if len(words) > 1:
        return np.array(words, dtype=np.uint32)
    from random import Random

    _, state, _ = Random(seed).getstate()
    return state


def _four(values: Any, at: Any) -> tuple[Any, Any, Any, Any]:
    """The numbers at ``at``, ``at + 1``, ``at + 2`` and ``at + 3`` (four gathers from a
    flat array are faster than one gather of rows from a sliding window)."""
    return values.take(at), values.take(at + 1), values.take(at + 2), values.take(at + 3)


def _poisson_part(np: Any, main: _Streams, at: Any, limit: Any, width: int, steps: Any) -> Any:
    """For lanes whose streams are at absolute positions ``at``: how many multiplications
    the draw by multiplication makes before the product is at or below ``limit``."""
    products = np.cumprod(main.values.take(at[:, None] + steps, mode="clip"), axis=1)
    below = products <= limit[:, None]  # monotone: every factor is below 1
    j = below.argmax(axis=1)
    for i in np.nonzero(~below[:, -1])[0].tolist():  # a long draw: continue it one by one
        p, n, lim = float(products[i, -1]), width - 1, float(limit[i])
        pos = int(at[i]) + width
        while p > lim:
            n += 1
            p *= float(main.values[min(pos, main.last)])
            pos += 1
        j[i] = n
    return j


def _parse_main(np: Any, t: _Tables, main: _Streams, spaces: Any) -> tuple[Any, Any, Any]:
    """Referrals per month and lane (``K``), where their numbers start (``P``), the end."""
    lanes = spaces.size
    horizon = t.horizon
    at = main.off.copy()  # absolute positions
    k_all = np.zeros((horizon, lanes), dtype=np.int64)
    p_all = np.zeros((horizon, lanes), dtype=np.int64)
    for y in range(horizon // 12):
        limit = t.limit[y].take(spaces)
        parts = t.parts[y].take(spaces)
        lam = float(-np.log(limit.min())) if lanes else 0.0
        width = int(lam + 4.0 * math.sqrt(lam) + 6)
        steps = np.arange(width)
        most = int(parts.max()) if lanes else 0
        for m in range(12 * y, 12 * y + 12):
            if most == 1:
                k = _poisson_part(np, main, at, limit, width, steps)
                at += k + 1
            else:
                k = np.zeros(lanes, dtype=np.int64)
                for part in range(most):
                    sel = np.nonzero(parts > part)[0]
                    j = _poisson_part(np, main, at[sel], limit[sel], width, steps)
                    k[sel] += j
                    at[sel] += j + 1
            p_all[m] = at
            k_all[m] = k
            at += 6 * k
    p_all -= main.off
    return k_all, p_all, at - main.off


class _Helps:
    """Helps collected for booking: lane, start month, type, cell, months, cents, begun."""

    def __init__(self) -> None:
        self.parts: list[tuple[Any, Any, Any, Any, Any, Any, bool]] = []

    def add(
        self, lanes: Any, start: Any, ti: Any, cell: Any, months: Any, c0: Any, begun: bool
    ) -> None:
        if lanes.size:
            self.parts.append((lanes, start, ti, cell, months, c0, begun))

    def merged(self, np: Any) -> list[tuple[Any, Any, Any, Any, Any, Any, bool]]:
        """The helps begun in the simulation and the helps running at its start."""
        out = []
        for begun in (True, False):
            parts = [p for p in self.parts if p[6] is begun]
            if parts:
                merged = tuple(np.concatenate([p[i] for p in parts]) for i in range(6))
                out.append((*merged, begun))
        return out


class _Referrals:
    """Every referral of a batch with its six numbers, and the help each would begin
    (shared by the scenarios with the same tables: common random numbers).

    Helps are decoded only for the referrals that some of these scenarios do not resolve
    (their numbers are at or above ``floor``, the lowest resolved share of the year and
    space): a referral every scenario resolves begins no help.
    """

    def __init__(
        self,
        np: Any,
        t: _Tables,
        main: _Streams,
        spaces: Any,
        parsed: tuple[Any, Any, Any],
        stride: int,
        floor: Any,
    ) -> None:
        k_all, p_all, _ = parsed
        k_t = k_all.T
        lane_m, month_m = np.nonzero(k_t)
        per = k_t[lane_m, month_m]
        n_spaces = t.n_spaces
        size = (t.horizon // 12) * stride
        space_m = spaces.take(lane_m)
        base_m = (lane_m // n_spaces) * size + N_SPACE_COUNTS * space_m + (month_m // 12) * stride
        self.per_month = (base_m, per)  # where a month's referrals are counted
        firsts = np.zeros(per.size, dtype=np.int64)
        np.cumsum(per[:-1], out=firsts[1:])
        self.base = np.repeat(base_m, per)
        # the k-th referral of the batch starts at its month's start + 6 × its rank there
        pos = np.repeat(p_all.T[lane_m, month_m] + main.off.take(lane_m) - 6 * firsts, per)
        pos += 6 * np.arange(pos.size)
        np.minimum(pos, main.last, out=pos)
        lane, space = np.repeat(lane_m, per), np.repeat(space_m, per)
        self.year_space = np.repeat((month_m // 12) * n_spaces + space_m, per)
        start = np.repeat(month_m + t.lag, per)
        self.u_res = u_res = main.values.take(pos)
        helps = np.nonzero((start < t.horizon) & (u_res >= floor.take(self.year_space)))[0]
        self.helps = helps
        self.help_lane = lane[helps]
        self.start = start = start[helps]
        pos = pos[helps]
        self.u_follow = main.values.take(pos + 5)
        u = _four(main.values, pos + 1)
        self.ti, self.cell, months, self.c0 = _decode(np, t, start // 12, space[helps], *u)
        self.end = end = start + months
        self.months = months
        self.inside = end < t.horizon
        self.end_year = np.minimum(end // 12, t.horizon // 12 - 1)

    def all_helps(self) -> tuple[Any, Any, Any, Any, Any, Any, bool]:
        """The helps of the referrals some scenario does not resolve."""
        return (self.help_lane, self.start, self.ti, self.cell, self.months, self.c0, True)

    def some_helps(self, which: Any) -> tuple[Any, Any, Any, Any, Any, Any, bool]:
        """The helps at positions ``which`` of :meth:`all_helps`."""
        return (
            self.help_lane[which],
            self.start[which],
            self.ti[which],
            self.cell[which],
            self.months[which],
            self.c0[which],
            True,
        )


def _decode_key(c: CompiledScenario) -> tuple[Any, ...]:
    """The tables a referral's help depends on (scenarios with equal keys share them)."""
    return (c.poisson, c.lag, c.mix, c.min_months, c.log_q, c.cost_low, c.cost_span, c.providers)


def _referrals(
    np: Any, t: _Tables, r: _Referrals, counts: list[tuple[Any, Any]]
) -> tuple[Any, tuple[Any, Any]]:
    """One scenario's resolved referrals (counted); returns which of the shared helps it
    keeps, and the lanes and start months of its follow-up episodes."""
    resolved = r.u_res < t.resolved.take(r.year_space)
    counts.append((r.base[resolved] + 1, None))
    keep = ~resolved.take(r.helps)
    follows = keep & r.inside
    follows &= r.u_follow < t.follow.take(r.end_year)
    which = np.nonzero(follows)[0]
    return keep, (r.help_lane.take(which), r.end.take(which))


def _chains(
    np: Any,
    t: _Tables,
    chain: _Streams,
    spaces: Any,
    initial: tuple[Any, Any, Any, Any],
    episodes: tuple[Any, Any],
    helps: _Helps,
) -> Any:
    """Every follow-up chain, one step per round for all lanes; returns the stream ends."""
    lanes = spaces.size
    horizon = t.horizon
    init_space, init_ti, init_cell, init_c0 = initial
    # the running helps of every lane's space, then its referral episodes, by lane
    per_space = np.bincount(init_space, minlength=int(spaces.max()) + 1 if lanes else 0)
    n_init = per_space[spaces] if init_space.size else np.zeros(lanes, dtype=np.int64)
    first_of_space = np.zeros(per_space.size, dtype=np.int64)
    if per_space.size:
        np.cumsum(per_space[:-1], out=first_of_space[1:])
    init_lane = np.repeat(np.arange(lanes), n_init)
    init_firsts = np.zeros(lanes, dtype=np.int64)
    np.cumsum(n_init[:-1], out=init_firsts[1:])
    init_index = first_of_space[spaces][init_lane] + (
        np.arange(init_lane.size) - init_firsts[init_lane]
    )
    ref_lane, ref_end = episodes
    ep_lane = np.concatenate([init_lane, ref_lane])
    ep_kind = np.concatenate(
        [np.zeros(init_lane.size, dtype=np.int64), np.ones(ref_lane.size, dtype=np.int64)]
    )
    ep_end = np.concatenate([np.zeros(init_lane.size, dtype=np.int64), ref_end])
    ep_init = np.concatenate([init_index, np.zeros(ref_lane.size, dtype=np.int64)])
    order = np.argsort(ep_lane * 2 + ep_kind, kind="stable")
    ep_kind, ep_end, ep_init = ep_kind[order], ep_end[order], ep_init[order]
    n_eps = np.bincount(ep_lane, minlength=lanes)
    e = np.zeros(lanes, dtype=np.int64)
    np.cumsum(n_eps[:-1], out=e[1:])
    stop = e + n_eps
    at = chain.off.copy()  # absolute positions in the drawn streams
    values = chain.values
    any_init = bool(init_lane.size)
    act = np.nonzero(n_eps)[0]
    mode = np.ones(lanes, dtype=np.int64)
    end = np.zeros(lanes, dtype=np.int64)
    mode[act] = ep_kind[e[act]]
    end[act] = ep_end[e[act]]
    last = chain.last
    while act.size:
        if any_init:
            kinds = mode[act]
            ia = act[kinds == 0]
            sa = act[kinds == 1]
        else:
            ia, sa = act[:0], act
        if ia.size:  # a help running at the start: its remaining months
            which = ep_init[e[ia]]
            ti = init_ti[which]
            u = values.take(at[ia], mode="clip")
            lq = t.logq.take(ti)
            months = 1 + _geometric(np, u, lq)
            helps.add(ia, np.zeros(ia.size, np.int64), ti, init_cell[which], months,
                      init_c0[which], False)  # fmt: skip
            end[ia] = months
            at[ia] += lq != -math.inf  # no duration is drawn for a fixed duration
        if sa.size:  # a follow-up help
            # four numbers from any position (reads past a lane's end are detected later)
            u = _four(values, np.minimum(at[sa], last))
            begin = end[sa]
            ti, cell, months, c0 = _decode(np, t, begin // 12, spaces[sa], *u)
            step = 4
            if t.fixed_durations:  # no duration is drawn: the cost is the third number
                yti = (begin // 12) * t.n_types + ti
                fixed = np.nonzero(t.logq.take(yti) == -math.inf)[0]
                if fixed.size:
                    yti = yti[fixed]
                    c0[fixed] = t.low.take(yti) + (u[2][fixed] * t.span.take(yti)).astype(np.int64)
                    step = np.full(sa.size, 4, dtype=np.int64)
                    step[fixed] = 3
            helps.add(sa, begin, ti, cell, months, c0, True)
            end[sa] = begin + months
            at[sa] += step
        ends = end[act]
        go_on = ends < horizon
        inside = np.nonzero(go_on)[0]
        deciding = act[inside]
        where = at[deciding]
        go_on[inside] = values.take(where, mode="clip") < t.follow.take(ends[inside] // 12)
        at[deciding] = where + 1
        staying = act[go_on]
        moving = act[~go_on]
        if any_init:
            mode[staying] = 1
        nxt = e[moving] + 1
        e[moving] = nxt
        alive = nxt < stop[moving]
        moving = moving[alive]
        nxt = nxt[alive]
        if any_init:
            mode[moving] = ep_kind.take(nxt)
        end[moving] = ep_end.take(nxt)
        act = np.concatenate([staying, moving])
    return at - chain.off


class _Bookings:
    """What a set of helps adds to the run records, in segments (one per year of their
    durations): positions of counts (begun, running in a year), and positions of money
    with the money."""

    def __init__(
        self,
        np: Any,
        t: _Tables,
        layout: Layout,
        spaces: Any,
        helps: tuple[Any, Any, Any, Any, Any, Any, bool],
    ) -> None:
        lane, start, ti, cell, months, c0, begun = helps
        n_spaces = len(layout.space_ids)
        stride = layout.stride
        spend0 = N_SPACE_COUNTS * n_spaces
        begun0 = spend0 + len(layout.cells)
        size = (t.horizon // 12) * stride
        run_base = (np.arange(spaces.size) // max(1, n_spaces)) * size
        year = start // 12
        row = year * stride
        running = (run_base + N_SPACE_COUNTS * spaces + 3).take(lane) + row
        money_at = run_base.take(lane) + cell + spend0 + row
        has_cell = cell >= 0
        all_cells = bool(has_cell.all())
        stop = np.minimum(start + months, t.horizon)
        self.counts: list[Any] = []
        self.money: list[tuple[Any, Any]] = []
        if begun:
            self.counts.append(running - 1)
            self.counts.append((money_at if all_cells else money_at[has_cell]) + (begun0 - spend0))
        first = start
        year_end = 12 * year + 12
        yti = year * t.n_types + ti
        while True:
            self.counts.append(running)  # running in the year
            amount = np.minimum(stop, year_end)
            amount -= first
            amount *= _prices(np, t, yti, c0)
            if all_cells:
                self.money.append((money_at, amount))
            else:
                keep = np.nonzero(has_cell)[0]
                self.money.append((money_at[keep], amount[keep]))
            more = np.nonzero(stop > year_end)[0]
            if not more.size:
                break
            c0, stop = c0[more], stop[more]
            if not all_cells:
                has_cell = has_cell[more]
            first = year_end[more]
            year_end = first + 12
            running = running[more] + stride
            money_at = money_at[more] + stride
            yti = yti[more] + t.n_types

    def every(self) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]]:
        """Counts (positions, no weights) and money (positions, cents) of every help."""
        return [(where, None) for where in self.counts], list(self.money)


def _record(
    np: Any, length: int, counts: list[tuple[Any, Any]], money: list[tuple[Any, Any]]
) -> Any:
    """A flat block of run records (``length`` int64) from counts and money."""
    out = np.zeros(length, dtype=np.int64)
    for where, weights in counts:
        if weights is None:
            out += np.bincount(where, minlength=length)
        else:
            out += np.bincount(where, weights=weights, minlength=length).astype(np.int64)
    for where, cents in money:
        if float(cents.sum(dtype=np.float64)) < _EXACT:  # float64 sums are exact
            out += np.bincount(where, weights=cents, minlength=length).astype(np.int64)
        else:  # sums beyond 2**53 cents: exact integer sums
            np.add.at(out, where, cents)
    return out


def _initial_arrays(np: Any, initial: Sequence[Sequence[InitialHelp]]) -> tuple[Any, ...]:
    space = [s for s, helps in enumerate(initial) for _ in helps]
    flat = [h for helps in initial for h in helps]
    return (
        np.array(space, dtype=np.int64),
        np.array([h[0] for h in flat], dtype=np.int64),
        np.array([h[1] for h in flat], dtype=np.int64),
        np.array([h[2] for h in flat], dtype=np.int64),
    )


def batch_runs(np: Any, scenarios: Sequence[CompiledScenario], layout: Layout) -> int:
    """How many runs :func:`run_batch` should take at once (by the size of the streams)."""
    per_run = int(_main_lengths(np, scenarios, len(layout.space_ids)).sum())
    return max(1, min(256, _TARGET_DRAWS // max(1, per_run)))


def _main_lengths(np: Any, scenarios: Sequence[CompiledScenario], n_spaces: int) -> Any:
    """Main-stream doubles to draw per space: the expected need and a wide margin."""
    need = np.zeros(n_spaces)
    for c in scenarios:
        limit = np.array([[p[0] for p in row] for row in c.poisson], dtype=np.float64)
        parts = np.array([[p[1] for p in row] for row in c.poisson], dtype=np.float64)
        lam = -np.log(limit) * parts
        expected = 12.0 * (parts + 7.0 * lam).sum(axis=0)
        spread = 7.0 * np.sqrt(12.0 * lam.sum(axis=0))
        need = np.maximum(need, expected + 5.0 * spread + 64.0)
    return need.astype(np.int64)


def run_batch(
    np: Any,
    scenarios: Sequence[CompiledScenario],
    layout: Layout,
    initial: Sequence[Sequence[InitialHelp]],
    seed: int,
    first: int,
    stop: int,
) -> list[Any]:
    """Runs ``first … stop − 1`` of every scenario: per scenario an ``int64`` array of
    ``stop − first`` rows, each row the run's record as
    :func:`~sozialraum.simulation.engine.run_once` gives it.

    Referrals are worked out :func:`batch_runs` runs at a time (their streams are the
    largest), follow-up chains for up to :data:`CHAIN_RUNS` runs at a time (their rounds
    cost the same for few lanes as for many).

    :param np: the numpy module (:func:`numpy_or_none`).
    """
    n_spaces = len(layout.space_ids)
    tables = [_Tables(np, c, layout) for c in scenarios]
    size = len(scenarios[0].years) * layout.stride if scenarios else 0
    out = [np.zeros((stop - first, size), dtype=np.int64) for _ in scenarios]
    initial_arrays = _initial_arrays(np, initial)
    init_per_space = np.bincount(initial_arrays[0], minlength=n_spaces)
    step = batch_runs(np, scenarios, layout)
    for group in range(first, stop, max(step, CHAIN_RUNS)):
        group_stop = min(stop, group + max(step, CHAIN_RUNS))
        episodes: list[list[tuple[Any, Any]]] = [[] for _ in scenarios]
        needs = []
        for a in range(group, group_stop, step):
            b = min(group_stop, a + step)
            rows, found, need = _referral_part(
                np, scenarios, tables, layout, seed, a, b, init_per_space
            )
            lane0 = (a - group) * n_spaces
            for k, r in enumerate(rows):
                out[k][a - first : b - first] += r
                episodes[k].append((found[k][0] + lane0, found[k][1]))
            needs.append(need)
        spaces = np.tile(np.arange(n_spaces, dtype=np.int64), group_stop - group)
        seeds = [
            stream_seed(seed, run, sid + "/chain")
            for run in range(group, group_stop)
            for sid in layout.space_ids
        ]
        chain_keys = [_key(np, c) for c in seeds]
        chain_lengths = np.concatenate(needs)
        while True:  # redone with longer streams in the (rare) case a lane runs out
            chain = _Streams(np, chain_keys, chain_lengths)
            results = []
            short = np.zeros(spaces.size, dtype=bool)
            for t, mine in zip(tables, episodes, strict=True):
                helps = _Helps()
                joined = (
                    np.concatenate([e[0] for e in mine]),
                    np.concatenate([e[1] for e in mine]),
                )
                ends = _chains(np, t, chain, spaces, initial_arrays, joined, helps)
                short |= ends > chain_lengths
                results.append(helps)
            if not short.any():
                break
            chain_lengths = np.where(short, 2 * chain_lengths + 64, chain_lengths)
        for k, (t, helps) in enumerate(zip(tables, results, strict=True)):
            counts: list[tuple[Any, Any]] = []
            money: list[tuple[Any, Any]] = []
            for h in helps.merged(np):
                more_counts, more_money = _Bookings(np, t, layout, spaces, h).every()
                counts += more_counts
                money += more_money
            n = group_stop - group
            out[k][group - first : group_stop - first] += _record(
                np, n * size, counts, money
            ).reshape(n, size)
    return out


def _referral_part(
    np: Any,
    scenarios: Sequence[CompiledScenario],
    tables: list[_Tables],
    layout: Layout,
    seed: int,
    first: int,
    stop: int,
    init_per_space: Any,
) -> tuple[list[Any], list[tuple[Any, Any]], Any]:
    """The referrals of runs ``first … stop − 1`` and their helps, booked: per scenario the
    partial run records and the follow-up episodes, and the chain-stream lengths to draw."""
    n_runs = stop - first
    n_spaces = len(layout.space_ids)
    spaces = np.tile(np.arange(n_spaces, dtype=np.int64), n_runs)
    seeds = [stream_seed(seed, run, sid) for run in range(first, stop) for sid in layout.space_ids]
    main_keys = [_key(np, m) for m in seeds]
    lengths = _main_lengths(np, scenarios, n_spaces)[spaces]
    while True:  # redone with longer streams in the (rare) case a lane runs out
        main = _Streams(np, main_keys, lengths)
        parsed: dict[Any, tuple[Any, Any, Any]] = {}
        for t in tables:
            if t.poisson_key not in parsed:
                parsed[t.poisson_key] = _parse_main(np, t, main, spaces)
        ends = np.max([p[2] for p in parsed.values()], axis=0)
        short = ends > lengths
        if not short.any():
            break
        lengths = np.where(short, 2 * np.maximum(lengths, ends), lengths)
    rows, found = [], []
    need = np.zeros(spaces.size, dtype=np.int64)
    floors: dict[Any, Any] = {}
    for c, t in zip(scenarios, tables, strict=True):
        key = _decode_key(c)
        floors[key] = np.minimum(floors[key], t.resolved) if key in floors else t.resolved
    shared: dict[Any, _Referrals] = {}
    common: dict[Any, Any] = {}
    n_init = init_per_space[spaces]
    length = n_runs * len(scenarios[0].years) * layout.stride if scenarios else 0
    for c, t in zip(scenarios, tables, strict=True):
        key = _decode_key(c)
        if key not in shared:
            shared[key] = _Referrals(
                np, t, main, spaces, parsed[t.poisson_key], layout.stride, floors[key]
            )
        r = shared[key]
        if (key, c.price) not in common:  # the helps some scenario keeps, booked once
            counts, money = _Bookings(np, t, layout, spaces, r.all_helps()).every()
            common[key, c.price] = _record(np, length, [r.per_month, *counts], money)
        own: list[tuple[Any, Any]] = []
        keep, episodes = _referrals(np, t, r, own)
        row = common[key, c.price] + _record(np, length, own, [])
        dropped = np.nonzero(~keep)[0]
        if dropped.size:  # the helps this scenario resolves and another keeps
            counts, money = _Bookings(np, t, layout, spaces, r.some_helps(dropped)).every()
            row -= _record(np, length, counts, money)
        rows.append(row.reshape(n_runs, -1))
        found.append(episodes)
        n_eps = np.bincount(episodes[0], minlength=spaces.size)
        fmax = float(t.follow.max())
        steps = n_eps / max(0.05, 1.0 - fmax)
        steps = steps + n_init * (1.0 + fmax / max(0.05, 1.0 - fmax))
        need = np.maximum(need, (5.0 * steps + 10.0 * np.sqrt(5.0 * steps) + 64).astype(np.int64))
    return rows, found, need
