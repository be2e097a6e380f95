"""Suppression that holds: an attacker's independent audit of the published tables.

For every withheld count the tests compute, without the library's own solver, the least
and greatest value it can take given every published number, the relations the attacker
knows (margins, active = ended + running, quarter = its months, Jan–Dec = Jan–Nov + Dec)
and non-negativity: by exhaustive search over non-negative integer completions on tiny
tables, and by linear programming with scipy where it is installed. A withheld count must
not be recoverable (two values at least), a small one must keep a spread of at least the
protection interval (default ``threshold + 1``).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialraum.data import load_sample
from sozialraum.metrics import (
    TOTAL,
    Link,
    MetricTable,
    Row,
    Status,
    metrics_report,
    suppress,
    suppress_together,
)
from sozialraum.periods import Period

from .strategies import case_lists, count_tables, municipality_for

Var = tuple[object, ...]
#: A linear relation: ``Σ coef · var == 0``.
Equation = Sequence[tuple[Var, int]]

THRESHOLD = 2
PROTECTION = THRESHOLD + 1


# -- the attacker's tools ---------------------------------------------------------------
def lp_ranges(
    truth: Mapping[Var, int], hidden: Iterable[Var], equations: Sequence[Equation]
) -> dict[Var, tuple[float, float]]:
    """Min and max of each hidden variable over the real non-negative solutions (scipy)."""
    optimize = pytest.importorskip("scipy.optimize")
    hidden = sorted(hidden, key=repr)
    index = {v: i for i, v in enumerate(hidden)}
    a_eq, b_eq = [], []
    for eq in equations:
        row = [0.0] * len(hidden)
        rhs = 0.0
        for var, coef in eq:
            if var in index:
                row[index[var]] += coef
            else:
                rhs -= coef * truth[var]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    out = {}
    for var in hidden:
        c = [0.0] * len(hidden)
        bounds = []
        for sign in (1, -1):
            c[index[var]] = sign
            res = optimize.linprog(
                c,
                A_eq=a_eq or None,
                b_eq=b_eq or None,
                bounds=[(0, None)] * len(hidden),
                method="highs",
            )
            if res.status == 3:  # unbounded
                bounds.append(float("inf"))
            else:
                assert res.status == 0, res.message  # the truth is feasible
                bounds.append(sign * res.fun)
        out[var] = (bounds[0], bounds[1])
    return out


def integer_ranges(
    truth: Mapping[Var, int],
    free: Sequence[Var],
    derive: Callable[[dict[Var, int]], dict[Var, int]],
    hidden: Iterable[Var],
    bound: int | Mapping[Var, int],
) -> dict[Var, set[int]]:
    """Every value each hidden variable takes over the non-negative integer completions
    that agree with all published values: ``free`` are enumerated in ``0..bound``, the
    others follow by ``derive``."""
    hidden = list(hidden)
    shown = {v: x for v, x in truth.items() if v not in set(hidden)}
    seen: dict[Var, set[int]] = {v: set() for v in hidden}
    limits = [bound if isinstance(bound, int) else bound[v] for v in free]
    for combo in itertools.product(*(range(b + 1) for b in limits)):
        values = derive(dict(zip(free, combo, strict=True)))
        if any(x < 0 for x in values.values()):
            continue
        if all(values[v] == x for v, x in shown.items()):
            for v in hidden:
                seen[v].add(values[v])
    return seen


def assert_protected(
    ranges: Mapping[Var, tuple[float, float]], truth: Mapping[Var, int], small: set[Var]
) -> None:
    for var, (low, high) in ranges.items():
        spread = high - low
        assert spread >= 1 - 1e-9, (var, truth[var], low, high)  # never exactly known
        if var in small:
            assert spread >= PROTECTION - 1e-9, (var, truth[var], low, high)


# -- grids: space × quarter with all margins ------------------------------------------
def grid_table(counts: Sequence[Sequence[int]]) -> tuple[MetricTable, dict[Var, int]]:
    truth: dict[Var, int] = {}
    for i, line in enumerate(counts):
        for j, n in enumerate(line):
            truth[(f"S{i}", f"Q{j}")] = n
        truth[(f"S{i}", TOTAL)] = sum(line)
    for j in range(len(counts[0])):
        truth[(TOTAL, f"Q{j}")] = sum(line[j] for line in counts)
    truth[(TOTAL, TOTAL)] = sum(map(sum, counts))
    rows = [
        Row(
            metric="helps_begun",
            dimensions=(("space", a), ("quarter", b)),
            value=n,
            numerator=n,
            unit="helps",
            support=n,
            basis="helps.begun",
        )
        for (a, b), n in truth.items()
    ]
    return MetricTable(rows), truth


def grid_equations(truth: Mapping[Var, int]) -> list[Equation]:
    spaces = sorted({a for a, _ in truth if a != TOTAL})
    quarters = sorted({b for _, b in truth if b != TOTAL})
    eqs: list[Equation] = []
    for a in [*spaces, TOTAL]:
        eqs.append([((a, b), 1) for b in quarters] + [((a, TOTAL), -1)])
    for b in [*quarters, TOTAL]:
        eqs.append([((a, b), 1) for a in spaces] + [((TOTAL, b), -1)])
    return eqs


def withheld(table: MetricTable) -> set[Var]:
    return {tuple(v for _, v in r.dimensions) for r in table if r.status is Status.SUPPRESSED}


def grid_integer_check(
    truth: Mapping[Var, int], hidden: set[Var], limit: int = 20_000
) -> dict[Var, set[int]] | None:
    """Exhaustive integer audit of a grid, if it is small enough to enumerate."""
    free = sorted(v for v in hidden if TOTAL not in v)
    # a cell is at most a published margin of its line (else a generous bound)
    bound = {
        v: min(
            [truth[m] for m in ((v[0], TOTAL), (TOTAL, v[1]), (TOTAL, TOTAL)) if m not in hidden]
            or [truth[(TOTAL, TOTAL)] + PROTECTION]
        )
        for v in free
    }
    size = 1
    for v in free:
        size *= bound[v] + 1
    if size > limit:
        return None
    spaces = sorted({a for a, _ in truth if a != TOTAL})
    quarters = sorted({b for _, b in truth if b != TOTAL})

    def derive(chosen: dict[Var, int]) -> dict[Var, int]:
        v = {k: x for k, x in truth.items() if TOTAL not in k}
        v.update(chosen)
        for a in spaces:
            v[(a, TOTAL)] = sum(v[(a, b)] for b in quarters)
        for b in [*quarters, TOTAL]:
            v[(TOTAL, b)] = sum(v[(a, b)] for a in spaces)
        return v

    return integer_ranges(truth, free, derive, hidden, bound)


def test_d13_margins_and_visible_zeros_do_not_recover_a_cell() -> None:
    table, truth = grid_table([[5, 3, 1], [3, 2, 0], [3, 0, 0]])
    result = suppress(table)
    hidden = withheld(result)
    assert {("S0", "Q2"), ("S1", "Q1")} <= hidden  # the primary cells
    assert {r.note for r in result if r.status is Status.SUPPRESSED} == {"cell.suppressed"}
    seen = grid_integer_check(truth, hidden, limit=200_000)
    assert seen is not None
    for var, values in seen.items():
        assert len(values) >= 2, var
    assert max(seen[("S1", "Q1")]) - min(seen[("S1", "Q1")]) >= PROTECTION
    assert max(seen[("S0", "Q2")]) - min(seen[("S0", "Q2")]) >= PROTECTION


def random_grids(count: int, seed: int = 238) -> list[list[list[int]]]:
    rng = random.Random(seed)
    grids = []
    for _ in range(count):
        rows, cols = rng.randint(2, 4), rng.randint(2, 4)
        grids.append(
            [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8]) for _ in range(cols)] for _ in range(rows)]
        )
    return grids


def test_no_withheld_cell_of_300_random_grids_is_recoverable_exhaustive() -> None:
    audited = enumerated = 0
    for counts in random_grids(300):
        table, truth = grid_table(counts)
        hidden = withheld(suppress(table))
        small = {v for v in hidden if 1 <= truth[v] <= THRESHOLD}
        audited += 1
        seen = grid_integer_check(truth, hidden)
        if seen is None:
            continue
        enumerated += 1
        for var, values in seen.items():
            assert len(values) >= 2, (counts, var)
            if var in small:
                assert max(values) - min(values) >= PROTECTION, (counts, var, values)
    assert audited == 300
    assert enumerated >= 100  # most are small enough to enumerate


def test_no_withheld_cell_of_300_random_grids_is_recoverable_lp() -> None:
    for counts in random_grids(300):
        table, truth = grid_table(counts)
        hidden = withheld(suppress(table))
        small = {v for v in hidden if 1 <= truth[v] <= THRESHOLD}
        assert_protected(lp_ranges(truth, hidden, grid_equations(truth)), truth, small)


@settings(max_examples=120, deadline=None)
@given(count_tables(), st.integers(1, 3))
def test_random_tables_keep_their_protection(table: MetricTable, threshold: int) -> None:
    """Any threshold and protection: every primary count keeps its spread (LP audit)."""
    truth = {tuple(v for _, v in r.dimensions): r.value for r in table}
    if len({a for a, _ in truth}) < 2 or len({b for _, b in truth}) < 2:
        return
    protection = threshold + 1
    result = suppress(table, threshold=threshold, protection=protection)
    hidden = withheld(result)
    spaces = sorted({a for a, _ in truth if a != TOTAL})
    cols = sorted({b for _, b in truth if b != TOTAL})
    eqs: list[Equation] = [
        [((a, b), 1) for b in cols] + [((a, TOTAL), -1)] for a in [*spaces, TOTAL]
    ] + [[((a, b), 1) for a in spaces] + [((TOTAL, b), -1)] for b in [*cols, TOTAL]]
    ranges = lp_ranges(truth, hidden, eqs)  # type: ignore[arg-type]
    for var, (low, high) in ranges.items():
        assert high - low >= 1 - 1e-9, var
        if 1 <= truth[var] <= threshold:  # type: ignore[operator]
            assert high - low >= protection - 1e-9, var


# -- linked metrics: active = ended + running -------------------------------------------
def linked_report(
    ended: Sequence[int], running: Sequence[int]
) -> tuple[MetricTable, dict[Var, int]]:
    truth: dict[Var, int] = {}
    for i, (e, r) in enumerate(zip(ended, running, strict=True)):
        truth[("helps.ended", f"S{i}")] = e
        truth[("helps.running", f"S{i}")] = r
        truth[("helps.active", f"S{i}")] = e + r
    for basis in ("helps.ended", "helps.running", "helps.active"):
        truth[(basis, TOTAL)] = sum(n for (b, s), n in truth.items() if b == basis)
    names = {
        "helps.ended": "helps_ended",
        "helps.running": "helps_running_at_end",
        "helps.active": "helps_active",
    }
    rows = [
        Row(
            metric=names[basis],
            dimensions=(("space", space),),
            value=n,
            numerator=n,
            unit="helps",
            support=n,
            basis=basis,
        )
        for (basis, space), n in truth.items()
    ]
    return MetricTable(rows), truth


def linked_equations(truth: Mapping[Var, int]) -> list[Equation]:
    spaces = sorted({s for _, s in truth})
    eqs: list[Equation] = []
    for s in spaces:
        eqs.append([(("helps.ended", s), 1), (("helps.running", s), 1), (("helps.active", s), -1)])
    for basis in ("helps.ended", "helps.running", "helps.active"):
        eqs.append([((basis, s), 1) for s in spaces if s != TOTAL] + [((basis, TOTAL), -1)])
    return eqs


def linked_hidden(table: MetricTable) -> set[Var]:
    return {(r.basis, r.dimension("space")) for r in table if r.status is Status.SUPPRESSED}


def test_d12_ended_is_not_active_minus_running_in_a_small_report() -> None:
    table, truth = linked_report(ended=[2, 5, 4, 6], running=[8, 6, 7, 9])
    hidden = linked_hidden(suppress(table))
    assert ("helps.ended", "S0") in hidden
    free = sorted(v for v in hidden if v[1] != TOTAL and v[0] != "helps.active")

    def derive(chosen: dict[Var, int]) -> dict[Var, int]:
        v = {k: x for k, x in truth.items() if k[1] != TOTAL and k[0] != "helps.active"}
        v.update(chosen)
        for s in {k[1] for k in v}:
            v[("helps.active", s)] = v[("helps.ended", s)] + v[("helps.running", s)]
        for basis in ("helps.ended", "helps.running", "helps.active"):
            v[(basis, TOTAL)] = sum(x for (b, s), x in v.items() if b == basis and s != TOTAL)
        return v

    seen = integer_ranges(truth, free, derive, hidden, bound=16)
    for var, values in seen.items():
        assert len(values) >= 2, var
    assert max(seen[("helps.ended", "S0")]) - min(seen[("helps.ended", "S0")]) >= PROTECTION


def test_d12_on_the_sample_report() -> None:
    """The reproduction of the issue: 2024 in the sample, S-WEST ended 2 = 29 − 27."""
    s = load_sample()
    t = metrics_report(
        s.municipality, s.cases, s.work, period=Period.year(2024), as_of=date(2026, 1, 1)
    )
    exact = metrics_report(
        s.municipality,
        s.cases,
        s.work,
        period=Period.year(2024),
        as_of=date(2026, 1, 1),
        threshold=0,
    )
    names = {
        "helps_ended": "helps.ended",
        "helps_running_at_end": "helps.running",
        "helps_active": "helps.active",
    }
    truth: dict[Var, int] = {}
    hidden: set[Var] = set()
    for metric, basis in names.items():
        for row in exact.where(metric):
            space = row.dimension("space")
            truth[(basis, space)] = row.value  # type: ignore[assignment]
            if t.get(metric, space=space).status is Status.SUPPRESSED:
                hidden.add((basis, space))
    assert exact.get("helps_ended", space="S-WEST").value == 2
    assert ("helps.ended", "S-WEST") in hidden
    small = {v for v in hidden if 1 <= truth[v] <= THRESHOLD}
    assert_protected(lp_ranges(truth, hidden, linked_equations(truth)), truth, small)


def test_random_linked_reports() -> None:
    rng = random.Random(12)
    for _ in range(120):
        spaces = rng.randint(2, 4)
        ended = [rng.choice([0, 1, 2, 3, 5, 8]) for _ in range(spaces)]
        running = [rng.choice([0, 1, 2, 4, 6, 10]) for _ in range(spaces)]
        table, truth = linked_report(ended, running)
        hidden = linked_hidden(suppress(table))
        small = {v for v in hidden if 1 <= truth[v] <= THRESHOLD}
        assert_protected(lp_ranges(truth, hidden, linked_equations(truth)), truth, small)


# -- several tables: months and quarters, Jan–Nov and Jan–Dec ---------------------------
def begun(dims: tuple[tuple[str, str], ...], n: int) -> Row:
    return Row(
        metric="helps_begun",
        dimensions=dims,
        value=n,
        numerator=n,
        unit="helps",
        support=n,
        basis="helps.begun",
    )


def month_quarter_tables(
    counts: Mapping[tuple[str, int], int],
) -> tuple[MetricTable, MetricTable, dict[Var, int], list[Equation]]:
    """Months 1–6 by space (with margins) and quarters 1–2 by space (with margins)."""
    spaces = sorted({s for s, _ in counts})
    truth: dict[Var, int] = {}
    for s in [*spaces, TOTAL]:
        for m in range(1, 7):
            truth[("m", s, f"2025-0{m}")] = (
                counts[(s, m)] if s != TOTAL else sum(counts[(x, m)] for x in spaces)
            )
        truth[("m", s, TOTAL)] = sum(truth[("m", s, f"2025-0{m}")] for m in range(1, 7))
        for q in (1, 2):
            truth[("q", s, f"2025-Q{q}")] = sum(
                truth[("m", s, f"2025-0{m}")] for m in range(3 * q - 2, 3 * q + 1)
            )
        truth[("q", s, TOTAL)] = truth[("m", s, TOTAL)]
    months = MetricTable(
        begun((("space", s), ("month", v)), n) for (k, s, v), n in truth.items() if k == "m"
    )
    quarters = MetricTable(
        begun((("space", s), ("quarter", v)), n) for (k, s, v), n in truth.items() if k == "q"
    )
    eqs: list[Equation] = []
    for kind, labels in (
        ("m", [f"2025-0{m}" for m in range(1, 7)]),
        ("q", ["2025-Q1", "2025-Q2"]),
    ):
        for s in [*spaces, TOTAL]:
            eqs.append([((kind, s, v), 1) for v in labels] + [((kind, s, TOTAL), -1)])
        for v in [*labels, TOTAL]:
            eqs.append([((kind, s, v), 1) for s in spaces] + [((kind, TOTAL, v), -1)])
    for s in [*spaces, TOTAL]:
        for q in (1, 2):
            eqs.append(
                [(("m", s, f"2025-0{m}"), 1) for m in range(3 * q - 2, 3 * q + 1)]
                + [(("q", s, f"2025-Q{q}"), -1)]
            )
        eqs.append([(("m", s, TOTAL), 1), (("q", s, TOTAL), -1)])
    return months, quarters, truth, eqs


def hidden_of(tables: Mapping[str, MetricTable]) -> set[Var]:
    return {
        (kind, r.dimension("space"), r.dimensions[1][1])
        for kind, t in tables.items()
        for r in t
        if r.status is Status.SUPPRESSED
    }


def test_month_table_alone_is_recoverable_through_the_quarter_table() -> None:
    """The attack: suppressing each table by itself leaves a withheld month exact."""
    counts = {("A", m): n for m, n in zip(range(1, 7), [1, 5, 6, 3, 7, 8], strict=True)}
    months, quarters, truth, eqs = month_quarter_tables(counts)
    alone = hidden_of({"m": suppress(months), "q": suppress(quarters)})
    ranges = lp_ranges(truth, alone, eqs)
    assert any(high - low < 1e-9 for low, high in ranges.values())  # recoverable
    m, q = suppress_together(
        [months, quarters], links=[Link(total=1, parts=(0,), along=("quarter", "month"))]
    )
    together = hidden_of({"m": m, "q": q})
    small = {v for v in together if 1 <= truth[v] <= THRESHOLD}
    assert_protected(lp_ranges(truth, together, eqs), truth, small)


def test_random_month_and_quarter_tables_together() -> None:
    rng = random.Random(4)
    link = Link(total=1, parts=(0,), along=("quarter", "month"))
    for _ in range(40):
        spaces = ["A", "B", "C"][: rng.randint(1, 3)]
        counts = {(s, m): rng.choice([0, 1, 2, 3, 4, 6, 9]) for s in spaces for m in range(1, 7)}
        months, quarters, truth, eqs = month_quarter_tables(counts)
        m, q = suppress_together([months, quarters], links=[link])
        together = hidden_of({"m": m, "q": q})
        small = {v for v in together if 1 <= truth[v] <= THRESHOLD}
        assert_protected(lp_ranges(truth, together, eqs), truth, small)


def year_tables(
    jan_nov: Sequence[int], dec: Sequence[int]
) -> tuple[MetricTable, MetricTable, dict[Var, int], list[Equation]]:
    truth: dict[Var, int] = {}
    for i, (a, d) in enumerate(zip(jan_nov, dec, strict=True)):
        truth[("nov", f"S{i}")] = a
        truth[("dec", f"S{i}")] = d  # never published
        truth[("year", f"S{i}")] = a + d
    for kind in ("nov", "dec", "year"):
        truth[(kind, TOTAL)] = sum(n for (k, _), n in truth.items() if k == kind)
    tables = [
        MetricTable(begun((("space", s),), n) for (k, s), n in truth.items() if k == kind)
        for kind in ("nov", "year")
    ]
    spaces = sorted({s for _, s in truth})
    eqs: list[Equation] = [[(("nov", s), 1), (("dec", s), 1), (("year", s), -1)] for s in spaces]
    for kind in ("nov", "dec", "year"):
        eqs.append([((kind, s), 1) for s in spaces if s != TOTAL] + [((kind, TOTAL), -1)])
    return tables[0], tables[1], truth, eqs


def test_jan_nov_against_jan_dec_does_not_reveal_december() -> None:
    nov, year, truth, eqs = year_tables([30, 41, 25], [1, 4, 6])
    alone = {("nov", r.dimension("space")) for r in suppress(nov) if not r.is_ok}
    alone |= {("year", r.dimension("space")) for r in suppress(year) if not r.is_ok}
    ranges = lp_ranges(truth, alone | {("dec", s) for s in ("S0", "S1", "S2", TOTAL)}, eqs)
    low, high = ranges[("dec", "S0")]
    assert high - low < 1e-9  # alone: December in S0 is 31 − 30 = 1
    a, b = suppress_together([nov, year], links=[Link(total=1, parts=(0,), remainder=True)])
    hidden = {("nov", r.dimension("space")) for r in a if not r.is_ok}
    hidden |= {("year", r.dimension("space")) for r in b if not r.is_ok}
    december = {("dec", s) for s in ("S0", "S1", "S2", TOTAL)}
    ranges = lp_ranges(truth, hidden | december, eqs)
    small = {v for v in hidden | december if 1 <= truth[v] <= THRESHOLD}
    assert_protected({v: r for v, r in ranges.items() if v in hidden or v in small}, truth, small)


def test_random_year_tables_together() -> None:
    rng = random.Random(11)
    link = Link(total=1, parts=(0,), remainder=True)
    for _ in range(60):
        spaces = rng.randint(2, 4)
        jan_nov = [rng.choice([0, 1, 2, 5, 9, 20]) for _ in range(spaces)]
        dec = [rng.choice([0, 0, 1, 2, 3, 5]) for _ in range(spaces)]
        nov, year, truth, eqs = year_tables(jan_nov, dec)
        a, b = suppress_together([nov, year], links=[link])
        hidden = {("nov", r.dimension("space")) for r in a if not r.is_ok}
        hidden |= {("year", r.dimension("space")) for r in b if not r.is_ok}
        december = {("dec", f"S{i}") for i in range(spaces)} | {("dec", TOTAL)}
        ranges = lp_ranges(truth, hidden | december, eqs)
        # December is never published: its small counts keep their spread, larger ones
        # may be known (as a December table would show them)
        small = {v for v in hidden | december if 1 <= truth[v] <= THRESHOLD}
        assert_protected(
            {v: r for v, r in ranges.items() if v in hidden or v in small}, truth, small
        )


def test_links_are_checked() -> None:
    from sozialraum.errors import ValidationError

    with pytest.raises(ValidationError):
        suppress_together([MetricTable([])], links=[Link(total=1, parts=(0,))])
    with pytest.raises(ValidationError):
        suppress(MetricTable([]), protection=0)


# -- real reports of generated cases ----------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(case_lists(max_cases=16), st.integers(0, 3))
def test_generated_reports_hold_against_the_identity_attack(cases: list, pick: int) -> None:  # type: ignore[type-arg]
    """metrics_report of generated cases: every withheld count of helps active, ended and
    running at the end (linked per space and by their margins) keeps its spread."""
    m = municipality_for({"N": 400, "S": 400, "W": 400})
    ends = sorted({h.period.end.year for c in cases for h in c.helps if h.period.end})
    if not ends:
        return
    year = ends[pick % len(ends)]  # a year in which helps end
    period = Period.year(year)
    as_of = date(year + 2, 1, 1)
    exact = metrics_report(m, cases, period=period, as_of=as_of, threshold=0)
    published = metrics_report(m, cases, period=period, as_of=as_of)
    names = {
        "helps_ended": "helps.ended",
        "helps_running_at_end": "helps.running",
        "helps_active": "helps.active",
    }
    truth: dict[Var, int] = {}
    hidden: set[Var] = set()
    for metric, basis in names.items():
        for row in exact.where(metric):
            space = row.dimension("space")
            truth[(basis, space)] = row.value  # type: ignore[assignment]
            if published.get(metric, space=space).status is Status.SUPPRESSED:
                hidden.add((basis, space))
    if not hidden:
        return
    spaces = {s for _, s in truth}
    eqs = [
        e
        for e in linked_equations({(b, s): 0 for b in names.values() for s in spaces})
        if all(v in truth for v, _ in e)
    ]
    small = {v for v in hidden if 1 <= truth[v] <= THRESHOLD}
    assert_protected(lp_ranges(truth, hidden, eqs), truth, small)
