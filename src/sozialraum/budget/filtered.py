"""Filtered exact arithmetic for the hot part of
:func:`~sozialraum.budget.pipeline.allocate`: need shares, bounded targets and their
rounding to cents, first in floats with a proven error bound, and exactly only where the
floats cannot decide.

Why: exact need shares of per-capita rates have a common denominator near the lcm of
every space's population — over 50 spaces several hundred bits, and the targets twice
that. Yet the cents of an allocation depend on the exact targets only through their
floors and the order of their fractional parts around the rounding threshold, and the
floats below decide these almost always, with a bound on their error far smaller than
the gaps they compare. When they cannot (a target within its bound of a whole cent, two
remainders closer than their bounds — every exact tie among them —, a floor or cap
decision too close to call, or an input outside the forms covered here), the functions
return ``None`` and the pipeline takes the exact path. The exact path also builds the
explanation (shares, need pot, exact targets) when that is first read, and checks there
that it gives the same cents.

The error bound. With ``u = 2⁻⁵³`` (the unit roundoff of a float), every operation behind
a share or a target is a correctly rounded ``+``, ``×``, ``/`` of non-negative numbers, a
correctly rounded :func:`math.fsum`, or a correctly rounded conversion (``int / int`` and
``float(Fraction)`` are correctly rounded in Python, and whole numbers below 2⁵³ convert
exactly). Such an operation adds at most ``u`` to the relative error of its result, and
with non-negative operands relative errors never grow by cancellation. The longest chain
behind a need share (a pressure-corrected share with a weighted mean pressure, blended
with other components) adds up to about 35 ``u``, so every float share ``ŝᵢ`` is within
``_SHARE_ERROR = 128 u`` of the exact share, relatively. A target ``bᵢ + λ·sᵢ`` computed
from it — ``λ`` from the exact remaining amount over the :func:`math.fsum` of the free
shares — is within ``2·_SHARE_ERROR + 5u``, and every check allows
``_TARGET_ERROR = 4·_SHARE_ERROR`` (relatively): twice the bound, which also covers the
rounding of the checks' own arithmetic. A remainder ``value − floor(value)`` is exact
(Sterbenz), so it carries the error of its target. The bounds hold only for normal floats, so
the floats give up unless every indicator value, weight and ``k`` lies within ``2^±100`` and
the base amounts' denominator is below ``2⁶⁴``; then no value met on the way comes near the
subnormal range or overflows. They also give up on a pressure correction with ``k > 1``
(the one subtraction of the need stage, which could cancel).

>>> from fractions import Fraction
>>> from sozialraum.budget.rules import IndicatorShare, NeedRule, WeightedIndicator
>>> rule = NeedRule(indicator_shares=(IndicatorShare(indicators=(
...     WeightedIndicator(indicator="u18"),)),))
>>> shares = need_floats({"A": {"u18": 300}, "B": {"u18": 100}}, rule)
>>> shares
[0.75, 0.25]
>>> float_cents(101, [0, 0], 1, shares, [0, 0], [None, None])
[76, 25]
>>> float_cents(100, [0, 0], 1, [0.5, 0.5], [0, 0], [None, None]) is None  # 50.0 is whole
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from operator import itemgetter, truediv

from .rules import (
    Average,
    EqualWeightIndex,
    IndicatorMode,
    IndicatorShare,
    NeedComponent,
    NeedRule,
    PressureCorrectedShare,
)

__all__ = ["float_cents", "need_floats"]

_U = 2.0**-53
#: bound on the relative error of a float need share (see the module docstring)
_SHARE_ERROR = 128 * _U
#: bound on the relative error of a float target ``base + λ·share``
_TARGET_ERROR = 4 * _SHARE_ERROR
#: the range of indicator values, weights and ``k`` covered (see the module docstring)
_SMALLEST = 2.0**-100
_BIGGEST = 2.0**100
#: base amounts must have a smaller denominator than this
_BASE_DENOMINATOR = 2**64
#: targets must stay below this many cents for their floors and remainders to be exact
_LARGEST = 2**52

_fsum = math.fsum
_INF = math.inf


class _UndecidedError(Exception):
    """The floats cannot decide (or the input is outside the covered forms): take the
    exact path."""


def _column(table: Mapping[str, Mapping[str, object]], name: str) -> list[float]:
    """The indicator's values as floats; every value present, exact, non-negative and
    within the covered range."""
    try:
        values = list(map(itemgetter(name), table.values()))
    except KeyError:  # missing: the exact path names the space
        raise _UndecidedError from None
    kinds = set(map(type, values))
    if kinds == {int}:  # the usual case: whole counts, each 0 or at least 1 as a float
        floats = list(map(float, values))  # OverflowError above 1e308: undecided, too
        if min(floats) < 0 or max(floats) > _BIGGEST:
            raise _UndecidedError
        return floats
    if not kinds <= {int, Fraction}:  # not exact
        raise _UndecidedError
    exact: list[int | Fraction] = values
    if min(exact) < 0:  # (a tiny negative Fraction would be -0.0 as a float)
        raise _UndecidedError
    floats = list(map(float, exact))
    if max(floats) > _BIGGEST or min(filter(None, floats), default=1.0) < _SMALLEST:
        raise _UndecidedError
    return floats


def _weight(value: Fraction) -> float:
    weight = float(value)
    if not _SMALLEST <= weight <= _BIGGEST:
        raise _UndecidedError
    return weight


def _normalised(values: list[float]) -> list[float]:
    total = _fsum(values)
    if not total:  # all zero: the exact path names the rule
        raise _UndecidedError
    return [v / total for v in values]


class _Columns(dict[str, list[float]]):
    """The columns of one table read so far (several components read the same one)."""

    __slots__ = ("table",)

    def __init__(self, table: Mapping[str, Mapping[str, object]]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, name: str) -> list[float]:
        column = self[name] = _column(self.table, name)
        return column

    def rates(self, numerator: str, per: str) -> list[float]:
        """``numerator / per`` per space; 0 where ``per`` is 0 (and so is the numerator)."""
        nums, pers = self[numerator], self[per]
        if all(pers):
            return list(map(truediv, nums, pers))
        rates = []
        for n, p in zip(nums, pers, strict=True):
            if p:
                rates.append(n / p)
            elif n:  # a zero denominator under a count: the exact path names the rule
                raise _UndecidedError
            else:
                rates.append(0.0)
        return rates


def _blend(vectors: Sequence[list[float]], weights: Sequence[Fraction]) -> list[float]:
    """``Σ_c w_c · v_c / Σ_c w_c`` over the components with a weight."""
    pairs = [(v, _weight(w)) for v, w in zip(vectors, weights, strict=True) if w]
    if len(pairs) == 1:  # a single component: its shares, as the exact blend gives them
        return pairs[0][0]
    total = float(sum(w for w in weights if w))
    terms = zip(*[[w * x for x in v] for v, w in pairs], strict=True)  # per space
    return [_fsum(t) / total for t in terms]


def _indicator_share(columns: _Columns, comp: IndicatorShare) -> list[float]:
    weights = [w.weight.value for w in comp.indicators]
    if not any(weights):
        raise _UndecidedError
    vectors: list[list[float]] = []
    for wi, weight in zip(comp.indicators, weights, strict=True):
        if not weight:
            vectors.append([])
        elif wi.mode is IndicatorMode.RATE:
            assert wi.per is not None  # checked by WeightedIndicator
            vectors.append(_normalised(columns.rates(wi.indicator, wi.per)))
        else:
            vectors.append(_normalised(columns[wi.indicator]))
    return _blend(vectors, weights)


def _pressure(columns: _Columns, comp: PressureCorrectedShare) -> list[float]:
    kn, kd = comp.k.numerator, comp.k.denominator
    if kn > kd or kd > _BIGGEST:  # k > 1: a share may turn negative by cancellation
        raise _UndecidedError
    base = columns[comp.base]
    base_sum = _fsum(base)
    per = comp.per or comp.base
    quotas = columns[comp.pressure] if comp.pressure_is_rate else columns.rates(comp.pressure, per)
    if comp.average is Average.MEAN:
        numerator, denominator = _fsum(quotas), float(len(quotas))
    elif comp.pressure_is_rate:
        numerator = _fsum(b * q for b, q in zip(base, quotas, strict=True))
        denominator = base_sum
    else:
        numerator, denominator = _fsum(columns[comp.pressure]), _fsum(columns[per])
    if not numerator or not base_sum:  # no pressure anywhere, or no base: the exact path
        raise _UndecidedError
    # βᵢ · (1 + k (qᵢ / q̄ − 1)) ∝ baseᵢ · ((kd − kn)·q̄ + kn·qᵢ): no subtraction for k ≤ 1
    level = (kd - kn) * (numerator / denominator)
    return _normalised([b * (level + kn * q) for b, q in zip(base, quotas, strict=True)])


def _component(columns: _Columns, comp: NeedComponent) -> list[float]:
    if isinstance(comp, IndicatorShare):
        return _indicator_share(columns, comp)
    if isinstance(comp, EqualWeightIndex):
        if not comp.indicators:
            raise _UndecidedError
        vectors = [_normalised(columns[name]) for name in comp.indicators]
        return _blend(vectors, [Fraction(1)] * len(vectors))
    return _pressure(columns, comp)


def need_floats(table: Mapping[str, Mapping[str, object]], rule: NeedRule) -> list[float] | None:
    """The need share of each space (in table order) as a float within a relative
    ``_SHARE_ERROR`` of the exact share of
    :func:`~sozialraum.budget.need.need_shares` — exactly 0.0 where that is 0 —, or
    ``None`` where the exact path must decide (it also names every error)."""
    if not table:
        return None
    weights = [c.weight.value for c in rule.components]
    if not any(weights):
        return None
    columns = _Columns(table)
    try:
        vectors = [
            _component(columns, c) if w else []
            for c, w in zip(rule.components, weights, strict=True)
        ]
        return _blend(vectors, weights)
    except (_UndecidedError, OverflowError):
        return None


def float_cents(
    amount: int,
    base_nums: Sequence[int],
    base_den: int,
    shares: Sequence[float],
    lower: Sequence[int],
    upper: Sequence[int | None],
) -> list[int] | None:
    """The cents of each space — the exact targets ``clamp(baseᵢ + λ·shareᵢ, lowerᵢ,
    upperᵢ)`` summing to ``amount``, rounded by largest remainder — or ``None`` when the
    floats cannot prove them.

    ``base_nums`` are the base amounts as numerators over ``base_den``; ``shares`` come
    from :func:`need_floats`; ``lower``/``upper`` are whole cents (``None``: no cap). A
    result is always the exact path's result: a candidate set of spaces held at a bound is
    found in floats, then every decision is checked with the error bound — each held space
    surely beyond its bound and each free one surely within, every floor sure, and the
    remainders rounded up surely larger than those rounded down (so there is no tie).
    """
    try:
        return _float_cents(amount, base_nums, base_den, shares, lower, upper)
    except (_UndecidedError, OverflowError):
        return None


def _float_cents(
    amount: int,
    base_nums: Sequence[int],
    bd: int,
    shares: Sequence[float],
    lower: Sequence[int],
    upper: Sequence[int | None],
) -> list[int]:
    if not 0 < amount < _LARGEST or bd >= _BASE_DENOMINATOR:
        raise _UndecidedError
    n = len(shares)
    # spaces without a share, or whose base reaches the cap, are held where the exact
    # solver holds them: clamp(base, lower, upper), an exact numerator over bd
    held: dict[int, int] = {}
    for i in range(n):
        hi = upper[i]
        if not shares[i] or (hi is not None and base_nums[i] >= hi * bd):
            raised = max(base_nums[i], lower[i] * bd)
            held[i] = raised if hi is None else min(raised, hi * bd)
    free = [i for i in range(n) if i not in held]
    base = [b / bd for b in base_nums]
    caps = [_INF if hi is None else hi for hi in upper]  # (a float and an int compare exactly)
    at_bound: dict[int, int] = {}  # index → its bound (cents), proposed below
    rest = amount * bd - sum(held.values()) - sum([base_nums[i] for i in free])
    lam = 0.0
    for _ in range(n + 1):
        if not free or rest <= 0:  # λ = 0, or no solution: the exact path decides
            raise _UndecidedError
        lam = (rest / bd) / _fsum([shares[i] for i in free])
        lows, highs = [], []
        short = excess = 0.0
        for i in free:
            value = base[i] + lam * shares[i]
            if value < lower[i]:
                lows.append(i)
                short += lower[i] - value
            elif value > caps[i]:
                highs.append(i)
                excess += value - caps[i]
        if not lows and not highs:
            break
        # the exact solver's rule (fix the side that misses more); here it only proposes —
        # the checks below decide
        if short >= excess:
            for i in lows:
                at_bound[i] = lower[i]
                rest += base_nums[i] - lower[i] * bd
        if excess >= short:
            for i in highs:
                cap = upper[i]
                assert cap is not None  # only a space with a cap is above it
                at_bound[i] = cap
                rest += base_nums[i] - cap * bd
        free = [i for i in free if i not in at_bound]
    else:  # pragma: no cover - every round holds at least one more space
        raise _UndecidedError
    # check each held space: surely at or beyond its bound at the final λ
    for i, bound in at_bound.items():
        value = base[i] + lam * shares[i]
        slack = _TARGET_ERROR * value
        if bound == lower[i]:
            if value + slack > bound:
                raise _UndecidedError
        elif value - slack < bound:
            raise _UndecidedError
    cents = [0] * n
    remainders: list[tuple[float, float, int]] = []  # (remainder, its error bound, index)
    for i, num in held.items():
        whole, part = divmod(num, bd)
        cents[i] = whole
        if part:  # a fractional base held without a share: rounded with the others
            remainders.append((part / bd, 4 * _U, i))  # rounded once, and once compared
    for i, bound in at_bound.items():
        cents[i] = bound
    for i in free:
        value = base[i] + lam * shares[i]
        slack = _TARGET_ERROR * value
        if value - slack < lower[i] or value + slack > caps[i]:
            raise _UndecidedError  # perhaps held after all
        whole = int(value)  # value >= 0: the floor; value − whole is exact (Sterbenz)
        if value - slack < whole or value + slack >= whole + 1:
            raise _UndecidedError  # the floor is not sure
        cents[i] = whole
        remainders.append((value - whole, slack, i))
    left = amount - sum(cents)  # the sum of the remainders: whole, and above 0 (every
    # free target has a sure fractional part)
    if not 0 < left < len(remainders):  # pragma: no cover - the remainders sum to `left`
        raise _UndecidedError
    remainders.sort(reverse=True)
    lowest_up = min([r - e for r, e, _ in remainders[:left]])
    highest_down = max([r + e for r, e, _ in remainders[left:]])
    if lowest_up <= highest_down:  # too close to call (or an exact tie)
        raise _UndecidedError
    for _, _, i in remainders[:left]:
        cents[i] += 1
    return cents
