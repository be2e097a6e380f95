"""Results that drop into pandas: tidy, typed frames; typed export rows (issue 14)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest

from sozialraum.errors import MissingDependencyError
from sozialraum.simulation import runs_frame, simulate, summarise, summary_frame, to_json_data
from sozialraum.simulation.export import CSV_COLUMNS, row_dict, to_csv, to_json

pandas = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def result():
    return simulate(runs=4, seed=9, years=2)


def test_the_runs_frame_is_tidy_and_typed(result):
    frame = result.to_dataframe()
    layout = result.plan.layout
    assert len(frame) == 2 * 4 * 2 * len(layout.space_ids)
    assert not frame.duplicated(["scenario", "run", "year", "space_id"]).any()
    for column in ("run", "year", "referrals", "spending_cents", "budget_cents", "u21"):
        assert frame[column].dtype == "int64", column
    assert set(frame["scenario"]) == set(result.scenario_names)
    assert sorted(set(frame["run"])) == list(result.run_ids)


def test_the_runs_frame_agrees_with_the_summary(result):
    frame = result.to_dataframe()
    rows = {
        (r.scenario, r.year, r.level, r.key, r.quantity): r.estimate.mean for r in summarise(result)
    }
    mean = frame.groupby(["scenario", "year", "space_id"])["spending_cents"].mean()
    for (scenario, year, sid), value in mean.items():
        assert value == pytest.approx(float(rows[scenario, year, "space", sid, "spending"]))
    totals = frame.groupby(["scenario", "year", "run"])["spending_cents"].sum()
    for (scenario, year), group in totals.groupby(level=[0, 1]):
        expected = rows[scenario, year, "total", "all", "spending"]
        assert sum(int(v) for v in group) == expected * len(group)


def test_the_provider_frame_sums_to_the_space_frame(result):
    spaces = result.to_dataframe()
    cells = result.to_dataframe(by="provider")
    assert "provider_id" in cells.columns
    assert cells["spending_cents"].dtype == "int64"
    by_space = cells.groupby(["scenario", "run", "year", "space_id"])["spending_cents"].sum()
    other = spaces.set_index(["scenario", "run", "year", "space_id"])["spending_cents"]
    assert (by_space.sort_index() == other.sort_index()).all()


def test_the_summary_frame_has_numbers(result):
    frame = result.summary_dataframe()
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert frame["year"].dtype == "int64"
    assert frame["mean"].dtype == "float64"
    base = frame[frame["scenario"] == "baseline"]
    assert base["diff_mean"].isna().all()
    exact = summary_frame(result, exact=True)
    assert isinstance(exact["mean"].iloc[0], Decimal)


def test_row_dict_numbers_are_typed(result):
    row = next(r for r in summarise(result) if r.scenario != "baseline")
    d = row_dict(row)
    assert isinstance(d["year"], int)
    assert all(isinstance(d[k], Decimal) for k in CSV_COLUMNS[6:])


def test_json_rows_are_numbers_and_csv_text_is_unchanged(result):
    data = json.loads(to_json(result))
    row = data["rows"][0]
    assert isinstance(row["mean"], float | int)
    assert isinstance(row["year"], int)
    assert to_json_data(result)["rows"][0] == row
    csv_line = to_csv(result).splitlines()[1].split(",")
    assert csv_line[6] == str(row_dict(summarise(result)[0])["mean"])
    assert Decimal(csv_line[6]) == Decimal(str(row["mean"]))


def test_without_pandas_a_missing_dependency_error(result, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(MissingDependencyError) as info:
        runs_frame(result)
    assert "pandas" in str(info.value)
    with pytest.raises(MissingDependencyError):
        summary_frame(result)


def test_an_unknown_level_is_refused(result):
    with pytest.raises(ValueError, match="space"):
        result.to_dataframe(by="cell")
