"""Run a :class:`~sozialraum.budget.rules.RuleSet`: from a total to cents per space, work
type and provider, every step recorded.

>>> from sozialraum.money import Money
>>> from sozialraum.budget.rules import *
>>> from sozialraum.budget.ties import TiePolicy
>>> spaces = [SpaceInput(space_id=s, indicators=(IndicatorValue(name="u18", value=v),))
...           for s, v in [("Nord", 2000), ("Süd", 1000), ("Mitte", 1000)]]
>>> rules = RuleSet(
...     name="Beispiel",
...     need=NeedRule(indicator_shares=(IndicatorShare(indicators=(
...         WeightedIndicator(indicator="u18"),)),)),
...     floors=(Floor(name="Mindestbudget", amount=Money.parse("300")),),
...     ties=TiePolicy.by_priority("Nord", "Süd", "Mitte"),
... )
>>> result = allocate(Money.parse("1000.01"), spaces, rules)
>>> {k: str(v) for k, v in result.by_space().items()}
{'Nord': '400.01', 'Süd': '300.00', 'Mitte': '300.00'}
>>> print(result.explain())
Allocation by rule set 'Beispiel'
  total 1.000,01 €
  1. [need] indicators: shares Nord 50.0000 %, Süd 25.0000 %, Mitte 25.0000 %
  2. [bounds] need pot: 800,02 € distributed by need share after bases and bounds
  3. [rounding] largest remainder: exact targets rounded to whole cents (largest remainder)
Spaces:
  Nord: 400,01 € = need 50.0000 % → 400,01 €
  Süd: 300,00 € = need 25.0000 % → 200,005 €, raised to 300,00 € by 'Mindestbudget'
  Mitte: 300,00 € = need 25.0000 % → 200,005 €, raised to 300,00 € by 'Mindestbudget'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from ..errors import AllocationError
from ..money import Money
from ..periods import Dated
from .allocation import Allocation, Cell, SpaceResult, Step, format_money, format_share
from .apportion import round_numerators, split_whole
from .need import NeedResult, Table, indicator_table, need_shares, smooth
from .rules import (
    BaseAmount,
    Cap,
    Floor,
    ProviderInput,
    ProviderSplit,
    RuleSet,
    SpaceInput,
    WorkTypeSplit,
)
from .solver import solve_bounded
from .ties import TieBreak

__all__ = ["allocate"]

#: (exclusion rule name, amount held back)
_Excluded = tuple[str, Money]


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


def allocate(
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
