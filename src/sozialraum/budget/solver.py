"""Exact targets under floors, caps and corridors: ``clamp(base_i + λ·share_i, lower_i,
upper_i)`` summing to the amount, for the one ``λ ≥ 0`` (the *need pot*) that makes it so.

:func:`solve_bounded` is the fast path used by the pipeline: integer numerators over one
common denominator and an active-set iteration (fix the lower-bound violators when their
shortfall outweighs the upper-bound excess, and vice versa — each fixing is then provably
right for the final ``λ``). :func:`bounded_targets` is the reference: it walks the
breakpoints of the non-decreasing piecewise-linear sum in Fractions. The fast path falls
back to it in the rare cases it cannot settle, and the tests check they agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from .. import messages
from ..errors import AllocationError

__all__ = ["bounded_targets", "solve_bounded", "solve_parts"]

messages.define("bounds.infeasible#floors", "bases and floors together exceed the amount")
messages.define("bounds.infeasible#caps", "caps and corridors cannot absorb the amount")


def _clamp(value: Fraction, lo: int, hi: int | None) -> Fraction:
    value = max(value, Fraction(lo))
    return value if hi is None or value <= hi else Fraction(hi)


def bounded_targets(
    total: int,
    base: dict[str, Fraction],
    share: dict[str, Fraction],
    lower: dict[str, int],
    upper: dict[str, int | None],
    *,
    rule: str = "bounds",
) -> tuple[dict[str, Fraction], Fraction]:
    """Exact targets ``clamp(base_i + λ·share_i, lower_i, upper_i)`` summing to ``total``.

    ``λ`` (the need pot) is found exactly by walking the breakpoints of the piecewise
    linear, non-decreasing sum; returns the targets and ``λ``.

    :raises AllocationError: ``bounds.infeasible`` when no ``λ ≥ 0`` reaches ``total``.

    >>> F = Fraction
    >>> t, lam = bounded_targets(100, {"a": F(0), "b": F(0)}, {"a": F(9, 10), "b": F(1, 10)},
    ...                          {"a": 0, "b": 30}, {"a": None, "b": None})
    >>> t, lam
    ({'a': Fraction(70, 1), 'b': Fraction(30, 1)}, Fraction(700, 9))
    """
    g = Fraction(0)
    slope = Fraction(0)
    events: list[tuple[Fraction, Fraction]] = []
    for key, b in base.items():
        s, lo, hi = share[key], lower[key], upper[key]
        if s == 0 or (hi is not None and b >= hi):
            g += _clamp(b, lo, hi)
            continue
        if b < lo:
            g += lo
            events.append(((lo - b) / s, s))
        else:
            g += b
            slope += s
        if hi is not None:
            events.append(((hi - b) / s, -s))
    if g > total:
        raise AllocationError(rule, "bounds.infeasible#floors")
    events.sort(key=lambda e: e[0])
    lam_cur = Fraction(0)
    lam: Fraction | None = lam_cur if g == total else None
    for at, delta in events:
        if lam is not None:
            break
        g_at = g + slope * (at - lam_cur)
        if g_at >= total and slope:
            lam = lam_cur + (total - g) / slope
        else:
            g, lam_cur, slope = g_at, at, slope + delta
    if lam is None:
        if not slope:
            raise AllocationError(rule, "bounds.infeasible#caps")
        lam = lam_cur + (total - g) / slope
    targets = {key: _clamp(b + lam * share[key], lower[key], upper[key]) for key, b in base.items()}
    return targets, lam


_INF = float("inf")
#: far above the relative error of a correctly rounded float (2⁻⁵³ ≈ 1.1e-16)
_SLACK = 1e-11


def _interval(num: int, den: int) -> tuple[float, float]:
    """Floats ``lo <= num / den <= hi`` (``den > 0``), close together where the float
    range allows, else ``(-inf, inf)`` (then only the exact comparison decides)."""
    if num == 0:
        return 0.0, 0.0
    try:
        value = num / den
    except OverflowError:
        return -_INF, _INF
    if not 1e-280 < abs(value) < 1e280:
        return -_INF, _INF
    slack = abs(value) * _SLACK
    return value - slack, value + slack


def solve_bounded(
    total: int,
    base: Sequence[int],
    share: Sequence[int],
    denominator: int,
    lower: Sequence[int],
    upper: Sequence[int | None],
    *,
    rule: str = "bounds",
) -> tuple[list[int], int, Fraction]:
    """Targets as integer numerators over one denominator, and ``λ``.

    ``base`` and ``share`` are numerators over ``denominator`` (the shares sum to 1);
    ``lower``/``upper`` are whole cents. Returns ``(numerators, common, λ)`` with
    ``target_i = numerators[i] / common`` and ``Σ target_i = total``.

    Each round compares ``λ`` with the breakpoints ``(bound_i − base_i) / share_i`` of the
    free spaces: float intervals that surely contain both rule out the clear cases, exact
    integers decide the rest, so every decision is the exact one.

    >>> solve_bounded(100, [0, 0], [9, 1], 10, [0, 30], [None, None])
    ([6300, 2700], 90, Fraction(700, 9))
    """
    fixed, free, common, lam = solve_parts(total, base, share, denominator, lower, upper, rule=rule)
    scale = common // denominator
    numerators = [free[i] if i in free else fixed[i] * scale for i in range(len(base))]
    return numerators, common, lam


def solve_parts(
    total: int,
    base: Sequence[int],
    share: Sequence[int],
    denominator: int,
    lower: Sequence[int],
    upper: Sequence[int | None],
    *,
    rule: str = "bounds",
) -> tuple[dict[int, int], dict[int, int], int, Fraction]:
    """:func:`solve_bounded` in two parts, so that a caller can pass over the spaces held
    at a bound: returns ``(fixed, free, common, λ)``, where ``fixed`` maps the index of each
    space held at a bound (or without a share) to its target's numerator over
    ``denominator``, and ``free`` maps every other index to its target's numerator over
    ``common``.

    >>> solve_parts(100, [0, 0], [9, 1], 10, [0, 30], [None, None])
    ({1: 300}, {0: 6300}, 90, Fraction(700, 9))
    """
    c = denominator
    n = len(base)
    lo_c = [x * c for x in lower]
    hi_c = [None if x is None else x * c for x in upper]
    fixed: dict[int, int] = {}
    free: list[int] = []
    for i in range(n):
        lo = lo_c[i]
        hi = hi_c[i]
        if share[i] == 0 or (hi is not None and base[i] >= hi):
            value = max(base[i], lo)
            fixed[i] = value if hi is None else min(value, hi)
        else:
            free.append(i)
    goal = total * c
    if sum(fixed.values()) + sum(max(base[i], lo_c[i]) for i in free) > goal:
        raise AllocationError(rule, "bounds.infeasible#floors")
    # value_i < floor_i  ⇔  λ < lo_gap_i / share_i;  value_i > cap_i  ⇔  λ > hi_gap_i / share_i
    lo_gap: dict[int, int] = {}
    hi_gap: dict[int, int] = {}
    lo_at: dict[int, tuple[float, float]] = {}
    hi_at: dict[int, tuple[float, float]] = {}
    for i in free:
        lo_gap[i] = gap = lo_c[i] - base[i]
        lo_at[i] = _interval(gap, share[i])
        cap = hi_c[i]
        if cap is None:
            hi_at[i] = (_INF, _INF)  # never above
        else:
            hi_gap[i] = gap = cap - base[i]
            hi_at[i] = _interval(gap, share[i])
    fixed_sum = sum(fixed.values())
    base_free = sum(base[i] for i in free)
    share_free = sum(share[i] for i in free)
    lam_num, lam_den = 0, 1
    for _ in range(n + 1):
        if not free:
            if fixed_sum != goal:
                raise AllocationError(rule, "bounds.infeasible#caps")
            lam_num, lam_den = 0, 1
            break
        lam_den = share_free
        lam_num = goal - fixed_sum - base_free
        lam_lo, lam_hi = _interval(lam_num, lam_den)
        lows, highs = [], []
        for i in free:
            # below the floor's breakpoint surely (float), or possibly and then exactly
            at = lo_at[i]
            if lam_hi < at[0] or (lam_lo < at[1] and lo_gap[i] * lam_den > lam_num * share[i]):
                lows.append(i)
                continue
            at = hi_at[i]  # above the cap's breakpoint, in the same way
            if lam_lo > at[1] or (lam_hi > at[0] and lam_num * share[i] > hi_gap[i] * lam_den):
                highs.append(i)
        if not lows and not highs:
            break
        # the exact shortfall below the floors and excess above the caps, summed once
        short = sum([lo_gap[i] for i in lows]) * lam_den - lam_num * sum([share[i] for i in lows])
        excess = (
            lam_num * sum([share[i] for i in highs]) - sum([hi_gap[i] for i in highs]) * lam_den
        )
        if short >= excess:
            for i in lows:
                fixed[i] = lo_c[i]
        if excess >= short:
            for i in highs:
                fixed[i] = hi_c[i]  # type: ignore[assignment]
        still = []
        for i in free:
            if i in fixed:
                fixed_sum += fixed[i]
                base_free -= base[i]
                share_free -= share[i]
            else:
                still.append(i)
        free = still
    else:  # pragma: no cover - the iteration fixes at least one space per round
        lam_num = -1
    if lam_num < 0:  # pragma: no cover - defensive: fall back to the reference
        keys = [str(i) for i in range(n)]
        targets, lam = bounded_targets(
            total,
            {k: Fraction(b, c) for k, b in zip(keys, base, strict=True)},
            {k: Fraction(s, c) for k, s in zip(keys, share, strict=True)},
            dict(zip(keys, lower, strict=True)),
            dict(zip(keys, upper, strict=True)),
            rule=rule,
        )
        common = math.lcm(*(t.denominator for t in targets.values()))
        values = [t.numerator * (common // t.denominator) for t in targets.values()]
        return {}, dict(enumerate(values)), common, lam
    numerators = {i: base[i] * lam_den + lam_num * share[i] for i in free}
    return fixed, numerators, c * lam_den, Fraction(lam_num, lam_den)
