"""The allocation pipeline as it was before the fast path (sozialraum 0.x, issue #4): the
reference the optimised :func:`sozialraum.budget.allocate` must equal, result for result.

A verbatim copy of the straightforward implementation (Fractions, eager Step, SpaceResult and
Cell records, a generic largest-remainder step per split), kept only for the tests. It builds
the package's own result classes, so results compare with ``==``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from sozialraum.budget.allocation import (
    Allocation,
    Cell,
    SpaceResult,
    Step,
    format_money,
    format_share,
)
from sozialraum.budget.need import NeedResult, SmoothingChange
from sozialraum.budget.rules import (
    Average,
    BaseAmount,
    Cap,
    EqualWeightIndex,
    Floor,
    IndicatorMode,
    IndicatorShare,
    NeedComponent,
    NeedRule,
    PressureCorrectedShare,
    ProviderInput,
    ProviderSplit,
    RuleSet,
    Smoothing,
    SmoothingMode,
    SpaceInput,
    WorkTypeSplit,
)
from sozialraum.budget.solver import bounded_targets
from sozialraum.budget.ties import TieBreak, TieKind, TiePolicy
from sozialraum.errors import AllocationError, TieError
from sozialraum.money import Money
from sozialraum.periods import Dated

Value = int | Fraction
Table = dict[str, dict[str, Value]]
Vector = tuple[list[int], int]
_Excluded = tuple[str, Money]

# -- ties (sozialraum.budget.ties.resolve_tie) ----------------------------------------------


def resolve_tie(policy: TiePolicy, rule: str, tied: Sequence[str], units: int) -> TieBreak:
    """Choose ``units`` of the ``tied`` keys (``0 < units < len(tied)``) as ``policy`` says.

    :raises TieError: for :attr:`TieKind.RAISE` (code ``tie.exact``) or when a priority
        order does not rank a tied key (code ``tie.unranked``).

    >>> resolve_tie(TiePolicy.by_priority("C", "A", "B"), "rounding", ["A", "B", "C"], 2).winners
    ('A', 'C')
    """
    keys = tuple(sorted(tied))
    if policy.kind is TieKind.RAISE:
        names = ", ".join(repr(k) for k in keys)
        raise TieError(
            rule,
            "tie.exact",
            f"exact tie for {units} unit(s) between {names}; set a tie policy (priority or lot)",
        )
    if policy.kind is TieKind.PRIORITY:
        rank = {key: i for i, key in enumerate(policy.priority)}
        missing = [k for k in keys if k not in rank]
        if missing:
            raise TieError(
                rule,
                "tie.unranked",
                f"the priority order does not rank {', '.join(repr(k) for k in missing)}",
            )
        chosen = sorted(keys, key=rank.__getitem__)[:units]
    else:
        chosen = random.Random(policy.seed).sample(keys, units)
    return TieBreak(
        rule=rule,
        policy=policy.kind,
        tied=keys,
        units=units,
        winners=tuple(sorted(chosen)),
        seed=policy.seed if policy.kind is TieKind.LOT else None,
    )


# -- largest remainder (sozialraum.budget.apportion) ---------------------------------------


def _largest_remainder(
    numerators: Sequence[int],
    denominator: int,
    keys: Sequence[str],
    ties: TiePolicy,
    rule: str,
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """Round ``numerators / denominator`` (whose sum is a whole number) by largest remainder."""
    parts = []
    rems = []
    for n in numerators:
        q, r = divmod(n, denominator)
        parts.append(q)
        rems.append(r)
    left = sum(rems) // denominator
    if left == 0:
        return parts, ()
    order = sorted(range(len(rems)), key=rems.__getitem__, reverse=True)
    threshold = rems[order[left - 1]]
    if left < len(order) and rems[order[left]] == threshold:
        above = [i for i, r in enumerate(rems) if r > threshold]
        tied = [i for i, r in enumerate(rems) if r == threshold]
        brk = resolve_tie(ties, rule, [keys[i] for i in tied], left - len(above))
        winners = set(brk.winners)
        for i in above:
            parts[i] += 1
        for i in tied:
            if keys[i] in winners:
                parts[i] += 1
        return parts, (brk,)
    for i in order[:left]:
        parts[i] += 1
    return parts, ()


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
        raise AllocationError(rule, "targets.not_whole", "the targets must sum to whole units")
    return _largest_remainder(numerators, denominator, keys, ties, rule)


def split_whole(
    total: int, weights: Sequence[int], keys: Sequence[str], *, ties: TiePolicy, rule: str
) -> tuple[list[int], tuple[TieBreak, ...]]:
    """Fast path of Hamilton for validated non-negative integer weights (not all zero).

    >>> split_whole(100, [1, 1, 2], ["a", "b", "c"], ties=TiePolicy(), rule="demo")
    ([25, 25, 50], ())
    """
    return _largest_remainder([total * w for w in weights], sum(weights), keys, ties, rule)


# -- bounded targets (sozialraum.budget.solver.solve_bounded) -------------------------------


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

    >>> solve_bounded(100, [0, 0], [9, 1], 10, [0, 30], [None, None])
    ([6300, 2700], 90, Fraction(700, 9))
    """
    c = denominator
    n = len(base)
    fixed: dict[int, int] = {}
    free: list[int] = []
    for i in range(n):
        lo = lower[i] * c
        hi = None if upper[i] is None else upper[i] * c  # type: ignore[operator]
        if share[i] == 0 or (hi is not None and base[i] >= hi):
            value = max(base[i], lo)
            fixed[i] = value if hi is None else min(value, hi)
        else:
            free.append(i)
    goal = total * c
    if sum(fixed.values()) + sum(max(base[i], lower[i] * c) for i in free) > goal:
        raise AllocationError(
            rule, "bounds.infeasible", "bases and floors together exceed the amount"
        )
    lam_num, lam_den = 0, 1
    for _ in range(n + 1):
        if not free:
            if sum(fixed.values()) != goal:
                raise AllocationError(
                    rule, "bounds.infeasible", "caps and corridors cannot absorb the amount"
                )
            lam_num, lam_den = 0, 1
            break
        lam_den = sum(share[i] for i in free)
        lam_num = goal - sum(fixed.values()) - sum(base[i] for i in free)
        lows, highs, short, excess = [], [], 0, 0
        for i in free:
            value = base[i] * lam_den + lam_num * share[i]
            floor = lower[i] * c * lam_den
            if value < floor:
                lows.append(i)
                short += floor - value
            elif upper[i] is not None and value > (cap := upper[i] * c * lam_den):  # type: ignore[operator]
                highs.append(i)
                excess += value - cap
        if not lows and not highs:
            break
        if short >= excess:
            fixed.update((i, lower[i] * c) for i in lows)
        if excess >= short:
            fixed.update((i, upper[i] * c) for i in highs)  # type: ignore[operator]
        free = [i for i in free if i not in fixed]
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
        return [t.numerator * (common // t.denominator) for t in targets.values()], common, lam
    numerators = [
        fixed[i] * lam_den if i in fixed else base[i] * lam_den + lam_num * share[i]
        for i in range(n)
    ]
    return numerators, c * lam_den, Fraction(lam_num, lam_den)


# -- need (sozialraum.budget.need) ---------------------------------------------------------


def indicator_table(spaces: Sequence[SpaceInput]) -> Table:
    """The current indicator values of ``spaces`` as ``{space_id: {name: value}}``."""
    return {s.space_id: {i.name: i.value for i in s.indicators} for s in spaces}


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
    result = {k: dict(v) for k, v in table.items()}
    changes = []
    for rule in rules:
        for space in spaces:
            ind = space.indicator(rule.indicator)
            if ind is None:
                raise AllocationError(
                    rule.name,
                    "indicator.missing",
                    f"space {space.space_id!r} has no indicator {rule.indicator!r}",
                )
            window = (ind.value, *ind.previous[: rule.periods - 1])
            if any(v < 0 for v in window):
                raise AllocationError(
                    rule.name, "indicator.negative", f"indicator {rule.indicator!r} is negative"
                )
            used: Value = (
                max(window)
                if rule.mode is SmoothingMode.MAX
                else Fraction(sum(window), len(window))
            )
            if used != ind.value:
                changes.append(
                    SmoothingChange(
                        rule=rule.name,
                        space_id=space.space_id,
                        indicator=rule.indicator,
                        current=ind.value,
                        used=used,
                    )
                )
            result[space.space_id][rule.indicator] = used
    return result, tuple(changes)


def _column(table: Table, indicator: str, rule: str) -> tuple[list[int], int]:
    """The indicator's values as integer numerators over a common denominator."""
    values = []
    for space_id, row in table.items():
        value = row.get(indicator)
        if value is None:
            raise AllocationError(
                rule, "indicator.missing", f"space {space_id!r} has no indicator {indicator!r}"
            )
        if value < 0:
            raise AllocationError(
                rule, "indicator.negative", f"indicator {indicator!r} of {space_id!r} is negative"
            )
        values.append(value)
    den = math.lcm(*(v.denominator for v in values)) if values else 1
    return [v.numerator * (den // v.denominator) for v in values], den


def _normalised(nums: list[int], rule: str, what: str) -> Vector:
    total = sum(nums)
    if total == 0:
        raise AllocationError(rule, "indicator.all_zero", f"{what} is zero for every space")
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
                rule,
                "indicator.zero_denominator",
                f"{space_id!r} has {numerator!r} but its {per!r} is zero",
            )
    common = math.lcm(*(p for p in pers if p)) if any(pers) else 1
    return [n * (common // p) if p else 0 for n, p in zip(nums, pers, strict=True)], common


def _indicator_share(table: Table, comp: IndicatorShare) -> Vector:
    weights = [w.weight.value for w in comp.indicators]
    if not any(weights):
        raise AllocationError(comp.name, "weights.all_zero", "the weights must not all be zero")
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
        vectors.append(_normalised(column, comp.name, f"indicator {wi.indicator!r}"))
    return _blend(vectors, weights)


def _equal_weight(table: Table, comp: EqualWeightIndex) -> Vector:
    if not comp.indicators:
        raise AllocationError(comp.name, "rule.empty", "the index needs at least one indicator")
    vectors = [
        _normalised(_column(table, name, comp.name)[0], comp.name, f"indicator {name!r}")
        for name in comp.indicators
    ]
    return _blend(vectors, [Fraction(1)] * len(vectors))


def _pressure(table: Table, comp: PressureCorrectedShare) -> Vector:
    base, _ = _column(table, comp.base, comp.name)
    base_sum = sum(base)
    if base_sum == 0:
        raise AllocationError(
            comp.name, "indicator.all_zero", f"indicator {comp.base!r} is zero for every space"
        )
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
        common = math.lcm(*(p for p in pers if p)) if any(pers) else 1
        mn, md = sum(pressure) * common, sum(pers) or 1
    if mn == 0:
        return _normalised(base, comp.name, f"indicator {comp.base!r}")
    kn, kd = comp.k.numerator, comp.k.denominator
    # β_i · (1 + k (q_i / q̄ − 1))  ∝  base_i · (kd·mn + kn·(Q_i·md − mn))
    raw = [b * (kd * mn + kn * (q * md - mn)) for b, q in zip(base, quotas, strict=True)]
    if any(r < 0 for r in raw):
        raise AllocationError(
            comp.name, "pressure.negative_share", "k is so large that a share turns negative"
        )
    return _normalised(raw, comp.name, "the corrected share")


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
    tab = dict(table)
    if not tab:
        raise AllocationError(rule.name, "spaces.empty", "there are no spaces to allocate to")
    weights = [c.weight.value for c in rule.components]
    if not any(weights):
        raise AllocationError(rule.name, "weights.all_zero", "the weights must not all be zero")
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


# -- the pipeline (sozialraum.budget.pipeline) ---------------------------------------------


def _members(space_ids: Sequence[str], known: Sequence[str], rule: str) -> list[str]:
    unknown = [s for s in space_ids if s not in known]
    if unknown:
        raise AllocationError(rule, "space.unknown", f"no space {unknown[0]!r} to apply it to")
    return list(space_ids) if space_ids else list(known)


def _round_half_away(value: Fraction) -> int:
    q, r = divmod(value.numerator, value.denominator)
    return q + 1 if 2 * r >= value.denominator else q


def _bounds(
    rs: RuleSet, spaces: Sequence[SpaceInput], ids: list[str]
) -> tuple[dict[str, tuple[int, str | None]], dict[str, tuple[int | None, str | None]]]:
    lower: dict[str, tuple[int, str | None]] = dict.fromkeys(ids, (0, None))
    upper: dict[str, tuple[int | None, str | None]] = dict.fromkeys(ids, (None, None))
    previous = {s.space_id: s.previous_amount for s in spaces}
    for rule in rs.bounds:
        for sid in _members(rule.space_ids, ids, rule.name):
            lo: int | None = None
            hi: int | None = None
            if isinstance(rule, Floor):
                lo = rule.amount.cents
            elif isinstance(rule, Cap):
                hi = rule.amount.cents
            else:
                prev = previous[sid]
                if prev is None:
                    continue
                num, den = rule.max_change.numerator, rule.max_change.denominator
                lo = max(0, -(-prev.cents * (den - num) // den))  # rounded up
                hi = prev.cents * (den + num) // den  # rounded down
            if lo is not None and lo > lower[sid][0]:
                lower[sid] = (lo, rule.name)
            current_hi = upper[sid][0]
            if hi is not None and (current_hi is None or hi < current_hi):
                upper[sid] = (hi, rule.name)
    for sid in ids:
        hi_value = upper[sid][0]
        if hi_value is not None and lower[sid][0] > hi_value:
            raise AllocationError(
                f"{lower[sid][1]} / {upper[sid][1]}",
                "bounds.conflict",
                f"for space {sid!r} the lower bound exceeds the upper bound",
            )
    return lower, upper


def _work_type_weights(split: WorkTypeSplit) -> tuple[list[str], list[int]]:
    keys = [s.work_type for s in split.shares]
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate", "a work type is listed twice")
    fracs = [s.share.value for s in split.shares]
    if sum(fracs) != 1:
        raise AllocationError(split.name, "shares.sum", "the work-type shares must sum to 1")
    if split.require_case_independent and not any(
        f for k, f in zip(keys, fracs, strict=True) if k == "case_independent"
    ):
        raise AllocationError(
            split.name,
            "work_types.case_independent_missing",
            "a Sozialraumbudget needs a positive case_independent share",
        )
    den = math.lcm(*(f.denominator for f in fracs))
    return keys, [f.numerator * (den // f.denominator) for f in fracs]


def _provider_weights(
    split: ProviderSplit, space_id: str, here: Sequence[ProviderInput]
) -> tuple[list[str], list[int]]:
    if split.shares:
        keys = [p.provider_id for p in split.shares]
        fracs = [p.share.value for p in split.shares]
        if sum(fracs) != 1:
            raise AllocationError(split.name, "shares.sum", "the contract shares must sum to 1")
        den = math.lcm(*(f.denominator for f in fracs))
        weights = [f.numerator * (den // f.denominator) for f in fracs]
    else:
        assert split.indicator is not None
        keys = [p.provider_id for p in here]
        values = [p.value(split.indicator) for p in here]
        if any(v is None for v in values):
            raise AllocationError(
                split.name, "indicator.missing", f"a provider has no {split.indicator!r}"
            )
        weights = [v for v in values if v is not None]
        if any(v < 0 for v in weights):
            raise AllocationError(split.name, "indicator.negative", "an indicator is negative")
        if not any(weights):
            raise AllocationError(
                split.name,
                "indicator.all_zero",
                f"no provider of space {space_id!r} has a positive {split.indicator!r}",
            )
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate", "a provider is listed twice")
    return keys, weights


def _split_cells(
    rs: RuleSet,
    amounts: dict[str, int],
    providers: Sequence[ProviderInput],
    ties: list[TieBreak],
) -> tuple[list[Cell], list[Step]]:
    steps = []
    per_space: list[tuple[str, str | None, int]] = []
    if rs.work_types is not None:
        keys, weights = _work_type_weights(rs.work_types)
        steps.append(
            Step(
                stage="work_types",
                rule=rs.work_types.name,
                text="each space split by work type: "
                + ", ".join(
                    f"{s.work_type} {format_share(s.share.value, 2)}" for s in rs.work_types.shares
                ),
            )
        )
        for sid, cents in amounts.items():
            parts, brk = split_whole(
                cents, weights, keys, ties=rs.ties, rule=f"{rs.work_types.name}:{sid}"
            )
            ties.extend(brk)
            per_space.extend((sid, k, p) for k, p in zip(keys, parts, strict=True))
    else:
        per_space = [(sid, None, cents) for sid, cents in amounts.items()]
    cells = []
    cache: dict[tuple[int, str], tuple[list[str], list[int]]] = {}
    used: dict[int, tuple[ProviderSplit, dict[str, None]]] = {}
    by_space: dict[str, list[ProviderInput]] = {}
    for provider in providers:
        by_space.setdefault(provider.space_id, []).append(provider)
    for sid, work_type, cents in per_space:
        split = next((p for p in rs.providers if p.applies_to(sid, work_type)), None)
        if split is None:
            cells.append(Cell(sid, work_type, None, cents))
            continue
        key = (id(split), sid if split.indicator else "")
        if key not in cache:
            cache[key] = _provider_weights(split, sid, by_space.get(sid, []))
        used.setdefault(id(split), (split, {}))[1][sid] = None
        pkeys, weights = cache[key]
        parts, brk = split_whole(
            cents, weights, pkeys, ties=rs.ties, rule=f"{split.name}:{sid}:{work_type or '-'}"
        )
        ties.extend(brk)
        cells.extend(Cell(sid, work_type, p, c) for p, c in zip(pkeys, parts, strict=True))
    for split, sids in used.values():
        basis = "contract shares" if split.shares else f"their {split.indicator!r}"
        text = f"split between providers by {basis} in {', '.join(sids)}"
        steps.append(Step(stage="providers", rule=split.name, text=text))
    return cells, steps


def _exclusions(rs: RuleSet, total: Money, steps: list[Step]) -> tuple[int, list[_Excluded]]:
    amount = total.cents
    excluded: list[_Excluded] = []
    for ex in rs.exclusions:
        if ex.amount is not None:
            cents = ex.amount.cents
        else:
            cents = _round_half_away(total.cents * ex.share.value) if ex.share else 0
        if not 0 <= cents <= amount:
            raise AllocationError(
                ex.name, "exclusion.exceeds_total", "it holds back more than is left"
            )
        amount -= cents
        excluded.append((ex.name, Money(cents=cents)))
        text = f"{format_money(cents)} held back; {format_money(amount)} left for the spaces"
        steps.append(Step(stage="exclusion", rule=ex.name, text=text))
    return amount, excluded


def _smoothing(rs: RuleSet, spaces: Sequence[SpaceInput], steps: list[Step]) -> Table:
    table, changes = smooth(spaces, indicator_table(spaces), rs.smoothing)
    for rule in rs.smoothing:
        mine = [c for c in changes if c.rule == rule.name]
        used = ", ".join(f"{c.space_id} uses {c.used} instead of {c.current}" for c in mine)
        text = f"{rule.mode} of {rule.indicator!r} over {rule.periods} period(s): "
        steps.append(
            Step(
                stage="smoothing",
                rule=rule.name,
                text=text + (used or "no change"),
                values=tuple((c.space_id, Fraction(c.used)) for c in mine),
            )
        )
    return table


def _bases(rs: RuleSet, ids: list[str], amount: int, steps: list[Step]) -> dict[str, Fraction]:
    base = dict.fromkeys(ids, Fraction(0))
    for rule in rs.bases:
        members = _members(rule.space_ids, ids, rule.name)
        if isinstance(rule, BaseAmount):
            each = Fraction(rule.amount.cents)
        else:
            each = amount * rule.share.value / len(members)
        for sid in members:
            base[sid] += each
        steps.append(
            Step(
                stage="base",
                rule=rule.name,
                text=f"{format_money(each)} for each of {len(members)} space(s)",
                values=tuple((sid, each) for sid in members),
            )
        )
    if sum(base.values()) > amount:
        raise AllocationError(
            ", ".join(r.name for r in rs.bases),
            "base.exceeds_total",
            "the base amounts exceed the amount to distribute",
        )
    return base


def _targets(
    rs: RuleSet,
    spaces: Sequence[SpaceInput],
    ids: list[str],
    amount: int,
    base: dict[str, Fraction],
    need: NeedResult,
    steps: list[Step],
    ties: list[TieBreak],
) -> list[SpaceResult]:
    lower, upper = _bounds(rs, spaces, ids)
    if sum(v[0] for v in lower.values()) > amount:
        floors = dict.fromkeys(v[1] for v in lower.values() if v[1] is not None)
        raise AllocationError(
            ", ".join(floors), "floors.exceed_total", "the lower bounds exceed the amount"
        )
    if all(v[0] is not None for v in upper.values()) and (
        sum(v[0] or 0 for v in upper.values()) < amount
    ):
        caps = dict.fromkeys(v[1] for v in upper.values() if v[1] is not None)
        raise AllocationError(
            ", ".join(caps), "caps.below_total", "the upper bounds cannot absorb the amount"
        )
    names = [r.name for r in rs.bases] + [r.name for r in rs.bounds]
    common = math.lcm(need.denominator, *(b.denominator for b in base.values()))
    base_nums = [base[k].numerator * (common // base[k].denominator) for k in ids]
    scale = common // need.denominator
    share_nums = [n * scale for n in need.numerators]
    lows = [lower[k][0] for k in ids]
    highs = [upper[k][0] for k in ids]
    numerators, denominator, pot = solve_bounded(
        amount,
        base_nums,
        share_nums,
        common,
        lows,
        highs,
        rule=", ".join(dict.fromkeys(names)) or "bounds",
    )
    cents, brk = round_numerators(numerators, denominator, ids, ties=rs.ties, rule="rounding")
    ties.extend(brk)
    results = []
    for i, sid in enumerate(ids):
        target = Fraction(numerators[i], denominator)
        raw = base_nums[i] * pot.denominator + pot.numerator * share_nums[i]
        unit = common * pot.denominator
        hi = highs[i]
        bound = "lower" if raw < lows[i] * unit else None
        if hi is not None and raw > hi * unit:
            bound = "upper"
        results.append(
            SpaceResult(
                space_id=sid,
                need_share=Fraction(need.numerators[i], need.denominator),
                base=base[sid],
                need=Fraction(pot.numerator * share_nums[i], unit),
                lower=lows[i],
                lower_rule=lower[sid][1],
                upper=hi,
                upper_rule=upper[sid][1],
                bound=bound,
                target=target,
                amount=Money(cents=cents[i]),
            )
        )
    steps.append(
        Step(
            stage="bounds",
            rule="need pot",
            text=f"{format_money(pot)} distributed by need share after bases and bounds",
            values=tuple((r.space_id, r.target) for r in results),
        )
    )
    return results


def reference_allocate(
    total: Money,
    spaces: Sequence[SpaceInput],
    rules: RuleSet | Dated[RuleSet],
    *,
    on: date | None = None,
    providers: Sequence[ProviderInput] = (),
) -> Allocation:
    """Allocate ``total`` between ``spaces`` as ``rules`` say; a pure function.

    :param rules: a rule set, or a dated timeline of rule sets (then ``on`` picks one).
    :param providers: provider indicators, for indicator-based provider splits.
    :raises AllocationError: naming the rule that cannot be satisfied, with a stable code.
    :raises TieError: when an exact tie meets the default tie policy.
    """
    valid_from: date | None = None
    reference: str | None = None
    if isinstance(rules, Dated):
        if on is None:
            raise AllocationError(rules.name, "rules.date_missing", "a dated rule set needs 'on'")
        entry = rules.entry_at(on)
        rs, valid_from, reference = entry.value, entry.valid_from, entry.reference
    else:
        rs = rules
    ids = [s.space_id for s in spaces]
    if len(set(ids)) != len(ids):
        raise AllocationError(rs.name, "space.duplicate", "space ids must be unique")
    if total.cents < 0:
        raise AllocationError(rs.name, "total.negative", "the total must not be negative")
    steps: list[Step] = []
    ties: list[TieBreak] = []
    amount, excluded = _exclusions(rs, total, steps)
    table = _smoothing(rs, spaces, steps)
    need = need_shares(table, rs.need)
    for name, shares in need.components:
        text = "shares " + ", ".join(f"{k} {format_share(v)}" for k, v in shares.items())
        steps.append(Step(stage="need", rule=name, text=text, values=tuple(shares.items())))
    base = _bases(rs, ids, amount, steps)
    results = _targets(rs, spaces, ids, amount, base, need, steps, ties)
    amounts = {r.space_id: r.amount.cents for r in results}
    steps.append(
        Step(
            stage="rounding",
            rule="largest remainder",
            text="exact targets rounded to whole cents (largest remainder)",
            values=tuple((k, Fraction(v)) for k, v in amounts.items()),
        )
    )
    cells, split_steps = _split_cells(rs, amounts, providers, ties)
    steps.extend(split_steps)
    return Allocation(
        rule_set=rs.name,
        valid_from=valid_from,
        reference=reference or rs.reference,
        total=total,
        excluded=tuple(excluded),
        distributed=Money(cents=amount),
        spaces=tuple(results),
        cells=tuple(cells),
        steps=tuple(steps),
        ties=tuple(ties),
        overload=rs.overload.share if rs.overload else None,
        carry_over=rs.carry_over.share if rs.carry_over else None,
        exclusions=rs.exclusions,
    )
