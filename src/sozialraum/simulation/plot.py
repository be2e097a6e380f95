"""Plots for people who would rather look than read (the ``[plot]`` extra, matplotlib).

:func:`plot_result` draws one figure: spending per social space over the years (mean,
with the 5–95 % band of the runs) for one scenario; the total spending of every scenario
against its own budget for helps; and, when scenarios compare allocation rules, the budget
of each space under every scenario. matplotlib is imported only when a plot is drawn, with
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


def _differing_allocations(result: SimulationResult) -> bool:
    """Whether some scenario splits its budget between the spaces unlike the baseline."""
    scenarios = result.plan.scenarios
    first = scenarios[0]
    return any(
        [a + b for a, b in zip(c.space_budget[t], c.independent_budget[t], strict=True)]
        != [a + b for a, b in zip(first.space_budget[t], first.independent_budget[t], strict=True)]
        for c in scenarios[1:]
        for t in range(len(c.years))
    )


def _euros_axis(axis: Any, ticker: Any) -> None:
    """Euro amounts with thousands separators on the y axis."""
    axis.yaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    axis.set_ylabel("EUR")


def plot_result(result: SimulationResult, *, scenario: str = BASELINE) -> Any:
    """A matplotlib figure of ``result``: spending per social space over the years (mean,
    with the 5–95 % band of the runs) for ``scenario``; the total spending of every
    scenario with its own budget for helps as a dashed line of the same colour; and, when
    the scenarios allocate differently between the spaces (a comparison of rules), each
    space's budget (helps and case-independent work) under every scenario in the last year.
    Amounts carry thousands separators.

    :raises MissingDependencyError: when matplotlib is not installed.
    """
    plt = _pyplot()
    ticker = importlib.import_module("matplotlib.ticker")
    rows = list(summarise(result))
    compare = _differing_allocations(result)
    panels = 3 if compare else 2
    fig, axes = plt.subplots(1, panels, figsize=(6 * panels, 4.5), constrained_layout=True)
    left, right = axes[0], axes[1]
    for sid in result.plan.layout.space_ids:
        years, mean, lo, hi = _series(rows, scenario, "space", sid, "spending")
        (line,) = left.plot(years, mean, marker="o", label=sid)
        left.fill_between(years, lo, hi, alpha=0.2, color=line.get_color())
    left.set_title(f"Spending per social space ({scenario}), mean and 5–95 %")
    left.legend(fontsize="small")
    for name in result.scenario_names:
        years, mean, lo, hi = _series(rows, name, "total", "all", "spending")
        (line,) = right.plot(years, mean, marker="o", label=f"{name}: spending")
        right.fill_between(years, lo, hi, alpha=0.15, color=line.get_color())
        years, budget, _, _ = _series(rows, name, "total", "all", "budget")
        right.plot(
            years, budget, linestyle="--", color=line.get_color(), label=f"{name}: help budget"
        )
    right.set_title("Spending on helps and budget for helps by scenario")
    right.legend(fontsize="small", loc="best")
    for axis in (left, right):
        axis.set_xlabel("year")
        axis.set_xticks(list(result.plan.scenarios[0].years))
        axis.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _pos: f"{x:.0f}"))
        _euros_axis(axis, ticker)
    if compare:
        bars = axes[2]
        layout = result.plan.layout
        last = len(result.plan.scenarios[0].years) - 1
        width = 0.8 / len(result.plan.scenarios)
        for k, c in enumerate(result.plan.scenarios):
            amounts = [
                (a + b) / 100
                for a, b in zip(c.space_budget[last], c.independent_budget[last], strict=True)
            ]
            positions = [i + (k - (len(result.plan.scenarios) - 1) / 2) * width
                         for i in range(len(layout.space_ids))]  # fmt: skip
            bars.bar(positions, amounts, width=width, label=c.name)
        bars.set_xticks(list(range(len(layout.space_ids))), list(layout.space_ids))
        bars.set_xlabel("social space")
        bars.set_title(f"Budget per social space by scenario, {c.years[last]}")
        bars.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14))
        _euros_axis(bars, ticker)
    return fig


def save_plot(result: SimulationResult, path: str | Path, *, scenario: str = BASELINE) -> Path:
    """Draw :func:`plot_result` into ``path`` (PNG, SVG or PDF by suffix); returns it."""
    plt = _pyplot()
    fig = plot_result(result, scenario=scenario)
    target = Path(path)
    fig.savefig(target, dpi=120)
    plt.close(fig)
    return target
