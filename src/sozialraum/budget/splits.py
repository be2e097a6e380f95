"""The work-type and provider splits of a :func:`~sozialraum.budget.pipeline.allocate`
run: each space's cents by work type, then each part between the space's providers, by
largest remainder with the rule set's tie policy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..errors import AllocationError
from .apportion import split_ints
from .rules import ProviderInput, ProviderSplit, RuleSet, WorkTypeSplit
from .ties import TieBreak

__all__ = ["Group", "split_cells"]

#: (space, work type, provider ids or None, cents per provider or the cents of the space)
Group = tuple[str, str | None, list[str] | None, Any]


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
        name = split.indicator
        weights = [i.value for p in here for i in p.indicators if i.name == name]
        _check_indicator_weights(split, space_id, keys, weights)
        return keys, weights
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate", "a provider is listed twice")
    return keys, weights


def _check_indicator_weights(
    split: ProviderSplit, space_id: str, keys: list[str], weights: list[int]
) -> None:
    """The checks of an indicator-based provider split for one space, in order (``weights``
    holds the indicator values found for the providers ``keys``)."""
    if len(weights) != len(keys):  # names are unique per provider: one is missing
        raise AllocationError(
            split.name, "indicator.missing", f"a provider has no {split.indicator!r}"
        )
    if min(weights, default=0) < 0:
        raise AllocationError(split.name, "indicator.negative", "an indicator is negative")
    if not any(weights):
        raise AllocationError(
            split.name,
            "indicator.all_zero",
            f"no provider of space {space_id!r} has a positive {split.indicator!r}",
        )
    if len(set(keys)) != len(keys):
        raise AllocationError(split.name, "keys.duplicate", "a provider is listed twice")


def _indicator_groups(
    name: str, ids: list[str], providers: Sequence[ProviderInput]
) -> dict[str, tuple[list[str], list[int]]]:
    """The provider ids of each space and their values of indicator ``name``, in one pass
    over ``providers`` (a provider of an unknown space is left out; one without the
    indicator leaves its space with fewer values than ids)."""
    groups: dict[str, tuple[list[str], list[int]]] = {sid: ([], []) for sid in ids}
    for provider in providers:
        group = groups.get(provider.space_id)
        if group is not None:
            group[0].append(provider.provider_id)
            for ind in provider.indicators:
                if ind.name == name:
                    group[1].append(ind.value)
                    break
    return groups


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
    work_types: list[str | None]
    if rs.work_types is not None:
        keys, weights = _work_type_weights(rs.work_types)
        work_types = list(keys)
        total_weight = sum(weights)
        name = rs.work_types.name
        per_space = [
            split_ints(amount, weights, total_weight, keys, policy, (name, sid), ties)
            for sid, amount in zip(ids, cents, strict=True)
        ]
    else:
        work_types = [None]
        per_space = [[amount] for amount in cents]
    used: dict[int, tuple[ProviderSplit, dict[str, None]]] = {}
    groups: list[Group] = []
    splits = rs.providers
    if not splits:
        for sid, parts in zip(ids, per_space, strict=True):
            groups.extend([(sid, k, None, p) for k, p in zip(work_types, parts, strict=True)])
        return groups, used
    if not splits[0].space_ids and not splits[0].work_types:  # one split for every cell
        split = splits[0]
        append = groups.append
        used[id(split)] = (split, {})
        sids = used[id(split)][1]
        if split.indicator:
            read = _indicator_groups(split.indicator, ids, providers)
        else:  # contract shares: the same for every space
            pkeys, weights = _provider_weights(split, ids[0], ())
            entry = (pkeys, weights, sum(weights))
        cell: list[int] = []
        for sid, parts in zip(ids, per_space, strict=True):
            if split.indicator:
                pkeys, weights = read[sid]
                total_weight = sum(weights)
                if (  # the checks, quickly; the full check names the error
                    len(weights) != len(pkeys)
                    or not total_weight
                    or min(weights) < 0
                    or len(set(pkeys)) != len(pkeys)
                ):
                    _check_indicator_weights(split, sid, pkeys, weights)
                entry = (pkeys, weights, total_weight)
            sids[sid] = None
            pkeys, weights, total_weight = entry
            n = len(weights)
            last = -1  # the amount of the space's last split without a tie (-1: none yet)
            for work_type, amount in zip(work_types, parts, strict=True):
                if amount == last:  # the same amount and weights: the same split
                    append((sid, work_type, pkeys, cell))
                    continue
                last = amount
                # split_ints inlined (the hot loop: one call per cell group), same result
                rems = [amount * w % total_weight for w in weights]
                left = sum(rems) // total_weight
                if not left:
                    cell = [amount * w // total_weight for w in weights]
                    append((sid, work_type, pkeys, cell))
                    continue
                ranked = sorted(rems)
                threshold = ranked[n - left]
                if left < n and ranked[n - left - 1] == threshold:
                    last = -1  # each tie is met and recorded under its own work type
                    rule = (split.name, sid, work_type or "-")
                    cell = split_ints(amount, weights, total_weight, pkeys, policy, rule, ties)
                else:
                    up = total_weight - threshold
                    cell = [(amount * w + up) // total_weight for w in weights]
                append((sid, work_type, pkeys, cell))
        return groups, used
    by_space: dict[str, list[ProviderInput]] = {sid: [] for sid in ids}
    for provider in providers:
        here = by_space.get(provider.space_id)
        if here is not None:  # a provider of an unknown space is never asked for
            here.append(provider)
    cache: dict[tuple[int, str], tuple[list[str], list[int], int]] = {}
    for sid, parts in zip(ids, per_space, strict=True):
        for work_type, amount in zip(work_types, parts, strict=True):
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
