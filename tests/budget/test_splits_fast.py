"""``split_cells`` against the reference split (``tests/budget/reference.py``) on chosen
cents: the same cells, the same provider splits used, the same ties in the same order and
the same errors. Covers the work-type split by remainder class (a tie class met by several
spaces, each settling and recording its own tie) and each branch of the inlined provider
split (no unit left, a tie, equal parts split once, a tie met again by an equal part)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tests.budget.builders import U18
from tests.budget.reference import _split_cells as reference_split_cells

from sozialraum.budget import (
    IndicatorValue,
    ProviderInput,
    ProviderShare,
    ProviderSplit,
    Ratio,
    RuleSet,
    WorkTypeShare,
    WorkTypeSplit,
)
from sozialraum.budget.allocation import Cell
from sozialraum.budget.splits import split_cells
from sozialraum.budget.ties import TiePolicy

WORK_TYPES = ("case_specific", "case_overarching", "case_independent")
EIGHTHS = WorkTypeSplit(
    shares=tuple(
        WorkTypeShare(work_type=k, share=Ratio(numerator=n, denominator=8))
        for k, n in zip(WORK_TYPES, (6, 1, 1), strict=True)
    )
)
LOT = TiePolicy.lot(seed=2025)


def _rules(**kw: Any) -> RuleSet:
    return RuleSet(name="r", need=U18, **kw)


def _provider(pid: str, sid: str, value: int | None, *, first: bool = True) -> ProviderInput:
    """A provider with ``cases`` (none if ``value`` is None), first or after another one."""
    cases = () if value is None else (IndicatorValue(name="cases", value=value),)
    other = (IndicatorValue(name="other", value=1),)
    return ProviderInput(
        provider_id=pid, space_id=sid, indicators=cases + other if first else other + cases
    )


def _fast(rs: RuleSet, ids: list[str], cents: list[int], providers: list[ProviderInput]) -> Any:
    ties: list[Any] = []
    try:
        groups, used = split_cells(rs, ids, cents, providers, ties)
    except Exception as exc:  # noqa: BLE001 - any error must be the same error
        return "error", (type(exc).__name__, str(exc), getattr(exc, "code", None)), ties
    cells: list[Cell] = []
    for sid, work_type, pkeys, parts in groups:
        if pkeys is None:
            cells.append(Cell(sid, work_type, None, parts))
        else:
            cells.extend(Cell(sid, work_type, p, c) for p, c in zip(pkeys, parts, strict=True))
    steps = []
    for split, sids in used.values():
        basis = "contract shares" if split.shares else f"their {split.indicator!r}"
        steps.append((split.name, f"split between providers by {basis} in {', '.join(sids)}"))
    return "ok", (cells, steps), ties


def _reference(
    rs: RuleSet, ids: list[str], cents: list[int], providers: list[ProviderInput]
) -> Any:
    ties: list[Any] = []
    try:
        cells, steps = reference_split_cells(
            rs, dict(zip(ids, cents, strict=True)), providers, ties
        )
    except Exception as exc:  # noqa: BLE001 - any error must be the same error
        return "error", (type(exc).__name__, str(exc), getattr(exc, "code", None)), ties
    return "ok", (cells, [(s.rule, s.text) for s in steps if s.stage == "providers"]), ties


def check(rs: RuleSet, cents: list[int], providers: list[ProviderInput]) -> Any:
    """``split_cells`` for spaces S00, S01, … equals the reference; returns its outcome."""
    ids = [f"S{i:02d}" for i in range(len(cents))]
    fast = _fast(rs, ids, cents, providers)
    assert fast == _reference(rs, ids, cents, providers)
    return fast


def _rules_of(ties: list[Any]) -> list[str]:
    return [t.rule for t in ties]


# -- the work-type split by remainder class ----------------------------------------------


@pytest.mark.parametrize(
    "policy", [LOT, TiePolicy.lot(seed=1), TiePolicy.by_priority(*reversed(WORK_TYPES), *"CBA")]
)
def test_each_space_of_a_tie_class_settles_and_records_its_own_tie(policy: TiePolicy) -> None:
    # every remainder class mod 8, three spaces each; 6r, r, r (mod 8) tie for r = 3, 4, 5
    cents = [8 * q + r for q in (1000, 2017, 35) for r in range(8)]
    providers = [
        _provider(p, f"S{i:02d}", v)
        for i in range(len(cents))
        for p, v in zip("ABC", (5, 3, 2), strict=True)
    ]
    outcome, _, ties = check(
        _rules(work_types=EIGHTHS, ties=policy, providers=(ProviderSplit(indicator="cases"),)),
        cents,
        providers,
    )
    assert outcome == "ok"
    tied = [f"work_types:S{i:02d}" for i, c in enumerate(cents) if c % 8 in (3, 4, 5)]
    assert [rule for rule in _rules_of(ties) if rule.startswith("work_types")] == tied
    assert len(tied) == 9


def test_a_work_type_tie_without_a_policy_is_refused_at_its_first_space() -> None:
    outcome, error, ties = check(_rules(work_types=EIGHTHS), [800, 801, 802, 803, 811], [])
    assert outcome == "error"
    assert error[0] == "TieError"
    assert error[1].startswith("work_types:S03:")
    assert ties == []


def test_work_types_with_many_remainder_classes() -> None:
    split = WorkTypeSplit(
        shares=tuple(
            WorkTypeShare(work_type=k, share=Ratio(numerator=n, denominator=997))
            for k, n in zip(WORK_TYPES, (332, 332, 333), strict=True)
        )
    )
    cents = [random.Random(i).randint(0, 10**6) for i in range(40)] + [997, 0, 1994]
    outcome, _, ties = check(_rules(work_types=split, ties=LOT), cents, [])
    assert outcome == "ok"
    assert len(ties) == 18  # the two equal shares tie in 18 of the 40 classes met


# -- the provider split, inlined ---------------------------------------------------------


def test_no_unit_left_a_tie_and_a_tie_met_again_by_an_equal_part() -> None:
    # A and B weigh the same: an even part splits without a unit left, an odd one ties
    providers = [_provider(p, sid, 1) for sid in ("S00", "S01") for p in "AB"]
    rs = _rules(work_types=EIGHTHS, ties=LOT, providers=(ProviderSplit(indicator="cases"),))
    outcome, _, ties = check(rs, [800, 808], providers)
    assert outcome == "ok"
    assert _rules_of(ties) == [  # 808 = 606 + 101 + 101: each 101 meets the tie
        "providers:S01:case_overarching",
        "providers:S01:case_independent",
    ]


def test_equal_parts_are_split_once() -> None:
    providers = [_provider("A", "S00", 2), _provider("B", "S00", 1)]
    rs = _rules(work_types=EIGHTHS, providers=(ProviderSplit(indicator="cases"),))
    groups, _ = split_cells(rs, ["S00"], [800], providers, [])
    assert [g[3] for g in groups] == [[400, 200], [67, 33], [67, 33]]
    assert groups[2][3] is groups[1][3]
    check(rs, [800], providers)


@pytest.mark.parametrize("policy", [TiePolicy(), LOT])
def test_without_work_types(policy: TiePolicy) -> None:
    providers = [
        _provider(p, sid, v) for sid in ("S00", "S01", "S02") for p, v in (("A", 1), ("B", 3))
    ]
    rs = _rules(ties=policy, providers=(ProviderSplit(indicator="cases"),))
    outcome, _, _ = check(rs, [400, 0, 2], providers)  # 2 cents by 1 : 3 tie (2/4, 6/4)
    assert outcome == ("error" if policy == TiePolicy() else "ok")
    assert check(_rules(ties=policy), [400, 0, 2], providers)[0] == "ok"
    assert check(_rules(work_types=EIGHTHS, ties=policy), [400, 0, 7], providers)[0] == "ok"


@pytest.mark.parametrize("work_types", [None, EIGHTHS])
def test_contract_shares_for_every_cell(work_types: WorkTypeSplit | None) -> None:
    split = ProviderSplit(
        name="Vertrag",
        shares=(
            ProviderShare(provider_id="A", share=Ratio(numerator=1, denominator=3)),
            ProviderShare(provider_id="B", share=Ratio(numerator=2, denominator=3)),
        ),
    )
    rs = _rules(work_types=work_types, ties=LOT, providers=(split,))
    assert check(rs, [900, 1000, 3, 8], [])[0] == "ok"


def test_several_provider_splits() -> None:
    by_cases = ProviderSplit(name="Fälle", indicator="cases", work_types=("case_specific",))
    rest = ProviderSplit(name="Rest", indicator="cases", space_ids=("S01",))
    providers = [_provider(p, sid, v) for sid in ("S00", "S01") for p, v in (("A", 1), ("B", 1))]
    rs = _rules(work_types=EIGHTHS, ties=LOT, providers=(by_cases, rest))
    outcome, (_, steps), ties = check(rs, [808, 811], providers)
    assert outcome == "ok"
    assert [name for name, _ in steps] == ["Fälle", "Rest"]
    assert ties


# -- errors, in the order of the spaces ----------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "error"),
    [(TiePolicy(), "TieError"), (LOT, "AllocationError")],
)
def test_a_tie_of_an_earlier_space_comes_before_a_missing_indicator(
    policy: TiePolicy, error: str
) -> None:
    providers = [
        _provider("A", "S00", 1),
        _provider("B", "S00", 1),
        _provider("A", "S01", 1, first=False),
        _provider("B", "S01", None),
    ]
    rs = _rules(ties=policy, providers=(ProviderSplit(indicator="cases"),))
    outcome, (name, _, code), ties = check(rs, [5, 6], providers)
    assert (outcome, name) == ("error", error)
    assert code == ("tie.exact" if policy == TiePolicy() else "indicator.missing")
    assert _rules_of(ties) == ([] if policy == TiePolicy() else ["providers:S00:-"])


@pytest.mark.parametrize(
    ("values", "code"),
    [((1, -1), "indicator.negative"), ((0, 0), "indicator.all_zero"), ((1, 1), "keys.duplicate")],
)
def test_the_checks_of_a_space(values: tuple[int, int], code: str) -> None:
    providers = [_provider("A", "S00", 1), _provider("B", "S00", 2)]
    pid = "A" if code == "keys.duplicate" else "B"
    providers += [_provider("A", "S01", values[0]), _provider(pid, "S01", values[1])]
    rs = _rules(work_types=EIGHTHS, ties=LOT, providers=(ProviderSplit(indicator="cases"),))
    outcome, (_, _, got), _ = check(rs, [800, 800], providers)
    assert (outcome, got) == ("error", code)


def _work_types(*shares: tuple[str, int, int], independent: bool = False) -> WorkTypeSplit:
    return WorkTypeSplit(
        shares=tuple(
            WorkTypeShare(work_type=k, share=Ratio(numerator=n, denominator=d))
            for k, n, d in shares
        ),
        require_case_independent=independent,
    )


def _contract(*shares: tuple[str, int, int]) -> ProviderSplit:
    return ProviderSplit(
        shares=tuple(
            ProviderShare(provider_id=p, share=Ratio(numerator=n, denominator=d))
            for p, n, d in shares
        )
    )


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        (_rules(work_types=_work_types(("a", 1, 2), ("a", 1, 2))), "keys.duplicate"),
        (_rules(work_types=_work_types(("a", 1, 2), ("b", 1, 3))), "shares.sum"),
        (_rules(work_types=_work_types(("a", 2, 3), ("b", 2, 6))), None),
        (_rules(work_types=_work_types(("a", 1, 1), ("case_independent", 0, 1))), None),
        (
            _rules(work_types=_work_types(("a", 1, 1), ("b", 0, 1), independent=True)),
            "work_types.case_independent_missing",
        ),
        (
            _rules(
                work_types=_work_types(("a", 1, 1), ("case_independent", 0, 1), independent=True)
            ),
            "work_types.case_independent_missing",
        ),
        (_rules(providers=(_contract(("A", 1, 2), ("B", 1, 3)),)), "shares.sum"),
        (_rules(providers=(_contract(("A", 1, 2), ("A", 1, 2)),)), "keys.duplicate"),
        (_rules(providers=(_contract(("A", 3, 4), ("B", 2, 8)),)), None),
    ],
)
def test_the_checks_of_the_shares(rules: RuleSet, code: str | None) -> None:
    outcome, result, _ = check(rules, [100, 7], [])
    assert (outcome, result[2] if outcome == "error" else None) == (
        "error" if code else "ok",
        code,
    )


# -- random cases --------------------------------------------------------------------------


def _random_case(rnd: random.Random) -> tuple[RuleSet, list[int], list[ProviderInput]]:
    n = rnd.randint(1, 8)
    cents = [rnd.choice([0, rnd.randint(0, 40), rnd.randint(0, 10**7)]) for _ in range(n)]
    providers = []
    for i in range(n + 1):  # and a space that is not allocated
        for pid in rnd.sample("ABCD", rnd.randint(0, 4)):
            value = rnd.choice([None, -1, 0, 1, 1, 2, 3, rnd.randint(0, 10**8)])
            first = rnd.random() < 0.7
            providers.append(_provider(pid, f"S{i:02d}", value, first=first))
    work_types = None
    if rnd.random() < 0.8:
        den = rnd.choice([2, 3, 8, 8, 12, 100])
        a = rnd.randint(0, den)
        b = rnd.randint(0, den - a)
        shares = (a, b, den - a - b + (rnd.random() < 0.05))
        work_types = WorkTypeSplit(
            shares=tuple(
                WorkTypeShare(work_type=k, share=Ratio(numerator=s, denominator=den))
                for k, s in zip(WORK_TYPES, shares, strict=True)
            ),
            require_case_independent=rnd.random() < 0.3,
        )
    splits: list[ProviderSplit] = []
    for j in range(rnd.choice([0, 1, 1, 1, 2])):
        limit = {}
        if rnd.random() < 0.3:
            limit["work_types"] = tuple(rnd.sample(WORK_TYPES, 1))
        if rnd.random() < 0.3:
            limit["space_ids"] = ("S00",)
        if rnd.random() < 0.7:
            splits.append(ProviderSplit(name=f"P{j}", indicator="cases", **limit))
        else:
            a = rnd.randint(0, 7)
            shares = tuple(
                ProviderShare(provider_id=p, share=Ratio(numerator=s, denominator=7))
                for p, s in (("A", a), ("B", 7 - a))
            )
            splits.append(ProviderSplit(name=f"C{j}", shares=shares, **limit))
    policy = rnd.choice(
        [TiePolicy(), LOT, TiePolicy.lot(rnd.randint(0, 9)), TiePolicy.by_priority("A", "B")]
    )
    rs = _rules(work_types=work_types, providers=tuple(splits), ties=policy)
    return rs, cents, providers


@pytest.mark.parametrize("seed", range(4))
def test_random_cases(seed: int) -> None:
    rnd = random.Random(seed)
    outcomes = [check(*_random_case(rnd))[0] for _ in range(150)]
    assert "ok" in outcomes
    assert "error" in outcomes
