"""The fast integer solver for bounded targets agrees with the Fraction reference."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.budget import bounded_targets, solve_bounded
from sozialraum.errors import AllocationError


@st.composite
def problems(draw: st.DrawFn) -> tuple[int, list[int], list[int], int, list[int], list[int | None]]:
    n = draw(st.integers(1, 7))
    denominator = draw(st.integers(1, 50))
    shares = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n).filter(any))
    scale = sum(shares)
    share_nums = [s * denominator for s in shares]  # shares sum to 1 over denominator·scale
    common = denominator * scale
    total = draw(st.integers(0, 5000))
    base = [draw(st.integers(0, 3 * common * 100)) // 3 for _ in range(n)]
    lower = [draw(st.integers(0, 800)) for _ in range(n)]
    upper = [draw(st.none() | st.integers(0, 3000)) for _ in range(n)]
    upper = [None if u is None else max(u, lo) for u, lo in zip(upper, lower, strict=True)]
    return total, base, share_nums, common, lower, upper


@given(problems())
def test_fast_solver_equals_the_reference(
    problem: tuple[int, list[int], list[int], int, list[int], list[int | None]],
) -> None:
    total, base, shares, common, lower, upper = problem
    keys = [f"k{i}" for i in range(len(base))]
    code = None
    try:
        reference, lam = bounded_targets(
            total,
            {k: Fraction(b, common) for k, b in zip(keys, base, strict=True)},
            {k: Fraction(s, common) for k, s in zip(keys, shares, strict=True)},
            dict(zip(keys, lower, strict=True)),
            dict(zip(keys, upper, strict=True)),
        )
    except AllocationError as exc:
        code = exc.code
    if code is not None:
        with pytest.raises(AllocationError) as info:
            solve_bounded(total, base, shares, common, lower, upper)
        assert info.value.code == code
        return
    numerators, denominator, fast_lam = solve_bounded(total, base, shares, common, lower, upper)
    assert [Fraction(n, denominator) for n in numerators] == list(reference.values())
    assert sum(numerators) == total * denominator
    if any(
        s and reference[k] not in (lower[i], upper[i])
        for i, (k, s) in enumerate(zip(keys, shares, strict=True))
    ):
        assert fast_lam == lam  # λ is unique while some space is not at a bound


def test_all_fixed_and_infeasible_caps() -> None:
    assert solve_bounded(10, [10], [0], 1, [0], [None]) == ([10], 1, Fraction(0))
    with pytest.raises(AllocationError) as info:
        solve_bounded(100, [0, 0], [1, 1], 2, [0, 0], [20, 30])
    assert info.value.code == "bounds.infeasible"
    with pytest.raises(AllocationError):
        solve_bounded(10, [0, 0], [1, 1], 2, [6, 6], [None, None])


@pytest.mark.parametrize("scale", [1, 2**1100, 3**700])
def test_huge_denominators_are_decided_exactly(scale: int) -> None:
    """Breakpoints beyond the float range (or λ within a hair of one) fall back to
    exact integer comparisons and give the reference's answer."""
    cases = [
        (100, [0, 0, 0], [1, 1, 1], 3, [0, 40, 0], [None, None, 30]),
        (100, [0, 0], [1, 2], 3, [0, 0], [200, 200]),
        (90, [0, 0, 0], [1, 1, 1], 3, [30, 0, 0], [None, 30, None]),
        (10, [0, 0], [1, 10**400], 10**400 + 1, [5, 0], [None, None]),
        (10, [0, 10**400], [1, 10**400], 10**400 + 1, [0, 1], [None, 20]),
    ]
    for total, base, shares, common, lower, upper in cases:
        base = [b * scale for b in base]
        shares = [s * scale for s in shares]
        common *= scale
        keys = [f"k{i}" for i in range(len(base))]
        reference, lam = bounded_targets(
            total,
            {k: Fraction(b, common) for k, b in zip(keys, base, strict=True)},
            {k: Fraction(s, common) for k, s in zip(keys, shares, strict=True)},
            dict(zip(keys, lower, strict=True)),
            dict(zip(keys, upper, strict=True)),
        )
        numerators, denominator, fast_lam = solve_bounded(total, base, shares, common, lower, upper)
        assert [Fraction(n, denominator) for n in numerators] == list(reference.values())
        assert fast_lam == lam
