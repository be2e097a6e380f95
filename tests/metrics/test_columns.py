"""Columnar input (pandas DataFrame, pyarrow Table) and the single-pass counting.

The proof of exactness: cases, :class:`HelpFacts` built from them, a data frame and an Arrow
table of the same helps all give the same statistics as the counting pass before the
rewrite (``_reference_stats.py``), and the same :class:`MetricTable` on the sample data.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.data import load_sample
from sozialraum.errors import MissingDependencyError, ValidationError
from sozialraum.metrics import (
    HZE_HELP_TYPES,
    HelpFacts,
    from_arrow,
    from_frame,
    help_durations,
    help_indicators,
    planned_endings,
    setting_mix,
    spending,
    use_rates,
)
from sozialraum.metrics.facts import OPEN, help_stats
from sozialraum.metrics.grouping import HELP_FACT_DIMENSIONS, Grouping
from sozialraum.model import Case
from sozialraum.periods import Period

from ._reference_stats import reference_facts, reference_help_stats
from .strategies import case_lists

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


def frame_of(facts: HelpFacts, *, datetimes: bool = True, optional: bool = True) -> Any:
    """A data frame of ``facts`` as a researcher would have it (dates, nulls for running)."""

    def day(o: int) -> date | None:
        return None if o == OPEN else date.fromordinal(o)

    columns: dict[str, Any] = {
        "space": list(facts.space),
        "help_type": list(facts.help_type),
        "start": [day(o) for o in facts.start],
        "end": [day(o) for o in facts.end],
        "ending_reason": list(facts.ending_reason),
    }
    if datetimes:
        for name in ("start", "end"):
            columns[name] = pd.to_datetime(pd.Series(columns[name], dtype=object))
    else:
        columns["start"] = pd.Series(columns["start"], dtype=object)
        columns["end"] = pd.Series(columns["end"], dtype=object)
    if optional:
        columns |= {
            "provider": list(facts.provider),
            "case_id": list(facts.case_id),
            "monthly_cents": pd.Series(facts.monthly_cents, dtype="int64"),
            "young_adult": pd.Series(facts.young_adult, dtype=bool),
            "young_people": pd.Series(facts.young_people, dtype="int64"),
        }
    return pd.DataFrame(columns)


def arrow_of(facts: HelpFacts) -> Any:
    """An Arrow table of ``facts`` with native date32 columns and dictionary strings."""

    def days(values: tuple[int, ...]) -> Any:
        return pa.array([None if o == OPEN else date.fromordinal(o) for o in values], pa.date32())

    return pa.table(
        {
            "space": pa.array(facts.space).dictionary_encode(),
            "help_type": pa.array(facts.help_type, pa.large_string()),
            "start": days(facts.start),
            "end": days(facts.end),
            "ending_reason": pa.array(facts.ending_reason, pa.string()),
            "provider": pa.array(facts.provider),
            "case_id": pa.array(facts.case_id),
            "monthly_cents": pa.array(facts.monthly_cents, pa.int64()),
            "young_adult": pa.array(facts.young_adult, pa.bool_()),
            "young_people": pa.array(facts.young_people, pa.int32()),
        }
    )


@st.composite
def periods_near(draw: st.DrawFn, cases: list[Case]) -> tuple[Period, str | None]:
    """A period of up to four years that starts near the start of one of the helps (so the
    helps meet it), and a time dimension."""
    starts = [h.period.start for c in cases for h in c.helps] or [date(2024, 1, 1)]
    first = draw(st.sampled_from(starts)).toordinal() - draw(st.integers(0, 500))
    period = Period(
        date.fromordinal(first), date.fromordinal(first + draw(st.integers(0, 4 * 366)))
    )
    return period, draw(st.sampled_from([None, "year", "year", "quarter", "month"]))


static_by = st.lists(
    st.sampled_from([d for d in HELP_FACT_DIMENSIONS if d not in ("year", "quarter", "month")]),
    max_size=2,
    unique=True,
)


@given(
    case_lists(),
    st.data(),
    static_by,
    st.sampled_from(["helps", "young_people"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_every_input_counts_exactly_as_the_reference(
    cases: list[Case],
    data: st.DataObject,
    by: list[str],
    count: str,
    durations: bool,
    totals: bool,
    hze_only: bool,
) -> None:
    period, time = data.draw(periods_near(cases))
    grouping = Grouping.of(
        period, (*by, time) if time else by, allowed=HELP_FACT_DIMENSIONS, totals=totals
    )
    types = HZE_HELP_TYPES if hze_only else None
    facts = HelpFacts.from_cases(cases)
    assert _same_facts(facts, reference_facts(cases))
    want = reference_help_stats(
        reference_facts(cases), grouping, types, durations=durations, count=count
    )
    for given_as in (cases, facts, frame_of(facts), arrow_of(facts)):
        got = help_stats(given_as, grouping, types, durations=durations, count=count)
        assert got == want


def _same_facts(a: HelpFacts, b: HelpFacts) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in attrs.fields(HelpFacts))


@given(case_lists(), st.booleans())
def test_frames_of_date_objects_read_like_datetime_columns(
    cases: list[Case], datetimes: bool
) -> None:
    facts = HelpFacts.from_cases(cases)
    assert _same_facts(from_frame(frame_of(facts, datetimes=datetimes)), facts)


@pytest.mark.parametrize(
    "by", [("space",), ("space", "year"), ("young_adult", "month"), ("setting", "quarter"), ()]
)
@pytest.mark.parametrize("count", ["helps", "young_people"])
def test_sample_counts_match_the_reference(by: tuple[str, ...], count: str) -> None:
    cases = load_sample().cases
    grouping = Grouping.of(
        Period(date(2022, 7, 1), date(2026, 1, 1)), by, allowed=HELP_FACT_DIMENSIONS
    )
    want = reference_help_stats(reference_facts(cases), grouping, durations=True, count=count)
    facts = HelpFacts.from_cases(cases)
    for given_as in (cases, facts, frame_of(facts), arrow_of(facts)):
        assert help_stats(given_as, grouping, durations=True, count=count) == want


@pytest.mark.parametrize("by", [("space",), ("space", "year"), ("provider", "quarter"), ()])
def test_sample_tables_are_identical_from_every_input(by: tuple[str, ...]) -> None:
    s = load_sample()
    facts = HelpFacts.from_cases(s.cases)
    period = Period(date(2023, 1, 1), date(2026, 1, 1))
    inputs = (facts, frame_of(facts), arrow_of(facts))
    m = s.municipality
    for metric in (
        lambda d: help_indicators(d, m, period, by=by),
        lambda d: use_rates(d, m, period, by=by, count="young_people"),
        lambda d: help_durations(d, period, by=by),
        lambda d: planned_endings(d, period, by=by, scope="hze_local"),
        lambda d: setting_mix(d, period, by=tuple(x for x in by if x != "provider")),
        lambda d: spending(d, m, period, by=by),
    ):
        want = metric(s.cases)
        for data in inputs:
            assert metric(data) == want


def test_a_minimal_frame_counts_without_optional_columns() -> None:
    s = load_sample()
    facts = HelpFacts.from_cases(s.cases)
    frame = frame_of(facts, optional=False)
    period = Period.year(2025)
    assert help_indicators(frame, s.municipality, period) == help_indicators(
        s.cases, s.municipality, period
    )
    # columns the metric needs but the table lacks are named
    for call, column in (
        (lambda: use_rates(frame, s.municipality, period, by=("provider",)), "provider"),
        (lambda: spending(frame, s.municipality, period), "monthly_cents"),
    ):
        with pytest.raises(ValidationError) as e:
            call()
        assert [(i.path, i.code) for i in e.value.issues] == [
            (f"/columns/{column}", "metrics.column_missing")
        ]


def _frame() -> Any:
    return pd.DataFrame(
        {
            "space": ["N", "S", "N"],
            "help_type": ["34", "29", "30-erziehungsbeistand"],
            "start": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01"]),
            "end": pd.to_datetime(["2024-06-01", None, "2024-05-01"]),
            "ending_reason": ["10", None, "40"],
        }
    )


def _issues(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as e:
        (from_frame if isinstance(data, pd.DataFrame) else from_arrow)(data)
    return [(i.path, i.code) for i in e.value.issues]


def test_a_good_small_frame_reads() -> None:
    facts = from_frame(_frame())
    assert facts.start == tuple(date(2024, m, 1).toordinal() for m in (1, 3, 5))
    assert facts.end[1] == OPEN
    assert facts.last[2] == facts.start[2]
    assert from_arrow(pa.Table.from_pandas(_frame())).end == facts.end


def test_missing_columns_are_all_named() -> None:
    frame = _frame().drop(columns=["start", "space"])
    assert _issues(frame) == [
        ("/columns/space", "metrics.column_missing"),
        ("/columns/start", "metrics.column_missing"),
    ]
    assert _issues(pa.Table.from_pandas(frame)) == _issues(frame)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("start", ["2024-01-01", "2024-03-01", "2024-05-01"]),  # strings, not dates
        ("start", [1, 2, 3]),
        ("space", [1, 2, 3]),
        ("monthly_cents", [1.5, 2.0, 3.0]),
        ("young_adult", [1, 0, 1]),
        ("start", [datetime(2024, 1, 1, 12), datetime(2024, 1, 1), datetime(2024, 1, 1)]),
    ],
)
def test_wrong_types_are_refused(column: str, values: list[Any]) -> None:
    frame = _frame().assign(**{column: values})
    assert _issues(frame) == [(f"/columns/{column}", "metrics.column_type")]
    assert _issues(pa.Table.from_pandas(frame)) == _issues(frame)


def test_mixed_objects_are_refused() -> None:
    frame = _frame()
    frame["space"] = pd.Series(["N", 3, "S"], dtype=object)
    frame["end"] = pd.Series([date(2024, 6, 1), "soon", None], dtype=object)
    assert _issues(frame) == [
        ("/columns/space", "metrics.column_type"),
        ("/columns/end", "metrics.column_type"),
    ]


def test_type_messages_name_the_kinds_in_the_language_of_the_message() -> None:
    frame = _frame()
    frame["space"] = pd.Series(["N", 3, "S"], dtype=object)
    frame["start"] = [datetime(2024, 1, 1, 12), datetime(2024, 1, 1), datetime(2024, 1, 1)]
    frame["young_adult"] = [1.5, 0.0, 1.0]
    with pytest.raises(ValidationError) as e:
        from_frame(frame)
    english = {i.path: i.message for i in e.value.issues}
    german = {i.path: i.message_in("de") for i in e.value.issues}
    assert english == {
        "/columns/space": "column 'space' must hold strings, not other objects",
        "/columns/start": "column 'start' must hold dates, not times of day",
        "/columns/young_adult": "column 'young_adult' must hold booleans, not float64",
    }
    assert german == {
        "/columns/space": "die Spalte 'space' muss Zeichenketten enthalten, nicht andere Objekte",
        "/columns/start": "die Spalte 'start' muss Datumswerte enthalten, nicht Uhrzeiten",
        "/columns/young_adult": (
            "die Spalte 'young_adult' muss Wahrheitswerte enthalten, nicht float64"
        ),
    }


def test_nulls_are_refused_where_a_value_is_needed() -> None:
    frame = _frame()
    frame.loc[1, "space"] = None
    frame.loc[2, "start"] = None
    frame["young_people"] = pd.array([1, None, 2], dtype="Int64")
    with pytest.raises(ValidationError) as e:
        from_frame(frame)
    issues = {i.path: i for i in e.value.issues}
    assert sorted(issues) == ["/columns/space", "/columns/start", "/columns/young_people"]
    assert {i.code for i in issues.values()} == {"metrics.column_null"}
    assert dict(issues["/columns/start"].params) == {"column": "start", "count": 1, "row": 2}
    assert "row 2" in issues["/columns/start"].message
    assert _issues(pa.Table.from_pandas(frame)) == [(i.path, i.code) for i in e.value.issues]


def test_values_out_of_range_and_unknown_codes() -> None:
    frame = _frame()
    frame["start"] = pd.to_datetime(["1899-12-31", "2024-03-01", "2200-01-01"])
    frame["end"] = pd.to_datetime(["2024-06-01", "2200-01-02", None])
    frame["help_type"] = ["34", "99", "29"]
    frame["ending_reason"] = ["10", None, "x"]
    frame["monthly_cents"] = [0, -1, 5]
    frame["young_people"] = [1, 0, 1]
    got = _issues(frame)
    assert got == [
        ("/columns/help_type", "metrics.column_code"),
        ("/columns/ending_reason", "metrics.column_code"),
        ("/columns/start", "metrics.column_range"),
        ("/columns/end", "metrics.column_range"),
        ("/columns/monthly_cents", "metrics.column_range"),
        ("/columns/young_people", "metrics.column_range"),
    ]
    assert _issues(pa.Table.from_pandas(frame)) == got
    # the day after the last supported day is a valid exclusive end
    ok = _frame().assign(end=pd.to_datetime(["2024-06-01", "2200-01-01", "2024-05-01"]))
    assert from_frame(ok).end[1] == date(2200, 1, 1).toordinal()


def test_an_end_before_the_start_is_refused() -> None:
    frame = _frame().assign(end=pd.to_datetime(["2023-06-01", None, "2024-04-30"]))
    with pytest.raises(ValidationError) as e:
        from_frame(frame)
    (issue,) = e.value.issues
    assert (issue.path, issue.code, dict(issue.params)) == (
        "/columns/end",
        "metrics.column_order",
        {"count": 2, "row": 0},
    )


def test_messages_name_rows_never_values() -> None:
    frame = _frame().assign(space=["Frau Müller", None, "N"])
    with pytest.raises(ValidationError) as e:
        from_frame(frame)
    assert "Müller" not in str(e.value)


def test_other_inputs_are_refused() -> None:
    with pytest.raises(ValidationError) as e:
        from_frame({"space": []})
    assert e.value.issues[0].code == "metrics.table_type"
    with pytest.raises(ValidationError):
        from_arrow(_frame())


def test_missing_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError) as e:
        from_arrow(object())
    assert e.value.extra == "arrow"
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError) as e:
        from_frame(object())
    assert e.value.extra == "pandas"


def test_record_batches_and_arrow_backed_frames_read() -> None:
    table = pa.Table.from_pandas(_frame())
    facts = from_frame(_frame())
    assert _same_facts(from_arrow(table.to_batches()[0]), facts)
    assert _same_facts(from_frame(table.to_pandas(types_mapper=pd.ArrowDtype)), facts)


@pytest.mark.parametrize(
    ("birth", "first_adult_day"),
    [
        (date(2004, 2, 29), date(2022, 3, 1)),  # a common year: on 1 March
        (date(2003, 3, 1), date(2021, 3, 1)),
        (date(2004, 12, 31), date(2022, 12, 31)),
    ],
)
def test_young_adult_flags_follow_the_legal_age(birth: date, first_adult_day: date) -> None:
    from sozialraum.model import Help, YoungPerson
    from sozialraum.money import Money

    day_before = date.fromordinal(first_adult_day.toordinal() - 1)
    helps = tuple(
        Help(
            id=f"H{i}",
            help_type="34",
            provider_id="T",
            period=Period(start),
            monthly_cost=Money(cents=0),
        )
        for i, start in enumerate((day_before, first_adult_day))
    )
    case = Case(
        id="C",
        space_id="N",
        opened=date(2019, 1, 1),
        young_person=YoungPerson(id="P", birth=birth),
        helps=helps,
    )
    assert [case.is_young_adult_help(h) for h in helps] == [False, True]
    assert HelpFacts.from_cases([case]).young_adult == (False, True)
    grouping = Grouping.of(
        Period(date(2020, 1, 1), date(2024, 1, 1)), ("young_adult",), allowed=HELP_FACT_DIMENSIONS
    )
    assert help_stats([case], grouping).keys() == {("no",), ("yes",), ("*",)}
