"""The work-type and provider splits of a :func:`~sozialraum.budget.pipeline.allocate`
run: each space's cents by work type, then each part between the space's providers, by
largest remainder with the rule set's tie policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import messages
from ..errors import AllocationError
from .apportion import integerise, split_ints
from .rules import ProviderInput, ProviderSplit, RuleSet, WorkTypeSplit
from .ties import TieBreak, TiePolicy, resolve_tie

__all__ = ["Group", "split_cells"]

messages.define("keys.duplicate#work_type", "a work type is listed twice")
messages.define("shares.sum#work_types", "the work-type shares must sum to 1")
messages.define(
    "work_types.case_independent_missing",
    "a Sozialraumbudget needs a positive case_independent share",
)
messages.define("keys.duplicate#provider", "a provider is listed twice")
messages.define("indicator.missing#provider", "a provider has no '{indicator}'")
messages.define("indicator.negative#provider", "an indicator is negative")
messages.define(
    "indicator.all_zero#provider", "no provider of space '{space_id}' has a positive '{indicator}'"
)
messages.define("shares.sum#contracts", "the contract shares must sum to 1")


#: (space, work type, provider ids or None, cents per provider or the cents of the space)
Group = tuple[str, str | None, list[str] | None, Any]


def _work_type_weights(split: WorkTypeSplit) -> tuple[list[str], list[int]]:
    keys = [s.work_type for s in split.shares]
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate#work_type")
    den, weights = integerise([s.share for s in split.shares])
    if sum(weights) != den:  # Σ shares = Σ weights / den
        raise AllocationError(split.name, "shares.sum#work_types")
    if split.require_case_independent and not any(
        w for k, w in zip(keys, weights, strict=True) if k == "case_independent"
    ):
        raise AllocationError(split.name, "work_types.case_independent_missing")
    return keys, weights


def _provider_weights(
    split: ProviderSplit, space_id: str, here: Sequence[ProviderInput]
) -> tuple[list[str], list[int]]:
    if split.shares:
        keys = [p.provider_id for p in split.shares]
        den, weights = integerise([p.share for p in split.shares])
        if sum(weights) != den:
            raise AllocationError(split.name, "shares.sum#contracts")
    else:
        assert split.indicator is not None
        keys = [p.provider_id for p in here]
        name = split.indicator
        weights = [i.value for p in here for i in p.indicators if i.name == name]
        _check_indicator_weights(split, space_id, keys, weights)
        return keys, weights
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate#provider")
    return keys, weights


def _check_indicator_weights(
    split: ProviderSplit, space_id: str, keys: list[str], weights: list[int]
) -> None:
    """The checks of an indicator-based provider split for one space, in order (``weights``
    holds the indicator values found for the providers ``keys``)."""
    if len(weights) != len(keys):  # names are unique per provider: one is missing
        raise AllocationError(
            split.name, "indicator.missing#provider", indicator=str(split.indicator)
        )
    if min(weights, default=0) < 0:
        raise AllocationError(split.name, "indicator.negative#provider")
    if not any(weights):
        raise AllocationError(
            split.name,
            "indicator.all_zero#provider",
            space_id=space_id,
            indicator=str(split.indicator),
        )
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate#provider")


def _indicator_groups(
    name: str, ids: list[str], providers: Sequence[ProviderInput]
) -> dict[str, tuple[list[str], list[int]]]:
    """The provider ids of each space and their values of indicator ``name``, in one pass
    over ``providers`` (a provider of an unknown space is left out; one without the
    indicator leaves its space with fewer values than ids)."""
    groups: dict[str, tuple[list[str], list[int]]] = {sid: ([], []) for sid in ids}
    get = groups.get
    for provider in providers:
        group = get(provider.space_id)
        if group is not None:
            group[0].append(provider.provider_id)
            indicators = provider.indicators
            if indicators and indicators[0].name == name:  # the usual case, without a loop
                group[1].append(indicators[0].value)
                continue
            for ind in indicators:
                if ind.name == name:
                    group[1].append(ind.value)
                    break
    return groups


#: A tie met when splitting a remainder class: the remainders, the threshold, the tied
#: keys and the units they share (as :func:`~sozialraum.budget.apportion.split_ints` meets it).
_Tie = tuple[list[int], int, list[str], int]


def _remainder_class(
    r: int, weights: list[int], total: int, keys: list[str]
) -> tuple[list[int], _Tie | None]:
    """``split_ints(r, weights, total, keys, …)`` in parts: the parts of ``r`` rounded and
    ``None`` when there is no tie, else the parts rounded down and the tie to settle."""
    rems = [r * w % total for w in weights]
    left = sum(rems) // total
    up = 0  # no unit left: every part rounds down
    if left:
        n = len(rems)
        ranked = sorted(rems)
        threshold = ranked[n - left]
        if ranked[n - left - 1] == threshold:  # left < n, as Σ rems < n · total
            tied = [k for k, x in zip(keys, rems, strict=True) if x == threshold]
            units = left - sum(x > threshold for x in rems)
            return [r * w // total for w in weights], (rems, threshold, tied, units)
        up = total - threshold  # rounds up exactly the remainders ≥ threshold
    return [(r * w + up) // total for w in weights], None


def _split_work_types(
    ids: list[str],
    cents: list[int],
    keys: list[str],
    weights: list[int],
    policy: TiePolicy,
    name: str,
    ties: list[TieBreak],
) -> list[tuple[int, list[int]]]:
    """``split_ints(amount, weights, Σ weights, keys, policy, (name, sid), ties)`` for each
    space's ``amount``: the same parts, and the same ties settled and recorded in order.
    Each space's parts come as ``(q, extra)``, part ``k`` being ``q · weights[k] +
    extra[k]`` (computed where it is used: no list per space; ``extra`` is shared).

    The weights are the same for every space, so the rounding is worked out once per
    remainder class: with ``amount = q · total + r`` (``0 ≤ r < total``) each remainder
    ``amount · w % total`` equals ``r · w % total`` and each part rounded down is
    ``q · w + r · w // total``. Whether there is a tie, and which parts round up, thus
    depend on ``r`` alone, and a space's parts are ``q · w`` plus those of ``r``. A tie is
    still settled by the policy for each space that meets it, under the space's own rule;
    its winners then get their unit as in ``split_ints`` (the parts of ``r`` for a class and
    its winners are kept too).
    """
    total = sum(weights)
    classes: dict[int, tuple[list[int], _Tie | None]] = {}
    settled: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    per_space: list[tuple[int, list[int]]] = []
    for sid, amount in zip(ids, cents, strict=True):
        q, r = divmod(amount, total)
        entry = classes.get(r)
        if entry is None:
            entry = classes[r] = _remainder_class(r, weights, total, keys)
        extra, tie = entry
        if tie is not None:
            rems, threshold, tied, units = tie
            brk = resolve_tie(policy, ":".join((name, sid)), tied, units)
            ties.append(brk)
            won = settled.get((r, brk.winners))
            if won is None:  # a unit above the threshold, and one to each tied winner
                winners = brk.winners
                won = settled[r, winners] = [
                    f + (x > threshold or (x == threshold and k in winners))
                    for f, x, k in zip(extra, rems, keys, strict=True)
                ]
            extra = won
        per_space.append((q, extra))
    return per_space


def split_cells(
    rs: RuleSet,
    ids: list[str],
    cents: list[int],
    providers: Sequence[ProviderInput],
    ties: list[TieBreak],
) -> tuple[list[Group], dict[int, tuple[ProviderSplit, dict[str, None]]]]:
    """Each space's cents by work type, then each part between providers (all work-type
    splits first, then the provider splits, space by space: ties are met in that order and
    appended to ``ties``). Returns the cell groups and, by ``id``, the provider splits used
    with the spaces they split."""
    policy = rs.ties
    # part k of a space is q · type_weights[k] + extra[k] for the space's (q, extra)
    work_types: list[str | None]
    if rs.work_types is not None:
        keys, type_weights = _work_type_weights(rs.work_types)
        work_types = list(keys)
        name = rs.work_types.name
        per_space = _split_work_types(ids, cents, keys, type_weights, policy, name, ties)
    else:  # one part, the space's cents: amount · 1 + 0
        work_types, type_weights, no_extra = [None], [1], [0]
        per_space = [(amount, no_extra) for amount in cents]
    used: dict[int, tuple[ProviderSplit, dict[str, None]]] = {}
    groups: list[Group] = []
    splits = rs.providers
    if not splits:
        for sid, (q, extra) in zip(ids, per_space, strict=True):
            groups.extend(
                [
                    (sid, k, None, q * w + e)
                    for k, w, e in zip(work_types, type_weights, extra, strict=True)
                ]
            )
        return groups, used
    if not splits[0].space_ids and not splits[0].work_types:  # one split for every cell
        split = splits[0]
        indicator = split.indicator
        if indicator:
            read = _indicator_groups(indicator, ids, providers)
        else:  # contract shares: the same for every space
            pkeys, weights = _provider_weights(split, ids[0], ())
            total = sum(weights)
        append = groups.append
        cell: list[int] = []
        for sid, (q, extra) in zip(ids, per_space, strict=True):
            if indicator:
                pkeys, weights = read[sid]
                total = sum(weights)
                if (  # the checks, quickly; the full check names the error
                    len(weights) != len(pkeys)
                    or not total
                    or min(weights) < 0
                    or len(set(pkeys)) != len(pkeys)
                ):
                    _check_indicator_weights(split, sid, pkeys, weights)
            n = len(weights)
            last = -1  # the amount of the space's last split without a tie (-1: none yet)
            for k, work_type in enumerate(work_types):  # (a zip with strict= costs 0.3 µs)
                amount = q * type_weights[k] + extra[k]
                if amount == last:  # the same amount and weights: the same split
                    append((sid, work_type, pkeys, cell))
                    continue
                last = amount
                # split_ints inlined (the hot loop: one call per cell group), same result
                rems = [amount * w % total for w in weights]
                left = sum(rems) // total
                if left:
                    rems.sort()  # in place: a tie is settled by split_ints, from the start
                    threshold = rems[n - left]
                    if rems[n - left - 1] == threshold:  # left < n: Σ rems < n · total
                        last = -1  # each tie is met and recorded under its own work type
                        rule = (split.name, sid, work_type or "-")
                        cell = split_ints(amount, weights, total, pkeys, policy, rule, ties)
                        append((sid, work_type, pkeys, cell))
                        continue
                    up = total - threshold  # rounds up exactly the remainders ≥ threshold
                else:
                    up = 0
                cell = [(amount * w + up) // total for w in weights]
                append((sid, work_type, pkeys, cell))
        # every space was split by it, in order (returned only when no error was raised)
        used[id(split)] = (split, dict.fromkeys(ids))
        return groups, used
    by_space: dict[str, list[ProviderInput]] = {sid: [] for sid in ids}
    for provider in providers:
        here = by_space.get(provider.space_id)
        if here is not None:  # a provider of an unknown space is never asked for
            here.append(provider)
    cache: dict[tuple[int, str], tuple[list[str], list[int], int]] = {}
    for sid, (q, extra) in zip(ids, per_space, strict=True):
        for work_type, type_weight, e in zip(work_types, type_weights, extra, strict=True):
            amount = q * type_weight + e
            for split in splits:
                if split.applies_to(sid, work_type):
                    break
            else:
                groups.append((sid, work_type, None, amount))
                continue
            key = (id(split), sid if split.indicator else "")
            cached = cache.get(key)
            if cached is None:
                pkeys, weights = _provider_weights(split, sid, by_space[sid])
                cached = cache[key] = (pkeys, weights, sum(weights))
            if id(split) in used:
                used[id(split)][1][sid] = None
            else:
                used[id(split)] = (split, {sid: None})
            pkeys, weights, total_weight = cached
            rule = (split.name, sid, work_type or "-")
            cell = split_ints(amount, weights, total_weight, pkeys, policy, rule, ties)
            groups.append((sid, work_type, pkeys, cell))
    return groups, used
