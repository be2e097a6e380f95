"""Small, escaping HTML helpers shared by the notebook views (``_repr_html_``) and the
Sozialraumbericht.

Every text that goes into HTML passes :func:`esc` (ids and names come from data files and
may be hostile); :func:`table` builds a plain ``<table>`` from already formatted cells.

>>> print(table(["space", "helps"], [["<Nord>", "12"], ["Süd", "."]], caption="A & B",
...             numeric=(False, True)))
<table class="sozialraum-table"><caption>A &amp; B</caption>
<thead><tr><th scope="col">space</th><th scope="col" class="num">helps</th></tr></thead>
<tbody>
<tr><td>&lt;Nord&gt;</td><td class="num">12</td></tr>
<tr><td>Süd</td><td class="num">.</td></tr>
</tbody></table>
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from .money import Money

if TYPE_CHECKING:
    from .budget import Allocation, SpendReport
    from .metrics import MetricTable
    from .simulation import SimulationResult

__all__ = [
    "allocation_html",
    "esc",
    "metric_table_html",
    "simulation_html",
    "spend_report_html",
    "table",
]


def esc(text: object) -> str:
    """``str(text)`` escaped for HTML text and quoted attribute values.

    >>> esc('<script>"x" & \\'y\\'')
    '&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;'
    """
    return html.escape(str(text), quote=True)


def table(
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    numeric: Sequence[bool] | None = None,
    footer: str | None = None,
    row_headers: bool = False,
    css_class: str = "sozialraum-table",
) -> str:
    """An HTML table of ``rows`` under ``headers``; every cell and text is escaped.

    :param numeric: per column, whether it is right-aligned (class ``num``).
    :param footer: a note below the rows (in ``<tfoot>``).
    :param row_headers: the first cell of each row is a row header (``<th scope="row">``).
    """
    nums = list(numeric) if numeric is not None else [False] * len(headers)
    nums += [False] * (len(headers) - len(nums))

    def cls(i: int) -> str:
        return ' class="num"' if i < len(nums) and nums[i] else ""

    out = [f'<table class="{esc(css_class)}">']
    if caption is not None:
        out[0] += f"<caption>{esc(caption)}</caption>"
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col"{cls(i)}>{esc(h)}</th>' for i, h in enumerate(headers))
        + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            tag = "th" if row_headers and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{cls(i)}>{esc(value)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    tail = "</tbody>"
    if footer is not None:
        tail += f'<tfoot><tr><td colspan="{len(headers)}">{esc(footer)}</td></tr></tfoot>'
    out.append(tail + "</table>")
    return "\n".join(out)


# -- notebook views (``_repr_html_`` of the result classes) ---------------------------------

#: Rows shown by a notebook view before "… more rows".
MAX_ROWS = 200


def _more(shown: int, total: int) -> str | None:
    return f"… {total - shown:,} more rows" if total > shown else None


def metric_table_html(metrics: MetricTable, places: int = 2) -> str:
    """A :class:`~sozialraum.metrics.MetricTable` as an HTML table (``.`` withheld,
    ``x`` not defined), the first :data:`MAX_ROWS` rows."""
    from .metrics.rows import Status

    names = metrics.dimension_names
    rows = []
    for row in metrics.rows[:MAX_ROWS]:
        rows.append(
            [
                *(row.dimension(n) or "" for n in names),
                row.metric,
                row.display(places),
                row.unit,
                "" if row.support is None else row.support,
                "" if row.status is Status.OK else str(row.status),
                row.note or "",
            ]
        )
    legend = "'.' withheld (small cells, primary or secondary suppression), 'x' not defined"
    more = _more(len(rows), len(metrics.rows))
    return table(
        [*names, "metric", "value", "unit", "n", "status", "note"],
        rows,
        caption=f"MetricTable: {len(metrics.rows):,} rows",
        numeric=[*(False for _ in names), False, True, False, True, False, False],
        footer=legend if more is None else f"{more}; {legend}",
    )


def allocation_html(allocation: Allocation) -> str:
    """An :class:`~sozialraum.budget.Allocation` as an HTML table: one line per space
    (base, need share, bound, amount), then the total."""
    from .budget.allocation import format_money, format_share

    rows: list[list[object]] = []
    for s in allocation.spaces:
        bound = ""
        if s.bound == "lower":
            bound = f"raised by {s.lower_rule}"
        elif s.bound == "upper":
            bound = f"limited by {s.upper_rule}"
        rows.append(
            [
                s.space_id,
                format_money(s.base) if s.base else "–",
                format_share(s.need_share, 2),
                format_money(s.need),
                bound,
                s.amount.format_de(),
            ]
        )
    rows.append(["total", "", "", "", "", allocation.distributed.format_de()])
    excluded = "; ".join(f"{name}: {m.format_de()}" for name, m in allocation.excluded)
    return table(
        ["space", "base", "need share", "by need", "bound", "amount"],
        rows,
        caption=f"Allocation by rule set {allocation.rule_set!r}, "
        f"total {allocation.total.format_de()}",
        numeric=[False, True, True, True, False, True],
        footer=f"held back: {excluded}" if excluded else None,
    )


def spend_report_html(report: SpendReport) -> str:
    """A :class:`~sozialraum.budget.SpendReport` as an HTML table, one line per cell."""
    from .budget.allocation import format_share

    rows: list[list[object]] = []
    for line in report.lines[:MAX_ROWS]:
        rate = line.execution_rate
        rows.append(
            [
                line.space_id,
                line.work_type or "–",
                line.provider_id or "–",
                line.budget.format_de(),
                line.spent.format_de(),
                line.remaining.format_de(),
                format_share(rate, 1) if rate is not None else "x",
            ]
        )
    total = report.budget
    rate_all = format_share(Fraction(report.spent.cents, total.cents), 1) if total else "x"
    rows.append(["total", "", "", total.format_de(), report.spent.format_de(), "", rate_all])
    period = report.period
    end = period.end.isoformat() if period.end is not None else "…"
    return table(
        ["space", "work type", "provider", "budget", "spent", "remaining", "execution"],
        rows,
        caption=f"Spending {period.start.isoformat()} to {end} (exclusive)",
        numeric=[False, False, False, True, True, True, True],
        footer=_more(len(rows) - 1, len(report.lines)),
    )


def round_cents(value: Fraction) -> Money:
    """Exact cents (a Fraction) rounded half away from zero to :class:`Money`."""
    q, r = divmod(abs(value.numerator), value.denominator)
    q += 2 * r >= value.denominator
    return Money(cents=q if value >= 0 else -q)


def simulation_rows(result: SimulationResult) -> list[list[object]]:
    """Per scenario and year: total spending on helps (mean, 5 %, 95 %), budget,
    execution and the mean difference to the baseline, money German-formatted (the rows
    of :func:`simulation_html` and of the demo's simulation block)."""
    from ._locale import format_percent
    from .simulation.summary import summarise

    picked = {
        (r.scenario, r.year, r.quantity): r
        for r in summarise(result)
        if r.level == "total" and r.quantity in ("spending", "budget", "execution")
    }

    def euro(cents: Fraction) -> str:
        return round_cents(cents).format_de()

    rows: list[list[object]] = []
    for (scenario, year, quantity), r in picked.items():
        if quantity != "spending":
            continue
        e = r.estimate
        execution = picked[scenario, year, "execution"].estimate.mean
        rows.append(
            [
                scenario,
                year,
                euro(e.mean),
                euro(e.p5),
                euro(e.p95),
                euro(picked[scenario, year, "budget"].estimate.mean),
                format_percent(execution, "en", 1),
                "–" if r.difference is None else euro(r.difference.mean),
            ]
        )
    return rows


def simulation_html(result: SimulationResult) -> str:
    """A :class:`~sozialraum.simulation.SimulationResult` summarised as an HTML table:
    per scenario and year, total spending on helps (mean, 5 %, 95 %), budget, execution
    and the mean difference to the baseline."""
    rows = simulation_rows(result)
    note = " (interrupted: partial result)" if result.interrupted else ""
    return table(
        ["scenario", "year", "spending", "5 %", "95 %", "help budget", "execution", "vs baseline"],
        rows,
        caption=f"Simulation of {result.plan.study.name}: {result.completed:,} runs, "
        f"seed {result.plan.seed}{note}",
        numeric=[False, True, True, True, True, True, True, True],
    )
