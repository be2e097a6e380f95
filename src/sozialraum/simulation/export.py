"""Results as JSON or CSV: one row per scenario, year, unit and quantity.

Money is written in euros with two decimals (rounded half away from zero from the exact
cents), shares with four decimals, counts and rates with two. Differences to the baseline
are in the ``diff_*`` columns (empty for the baseline).

>>> from sozialraum.simulation import simulate
>>> text = to_csv(simulate(runs=3, seed=1, years=1))
>>> text.splitlines()[0]
'scenario,year,level,key,quantity,unit,mean,p5,p50,p95,diff_mean,diff_p5,diff_p50,diff_p95'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import messages
from .._csv import texts as csv_texts
from .._csv import write as csv_write
from .._locale import format_number
from .._text import printable
from .montecarlo import SimulationResult
from .summary import Estimate, SummaryRow, summarise

__all__ = [
    "CSV_COLUMNS",
    "decimal_value",
    "demo_text",
    "format_value",
    "row_dict",
    "text_table",
    "to_csv",
    "to_json",
    "to_json_data",
]

CSV_COLUMNS = (
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

messages.define("simulation.table.scenario", "scenario")
messages.define("simulation.table.year", "year")
messages.define("simulation.table.spending", "spending")
messages.define("simulation.table.help_budget", "help budget")
messages.define("simulation.table.execution", "execution")
messages.define("simulation.table.total_budget", "total budget")
messages.define("simulation.table.vs_baseline", "vs baseline")
messages.define(
    "simulation.table.footer",
    "{runs} runs, seed {seed}; money in EUR; help budget: the case-specific part of the total "
    "budget; execution = spending / help budget",
)
messages.define("simulation.table.interrupted", " — interrupted, partial result")


def decimal_value(value: Fraction, unit: str) -> Decimal:
    """A value as an exact :class:`~decimal.Decimal`: euros from cents (2 places), shares
    (4), others (2), rounded half away from zero.

    >>> decimal_value(Fraction(12345, 1), "EUR"), decimal_value(Fraction(1, 3), "share")
    (Decimal('123.45'), Decimal('0.3333'))
    """
    if unit == "EUR":
        value = value / 100
    places = Decimal("0.0001") if unit == "share" else Decimal("0.01")
    q, r = divmod(abs(value.numerator) * (100 if unit != "share" else 10_000), value.denominator)
    q += 1 if 2 * r >= value.denominator else 0
    rounded = Decimal(q).scaleb(-2 if unit != "share" else -4)
    if value < 0 and q:
        rounded = -rounded
    return rounded.quantize(places)


def format_value(value: Fraction, unit: str) -> str:
    """A value as decimal text: euros from cents (2 places), shares (4), others (2).

    >>> format_value(Fraction(12345, 1), "EUR"), format_value(Fraction(1, 3), "share")
    ('123.45', '0.3333')
    """
    return str(decimal_value(value, unit))


def _values(e: Estimate | None, unit: str) -> list[Decimal | None]:
    if e is None:
        return [None, None, None, None]
    return [decimal_value(v, unit) for v in (e.mean, e.p5, e.p50, e.p95)]


def row_dict(row: SummaryRow) -> dict[str, Any]:
    """One row as a mapping with the :data:`CSV_COLUMNS` keys: ``year`` an ``int``, the
    estimates :class:`~decimal.Decimal` (money in euros with two places, shares with four,
    others with two; ``None`` for the differences of the baseline).

    >>> from sozialraum.simulation import simulate, summarise
    >>> row = row_dict(summarise(simulate(runs=3, seed=1, years=1))[0])
    >>> type(row["year"]).__name__, type(row["mean"]).__name__, row["diff_mean"]
    ('int', 'Decimal', None)
    """
    values = [
        row.scenario,
        row.year,
        row.level,
        row.key,
        row.quantity,
        row.unit,
        *_values(row.estimate, row.unit),
        *_values(row.difference, row.unit),
    ]
    return dict(zip(CSV_COLUMNS, values, strict=True))


def _json_row(row: SummaryRow) -> dict[str, Any]:
    """:func:`row_dict` with JSON numbers (the decimals' shortest float is the same text)."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row_dict(row).items()}


def to_json_data(
    result: SimulationResult, rows: Sequence[SummaryRow] | None = None, *, raw: bool = False
) -> dict[str, Any]:
    """The whole result as JSON-ready data: the study, seed, runs, rows (as
    :func:`row_dict`, with numbers as JSON numbers) and (``raw=True``) the raw run
    records."""
    from .. import schema

    rows = summarise(result) if rows is None else rows
    plan = result.plan
    data: dict[str, Any] = {
        "study": schema.unstructure(plan.study),
        "seed": plan.seed,
        "runs": result.runs,
        "completed_runs": result.completed,
        "interrupted": result.interrupted,
        "years": list(plan.scenarios[0].years),
        "space_ids": list(plan.layout.space_ids),
        "provider_ids": list(plan.layout.provider_ids),
        "rows": [_json_row(r) for r in rows],
    }
    if raw:
        data["raw"] = {
            "layout": {
                "per_year": plan.layout.stride,
                "cells": [
                    [plan.layout.space_ids[s], plan.layout.provider_ids[p]]
                    for s, p in plan.layout.cells
                ],
            },
            "run_ids": list(result.run_ids),
            "records": {name: result.raw(name) for name in result.scenario_names},
        }
    return data


def to_json(
    result: SimulationResult, rows: Sequence[SummaryRow] | None = None, *, raw: bool = False
) -> str:
    """:func:`to_json_data` as indented JSON text with a final newline."""
    return json.dumps(to_json_data(result, rows, raw=raw), indent=1, ensure_ascii=False) + "\n"


def to_csv(result: SimulationResult, rows: Sequence[SummaryRow] | None = None) -> str:
    """The summary rows as CSV text (header :data:`CSV_COLUMNS`). Text cells (scenario
    names, ids, codes) that a spreadsheet could run as a formula get a leading single quote
    (see :doc:`/security`); the numbers stay numbers."""
    rows = summarise(result) if rows is None else rows
    lines = [csv_texts(CSV_COLUMNS)]
    for r in rows:
        d = row_dict(r)
        lines.append(csv_texts([d[k] for k in CSV_COLUMNS]))
    return csv_write(lines, "\n")


def text_table(
    result: SimulationResult, rows: Sequence[SummaryRow] | None = None, *, lang: str = "en"
) -> str:
    """A short text table: per scenario and year, total spending on helps (mean, 5 % and
    95 % percentiles), the budget for helps (the case-specific part of the budget), its
    execution (mean), the whole budget (helps and case-independent work) and the mean
    difference of spending to the baseline. The scenario column is as wide as the longest
    name; ``lang="de"`` gives German headings and numbers (``1.234,56``).

    >>> from sozialraum.simulation import simulate
    >>> table = text_table(simulate(runs=3, seed=1, years=1))
    >>> table.splitlines()[0].split()  # doctest: +NORMALIZE_WHITESPACE
    ['scenario', 'year', 'spending', '5', '%', '95', '%', 'help', 'budget', 'execution',
     'total', 'budget', 'vs', 'baseline']
    """
    rows = summarise(result) if rows is None else rows
    wanted = ("spending", "budget", "budget_total", "execution")
    picked = {
        (r.scenario, r.year, r.quantity): r
        for r in rows
        if r.level == "total" and r.quantity in wanted
    }

    def head(key: str) -> str:
        return messages.render(f"simulation.table.{key}", {}, lang)

    width = max([len(head("scenario")), *(len(printable(n)) for n in result.scenario_names)]) + 2
    lines = [
        f"{head('scenario'):<{width}}{head('year'):<6}{head('spending'):>15}{'5 %':>15}"
        f"{'95 %':>15}{head('help_budget'):>15}{head('execution'):>11}"
        f"{head('total_budget'):>15}{head('vs_baseline'):>15}"
    ]

    def euros(value: Fraction) -> str:
        if lang == "de":
            return format_number(decimal_value(value, "EUR"), lang, places=2)
        return f"{decimal_value(value, 'EUR'):,.2f}"

    for (scenario, year, quantity), r in picked.items():
        if quantity != "spending":
            continue
        e = r.estimate
        budget = picked[scenario, year, "budget"].estimate.mean
        whole = picked[scenario, year, "budget_total"].estimate.mean
        ratio = picked.get((scenario, year, "execution"))
        execution = "–" if ratio is None else format_value(ratio.estimate.mean * 100, "count")
        if lang == "de":
            execution = execution.replace(".", ",")
        diff = "" if r.difference is None else euros(r.difference.mean)
        lines.append(
            f"{printable(scenario):<{width}}{year:<6}{euros(e.mean):>15}{euros(e.p5):>15}"
            f"{euros(e.p95):>15}{euros(budget):>15}"
            f"{execution:>10}{'%' if ratio else ' '}{euros(whole):>15}{diff:>15}".rstrip()
        )
    runs = format_number(result.completed, lang) if lang == "de" else f"{result.completed:,}"
    footer = messages.render(
        "simulation.table.footer", {"runs": runs, "seed": result.plan.seed}, lang
    )
    if result.interrupted:
        footer += messages.render("simulation.table.interrupted", {}, lang)
    lines.append(footer)
    return "\n".join(lines)


def demo_text(runs: int = 200, seed: int = 2026) -> str:
    """What ``sozialraum demo`` can show: the default study of the sample, as a table."""
    from .montecarlo import simulate

    result = simulate(runs=runs, seed=seed)
    return (
        f"Simulation of {result.plan.study.name}, {runs} runs per scenario:\n"
        + text_table(result)
        + "\n"
    )
