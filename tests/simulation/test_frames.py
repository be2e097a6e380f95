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


# -- clear output ----------------------------------------------------------------------------

LONG = "pressure corrected allocation (EinglMV template)"


@pytest.fixture(scope="module")
def comparison():
    from sozialraum.simulation import parse_study

    study = parse_study(
        {
            "name": "rules",
            "start_year": 2026,
            "years": 4,
            "budget": {"total": "7500000.00", "growth": "0.03"},
            "scenarios": [
                {
                    "name": LONG,
                    "changes": [{"parameter": "allocation_method", "method": "pressure_corrected"}],
                },
                {
                    "name": "social index",
                    "changes": [{"parameter": "allocation_method", "method": "social_index"}],
                },
            ],
        }
    )
    return simulate(study, runs=3, seed=2026)


def test_every_rule_shows_the_same_exact_totals(comparison):
    rows = [r for r in summarise(comparison) if r.level == "total"]
    for quantity in ("budget", "budget_total", "case_independent"):
        for year in range(2026, 2030):
            values = {r.estimate.mean for r in rows if (r.quantity, r.year) == (quantity, year)}
            assert len(values) == 1, (quantity, year)
    total_2029 = next(
        r for r in rows if (r.quantity, r.year, r.scenario) == ("budget_total", 2029, "baseline")
    )
    assert total_2029.estimate.mean == 819_545_250  # 7.5 M × 1.03³, to the cent


def test_the_text_table_says_which_budget_and_keeps_columns_apart(comparison):
    from sozialraum.simulation import text_table

    lines = text_table(comparison).splitlines()
    header = lines[0]
    assert "help budget" in header
    assert "total budget" in header
    assert "case-specific part of the total budget" in lines[-1]
    long_line = next(line for line in lines if line.startswith(LONG))
    assert long_line[len(LONG)] == " "
    year_at = header.index("year")
    assert all(line[year_at : year_at + 4].isdigit() for line in lines[1:-1])
    assert "8,195,452.50" in lines[4]  # baseline 2029: the whole budget, thousands separated


def test_a_rule_comparison_plot_shows_the_allocation_per_space(comparison, result):
    pytest.importorskip("matplotlib")
    from sozialraum.simulation import plot_result

    fig = plot_result(comparison)
    _, totals, allocation = fig.axes
    assert len(allocation.patches) == 3 * len(comparison.plan.layout.space_ids)
    budget_lines = [line for line in totals.get_lines() if line.get_linestyle() == "--"]
    assert len(budget_lines) == len(comparison.scenario_names)
    label = totals.yaxis.get_major_formatter()(8_000_000, 0)
    assert label == "8,000,000"
    assert len(plot_result(result).axes) == 2  # the same allocation: no third panel
