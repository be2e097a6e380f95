"""The shortcuts of the suppression audit: certificates, decomposition, the work limit.

A certificate (an explicit perturbation of the withheld counts) replaces an LP only when
it is a proof, so every certificate found is checked here against the exact bounds of the
LP; solving per connected component of withheld counts gives the same bounds as solving
the whole system; and a work limit turns an audit that would run too long into an error.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialraum.errors import ValidationError
from sozialraum.metrics import MetricTable, Row, _lp, suppress
from sozialraum.metrics.suppression import _certificate, _certified_spread

Relations = list[tuple[dict[int, int], str]]


def grid(values: list[list[int]]) -> tuple[dict[int, int], Relations]:
    """A table with row, column and grand margins: the values by class and the relations
    (``Σ inner − margin == 0``)."""
    n_rows, n_cols = len(values), len(values[0])
    value: dict[int, int] = {}

    def idx(i: int, j: int) -> int:  # margins at index n_rows / n_cols
        return i * (n_cols + 1) + j

    for i in range(n_rows):
        for j in range(n_cols):
            value[idx(i, j)] = values[i][j]
        value[idx(i, n_cols)] = sum(values[i])
    for j in range(n_cols):
        value[idx(n_rows, j)] = sum(values[i][j] for i in range(n_rows))
    value[idx(n_rows, n_cols)] = sum(map(sum, values))
    rows: Relations = []
    for i in range(n_rows + 1):
        coefs = {idx(i, j): 1 for j in range(n_cols)}
        coefs[idx(i, n_cols)] = -1
        rows.append((coefs, "=="))
    for j in range(n_cols + 1):
        coefs = {idx(i, j): 1 for i in range(n_rows)}
        coefs[idx(n_rows, j)] = -1
        rows.append((coefs, "=="))
    return value, rows


def touching_of(rows: Relations) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i, (coefs, _) in enumerate(rows):
        for q in coefs:
            out[q].append(i)
    return out


def exact_bounds(
    value: dict[int, int], rows: Relations, hidden: set[int], targets: list[int]
) -> dict[int, tuple[object, object]]:
    """Bounds of ``targets`` over the hidden counts, the others fixed at their values."""
    variables = sorted(hidden)
    index = {q: i for i, q in enumerate(variables)}
    constraints: list[_lp.Constraint] = []
    for coefs, op in rows:
        lhs = {index[q]: a for q, a in coefs.items() if q in index}
        rhs = -sum(a * value[q] for q, a in coefs.items() if q not in index)
        if lhs:
            constraints.append((lhs, op, rhs))
    found = _lp.bounds(len(variables), constraints, [index[t] for t in targets])
    return {t: found[index[t]] for t in targets}


def spread(bound: tuple[object, object]) -> float:
    low, high = bound
    assert low is not None
    return math.inf if high is None else math.floor(high) - math.ceil(low)  # type: ignore[call-overload]


tables = st.integers(2, 4).flatmap(
    lambda r: st.integers(2, 4).flatmap(
        lambda c: st.lists(
            st.lists(st.integers(0, 5), min_size=c, max_size=c), min_size=r, max_size=r
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(tables, st.data())
def test_every_certificate_is_a_proof(values: list[list[int]], data: st.DataObject) -> None:
    value, rows = grid(values)
    touching = touching_of(rows)
    hidden = set(data.draw(st.sets(st.sampled_from(sorted(value)), min_size=1)))
    need = data.draw(st.integers(1, 4))
    for k in sorted(hidden):
        move = _certificate(k, need, rows, touching, value, hidden.__contains__)
        if move is None:
            continue
        assert set(move) <= hidden  # only withheld counts move
        proven = _certified_spread(move, k, rows, touching, value, hidden.__contains__)
        assert proven >= need
        # the exact LP agrees: the certificate never claims more than is true
        assert spread(exact_bounds(value, rows, hidden, [k])[k]) >= proven


def test_a_rectangle_is_found_and_a_published_count_is_never_moved() -> None:
    value, rows = grid([[2, 5, 4], [6, 3, 7]])
    touching = touching_of(rows)
    hidden = {0, 1, 4, 5}  # (0,0), (0,1), (1,0), (1,1)
    move = _certificate(0, 3, rows, touching, value, hidden.__contains__)
    assert move == {0: 1, 1: -1, 4: -1, 5: 1} or move == {0: -1, 1: 1, 4: 1, 5: -1}
    assert _certified_spread(move, 0, rows, touching, value, hidden.__contains__) >= 3
    # the same perturbation is no proof if a count it moves is published
    assert _certified_spread(move, 0, rows, touching, value, {0, 1, 4}.__contains__) == 0
    # nor if it breaks a relation
    assert (
        _certified_spread({0: 1, 1: -1, 4: -1}, 0, rows, touching, value, hidden.__contains__) == 0
    )


def component(
    k: int, hidden: set[int], rows: Relations, touching: dict[int, list[int]]
) -> set[int]:
    seen, frontier = {k}, [k]
    while frontier:
        x = frontier.pop()
        for i in touching[x]:
            for y in rows[i][0]:
                if y in hidden and y not in seen:
                    seen.add(y)
                    frontier.append(y)
    return seen


@settings(max_examples=60, deadline=None)
@given(tables, st.data())
def test_bounds_per_component_equal_bounds_of_the_whole_system(
    values: list[list[int]], data: st.DataObject
) -> None:
    value, rows = grid(values)
    touching = touching_of(rows)
    hidden = set(data.draw(st.sets(st.sampled_from(sorted(value)), min_size=1)))
    whole = exact_bounds(value, rows, hidden, sorted(hidden))
    for k in sorted(hidden):
        part = exact_bounds(value, rows, component(k, hidden, rows, touching), [k])
        assert part[k] == whole[k]


def cell(space: str, n: int) -> Row:
    return Row(
        metric="helps_active",
        dimensions=(("space", space),),
        value=n,
        numerator=n,
        unit="helps",
        support=n,
        basis="helps.active",
    )


def test_work_limit_refuses_instead_of_running_long() -> None:
    table = MetricTable([cell("A", 2), cell("B", 7), cell("C", 9), cell("*", 18)])
    with pytest.raises(ValidationError) as info:
        suppress(table, work_limit=0)
    assert [i.code for i in info.value.issues] == ["suppression.work_limit"]
    assert [r.display() for r in suppress(table, work_limit=None)] == [".", ".", "9", "18"]


def test_lp_work_limit_is_scoped() -> None:
    constraints: list[_lp.Constraint] = [({0: 1, 1: 1}, "==", 5)]
    with _lp.work_limit(0), pytest.raises(_lp.WorkLimitError):
        _lp.bounds(2, constraints, [0])
    assert _lp.bounds(2, constraints, [0]) == {0: (0, 5)}
