"""Plots for people who would rather look than read (the ``[plot]`` extra, matplotlib).

:func:`plot_result` draws one figure with two panels: spending per social space over the
years (mean, with the 5–95 % band of the runs) for one scenario, and the total spending of
every scenario against the budget. matplotlib is imported only when a plot is drawn, with
the non-interactive ``Agg`` backend when writing a file.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from .montecarlo import SimulationResult
from .scenario import BASELINE
from .summary import SummaryRow, summarise

__all__ = ["plot_result", "save_plot"]


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
        matplotlib.use("Agg")
        plt = importlib.import_module("matplotlib.pyplot")
    except ImportError:
        raise MissingDependencyError("matplotlib", "plot", "plotting results") from None
    return plt


def _series(
    rows: list[SummaryRow], scenario: str, level: str, key: str, quantity: str
) -> tuple[list[int], list[float], list[float], list[float]]:
    years, mean, lo, hi = [], [], [], []
    for r in rows:
        if (r.scenario, r.level, r.key, r.quantity) == (scenario, level, key, quantity):
            years.append(r.year)
            mean.append(float(r.estimate.mean) / 100)
            lo.append(float(r.estimate.p5) / 100)
            hi.append(float(r.estimate.p95) / 100)
    return years, mean, lo, hi


def plot_result(result: SimulationResult, *, scenario: str = BASELINE) -> Any:
    """A matplotlib figure of ``result`` (see the module docs).

    :raises MissingDependencyError: when matplotlib is not installed.
    """
    plt = _pyplot()
    rows = list(summarise(result))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    for sid in result.plan.layout.space_ids:
        years, mean, lo, hi = _series(rows, scenario, "space", sid, "spending")
        (line,) = left.plot(years, mean, marker="o", label=sid)
        left.fill_between(years, lo, hi, alpha=0.2, color=line.get_color())
    left.set_title(f"Spending per social space ({scenario}), mean and 5–95 %")
    left.set_xlabel("year")
    left.set_ylabel("EUR")
    left.legend(fontsize="small")
    for name in result.scenario_names:
        years, mean, lo, hi = _series(rows, name, "total", "all", "spending")
        (line,) = right.plot(years, mean, marker="o", label=name)
        right.fill_between(years, lo, hi, alpha=0.15, color=line.get_color())
    years, budget, _, _ = _series(rows, BASELINE, "total", "all", "budget")
    right.plot(years, budget, linestyle="--", color="black", label="budget (baseline)")
    right.set_title("Spending on helps by scenario, mean and 5–95 %")
    right.set_xlabel("year")
    right.set_ylabel("EUR")
    right.legend(fontsize="small")
    for axis in (left, right):
        axis.set_xticks(list(result.plan.scenarios[0].years))
        axis.ticklabel_format(axis="y", style="plain")
    return fig


def save_plot(result: SimulationResult, path: str | Path, *, scenario: str = BASELINE) -> Path:
    """Draw :func:`plot_result` into ``path`` (PNG, SVG or PDF by suffix); returns it."""
    plt = _pyplot()
    fig = plot_result(result, scenario=scenario)
    target = Path(path)
    fig.savefig(target, dpi=120)
    plt.close(fig)
    return target
