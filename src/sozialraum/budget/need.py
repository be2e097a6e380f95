"""Need shares of the spaces from their indicators, exactly (the need stage of a rule set).

>>> from sozialraum.budget.rules import (IndicatorShare, IndicatorValue, NeedRule,
...     SpaceInput, WeightedIndicator)
>>> spaces = [SpaceInput(space_id=s, indicators=(IndicatorValue(name="u18", value=v),))
...           for s, v in [("A", 300), ("B", 100)]]
>>> values = indicator_table(spaces)
>>> rule = NeedRule(indicator_shares=(IndicatorShare(indicators=(
...     WeightedIndicator(indicator="u18"),)),))
>>> need_shares(values, rule).shares
{'A': Fraction(3, 4), 'B': Fraction(1, 4)}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, cast

import attrs

from .. import messages
from ..errors import AllocationError
from .rules import (
    Average,
    EqualWeightIndex,
    IndicatorMode,
    IndicatorShare,
    NeedComponent,
    NeedRule,
    PressureCorrectedShare,
    Smoothing,
    SmoothingMode,
    SpaceInput,
)

__all__ = ["NeedResult", "SmoothingChange", "indicator_table", "need_shares", "smooth"]

messages.define("weights.all_zero", "the weights must not all be zero")
messages.define("rule.empty#index", "the index needs at least one indicator")
messages.define("indicator.all_zero", "indicator '{indicator}' is zero for every space")
messages.define("indicator.all_zero#corrected", "the corrected share is zero for every space")
messages.define("pressure.negative_share", "k is so large that a share turns negative")
messages.define("spaces.empty", "there are no spaces to allocate to")
messages.define("indicator.missing", "space '{space_id}' has no indicator '{indicator}'")
messages.define("indicator.negative#space", "indicator '{indicator}' of '{space_id}' is negative")
messages.define(
    "indicator.zero_denominator", "'{space_id}' has '{numerator}' but its '{per}' is zero"
)
messages.define("indicator.negative", "indicator '{indicator}' is negative")


#: An indicator value: whole, or a Fraction after mean smoothing.
Value = int | Fraction
#: ``{space_id: {indicator: value}}``, in space order.
Table = dict[str, dict[str, Value]]


def indicator_table(spaces: Sequence[SpaceInput]) -> Table:
    """The current indicator values of ``spaces`` as ``{space_id: {name: value}}``."""
    return {s.space_id: {i.name: i.value for i in s.indicators} for s in spaces}


@attrs.frozen(kw_only=True)
class SmoothingChange:
    """A space whose indicator value was replaced by smoothing."""

    rule: str
    space_id: str
    indicator: str
    current: int
    used: int | Fraction


def smooth(
    spaces: Sequence[SpaceInput], table: Table, rules: Sequence[Smoothing]
) -> tuple[Table, tuple[SmoothingChange, ...]]:
    """Apply smoothing rules (max or mean over the last periods) to ``table``.

    >>> from sozialraum.budget.rules import IndicatorValue
    >>> s = [SpaceInput(space_id="A", indicators=(IndicatorValue(name="bg", value=90,
    ...      previous=(100, 120)),))]
    >>> smooth(s, indicator_table(s), [Smoothing(indicator="bg", periods=2)])[0]
    {'A': {'bg': 100}}
    """
    result, changes = smooth_values(spaces, {k: dict(v) for k, v in table.items()}, rules)
    return result, tuple(SmoothingChange(**change) for change in changes)


def smooth_values(
    spaces: Sequence[SpaceInput], table: Table, rules: Sequence[Smoothing]
) -> tuple[Table, list[dict[str, Any]]]:
    """:func:`smooth` in place on ``table`` (which it returns), the changes as plain
    ``SmoothingChange`` keyword mappings — the form the pipeline records."""
    changes = []
    for rule in rules:
        name = rule.indicator
        window_size = rule.periods - 1
        use_max = rule.mode is SmoothingMode.MAX
        for space in spaces:
            for ind in space.indicators:
                if ind.name == name:
                    break
            else:
                raise AllocationError(
                    rule.name,
                    "indicator.missing",
                    space_id=space.space_id,
                    indicator=rule.indicator,
                )
            window = (ind.value, *ind.previous[:window_size])
            if min(window) < 0:
                raise AllocationError(rule.name, "indicator.negative", indicator=rule.indicator)
            used: Value = max(window) if use_max else Fraction(sum(window), len(window))
            if used != ind.value:
                changes.append(
                    {
                        "rule": rule.name,
                        "space_id": space.space_id,
                        "indicator": name,
                        "current": ind.value,
                        "used": used,
                    }
                )
            table[space.space_id][name] = used
    return table, changes


#: Exact shares as integer numerators over one common denominator (the fast, exact form).
Vector = tuple[list[int], int]


@attrs.frozen(kw_only=True)
class NeedResult:
    """Need shares (summing to 1) and the share each component gave each space.

    Shares are kept as integer numerators over one denominator, which keeps the arithmetic
    exact *and* fast; :attr:`shares` gives them as Fractions.
    """

    keys: tuple[str, ...]
    numerators: tuple[int, ...]
    denominator: int
    component_vectors: tuple[tuple[str, tuple[int, ...], int], ...]

    @property
    def shares(self) -> dict[str, Fraction]:
        """``{space_id: share}``."""
        d = self.denominator
        return {k: Fraction(n, d) for k, n in zip(self.keys, self.numerators, strict=True)}

    @property
    def components(self) -> tuple[tuple[str, dict[str, Fraction]], ...]:
        """``((component name, {space_id: share}), …)``."""
        return tuple(
            (name, {k: Fraction(n, d) for k, n in zip(self.keys, nums, strict=True)})
            for name, nums, d in self.component_vectors
        )


class _Rows(dict[str, dict[str, Value]]):
    """A table that remembers the columns read from it (several components often read
    the same indicator)."""

    __slots__ = ("columns", "lcms")

    def __init__(self, table: Mapping[str, dict[str, Value]]) -> None:
        super().__init__(table)
        self.columns: dict[str, tuple[list[int], int]] = {}
        self.lcms: dict[str, int] = {}


def _nonzero_lcm(table: Table, name: str, values: list[int]) -> int:
    """The lcm of the non-zero ``values`` of column ``name`` (1 if all are zero)."""
    lcms = cast(_Rows, table).lcms
    common = lcms.get(name)
    if common is None:
        common = lcms[name] = math.lcm(*filter(None, values)) if any(values) else 1
    return common


def _column(table: Table, indicator: str, rule: str) -> tuple[list[int], int]:
    """The indicator's values as integer numerators over a common denominator."""
    columns = cast(_Rows, table).columns  # need_shares hands every component a _Rows
    column = columns.get(indicator)
    if column is None:
        column = columns[indicator] = _read_column(table, indicator, rule)
    return column


def _read_column(table: Table, indicator: str, rule: str) -> tuple[list[int], int]:
    found = [row.get(indicator) for row in table.values()]
    if found and set(map(type, found)) == {int}:  # whole counts: the common denominator is 1
        ints = cast(list[int], found)
        if min(ints) >= 0:
            return ints, 1
    values = []
    for space_id, row in table.items():
        value = row.get(indicator)
        if value is None:
            raise AllocationError(rule, "indicator.missing", space_id=space_id, indicator=indicator)
        if value < 0:
            raise AllocationError(
                rule, "indicator.negative#space", indicator=indicator, space_id=space_id
            )
        values.append(value)
    den = math.lcm(*(v.denominator for v in values)) if values else 1
    return [v.numerator * (den // v.denominator) for v in values], den


def _normalised(nums: list[int], rule: str, indicator: str | None) -> Vector:
    """``nums`` over their sum, in lowest terms; ``indicator`` names them (``None``: the
    corrected share)."""
    total = sum(nums)
    if total == 0:
        if indicator is None:
            raise AllocationError(rule, "indicator.all_zero#corrected")
        raise AllocationError(rule, "indicator.all_zero", indicator=indicator)
    g = math.gcd(total, *nums)
    return [n // g for n in nums], total // g


def _blend(vectors: Sequence[Vector], weights: Sequence[Fraction]) -> Vector:
    """``Σ_c w_c · v_c / Σ_c w_c`` for share vectors ``v_c`` (each summing to 1)."""
    pairs = [(v, w) for v, w in zip(vectors, weights, strict=True) if w]
    common = math.lcm(*(d * w.denominator for (_, d), w in pairs))
    nums = [0] * len(pairs[0][0][0])
    for (values, d), w in pairs:
        factor = w.numerator * (common // (d * w.denominator))
        nums = [a + factor * x for a, x in zip(nums, values, strict=True)]
    g = math.gcd(*nums)
    return [n // g for n in nums], sum(nums) // g


def _rate_numerators(table: Table, numerator: str, per: str, rule: str) -> tuple[list[int], int]:
    """Rates ``numerator / per`` up to one positive factor common to all spaces.

    Returns integers ``Q_i`` and ``L`` (the lcm of the non-zero denominators) with
    ``rate_i = Q_i × per_den / (num_den × L)``; a space whose ``per`` is zero has rate 0
    (and must have a zero numerator).
    """
    nums, _ = _column(table, numerator, rule)
    pers, _ = _column(table, per, rule)
    for space_id, n, p in zip(table, nums, pers, strict=True):
        if p == 0 and n != 0:
            raise AllocationError(
                rule, "indicator.zero_denominator", space_id=space_id, numerator=numerator, per=per
            )
    common = _nonzero_lcm(table, per, pers)
    return [n * (common // p) if p else 0 for n, p in zip(nums, pers, strict=True)], common


def _indicator_share(table: Table, comp: IndicatorShare) -> Vector:
    weights = [w.weight.value for w in comp.indicators]
    if not any(weights):
        raise AllocationError(comp.name, "weights.all_zero")
    vectors: list[Vector] = []
    for wi, weight in zip(comp.indicators, weights, strict=True):
        if not weight:  # a weight of zero switches the indicator off
            vectors.append(([], 1))
            continue
        if wi.mode is IndicatorMode.RATE:
            assert wi.per is not None  # checked by WeightedIndicator
            column, _ = _rate_numerators(table, wi.indicator, wi.per, comp.name)
        else:
            column, _ = _column(table, wi.indicator, comp.name)
        vectors.append(_normalised(column, comp.name, wi.indicator))
    return _blend(vectors, weights)


def _equal_weight(table: Table, comp: EqualWeightIndex) -> Vector:
    if not comp.indicators:
        raise AllocationError(comp.name, "rule.empty#index")
    vectors = [
        _normalised(_column(table, name, comp.name)[0], comp.name, name) for name in comp.indicators
    ]
    return _blend(vectors, [Fraction(1)] * len(vectors))


def _pressure(table: Table, comp: PressureCorrectedShare) -> Vector:
    base, _ = _column(table, comp.base, comp.name)
    base_sum = sum(base)
    if base_sum == 0:
        raise AllocationError(comp.name, "indicator.all_zero", indicator=comp.base)
    per = comp.per or comp.base
    # q_i = Q_i · F for one positive factor F; m = q̄ / F = mn / md
    if comp.pressure_is_rate:
        quotas, _ = _column(table, comp.pressure, comp.name)
    else:
        quotas, _ = _rate_numerators(table, comp.pressure, per, comp.name)
    if comp.average is Average.MEAN:
        mn, md = sum(quotas), len(quotas)
    elif comp.pressure_is_rate:
        mn, md = sum(b * q for b, q in zip(base, quotas, strict=True)), base_sum
    else:
        pressure, _ = _column(table, comp.pressure, comp.name)
        pers, _ = _column(table, per, comp.name)
        common = _nonzero_lcm(table, per, pers)
        mn, md = sum(pressure) * common, sum(pers) or 1
    if mn == 0:
        return _normalised(base, comp.name, comp.base)
    kn, kd = comp.k.numerator, comp.k.denominator
    # β_i · (1 + k (q_i / q̄ − 1))  ∝  base_i · (kd·mn + kn·(Q_i·md − mn))
    raw = [b * (kd * mn + kn * (q * md - mn)) for b, q in zip(base, quotas, strict=True)]
    if min(raw) < 0:
        raise AllocationError(comp.name, "pressure.negative_share")
    return _normalised(raw, comp.name, None)


def _component(table: Table, comp: NeedComponent) -> Vector:
    if isinstance(comp, IndicatorShare):
        return _indicator_share(table, comp)
    if isinstance(comp, EqualWeightIndex):
        return _equal_weight(table, comp)
    return _pressure(table, comp)


def need_shares(table: Mapping[str, dict[str, Value]], rule: NeedRule) -> NeedResult:
    """The need share of each space: the components' shares blended by their weights.

    :raises AllocationError: naming the component for a missing, negative or all-zero
        indicator, a zero denominator, all-zero weights or a negative corrected share.
    """
    tab = _Rows(table)
    if not tab:
        raise AllocationError(rule.name, "spaces.empty")
    weights = [c.weight.value for c in rule.components]
    if not any(weights):
        raise AllocationError(rule.name, "weights.all_zero")
    vectors = [
        _component(tab, c) if w else ([], 1) for c, w in zip(rule.components, weights, strict=True)
    ]
    nums, den = _blend(vectors, weights)
    return NeedResult(
        keys=tuple(tab),
        numerators=tuple(nums),
        denominator=den,
        component_vectors=tuple(
            (c.name, tuple(v), d)
            for c, (v, d), w in zip(rule.components, vectors, weights, strict=True)
            if w
        ),
    )
