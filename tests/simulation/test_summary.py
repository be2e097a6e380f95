"""Summaries, exports and plots."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.errors import MissingDependencyError
from sozialraum.simulation import estimate, simulate, summarise, to_csv, to_json
from sozialraum.simulation.export import demo_text, format_value, text_table
from sozialraum.simulation.summary import QUANTITIES, percentile


@pytest.fixture(scope="module")
def result():
    return simulate(runs=9, seed=4, years=2)


@given(st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=40))
def test_estimates_are_ordered_and_exact(values):
    e = estimate(values)
    assert min(values) <= e.p5 <= e.p50 <= e.p95 <= max(values)
    assert e.mean == Fraction(sum(values), len(values))
    assert e.n == len(values)


def test_percentile_matches_type_7():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(values, Fraction(5, 100)) == Fraction(145, 100)
    assert percentile(values, Fraction(95, 100)) == Fraction(955, 100)
    with pytest.raises(ValueError, match="no values"):
        percentile([], Fraction(1, 2))


def test_rows_cover_every_quantity(result):
    rows = summarise(result)
    totals = {r.quantity for r in rows if r.level == "total"}
    assert totals == set(QUANTITIES)
    spaces = {r.key for r in rows if r.level == "space"}
    assert spaces == set(result.plan.layout.space_ids)
    providers = {r.key for r in rows if r.level == "provider"}
    assert providers == set(result.plan.layout.provider_ids)
    assert all(r.difference is None for r in rows if r.scenario == "baseline")
    assert all(r.difference is not None for r in rows if r.scenario != "baseline")


def test_totals_are_sums_of_spaces(result):
    rows = {(r.scenario, r.year, r.level, r.key, r.quantity): r for r in summarise(result)}
    ids = result.plan.layout.space_ids
    for quantity in ("spending", "referrals", "helps_begun", "overrun"):
        total = rows["baseline", 2026, "total", "all", quantity].estimate.mean
        assert total == sum(rows["baseline", 2026, "space", s, quantity].estimate.mean for s in ids)
    spend = rows["baseline", 2027, "total", "all", "spending"].estimate.mean
    by_provider = sum(
        rows["baseline", 2027, "provider", p, "spending"].estimate.mean
        for p in result.plan.layout.provider_ids
    )
    assert spend == by_provider


def test_csv_and_json(result):
    lines = to_csv(result).splitlines()
    assert len(lines) == 1 + len(summarise(result))
    data = json.loads(to_json(result))
    assert data["seed"] == 4
    assert data["study"]["name"] == "Musterstadt (synthetic)"
    first = data["rows"][0]
    assert first["diff_mean"] is None
    assert first["scenario"] == "baseline"


def test_format_value():
    assert format_value(Fraction(-5, 1), "EUR") == "-0.05"
    assert format_value(Fraction(-1, 1000), "EUR") == "0.00"
    assert format_value(Fraction(2, 3), "count") == "0.67"


def test_text_table_and_demo(result):
    table = text_table(result)
    assert "baseline" in table
    assert "prevention" in table
    assert demo_text(runs=2).startswith("Simulation of Musterstadt (synthetic), 2 runs")


def test_plot_needs_matplotlib(result, monkeypatch, tmp_path):
    from sozialraum.simulation import plot

    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(plot.importlib, "import_module", missing)
    with pytest.raises(MissingDependencyError, match=r"sozialraum\[plot\]"):
        plot.save_plot(result, tmp_path / "x.png")


def test_dask_needs_distributed(monkeypatch):
    from sozialraum.simulation import distributed

    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(distributed.importlib, "import_module", missing)
    with pytest.raises(MissingDependencyError, match=r"sozialraum\[dask\]"):
        distributed.dask_client("tcp://127.0.0.1:1")


def test_plot_figure(result, tmp_path):
    pytest.importorskip("matplotlib")
    from sozialraum.simulation import plot_result, save_plot

    fig = plot_result(result, scenario="prevention")
    assert len(fig.axes) == 2
    assert save_plot(result, tmp_path / "x.svg").stat().st_size > 0


def test_differences_are_exact_even_when_the_divisor_changes(result):
    rows = {(r.scenario, r.year, r.level, r.key, r.quantity): r for r in summarise(result)}
    for quantity in ("execution", "spending", "grant_rate"):
        base = rows["baseline", 2027, "total", "all", quantity].estimate.mean
        other = rows["prevention", 2027, "total", "all", quantity]
        assert other.difference is not None
        assert other.difference.mean == other.estimate.mean - base
