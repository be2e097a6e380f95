"""Budget-model simulation: seeded Monte Carlo over years and scenarios.

What happens to referrals, helps, spending and budget execution in each social space over
the next years if we move budget to case-independent work, or allocate by another rule?
This package answers with a documented demand and cost model
(:mod:`~sozialraum.simulation.parameters`), calibrated on case histories
(:mod:`~sozialraum.simulation.calibration`), budgets from :mod:`sozialraum.budget`'s rules,
scenarios as data (:mod:`~sozialraum.simulation.scenario`), and a seeded Monte Carlo that
runs in-process or on any :class:`concurrent.futures.Executor`
(:mod:`~sozialraum.simulation.montecarlo`, :mod:`~sozialraum.simulation.distributed`).

The core is pure Python — no numpy needed — with money in integer cents. Without
arguments, everything runs on the embedded synthetic sample *Musterstadt* and its default
study (a baseline and a *prevention* scenario):

>>> from sozialraum.simulation import simulate, summarise
>>> result = simulate(runs=20, seed=2026, years=2)
>>> rows = summarise(result)
>>> spend = [r for r in rows if r.level == "total" and r.quantity == "spending"]
>>> [(r.scenario, r.year) for r in spend]
[('baseline', 2026), ('baseline', 2027), ('prevention', 2026), ('prevention', 2027)]
>>> spend[2].difference.mean < 0  # fewer helps with more prevention
True

The same seed gives the same result, bit for bit, whatever the executor:

>>> simulate(runs=20, seed=2026, years=2).records == result.records
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import run_batch
    from .calibration import (
        calibrate,
        expected_yearly_cost,
        help_months,
        initial_helps,
        sample_parameters,
        sample_study,
    )
    from .checks import study_issues
    from .compiled import CompiledScenario, Layout, compile_scenario
    from .distributed import dask_client, dask_executor, process_executor
    from .engine import run_once, run_seeds, stream_seed
    from .export import demo_text, text_table, to_csv, to_json, to_json_data
    from .frames import runs_frame, summary_frame
    from .montecarlo import (
        Engine,
        Plan,
        Progress,
        SimulationResult,
        ignore_interrupts,
        make_plan,
        run_chunk,
        simulate,
    )
    from .parameters import (
        Elasticity,
        HelpTypeParameters,
        ModelParameters,
        PriceIncrease,
        ProviderWeight,
        SpaceParameters,
    )
    from .plot import plot_result, save_plot
    from .scenario import (
        BASELINE,
        AllocationMethod,
        BudgetPlan,
        Change,
        Operation,
        Parameter,
        Scenario,
        Study,
        load_study,
        parse_study,
        read_rule_set,
    )
    from .summary import QUANTITIES, Estimate, SummaryRow, estimate, summarise
    from .synthetic import city_study

# ``histories`` is both a submodule and a function: loaded here, so importing the module
# sozialraum.simulation.histories (as autodoc or pkgutil do) cannot shadow the function.
from .histories import histories, trace_run

__all__ = [
    "BASELINE",
    "QUANTITIES",
    "AllocationMethod",
    "BudgetPlan",
    "Change",
    "CompiledScenario",
    "Elasticity",
    "Engine",
    "Estimate",
    "HelpTypeParameters",
    "Layout",
    "ModelParameters",
    "Operation",
    "Parameter",
    "Plan",
    "PriceIncrease",
    "Progress",
    "ProviderWeight",
    "Scenario",
    "SimulationResult",
    "SpaceParameters",
    "Study",
    "SummaryRow",
    "calibrate",
    "city_study",
    "compile_scenario",
    "dask_client",
    "dask_executor",
    "demo_text",
    "estimate",
    "expected_yearly_cost",
    "help_months",
    "histories",
    "ignore_interrupts",
    "initial_helps",
    "load_study",
    "make_plan",
    "parse_study",
    "plot_result",
    "process_executor",
    "read_rule_set",
    "run_batch",
    "run_chunk",
    "run_once",
    "run_seeds",
    "runs_frame",
    "sample_parameters",
    "sample_study",
    "save_plot",
    "simulate",
    "stream_seed",
    "study_issues",
    "summarise",
    "summary_frame",
    "text_table",
    "to_csv",
    "to_json",
    "to_json_data",
    "trace_run",
]

# The submodules are imported on first use (PEP 562), so that ``sozialraum`` commands that
# do not simulate start fast; type checkers see the imports above.
_EXPORTS: dict[str, str] = {
    "AllocationMethod": "scenario",
    "BASELINE": "scenario",
    "BudgetPlan": "scenario",
    "Change": "scenario",
    "CompiledScenario": "compiled",
    "Elasticity": "parameters",
    "Engine": "montecarlo",
    "Estimate": "summary",
    "HelpTypeParameters": "parameters",
    "Layout": "compiled",
    "ModelParameters": "parameters",
    "Operation": "scenario",
    "Parameter": "scenario",
    "Plan": "montecarlo",
    "PriceIncrease": "parameters",
    "Progress": "montecarlo",
    "ProviderWeight": "parameters",
    "QUANTITIES": "summary",
    "Scenario": "scenario",
    "SimulationResult": "montecarlo",
    "SpaceParameters": "parameters",
    "Study": "scenario",
    "SummaryRow": "summary",
    "calibrate": "calibration",
    "city_study": "synthetic",
    "compile_scenario": "compiled",
    "dask_client": "distributed",
    "dask_executor": "distributed",
    "demo_text": "export",
    "estimate": "summary",
    "expected_yearly_cost": "calibration",
    "help_months": "calibration",
    "histories": "histories",
    "ignore_interrupts": "montecarlo",
    "initial_helps": "calibration",
    "load_study": "scenario",
    "make_plan": "montecarlo",
    "parse_study": "scenario",
    "plot_result": "plot",
    "process_executor": "distributed",
    "read_rule_set": "scenario",
    "run_batch": "batch",
    "run_chunk": "montecarlo",
    "run_once": "engine",
    "run_seeds": "engine",
    "runs_frame": "frames",
    "sample_parameters": "calibration",
    "sample_study": "calibration",
    "save_plot": "plot",
    "simulate": "montecarlo",
    "stream_seed": "engine",
    "study_issues": "checks",
    "summarise": "summary",
    "summary_frame": "frames",
    "text_table": "export",
    "to_csv": "export",
    "to_json": "export",
    "to_json_data": "export",
    "trace_run": "histories",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
