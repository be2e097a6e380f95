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
from itertools import repeat
from typing import Any

from .. import messages
from ..errors import AllocationError
from ..money import Money
from ..periods import Dated
from .allocation import Allocation, Cell, SpaceResult, Step, format_money
from .apportion import round_numerators
from .filtered import float_cents, need_floats
from .need import NeedResult, Table, indicator_table, need_shares, smooth_values
from .rules import (
    BaseAmount,
    Cap,
    Floor,
    ProviderInput,
    ProviderSplit,
    RuleSet,
    SpaceInput,
)
from .solver import solve_parts
from .splits import Group, split_cells
from .ties import TieBreak

__all__ = ["allocate"]

messages.define("budget.step.exclusion", "{held} held back; {left} left for the spaces")
messages.define("budget.step.smoothing", "{mode} of '{indicator}' over {periods} period(s): {used}")
messages.define("budget.step.smoothing_use", "{space} uses {used} instead of {current}")
messages.define("budget.step.no_change", "no change")
messages.define("budget.step.share", "{key} {share}")
messages.define("budget.step.need", "shares {shares}")
messages.define("budget.step.base", "{amount} for each of {count} space(s)")
messages.define("budget.step.pot", "{amount} distributed by need share after bases and bounds")
messages.define("budget.step.rounding", "exact targets rounded to whole cents (largest remainder)")
messages.define("budget.step.work_types", "each space split by work type: {shares}")
messages.define(
    "budget.step.providers#shares", "split between providers by contract shares in {spaces}"
)
messages.define(
    "budget.step.providers#indicator", "split between providers by their '{indicator}' in {spaces}"
)
messages.define("floors.exceed_total", "the lower bounds exceed the amount")
messages.define("caps.below_total", "the upper bounds cannot absorb the amount")
messages.define("total.type#money", "the total must be Money (integer cents)")
messages.define("rules.type", "rules must be a RuleSet or Dated[RuleSet]")
messages.define("space.duplicate", "space ids must be unique")
messages.define("total.negative", "the total must not be negative")
messages.define("bounds.conflict", "for space '{sid}' the lower bound exceeds the upper bound")
messages.define("exclusion.exceeds_total", "it holds back more than is left")
messages.define("base.exceeds_total", "the base amounts exceed the amount to distribute")
messages.define("rules.date_missing", "a dated rule set needs 'on'")


#: (exclusion rule name, amount held back)
_Excluded = tuple[str, Money]
_new_tuple = tuple.__new__


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
        members = _members(rule.space_ids, ids, rule.name)
        if isinstance(rule, Floor):
            floor = (rule.amount.cents, rule.name)
            for sid in members:
                if floor[0] > lower[sid][0]:
                    lower[sid] = floor
            continue
        if isinstance(rule, Cap):
            cap = (rule.amount.cents, rule.name)
            for sid in members:
                current = upper[sid][0]
                if current is None or cap[0] < current:
                    upper[sid] = cap
            continue
        num, den = rule.max_change.numerator, rule.max_change.denominator
        for sid in members:
            prev = previous[sid]
            if prev is None:
                continue
            lo = max(0, -(-prev.cents * (den - num) // den))  # rounded up
            hi = prev.cents * (den + num) // den  # rounded down
            if lo > lower[sid][0]:
                lower[sid] = (lo, rule.name)
            current_hi = upper[sid][0]
            if current_hi is None or hi < current_hi:
                upper[sid] = (hi, rule.name)
    for sid in ids:
        hi_value = upper[sid][0]
        if hi_value is not None and lower[sid][0] > hi_value:
            raise AllocationError(f"{lower[sid][1]} / {upper[sid][1]}", "bounds.conflict", sid=sid)
    return lower, upper


class _Record:
    """What :func:`allocate` recorded on its way, in compact form (integers over common
    denominators, plain lists); builds the deferred fields of the :class:`Allocation` —
    the space results, cells, steps and ties — only when they are first read.

    When the floats of :mod:`~sozialraum.budget.filtered` decided the cents, the exact need
    shares, need pot and targets are worked out only for the explanation, when it is first
    read (:meth:`complete`)."""

    __slots__ = (
        "amount",
        "base_den",
        "base_nums",
        "base_rules",
        "cents",
        "denominator",
        "exact",
        "excluded",
        "free",
        "groups",
        "ids",
        "lower",
        "need",
        "pot",
        "rs",
        "smoothing",
        "table",
        "targets",
        "ties",
        "upper",
        "used",
    )

    base_den: int
    base_nums: list[int]
    base_rules: list[tuple[str, Fraction, list[str]]]
    cents: list[int]
    denominator: int
    excluded: list[tuple[str, int, int]]
    groups: list[Group]
    lower: dict[str, tuple[int, str | None]]
    free: dict[int, int]
    need: NeedResult
    pot: Fraction
    smoothing: list[dict[str, Any]]
    table: Table
    amount: int
    upper: dict[str, tuple[int | None, str | None]]
    used: dict[int, tuple[ProviderSplit, dict[str, None]]]

    def __init__(self, rs: RuleSet, ids: list[str]) -> None:
        self.rs = rs
        self.ids = ids
        self.ties: list[TieBreak] = []
        self.targets: list[Fraction] | None = None
        self.exact = True  # the exact path ran (False: the floats decided the cents)

    def complete(self) -> None:
        """Work out the exact need shares, need pot and targets behind cents that the
        floats decided, and check that they give the same cents."""
        if self.exact:
            return
        self.need = need_shares(self.table, self.rs.need)  # the floats' shares: no error
        cents, ties = _solve_exact(self)
        if cents != self.cents or ties:  # pragma: no cover - the floats prove their cents
            raise AssertionError("internal error: the float and exact cents differ")
        self.exact = True

    def __call__(self, name: str) -> Any:
        if name == "spaces":
            return self.space_results()
        if name == "cells":
            return self.cell_records()
        if name == "steps":
            return self.step_records()
        return tuple(self.ties)

    def exact_targets(self) -> list[Fraction]:
        self.complete()
        if self.targets is None:
            d, free = self.denominator, self.free
            self.targets = [
                Fraction(free[i], d) if i in free else Fraction(cents)
                for i, cents in enumerate(self.cents)
            ]
        return self.targets

    def space_results(self) -> tuple[SpaceResult, ...]:
        self.complete()
        need: NeedResult = self.need
        pot: Fraction = self.pot
        results = []
        for i, sid in enumerate(self.ids):
            base = Fraction(self.base_nums[i], self.base_den)
            share = Fraction(need.numerators[i], need.denominator)
            part = pot * share
            lo, lo_rule = self.lower[sid]
            hi, hi_rule = self.upper[sid]
            raw = base + part
            bound = "lower" if raw < lo else None
            if hi is not None and raw > hi:
                bound = "upper"
            results.append(
                SpaceResult(
                    space_id=sid,
                    need_share=share,
                    base=base,
                    need=part,
                    lower=lo,
                    lower_rule=lo_rule,
                    upper=hi,
                    upper_rule=hi_rule,
                    bound=bound,
                    target=self.exact_targets()[i],
                    amount=Money(cents=self.cents[i]),
                )
            )
        return tuple(results)

    def cell_records(self) -> tuple[Cell, ...]:
        # the four columns first, then every Cell in one pass (C-level tuple building)
        spaces: list[str] = []
        work_types: list[str | None] = []
        providers: list[str | None] = []
        cents: list[int] = []
        for sid, work_type, pkeys, parts in self.groups:
            if pkeys is None:
                spaces.append(sid)
                work_types.append(work_type)
                providers.append(None)
                cents.append(parts)
            else:
                n = len(parts)
                spaces += [sid] * n
                work_types += [work_type] * n
                providers += pkeys
                cents += parts
        rows = zip(spaces, work_types, providers, cents, strict=True)
        return tuple(map(_new_tuple, repeat(Cell), rows))

    def step_records(self) -> tuple[Step, ...]:
        self.complete()
        rs = self.rs
        steps = [
            Step.of(
                stage="exclusion",
                rule=name,
                key="budget.step.exclusion",
                held=format_money(cents),
                left=format_money(left),
            )
            for name, cents, left in self.excluded
        ]
        for rule in rs.smoothing:
            mine = [c for c in self.smoothing if c["rule"] == rule.name]
            uses = tuple(
                messages.Text(
                    "budget.step.smoothing_use",
                    (
                        ("space", str(c["space_id"])),
                        ("used", str(c["used"])),
                        ("current", str(c["current"])),
                    ),
                )
                for c in mine
            )
            used: messages.Param = (
                messages.Join(uses) if uses else messages.Text("budget.step.no_change", ())
            )
            steps.append(
                Step.of(
                    stage="smoothing",
                    rule=rule.name,
                    key="budget.step.smoothing",
                    values=tuple((c["space_id"], Fraction(c["used"])) for c in mine),
                    mode=str(rule.mode),
                    indicator=rule.indicator,
                    periods=rule.periods,
                    used=used,
                )
            )
        for name, shares in self.need.components:
            items = messages.Join(
                tuple(_share_item(k, messages.Share(v)) for k, v in shares.items())
            )
            steps.append(
                Step.of(
                    stage="need",
                    rule=name,
                    key="budget.step.need",
                    values=tuple(shares.items()),
                    shares=items,
                )
            )
        for name, each, members in self.base_rules:
            steps.append(
                Step.of(
                    stage="base",
                    rule=name,
                    key="budget.step.base",
                    values=tuple((sid, each) for sid in members),
                    amount=format_money(each),
                    count=len(members),
                )
            )
        steps.append(
            Step.of(
                stage="bounds",
                rule="need pot",
                key="budget.step.pot",
                values=tuple(zip(self.ids, self.exact_targets(), strict=True)),
                amount=format_money(self.pot),
            )
        )
        steps.append(
            Step.of(
                stage="rounding",
                rule="largest remainder",
                key="budget.step.rounding",
                values=tuple((k, Fraction(v)) for k, v in zip(self.ids, self.cents, strict=True)),
            )
        )
        if rs.work_types is not None:
            items = messages.Join(
                tuple(
                    _share_item(str(w.work_type), messages.Share(w.share.value, 2))
                    for w in rs.work_types.shares
                )
            )
            steps.append(
                Step.of(
                    stage="work_types",
                    rule=rs.work_types.name,
                    key="budget.step.work_types",
                    shares=items,
                )
            )
        for split, sids in self.used.values():
            spaces = ", ".join(sids)
            if split.shares:
                step = Step.of(
                    stage="providers",
                    rule=split.name,
                    key="budget.step.providers#shares",
                    spaces=spaces,
                )
            else:
                step = Step.of(
                    stage="providers",
                    rule=split.name,
                    key="budget.step.providers#indicator",
                    indicator=str(split.indicator),
                    spaces=spaces,
                )
            steps.append(step)
        return tuple(steps)


def _share_item(key: str, share: messages.Share) -> messages.Text:
    return messages.Text("budget.step.share", (("key", key), ("share", share)))


def _exclusions(rs: RuleSet, total: Money, record: _Record) -> tuple[int, list[_Excluded]]:
    amount = total.cents
    excluded: list[_Excluded] = []
    notes: list[tuple[str, int, int]] = []
    for ex in rs.exclusions:
        if ex.amount is not None:
            cents = ex.amount.cents
        else:
            cents = _round_half_away(total.cents * ex.share.value) if ex.share else 0
        if not 0 <= cents <= amount:
            raise AllocationError(ex.name, "exclusion.exceeds_total")
        amount -= cents
        excluded.append((ex.name, Money(cents=cents)))
        notes.append((ex.name, cents, amount))
    record.excluded = notes
    return amount, excluded


def _bases(rs: RuleSet, ids: list[str], amount: int, record: _Record) -> None:
    """Base amounts per space as integer numerators over one denominator."""
    rules: list[tuple[str, Fraction, list[str]]] = []
    for rule in rs.bases:
        members = _members(rule.space_ids, ids, rule.name)
        if isinstance(rule, BaseAmount):
            each = Fraction(rule.amount.cents)
        else:
            each = amount * rule.share.value / len(members)
        rules.append((rule.name, each, members))
    den = math.lcm(*(each.denominator for _, each, _ in rules)) if rules else 1
    nums = [0] * len(ids)
    if rules:
        index = {sid: i for i, sid in enumerate(ids)}
        for _, each, members in rules:
            value = each.numerator * (den // each.denominator)
            for sid in members:
                nums[index[sid]] += value
        if sum(nums) > amount * den:
            raise AllocationError(", ".join(r.name for r in rs.bases), "base.exceeds_total")
    record.base_rules = rules
    record.base_nums = nums
    record.base_den = den


def _targets(
    rs: RuleSet,
    spaces: Sequence[SpaceInput],
    amount: int,
    record: _Record,
    shares: list[float] | None,
) -> list[int]:
    """The cents of each space: the bounds checked, then the targets rounded — decided
    by the floats of :mod:`~sozialraum.budget.filtered` where they can (``shares`` are
    their need shares), else exactly."""
    ids = record.ids
    lower, upper = _bounds(rs, spaces, ids)
    lows = [lower[k][0] for k in ids]
    highs = [upper[k][0] for k in ids]
    if sum(lows) > amount:
        floors = dict.fromkeys(v[1] for v in lower.values() if v[1] is not None)
        raise AllocationError(", ".join(floors), "floors.exceed_total")
    if None not in highs and sum(highs) < amount:  # type: ignore[arg-type]  # no None
        caps = dict.fromkeys(v[1] for v in upper.values() if v[1] is not None)
        raise AllocationError(", ".join(caps), "caps.below_total")
    record.lower = lower
    record.upper = upper
    record.amount = amount
    if shares is not None:
        cents = float_cents(amount, record.base_nums, record.base_den, shares, lows, highs)
        if cents is not None:
            record.exact = False
            record.cents = cents
            return cents
        record.need = need_shares(record.table, rs.need)  # the floats' shares: no error
    cents, ties = _solve_exact(record)
    record.ties.extend(ties)
    record.cents = cents
    return cents


def _solve_exact(record: _Record) -> tuple[list[int], tuple[TieBreak, ...]]:
    """The exact targets (recorded) and their cents, with the ties met in rounding."""
    rs, ids, lower, upper, amount = record.rs, record.ids, record.lower, record.upper, record.amount
    names = [r.name for r in rs.bases] + [r.name for r in rs.bounds]
    need: NeedResult = record.need
    base_den = record.base_den
    common = math.lcm(need.denominator, base_den)
    scale = common // base_den
    base_nums = [b * scale for b in record.base_nums] if scale != 1 else record.base_nums
    scale = common // need.denominator
    share_nums = [n * scale for n in need.numerators] if scale != 1 else list(need.numerators)
    fixed, free, denominator, pot = solve_parts(
        amount,
        base_nums,
        share_nums,
        common,
        [lower[k][0] for k in ids],
        [upper[k][0] for k in ids],
        rule=", ".join(dict.fromkeys(names)) or "bounds",
    )
    # a space held at a bound has a whole target (remainder 0: never rounded up, never
    # tied), so largest remainder over the other spaces gives the same cents and ties
    cents = [0] * len(ids)
    scale = denominator // common
    for i, num in fixed.items():
        whole, rest = divmod(num, common)
        if rest:  # a fractional target held without a need share: rounded with the others
            free[i] = num * scale
        else:
            cents[i] = whole
    order = sorted(free)
    rounded, brk = round_numerators(
        [free[i] for i in order],
        denominator,
        [ids[i] for i in order],
        ties=rs.ties,
        rule="rounding",
    )
    for i, value in zip(order, rounded, strict=True):
        cents[i] = value
    record.free = free
    record.denominator = denominator
    record.pot = pot
    return cents, brk


def allocate(
    total: Money,
    spaces: Sequence[SpaceInput],
    rules: RuleSet | Dated[RuleSet],
    *,
    on: date | None = None,
    providers: Sequence[ProviderInput] = (),
) -> Allocation:
    """Allocate ``total`` between ``spaces`` as ``rules`` say; a pure function.

    Every amount is computed (and every rule checked) here; the records that explain the
    result — :attr:`~Allocation.spaces`, :attr:`~Allocation.cells`,
    :attr:`~Allocation.steps`, :attr:`~Allocation.ties` — are built from compact data when
    first read, so a Monte Carlo run that needs only some amounts does not pay for them.

    :param rules: a rule set, or a dated timeline of rule sets (then ``on`` picks one).
    :param providers: provider indicators, for indicator-based provider splits.
    :raises AllocationError: naming the rule that cannot be satisfied, with a stable code.
    :raises TieError: when an exact tie meets the default tie policy.
    """
    if not isinstance(total, Money):
        raise AllocationError("allocate", "total.type#money")
    if not isinstance(rules, RuleSet | Dated):
        raise AllocationError("allocate", "rules.type")
    valid_from: date | None = None
    reference: str | None = None
    if isinstance(rules, Dated):
        if on is None:
            raise AllocationError(rules.name, "rules.date_missing")
        entry = rules.entry_at(on)
        rs, valid_from, reference = entry.value, entry.valid_from, entry.reference
    else:
        rs = rules
    ids = [s.space_id for s in spaces]
    if len(set(ids)) != len(ids):
        raise AllocationError(rs.name, "space.duplicate")
    if total.cents < 0:
        raise AllocationError(rs.name, "total.negative")
    record = _Record(rs, ids)
    amount, excluded = _exclusions(rs, total, record)
    table, record.smoothing = smooth_values(spaces, indicator_table(spaces), rs.smoothing)
    record.table = table
    shares = need_floats(table, rs.need)
    if shares is None:  # the exact shares now: their errors come before those of the bases
        record.need = need_shares(table, rs.need)
    _bases(rs, ids, amount, record)
    cents = _targets(rs, spaces, amount, record, shares)
    record.groups, record.used = split_cells(rs, ids, cents, providers, record.ties)
    return Allocation._deferred(
        record,
        rule_set=rs.name,
        valid_from=valid_from,
        reference=reference or rs.reference,
        total=total,
        excluded=tuple(excluded),
        distributed=Money(cents=amount),
        overload=rs.overload.share if rs.overload else None,
        carry_over=rs.carry_over.share if rs.carry_over else None,
        exclusions=rs.exclusions,
    )
