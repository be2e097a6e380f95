"""Results as pandas DataFrames: tidy, typed columns (the ``[pandas]`` extra).

:func:`runs_frame` has one row per scenario, run, year and social space (``by="space"``)
or per scenario, run, year, space and provider (``by="provider"``): identifiers as
columns, counts as integers, money as **integer cents** (columns ending in ``_cents``).
:func:`summary_frame` has one row per :class:`~sozialraum.simulation.summary.SummaryRow`:
mean and percentiles as floats (``exact=True``: as exact :class:`~decimal.Decimal`), money
in euros, the ``unit`` column says which.

pandas is imported only here, when a frame is built; without it the functions raise
:class:`~sozialraum.errors.MissingDependencyError`.

>>> from sozialraum.simulation import simulate
>>> result = simulate(runs=3, seed=1, years=2)
>>> frame = result.to_dataframe()
>>> list(frame.columns)  # doctest: +NORMALIZE_WHITESPACE
['scenario', 'run', 'year', 'space_id', 'referrals', 'resolved', 'helps_begun',
 'helps_running', 'spending_cents', 'budget_cents', 'case_independent_cents', 'u21']
>>> frame.dtypes["spending_cents"], frame.dtypes["year"]
(dtype('int64'), dtype('int64'))
>>> len(frame) == 2 * 3 * 2 * 4  # scenarios × runs × years × spaces
True
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from ..errors import MissingDependencyError
from .compiled import N_SPACE_COUNTS
from .montecarlo import SimulationResult
from .summary import SummaryRow, summarise

__all__ = ["RUN_COLUMNS", "SUMMARY_COLUMNS", "runs_frame", "summary_frame"]

#: The columns of :func:`runs_frame` with ``by="space"`` (``by="provider"``: the
#: identifiers plus ``provider_id``, ``helps_begun``, ``spending_cents``, ``budget_cents``).
RUN_COLUMNS = (
    "scenario",
    "run",
    "year",
    "space_id",
    "referrals",
    "resolved",
    "helps_begun",
    "helps_running",
    "spending_cents",
    "budget_cents",
    "case_independent_cents",
    "u21",
)

#: The columns of :func:`summary_frame`.
SUMMARY_COLUMNS = (
    "scenario",
    "year",
    "level",
    "key",
    "quantity",
    "unit",
    "mean",
    "p5",
    "p50",
    "p95",
    "diff_mean",
    "diff_p5",
    "diff_p50",
    "diff_p95",
)


def _pandas(feature: str) -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError("pandas", "pandas", feature) from None


def runs_frame(result: SimulationResult, *, by: Literal["space", "provider"] = "space") -> Any:
    """Every completed run of every scenario as a tidy ``pandas.DataFrame``.

    ``by="space"``: the counts of each space (referrals, resolved, helps begun and running),
    its spending on helps, its case-specific budget and its case-independent budget (both
    the same in every run), and its residents under 21. ``by="provider"``: per space and
    provider, the helps begun, spending and the provider's case-specific budget.

    :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
    """
    pandas = _pandas("to_dataframe()")
    if by not in ("space", "provider"):
        raise ValueError("by is 'space' or 'provider'")
    plan = result.plan
    layout = plan.layout
    years = plan.scenarios[0].years
    runs = list(result.run_ids)
    n = len(runs)
    spend0 = N_SPACE_COUNTS * len(layout.space_ids)
    begun0 = spend0 + len(layout.cells)
    columns: dict[str, list[Any]] = {}

    def put(name: str, values: Sequence[Any]) -> None:
        columns.setdefault(name, []).extend(values)

    for k, compiled in enumerate(plan.scenarios):
        for t, year in enumerate(years):
            if by == "space":
                for s, sid in enumerate(layout.space_ids):
                    put("scenario", [compiled.name] * n)
                    put("run", runs)
                    put("year", [year] * n)
                    put("space_id", [sid] * n)
                    counts = [result.column(k, t, N_SPACE_COUNTS * s + j) for j in range(4)]
                    for name, values in zip(RUN_COLUMNS[4:8], counts, strict=True):
                        put(name, values)
                    spend = [0] * n
                    for i, (cs, _) in enumerate(layout.cells):
                        if cs == s:
                            column = result.column(k, t, spend0 + i)
                            spend = [a + b for a, b in zip(spend, column, strict=True)]
                    put("spending_cents", spend)
                    put("budget_cents", [compiled.space_budget[t][s]] * n)
                    put("case_independent_cents", [compiled.independent_budget[t][s]] * n)
                    put("u21", [compiled.u21[t][s]] * n)
            else:
                for i, (s, p) in enumerate(layout.cells):
                    put("scenario", [compiled.name] * n)
                    put("run", runs)
                    put("year", [year] * n)
                    put("space_id", [layout.space_ids[s]] * n)
                    put("provider_id", [layout.provider_ids[p]] * n)
                    put("helps_begun", result.column(k, t, begun0 + i))
                    put("spending_cents", result.column(k, t, spend0 + i))
                    put("budget_cents", [compiled.cell_budget[t][i]] * n)
    names = RUN_COLUMNS if by == "space" else (
        "scenario", "run", "year", "space_id", "provider_id", "helps_begun", "spending_cents",
        "budget_cents",
    )  # fmt: skip
    frame = pandas.DataFrame({name: columns.get(name, []) for name in names})
    integers = [c for c in names if c not in ("scenario", "space_id", "provider_id")]
    return frame.astype(dict.fromkeys(integers, "int64"))


def summary_frame(rows: SimulationResult | Sequence[SummaryRow], *, exact: bool = False) -> Any:
    """Summary rows (or the summary of a result) as a ``pandas.DataFrame`` with the
    :data:`SUMMARY_COLUMNS`: ``year`` an integer, the estimates floats (``exact=True``:
    :class:`~decimal.Decimal`, rounded as :func:`~sozialraum.simulation.export.row_dict`
    rounds them), money in euros (``unit`` ``"EUR"``), the differences empty (NaN or
    ``None``) for the baseline.

    :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
    """
    from .export import row_dict

    pandas = _pandas("summary_frame()")
    if isinstance(rows, SimulationResult):
        rows = summarise(rows)
    data: dict[str, list[Any]] = {c: [] for c in SUMMARY_COLUMNS}
    for row in rows:
        d = row_dict(row)
        for c in SUMMARY_COLUMNS:
            value = d[c]
            if not exact and isinstance(value, Decimal):
                value = float(value)
            elif not exact and value is None:
                value = float("nan")
            data[c].append(value)
    frame = pandas.DataFrame(data)
    frame = frame.astype({"year": "int64"})
    if not exact:
        frame = frame.astype(dict.fromkeys(SUMMARY_COLUMNS[6:], "float64"))
    return frame
