"""Apportionment: split a whole number of units (cents, seats, places) exactly.

Five classical methods (:class:`Method`), all in exact integer / :class:`~fractions.Fraction`
arithmetic:

======================  ==================================  =================================
method                  also known as                       signpost for the next unit
======================  ==================================  =================================
``hamilton``            largest remainder, Hare-Niemeyer    (quota floor + largest remainders)
``dhondt``              Jefferson, highest averages         ``a + 1``
``sainte_lague``        Webster                             ``a + 1/2``
``huntington_hill``     equal proportions (US House)        ``sqrt(a (a + 1))``
``adams``               smallest divisors                   ``a``
======================  ==================================  =================================

Exact ties (equal remainders, equal quotients) are found exactly and settled by a
:class:`~sozialraum.budget.ties.TiePolicy`; the default refuses.

>>> result = apportion(10, {"A": 6, "B": 6, "C": 2}, ties=TiePolicy.lot(seed=1))
>>> result.as_dict()
{'A': 4, 'B': 4, 'C': 2}
>>> apportion(11, {"A": 6, "B": 6, "C": 2}).as_dict()   # the Alabama paradox: C loses
{'A': 5, 'B': 5, 'C': 1}
>>> apportion(7, {"A": 50, "B": 30, "C": 20}, Method.DHONDT).as_dict()
{'A': 4, 'B': 2, 'C': 1}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import attrs

from .. import messages
from ..errors import AllocationError
from .ratio import Ratio
from .ties import TieBreak, TiePolicy, resolve_tie

__all__ = [
    "Apportionment",
    "Method",
    "WeightLike",
    "apportion",
    "round_exact",
    "round_numerators",
    "split_whole",
    "to_fraction",
]

messages.define(
    "weight.type#key", "weight of '{key}' must be an int, Fraction or Decimal, never a float"
)
messages.define("weight.not_finite#key", "weight of '{key}' must be finite")
messages.define("weight.negative#key", "weight of '{key}' must not be negative")
messages.define("targets.not_whole", "the targets must sum to whole units")
messages.define("total.type", "the total must be a whole number of units")
messages.define("total.negative", "the total must not be negative")
messages.define("weights.empty", "at least one key is needed")
messages.define("keys.duplicate", "keys must be unique")
messages.define("weights.all_zero", "the weights must not all be zero")


#: An exact weight: int, Fraction or Decimal (never float).
WeightLike = int | Fraction | Decimal


class Method(StrEnum):
    """An apportionment method (stable codes; aliases give the other common names)."""

    HAMILTON = "hamilton"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte_lague"
    HUNTINGTON_HILL = "huntington_hill"
    ADAMS = "adams"
    # aliases
    LARGEST_REMAINDER = "hamilton"
    HARE_NIEMEYER = "hamilton"
    JEFFERSON = "dhondt"
    WEBSTER = "sainte_lague"


@attrs.frozen(kw_only=True)
class Apportionment:
    """The result of :func:`apportion`: units per key, in input order, and the ties settled.

    >>> a = apportion(100, [("x", 1), ("y", 2)])
    >>> a["y"], a.quotas
    (67, (Fraction(100, 3), Fraction(200, 3)))
    """

    method: Method
    total: int
    keys: tuple[str, ...]
    weights: tuple[Fraction, ...]
    units: tuple[int, ...]
    ties: tuple[TieBreak, ...] = ()

    @property
    def quotas(self) -> tuple[Fraction, ...]:
        """The exact quotas ``total × weight / Σ weights``."""
        weight_sum = sum(self.weights, Fraction(0))
        return tuple(self.total * w / weight_sum for w in self.weights)

    def __getitem__(self, key: str) -> int:
        return self.units[self.keys.index(key)]

    def as_dict(self) -> dict[str, int]:
        """``{key: units}`` in input order."""
        return dict(zip(self.keys, self.units, strict=True))


def to_fraction(value: object, rule: str, key: str) -> Fraction:
    """Convert the exact weight of ``key`` to a Fraction; floats, bools and negatives are
    refused.

    >>> to_fraction(Decimal("0.5"), "r", "w")
    Fraction(1, 2)
    >>> to_fraction(0.5, "need", "A")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sozialraum.errors.AllocationError: need: weight of 'A' must be an int, ... [weight.type]
    """
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise AllocationError(rule, "weight.type#key", key=key)
    if isinstance(value, Decimal) and not value.is_finite():
        raise AllocationError(rule, "weight.not_finite#key", key=key)
    frac = Fraction(value)
    if frac < 0:
        raise AllocationError(rule, "weight.negative#key", key=key)
    return frac


def integerise(weights: Sequence[Fraction] | Sequence[Ratio]) -> tuple[int, list[int]]:
    """Exact weights (Fractions or Ratios, each in lowest terms) as integers over their
    least common denominator: ``(denominator, numerators)``, ``numerators[i] /
    denominator`` being weight ``i`` (integer sums are much cheaper than Fraction sums).

    >>> integerise([Fraction(1, 2), Fraction(1, 3)])
    (6, [3, 2])
    """
    denominator = math.lcm(*(w.denominator for w in weights))
    return denominator, [w.numerator * (denominator // w.denominator) for w in weights]


def _largest_remainder(
    numerators: Sequence[int],
    denominator: int,
    keys: Sequence[str],
    ties: TiePolicy,
    rule: str,
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """Round ``numerators / denominator`` (whose sum is a whole number) by largest remainder.

    The ``left`` units still to give go to the largest remainders: with ``t`` the
    ``left``-th largest remainder, every numerator whose remainder is at least ``t`` is
    rounded up — one integer division, ``(n + denominator − t) // denominator``. Only when
    ``t`` also belongs to a key left out is there an exact tie for the policy to settle.
    """
    rems = [n % denominator for n in numerators]
    left = sum(rems) // denominator
    if left == 0:
        return [n // denominator for n in numerators], ()
    ranked = sorted(rems, reverse=True)
    threshold = ranked[left - 1]
    if left < len(ranked) and ranked[left] == threshold:
        parts = [n // denominator for n in numerators]
        return parts, (_settle_tie(parts, rems, threshold, left, keys, ties, rule),)
    up = denominator - threshold  # threshold > 0: more than `left` remainders are positive
    return [(n + up) // denominator for n in numerators], ()


def _settle_tie(
    parts: list[int],
    rems: Sequence[int],
    threshold: int,
    left: int,
    keys: Sequence[str],
    ties: TiePolicy,
    rule: str,
) -> TieBreak:
    """Give the ``left`` units still to give to the rounded-down ``parts``: one to each key
    whose remainder is above ``threshold``, the rest between the keys whose remainder is
    exactly ``threshold``, as ``ties`` says; returns the record of that tie."""
    above = [i for i, r in enumerate(rems) if r > threshold]
    tied = [i for i, r in enumerate(rems) if r == threshold]
    brk = resolve_tie(ties, rule, [keys[i] for i in tied], left - len(above))
    winners = set(brk.winners)
    for i in above:
        parts[i] += 1
    for i in tied:
        if keys[i] in winners:
            parts[i] += 1
    return brk


def round_exact(
    keys: Sequence[str], targets: Sequence[Fraction], *, ties: TiePolicy, rule: str
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """Round exact ``targets`` that sum to a whole number by largest remainder.

    Each result is the floor or the ceiling of its target (the quota rule), whole targets
    stay as they are, and the results sum to the same whole number.

    >>> round_exact(["a", "b", "c"], [Fraction(5, 2), Fraction(7, 4), Fraction(3, 4)],
    ...             ties=TiePolicy(), rule="demo")
    ([2, 2, 1], ())
    """
    if not targets:
        return [], ()
    denominator = math.lcm(*(t.denominator for t in targets))
    numerators = [t.numerator * (denominator // t.denominator) for t in targets]
    if sum(numerators) % denominator:
        raise AllocationError(rule, "targets.not_whole")
    return _largest_remainder(numerators, denominator, keys, ties, rule)


def round_numerators(
    numerators: Sequence[int],
    denominator: int,
    keys: Sequence[str],
    *,
    ties: TiePolicy,
    rule: str,
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """:func:`round_exact` for targets given as ``numerators / denominator`` (one common
    denominator; the targets sum to a whole number).

    >>> round_numerators([5, 7, 3], 3, ["a", "b", "c"], ties=TiePolicy(), rule="demo")
    ([2, 2, 1], ())
    """
    if sum(numerators) % denominator:
        raise AllocationError(rule, "targets.not_whole")
    return _largest_remainder(numerators, denominator, keys, ties, rule)


def split_whole(
    total: int, weights: Sequence[int], keys: Sequence[str], *, ties: TiePolicy, rule: str
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """Fast path of Hamilton for validated non-negative integer weights (not all zero).

    >>> split_whole(100, [1, 1, 2], ["a", "b", "c"], ties=TiePolicy(), rule="demo")
    ([25, 25, 50], ())
    """
    weight_sum = sum(weights)
    # with total = q·Σw + r, each quota total·w / Σw is q·w + r·w / Σw: the same remainders
    # and floors from smaller numbers (a budget in cents is far larger than its weights)
    q, r = divmod(total, weight_sum)
    rems = [r * w % weight_sum for w in weights]
    left = sum(rems) // weight_sum
    if left == 0:
        return [q * w + r * w // weight_sum for w in weights], ()
    ranked = sorted(rems, reverse=True)
    threshold = ranked[left - 1]
    if left < len(ranked) and ranked[left] == threshold:
        parts = [q * w + r * w // weight_sum for w in weights]
        return parts, (_settle_tie(parts, rems, threshold, left, keys, ties, rule),)
    up = weight_sum - threshold  # rounds up exactly the remainders >= threshold
    return [q * w + (r * w + up) // weight_sum for w in weights], ()


def split_ints(
    total: int,
    weights: Sequence[int],
    weight_sum: int,
    keys: Sequence[str],
    ties: TiePolicy,
    rule: str | tuple[str, ...],
    settled: list[TieBreak],
) -> list[int]:
    """:func:`split_whole` for the pipeline's inner loops: ``weight_sum`` is known and a
    settled tie is appended to ``settled``; the same result, with fewer steps when no tie.
    A ``rule`` given as parts is joined with ``:`` only when a tie needs its name.

    >>> split_ints(100, [1, 1, 2], 4, ["a", "b", "c"], TiePolicy(), "demo", [])
    [25, 25, 50]
    """
    rems = [total * w % weight_sum for w in weights]
    left = sum(rems) // weight_sum
    if not left:
        return [total * w // weight_sum for w in weights]
    ranked = sorted(rems)
    n = len(ranked)
    threshold = ranked[n - left]
    if left < n and ranked[n - left - 1] == threshold:
        name = rule if isinstance(rule, str) else ":".join(rule)
        parts = [total * w // weight_sum for w in weights]
        settled.append(_settle_tie(parts, rems, threshold, left, keys, ties, name))
        return parts
    up = weight_sum - threshold
    return [(total * w + up) // weight_sum for w in weights]


# -- divisor methods ----------------------------------------------------------------------

#: A priority: (1, 0) is "infinitely strong" (signpost 0), else (0, exact value).
_Priority = tuple[int, Fraction]
_INFINITE: _Priority = (1, Fraction(0))


def _priority_function(method: Method) -> Callable[[int, int], _Priority]:
    def dhondt(w: int, a: int) -> _Priority:
        return (0, Fraction(w, a + 1))

    def sainte_lague(w: int, a: int) -> _Priority:
        return (0, Fraction(2 * w, 2 * a + 1))

    def adams(w: int, a: int) -> _Priority:
        if a == 0:
            return _INFINITE if w else (0, Fraction(0))
        return (0, Fraction(w, a))

    def huntington_hill(w: int, a: int) -> _Priority:  # compares w² / (a (a+1)) exactly
        if a == 0:
            return _INFINITE if w else (0, Fraction(0))
        return (0, Fraction(w * w, a * (a + 1)))

    return {
        Method.DHONDT: dhondt,
        Method.SAINTE_LAGUE: sainte_lague,
        Method.ADAMS: adams,
        Method.HUNTINGTON_HILL: huntington_hill,
    }[method]


def _estimate(method: Method, total: int, w: int, weight_sum: int) -> int:
    numerator = total * w
    if method is Method.DHONDT:
        return numerator // weight_sum
    if method is Method.SAINTE_LAGUE:
        return (2 * numerator + weight_sum) // (2 * weight_sum)
    if method is Method.ADAMS:
        return -(-numerator // weight_sum)
    floor = numerator // weight_sum  # Huntington-Hill: round at the geometric mean
    return floor + (1 if numerator * numerator > floor * (floor + 1) * weight_sum**2 else 0)


def _divisor(
    method: Method,
    total: int,
    iw: Sequence[int],
    keys: Sequence[str],
    ties: TiePolicy,
    rule: str,
) -> tuple[list[int], tuple[TieBreak, ...]]:
    prio = _priority_function(method)
    weight_sum = sum(iw)
    units = [_estimate(method, total, w, weight_sum) for w in iw]
    n = len(iw)
    while sum(units) < total:
        best = max(range(n), key=lambda i: prio(iw[i], units[i]))
        units[best] += 1
    while sum(units) > total:
        worst = min((i for i in range(n) if units[i] > 0), key=lambda i: prio(iw[i], units[i] - 1))
        units[worst] -= 1
    given = [i for i in range(n) if units[i] > 0]
    if not given:
        return units, ()
    p_last = min(prio(iw[i], units[i] - 1) for i in given)
    p_next = max(prio(iw[i], units[i]) for i in range(n))
    if p_last != p_next:
        return units, ()
    holders = [i for i in given if prio(iw[i], units[i] - 1) == p_last]
    waiting = [i for i in range(n) if prio(iw[i], units[i]) == p_next]
    brk = resolve_tie(ties, rule, [keys[i] for i in holders + waiting], len(holders))
    winners = set(brk.winners)
    for i in holders:
        units[i] -= 1
    for i in holders + waiting:
        if keys[i] in winners:
            units[i] += 1
    return units, (brk,)


def apportion(
    total: int,
    weights: Mapping[str, WeightLike] | Sequence[tuple[str, WeightLike]],
    method: Method = Method.HAMILTON,
    *,
    ties: TiePolicy | None = None,
    rule: str = "apportion",
) -> Apportionment:
    """Split ``total`` whole units between keys in proportion to ``weights``.

    :param weights: ``{key: weight}`` or ``[(key, weight), …]``; weights are exact
        non-negative numbers (int, Fraction, Decimal), not all zero; keys are unique.
    :param ties: the tie policy (default: raise :class:`~sozialraum.errors.TieError`).
    :param rule: the name used in errors and tie records.
    :raises AllocationError: for a negative total (``total.negative``), no keys
        (``weights.empty``), duplicate keys (``keys.duplicate``), bad or all-zero weights.

    >>> apportion(5, {"A": 1, "B": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sozialraum.errors.TieError: apportion: exact tie for 1 unit(s) between 'A', 'B'; ...
    >>> apportion(5, {"A": 1, "B": 1}, ties=TiePolicy.by_priority("B", "A")).as_dict()
    {'A': 2, 'B': 3}
    >>> apportion(3, {"A": 10, "B": 1, "C": 1}, Method.ADAMS).as_dict()
    {'A': 1, 'B': 1, 'C': 1}
    """
    policy = ties if ties is not None else TiePolicy()
    items = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    if isinstance(total, bool) or not isinstance(total, int):
        raise AllocationError(rule, "total.type")
    if total < 0:
        raise AllocationError(rule, "total.negative")
    if not items:
        raise AllocationError(rule, "weights.empty")
    keys = tuple(str(k) for k, _ in items)
    if len(set(keys)) != len(keys):
        raise AllocationError(rule, "keys.duplicate")
    fracs = tuple(to_fraction(w, rule, k) for k, w in items)
    if not any(fracs):
        raise AllocationError(rule, "weights.all_zero")
    _, iw = integerise(fracs)
    if method is Method.HAMILTON:
        units, brk = _largest_remainder([total * w for w in iw], sum(iw), keys, policy, rule)
    else:
        units, brk = _divisor(Method(method), total, iw, keys, policy, rule)
    return Apportionment(
        method=Method(method), total=total, keys=keys, weights=fracs, units=tuple(units), ties=brk
    )
