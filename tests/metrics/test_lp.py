"""The exact LP solver behind the suppression audit, against scipy's HiGHS."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from sozialraum.metrics._lp import InfeasibleError, bounds, solve


def random_problem(rng: random.Random) -> tuple[int, list[tuple[dict[int, int], str, int]]]:
    n = rng.randint(1, 6)
    truth = [rng.randint(0, 5) for _ in range(n)]
    constraints = []
    for _ in range(rng.randint(1, 6)):
        coefs = {j: rng.choice([-1, 1, 2]) for j in rng.sample(range(n), rng.randint(1, n))}
        lhs = sum(c * truth[j] for j, c in coefs.items())
        op = rng.choice(["==", "<="])
        constraints.append((coefs, op, lhs if op == "==" else lhs + rng.randint(0, 2)))
    return n, constraints


def test_bounds_agree_with_scipy() -> None:
    optimize = pytest.importorskip("scipy.optimize")
    rng = random.Random(7)
    for _ in range(300):
        n, constraints = random_problem(rng)
        got = bounds(n, constraints, range(n))
        eq = [(c, r) for c, o, r in constraints if o == "=="]
        ub = [(c, r) for c, o, r in constraints if o == "<="]
        a_eq = [[c.get(j, 0) for j in range(n)] for c, _ in eq] or None
        a_ub = [[c.get(j, 0) for j in range(n)] for c, _ in ub] or None
        for j in range(n):
            for sign in (1, -1):
                objective = [0] * n
                objective[j] = sign
                res = optimize.linprog(
                    objective,
                    A_ub=a_ub,
                    b_ub=[r for _, r in ub] or None,
                    A_eq=a_eq,
                    b_eq=[r for _, r in eq] or None,
                    bounds=[(0, None)] * n,
                    method="highs",
                )
                mine = got[j][0] if sign == 1 else got[j][1]
                if res.status == 3:
                    assert mine is None
                else:
                    assert mine is not None
                    assert abs(float(mine) - sign * res.fun) < 1e-9


def test_exact_fractions_and_infeasibility() -> None:
    assert bounds(2, [({0: 3, 1: 3}, "==", 1)], [0]) == {0: (Fraction(0), Fraction(1, 3))}
    with pytest.raises(InfeasibleError):
        bounds(1, [({0: 1}, "==", -1)], [0])
    found = solve(2, [({0: 1, 1: 1}, "==", 4), ({0: 1}, "<=", 1)], {0: -1, 1: 0})
    assert found == (Fraction(-1), [Fraction(1), Fraction(3)])
    assert solve(1, [({0: 1}, "<=", 5)], {0: 1}) == (Fraction(0), [Fraction(0)])


def test_remembered_phase_one_gives_what_a_fresh_one_gives_and_is_never_shared() -> None:
    """The audit asks several questions of one system: phase one is remembered, but every
    answer equals a fresh solve (also with the coefficients of a row in another order,
    and after earlier callers changed the tableaux they were given)."""
    import math

    from sozialraum.metrics import _lp

    rng = random.Random(11)
    problems = [random_problem(rng) for _ in range(150)]
    objectives = [{j: rng.choice([-1, 1]) for j in range(n)} for n, _ in problems]
    fresh = []
    for (n, constraints), objective in zip(problems, objectives, strict=True):
        _lp._STARTS.clear()
        fresh.append((bounds(n, constraints, range(n)), solve(n, constraints, objective)))
    _lp._STARTS.clear()
    for round_ in range(2):  # the second round answers from the remembered phase ones
        for (n, constraints), objective, (ranges, best) in zip(
            problems, objectives, fresh, strict=True
        ):
            if round_:
                constraints = [(dict(reversed(c.items())), op, b) for c, op, b in constraints]
            assert bounds(n, constraints, range(n)) == ranges
            assert solve(n, constraints, objective) == best
            for j, (low, high) in ranges.items():
                spread = math.inf if high is None else math.floor(high) - math.ceil(low)
                assert _lp.wide(n, constraints, j, 1) == (spread >= 1)
    assert 0 < len(_lp._STARTS) <= _lp._STARTS_KEPT


def test_a_remembered_phase_one_is_handed_out_as_a_copy() -> None:
    from sozialraum.metrics import _lp

    rng = random.Random(5)
    for _ in range(60):
        n, constraints = random_problem(rng)
        reference, width = _lp._phase_one(n, constraints)
        first, _ = _lp._start(n, constraints)
        first.minimise(dict.fromkeys(range(n), -1), width)  # moves first's basis
        for row in first.rows:
            row.clear()
        second, _ = _lp._start(n, constraints)
        assert second is not first
        assert (second.rows, second.rhs, second.basis) == (
            reference.rows,
            reference.rhs,
            reference.basis,
        )


def test_a_crashed_start_gives_the_same_bounds_as_the_plain_phase_one() -> None:
    """``bounds`` and ``wide`` start from rows that have a basic variable of their own;
    the bounds from there equal those from the plain all-artificial phase one."""
    from sozialraum.metrics import _lp

    rng = random.Random(23)
    for _ in range(200):
        n, constraints = random_problem(rng)
        # extra rows with columns of their own (slacks, singletons), as the audit has
        for j in range(n, n + rng.randint(0, 3)):
            coefs = {j: rng.choice([1, 2, 3])}
            coefs.update({k: rng.choice([-1, 1]) for k in rng.sample(range(n), 1)})
            constraints.append((coefs, rng.choice(["==", "<="]), rng.randint(0, 9)))
        size = max([n, *(max(c) + 1 for c, _, _ in constraints)])
        try:
            plain, width = _lp._phase_one(size, constraints)
        except InfeasibleError:
            with pytest.raises(InfeasibleError):
                _lp._phase_one(size, constraints, crash=True)
            continue
        crashed, _ = _lp._phase_one(size, constraints, crash=True)
        for j in range(size):
            for sign in (1, -1):
                a = plain.copy().minimise({j: sign}, width)
                b = crashed.copy().minimise({j: sign}, width)
                assert a == b
