"""Hypothesis strategies for the metric tests (the entity strategies are shared:
``tests/strategies.py``)."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import strategies as st
from tests import strategies as s

from sozialraum.metrics import TOTAL, MetricTable, Row
from sozialraum.model import AgeBand, Case, Municipality, SocialSpace

__all__ = ["case_lists", "count_tables", "municipality_for"]

SPACES = ("N", "S", "W")


@st.composite
def case_lists(draw: st.DrawFn, max_cases: int = 8) -> list[Case]:
    """Valid cases (shared strategy) placed in the spaces N, S, W, with unique ids."""
    drawn = draw(st.lists(s.cases(max_helps=3), max_size=max_cases))
    out = []
    for i, c in enumerate(drawn):
        fields = {
            f: getattr(c, f)
            for f in (
                "opened",
                "young_person",
                "helps",
                "help_plans",
                "risk_assessments",
                "protective_custodies",
                "closed",
                "closing_reason",
            )
        }
        out.append(Case(id=f"C{i}", space_id=draw(st.sampled_from(SPACES)), **fields))
    return out


def municipality_for(populations: dict[str, int]) -> Municipality:
    return Municipality(
        id="M",
        name="M",
        social_spaces=tuple(
            SocialSpace(
                id=k,
                name=k,
                population=(
                    AgeBand(min_age=0, max_age=18, count=v),
                    AgeBand(min_age=18, max_age=21, count=v // 4),
                ),
            )
            for k, v in populations.items()
        ),
    )


def populations() -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries({k: st.integers(0, 5000) for k in SPACES})


@st.composite
def count_tables(draw: st.DrawFn) -> MetricTable:
    """A two-dimensional table of counts (rows × columns) with all its margins."""
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(1, 4))
    counts = {
        (f"r{i}", f"c{j}"): draw(st.integers(0, 6))
        for i, j in itertools.product(range(rows), range(cols))
    }
    cells = dict(counts)
    for i in range(rows):
        cells[(f"r{i}", TOTAL)] = sum(counts[(f"r{i}", f"c{j}")] for j in range(cols))
    for j in range(cols):
        cells[(TOTAL, f"c{j}")] = sum(counts[(f"r{i}", f"c{j}")] for i in range(rows))
    cells[(TOTAL, TOTAL)] = sum(counts.values())
    return MetricTable(
        Row(
            metric="n",
            dimensions=(("a", a), ("b", b)),
            value=n,
            numerator=n,
            unit="cases",
            support=n,
            basis="cases",
        )
        for (a, b), n in cells.items()
    )


def as_of() -> st.SearchStrategy[date]:
    return s.dates(date(2000, 1, 1), date(2095, 1, 1))
