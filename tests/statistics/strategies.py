"""Hypothesis strategies for statistics records (built on the shared model strategies)."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st
from tests import strategies as model

from sozialraum.statistics import StatisticsRecords, statistics_records

#: Text a spreadsheet would run as a formula, separators, quotes and line breaks.
_AWKWARD = st.sampled_from(
    ["=1+1", "+x", "-1", "@A1", "\tt", "\rr", "'q", '"q"', "a,b", "l\nm", "ü"]
)
awkward_text = st.one_of(
    _AWKWARD, st.text(alphabet=st.characters(exclude_characters=";"), max_size=8)
)


@st.composite
def years_records(draw: st.DrawFn, *, max_cases: int = 4) -> StatisticsRecords:
    """The records of a drawn year from a few consistent cases."""
    cases = draw(st.lists(model.cases(max_helps=3), max_size=max_cases))
    starts = [h.period.start.year for c in cases for h in c.helps]
    low = max(2007, min(starts, default=2024))
    year = draw(st.integers(low, max(low, max(starts, default=2024)) + 2))
    return statistics_records(cases, year)


def _with_text(record: Any, fields: tuple[str, ...], draw: st.DrawFn) -> Any:
    changes = {f: draw(awkward_text.filter(bool)) for f in fields if draw(st.booleans())}
    return attrs.evolve(record, **changes)


@st.composite
def awkward_records(draw: st.DrawFn) -> StatisticsRecords:
    """Records whose code fields hold text that is hard to write as CSV."""
    r = draw(years_records(max_cases=3))
    help_fields = ("record_id", "space", "place_of_delivery", "main_reason", "initiated_by")
    return attrs.evolve(
        r,
        helps=tuple(_with_text(h, help_fields, draw) for h in r.helps),
        risk_assessments=tuple(
            _with_text(a, ("record_id", "notified_by", "result"), draw) for a in r.risk_assessments
        ),
        protective_custodies=tuple(
            _with_text(m, ("record_id", "ground", "ending"), draw) for m in r.protective_custodies
        ),
    )
