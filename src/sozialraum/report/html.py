"""The Sozialraumbericht as one self-contained HTML file.

:func:`build_report` lays out a :class:`~sozialraum.report.ReportData` as HTML: CSS
inline, charts as inline SVG (:mod:`sozialraum.report._svg`), no script, no font, no
image, no link to anything outside the file — a Content-Security-Policy in the file itself
forbids every request. Every text from data (names, ids, rule names) is escaped. Each chart
has a text alternative and its numbers in a table beside it; cells carry ``data-metric``,
``data-space`` and ``data-year`` so a test (or a reader's tool) can find each number.

>>> html = build_report(year=2025, lang="en")
>>> html.startswith("<!DOCTYPE html>"), "Social space report 2025" in html
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path

from .. import __version__
from .._html import esc
from .._locale import check_lang, format_date, format_money, format_number, format_percent
from ..budget import Allocation
from ..data import Sample
from ..metrics import DEFAULT_THRESHOLD, TOTAL, MetricTable, Row, Status, to_decimal
from ..metrics.rows import NOT_DEFINED_SYMBOL, SUPPRESSED_SYMBOL, is_money
from ..money import Money
from ._svg import bar_chart, line_chart
from ._texts import text
from .data import ReportData, report_data

__all__ = ["CSP", "INDICATORS", "build_report", "format_row", "render_html", "write_report"]

#: The Content-Security-Policy of the report: nothing may be loaded from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

#: The key indicators: metric, extra dimensions, kind (count/number/share/money), places.
INDICATORS: tuple[tuple[str, tuple[tuple[str, str], ...], str, int], ...] = (
    ("helps_active", (), "count", 0),
    ("use_rate_u21", (), "number", 1),
    ("grant_rate_u21", (), "number", 1),
    ("out_of_home_share", (), "share", 1),
    ("ended_as_planned_share", (), "share", 1),
    ("resolved_in_space_share", (), "share", 1),
    ("spending_per_resident_u21", (), "money", 2),
    ("work_budget_share", (("work_type", "case_independent"),), "share", 1),
    ("gas_t_mean", (), "number", 1),
)

_GAS = (
    ("gas_plans_scored", "count", 0),
    ("gas_t_mean", "number", 1),
    ("gas_at_least_expected_share", "share", 1),
)
_SETTINGS = ("ambulant", "semi_residential", "residential", "crisis")
_WORK_TYPES = ("case_overarching", "case_independent", TOTAL)

_CSS = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#c8c8c8;--accent:#0072B2}
*{box-sizing:border-box}
body{font-family:system-ui,'Segoe UI',Arial,sans-serif;color:var(--ink);margin:0 auto;
max-width:1100px;padding:24px 32px;line-height:1.45;font-size:15px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:32px 0 8px;
border-bottom:2px solid var(--accent);padding-bottom:2px}h3{font-size:17px;margin:20px 0 6px}
.subtitle{color:var(--muted);margin:0 0 8px}.note{font-size:13px;color:var(--muted)}
nav ol{columns:2;margin:4px 0}nav a{color:var(--accent)}
table{border-collapse:collapse;margin:6px 0 14px;font-size:13px}
caption{text-align:left;font-weight:600;padding:2px 0 4px}
th,td{border-bottom:1px solid var(--rule);padding:3px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink)}.num{text-align:right;
font-variant-numeric:tabular-nums;white-space:nowrap}tr.total td,tr.total th{font-weight:600}
.figure{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin:8px 0 16px}
.figure svg{max-width:100%;height:auto}.figure table{margin-top:0}
ol.steps,ul.explain{font-size:13px;margin:4px 0 12px}
footer{margin-top:32px;font-size:12px;color:var(--muted)}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:11pt}nav{display:none}
h2{break-after:avoid}.figure,table,section.space{break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""


# -- formatting -------------------------------------------------------------------------------


def format_row(row: Row | None, kind: str, places: int, lang: str) -> str:
    """A metric value as the report shows it in ``lang``: ``.`` withheld, ``x`` not
    defined, ``–`` no such row; shares as percentages, amounts in euros.

    >>> from fractions import Fraction
    >>> r = Row(metric="s", unit="share", value=Fraction(1, 8), numerator=1, denominator=8)
    >>> format_row(r, "share", 1, "de"), format_row(r.withheld("cell.suppressed"), "share", 1, "de")
    ('12,5 %', '.')
    """
    if row is None:
        return "–"
    if row.status is Status.SUPPRESSED:
        return SUPPRESSED_SYMBOL
    if row.status is Status.NOT_DEFINED or row.value is None:
        return NOT_DEFINED_SYMBOL
    value = row.value
    if is_money(value):
        return format_money(value, lang)
    assert not isinstance(value, Money)
    if kind == "share":
        return format_percent(value, lang, places)
    if kind == "money":
        return format_money(Money.from_decimal(to_decimal(value, 2)), lang)
    return format_number(value, lang, places)


def _float(row: Row | None, kind: str) -> float | None:
    if row is None or row.status is not Status.OK or row.value is None:
        return None
    value = row.value
    if is_money(value):
        return value.cents / 100
    assert not isinstance(value, Money)
    number = float(Fraction(value))
    return number * 100 if kind == "share" else number


def _cell(row: Row | None, kind: str, places: int, lang: str, *, year: int) -> str:
    attrs = ""
    if row is not None:
        attrs = (
            f' data-metric="{esc(row.metric)}" data-space="{esc(row.dimension("space"))}"'
            f' data-year="{year}"'
        )
        extra = [f"{k}={v}" for k, v in row.dimensions if k != "space"]
        if extra:
            attrs += f' data-dims="{esc(";".join(extra))}"'
        if row.status is Status.SUPPRESSED:
            attrs += ' title="' + esc(text(lang, "suppressed_in_chart")) + '"'
    return f'<td class="num"{attrs}>{esc(format_row(row, kind, places, lang))}</td>'


def _find(
    table: MetricTable, metric: str, space: str, extra: Sequence[tuple[str, str]]
) -> Row | None:
    try:
        return table.get(metric, space=space, **dict(extra))
    except LookupError:
        return None


def _table(
    headers: Sequence[str],
    body: Sequence[str],
    *,
    caption: str | None = None,
    numeric_from: int = 1,
    text_columns: Sequence[int] = (),
    css: str = "",
) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i >= numeric_from and i not in text_columns else ""

    head = "".join(f'<th scope="col"{cls(i)}>{esc(h)}</th>' for i, h in enumerate(headers))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    table_class = f' class="{css}"' if css else ""
    return (
        f"<table{table_class}>{cap}<thead><tr>{head}</tr></thead><tbody>\n"
        + "\n".join(body)
        + "\n</tbody></table>"
    )


def _tr(label: str, cells: Sequence[str], *, total: bool = False) -> str:
    cls = ' class="total"' if total else ""
    return f'<tr{cls}><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>'


def _num(value: str) -> str:
    return f'<td class="num">{esc(value)}</td>'


# -- the report ---------------------------------------------------------------------------------


class _Report:
    def __init__(self, data: ReportData, lang: str) -> None:
        self.d = data
        self.lang = check_lang(lang)
        self.names = {s.id: s.name for s in data.sample.municipality.social_spaces}
        self.spaces = [s.id for s in data.sample.municipality.social_spaces]
        self.charts = 0

    def t(self, key: str, **params: object) -> str:
        return text(self.lang, key, **params)

    def name(self, space: str | None) -> str:
        if space is None or space == TOTAL:
            return self.t("city")
        return self.names.get(space, space)

    def chart_id(self) -> str:
        self.charts += 1
        return f"chart-{self.charts}"

    def money(self, amount: Money) -> str:
        return format_money(amount, self.lang)

    def years_text(self) -> str:
        return (
            "–".join(str(y) for y in (self.d.years[0], self.d.years[-1]))
            if len(self.d.years) > 1
            else str(self.d.year)
        )

    # -- sections ---------------------------------------------------------------------
    def overview(self) -> str:
        d, y = self.d, self.d.year
        table = d.table
        cols = [*self.spaces, TOTAL]
        body = []
        for metric, extra, kind, places in INDICATORS:
            cells = [
                _cell(_find(table, metric, s, extra), kind, places, self.lang, year=y) for s in cols
            ]
            body.append(_tr(self.t(f"m_{metric}"), cells))
        out = [
            f'<section id="overview"><h2>{esc(self.t("overview"))}</h2>',
            f"<p>{esc(self.t('overview_intro', year=y))}</p>",
            _table([self.t("indicator"), *(self.name(s) for s in cols)], body),
            self.use_chart(),
            self.trend_chart(),
            "</section>",
        ]
        return "\n".join(x for x in out if x)

    def use_chart(self) -> str:
        d, y = self.d, self.d.year
        series = []
        for year in d.years:
            rows = [_find(d.tables[year], "use_rate_u21", s, ()) for s in self.spaces]
            series.append(
                (
                    str(year),
                    [_float(r, "number") for r in rows],
                    [format_row(r, "number", 1, self.lang) for r in rows],
                )
            )
        city = _find(d.table, "use_rate_u21", TOTAL, ())
        city_value = _float(city, "number")
        city_text = format_row(city, "number", 1, self.lang)
        reference = (
            (self.t("city_average", year=y) + ": " + city_text, city_value)
            if city_value is not None
            else None
        )
        svg = bar_chart(
            self.chart_id(),
            self.t("chart_use"),
            self.t("chart_use_desc", years=self.years_text(), year=y, value=city_text),
            [self.name(s) for s in self.spaces],
            series,
            reference=reference,
        )
        body = []
        for s in [*self.spaces, TOTAL]:
            cells = [
                _cell(
                    _find(d.tables[year], "use_rate_u21", s, ()), "number", 1, self.lang, year=year
                )
                for year in d.years
            ]
            body.append(_tr(self.name(s), cells, total=s == TOTAL))
        numbers = _table(
            [self.t("space"), *(str(year) for year in d.years)], body, caption=self.t("chart_table")
        )
        return f'<div class="figure">{svg}{numbers}</div>'

    def trend_chart(self) -> str:
        d = self.d
        if len(d.years) < 2:
            return ""
        series = [
            (
                self.name(s),
                [
                    _float(_find(d.tables[year], "use_rate_u21", s, ()), "number")
                    for year in d.years
                ],
            )
            for s in [*self.spaces, TOTAL]
        ]
        svg = line_chart(
            self.chart_id(),
            self.t("chart_trend"),
            self.t("chart_trend_desc", years=self.years_text()),
            [str(year) for year in d.years],
            series,
            tick=lambda v: format_number(Fraction(v).limit_denominator(1000), self.lang, 0),
        )
        return f'<div class="figure">{svg}</div>'

    def space_sections(self) -> str:
        d, y = self.d, self.d.year
        out = [f'<h2 id="spaces">{esc(self.t("spaces"))}</h2>']
        for i, s in enumerate(self.spaces, 1):
            body = []
            for metric, extra, kind, places in INDICATORS:
                cells = [
                    _cell(
                        _find(d.tables[year], metric, s, extra), kind, places, self.lang, year=year
                    )
                    for year in d.years
                ]
                cells.append(
                    _cell(_find(d.table, metric, TOTAL, extra), kind, places, self.lang, year=y)
                )
                body.append(_tr(self.t(f"m_{metric}"), cells))
            headers = [
                self.t("indicator"),
                *(str(year) for year in d.years),
                self.t("city_average", year=y),
            ]
            out += [
                f'<section class="space" id="space-{i}">',
                f"<h3>{esc(self.t('space_heading', name=self.name(s)))} "
                f'<span class="note">({esc(s)})</span></h3>',
                f"<p>{esc(self.t('space_intro', years=self.years_text(), year=y))}</p>",
                _table(headers, body),
                "</section>",
            ]
        return "\n".join(out)

    def settings(self) -> str:
        d, y = self.d, self.d.year
        table = d.table
        present = [
            st
            for st in _SETTINGS
            if _find(table, "setting_share", TOTAL, (("setting", st),)) is not None
        ]
        cols = [*self.spaces, TOTAL]
        body = [
            _tr(
                self.name(s),
                [
                    _cell(
                        _find(table, "setting_share", s, (("setting", st),)),
                        "share",
                        1,
                        self.lang,
                        year=y,
                    )
                    for st in present
                ],
                total=s == TOTAL,
            )
            for s in cols
        ]
        series = []
        for st in present:
            rows = [_find(table, "setting_share", s, (("setting", st),)) for s in cols]
            series.append(
                (
                    self.t(f"setting_{st}"),
                    [_float(r, "share") for r in rows],
                    [format_row(r, "share", 1, self.lang) for r in rows],
                )
            )
        svg = bar_chart(
            self.chart_id(),
            self.t("chart_setting", year=y),
            self.t("chart_setting_desc", year=y),
            [self.name(s) for s in cols],
            series,
        )
        numbers = _table(
            [self.t("space"), *(self.t(f"setting_{st}") for st in present)],
            body,
            caption=self.t("chart_table"),
        )
        return "\n".join(
            [
                f'<section id="settings"><h2>{esc(self.t("setting_mix"))}</h2>',
                f"<p>{esc(self.t('setting_intro', year=y))}</p>",
                f'<div class="figure">{svg}{numbers}</div>',
                "</section>",
            ]
        )

    def work(self) -> str:
        d, y = self.d, self.d.year
        body = []
        for s in [*self.spaces, TOTAL]:
            for wt in _WORK_TYPES:
                extra = (("work_type", wt),)
                label = self.t("work_all") if wt == TOTAL else self.t(f"work_{wt}")
                cells = [
                    f"<td>{esc(label)}</td>",
                    _cell(_find(d.table, "work_hours", s, extra), "number", 0, self.lang, year=y),
                    _cell(_find(d.table, "work_cost", s, extra), "money", 2, self.lang, year=y),
                    _cell(
                        _find(d.table, "work_budget_share", s, extra), "share", 1, self.lang, year=y
                    ),
                ]
                body.append(_tr(self.name(s), cells, total=wt == TOTAL))
        return "\n".join(
            [
                f'<section id="work"><h2>{esc(self.t("work"))}</h2>',
                f"<p>{esc(self.t('work_intro', year=y))}</p>",
                _table(
                    [
                        self.t("space"),
                        self.t("work_type"),
                        self.t("hours"),
                        self.t("cost"),
                        self.t("share"),
                    ],
                    body,
                    numeric_from=2,
                ),
                "</section>",
            ]
        )

    def budget(self) -> str:
        d, y = self.d, self.d.year
        head = f'<section id="budget"><h2>{esc(self.t("budget"))}</h2>'
        a = d.allocation
        if a is None:
            return head + f"<p>{esc(self.t('budget_none', year=y))}</p></section>"
        out = [head, self.allocation(a)]
        out.append(self.execution(a))
        out.append("</section>")
        return "\n".join(out)

    def allocation(self, a: Allocation) -> str:
        y = self.d.year
        from ..budget.allocation import format_money as exact_money

        def exact(value: Fraction | int) -> str:
            text_de = exact_money(value)
            if self.lang == "de":
                return text_de
            return self.money(Money(cents=int(to_decimal(Fraction(value), 0))))

        body = []
        for s in a.spaces:
            bound = ""
            if s.bound == "lower":
                bound = self.t("bound_lower", rule=s.lower_rule or "")
            elif s.bound == "upper":
                bound = self.t("bound_upper", rule=s.upper_rule or "")
            body.append(
                _tr(
                    self.name(s.space_id),
                    [
                        _num(exact(s.base) if s.base else "–"),
                        _num(format_percent(s.need_share, self.lang, 1)),
                        _num(exact(s.need)),
                        f"<td>{esc(bound)}</td>",
                        f'<td class="num" data-budget="{esc(s.space_id)}">'
                        f"{esc(self.money(s.amount))}</td>",
                    ],
                )
            )
        body.append(
            _tr(self.t("city"), ["<td></td>"] * 4 + [_num(self.money(a.distributed))], total=True)
        )
        table = _table(
            [
                self.t("space"),
                self.t("base"),
                self.t("need_share"),
                self.t("need"),
                self.t("bound"),
                self.t("amount"),
            ],
            body,
            text_columns=(4,),
        )
        explain = []
        for s in a.spaces:
            parts = []
            if s.base:
                parts.append(self.t("explain_base", amount=exact(s.base)))
            parts.append(
                self.t(
                    "explain_need",
                    share=format_percent(s.need_share, self.lang, 2),
                    amount=exact(s.need),
                )
            )
            if s.bound == "lower":
                parts.append(
                    self.t("explain_lower", amount=exact(s.lower), rule=s.lower_rule or "")
                )
            elif s.bound == "upper":
                parts.append(
                    self.t("explain_upper", amount=exact(s.upper or 0), rule=s.upper_rule or "")
                )
            line = self.t(
                "explain_space",
                name=self.name(s.space_id),
                amount=self.money(s.amount),
                parts=" + ".join(parts),
            )
            if s.target != s.amount.cents:
                line += " (" + self.t("explain_rounded", amount=exact(s.target)) + ")"
            explain.append(f"<li>{esc(line)}</li>")
        steps = []
        for i, st in enumerate(a.steps, 1):
            key = f"stage_{st.stage}"
            stage = self.t(key) if key in _stage_keys(self.lang) else self.t("stage_other")
            steps.append(f"<li>{esc(self.t('step', number=i, stage=stage, rule=st.rule))}</li>")
        excluded = [
            f"<li>{esc(self.t('excluded', name=name, amount=self.money(m)))}</li>"
            for name, m in a.excluded
        ]
        svg = bar_chart(
            self.chart_id(),
            self.t("chart_allocation", year=y),
            self.t("chart_allocation_desc", year=y),
            [self.name(s.space_id) for s in a.spaces],
            [
                (
                    str(y),
                    [s.amount.cents / 100 for s in a.spaces],
                    [self.money(s.amount) for s in a.spaces],
                )
            ],
        )
        return "\n".join(
            [
                f"<h3>{esc(self.t('allocation'))}</h3>",
                "<p>"
                + esc(
                    self.t(
                        "allocation_intro",
                        rule_set=a.rule_set,
                        total=self.money(a.total),
                        distributed=self.money(a.distributed),
                    )
                )
                + "</p>",
                f'<ul class="explain">{"".join(excluded)}</ul>' if excluded else "",
                f'<div class="figure">{svg}{table}</div>',
                f"<h3>{esc(self.t('explanation'))}</h3>",
                f'<ol class="steps">{"".join(steps)}</ol>',
                f'<ul class="explain">{"".join(explain)}</ul>',
            ]
        )

    def execution(self, a: Allocation) -> str:
        d, y = self.d, self.d.year
        assert d.actual is not None
        assert d.outlook is not None
        assert d.forecast_on is not None
        today = format_date(d.forecast_on, self.lang)
        to_date = d.outlook.to_date.by_space()
        projected = d.outlook.projected.by_space()
        actual = d.actual.by_space()
        keys = [s.space_id for s in a.spaces] + sorted(
            k for k in actual if k is not None and k not in {s.space_id for s in a.spaces}
        )
        zero = (Money.zero(), Money.zero())
        body = []
        budgets, forecasts, actuals = [], [], []
        for k in keys:
            budget, spent = to_date.get(k, zero)
            fc = spent + projected.get(k, zero)[1]
            act = actual.get(k, zero)[1]
            rate = (
                format_percent(Fraction(act.cents, budget.cents), self.lang, 1) if budget else "x"
            )
            budgets.append(budget)
            forecasts.append(fc)
            actuals.append(act)
            body.append(
                _tr(
                    self.name(k),
                    [
                        _num(self.money(budget)),
                        _num(self.money(spent)),
                        _num(self.money(fc)),
                        f'<td class="num" data-actual="{esc(k)}">{esc(self.money(act))}</td>',
                        _num(rate),
                    ],
                )
            )
        total_budget = d.outlook.budget
        total_rate = (
            format_percent(Fraction(d.actual.spent.cents, total_budget.cents), self.lang, 1)
            if total_budget
            else "x"
        )
        body.append(
            _tr(
                self.t("city"),
                [
                    _num(self.money(total_budget)),
                    _num(self.money(d.outlook.to_date.spent)),
                    _num(self.money(d.outlook.total)),
                    _num(self.money(d.actual.spent)),
                    _num(total_rate),
                ],
                total=True,
            )
        )
        table = _table(
            [
                self.t("space"),
                self.t("amount"),
                self.t("spent_to", today=today),
                self.t("forecast"),
                self.t("actual", year=y),
                self.t("rate"),
            ],
            body,
        )
        svg = bar_chart(
            self.chart_id(),
            self.t("chart_execution", year=y),
            self.t("chart_execution_desc", year=y, today=today),
            [self.name(k) for k in keys],
            [
                (
                    self.t("amount"),
                    [m.cents / 100 for m in budgets],
                    [self.money(m) for m in budgets],
                ),
                (
                    self.t("forecast"),
                    [m.cents / 100 for m in forecasts],
                    [self.money(m) for m in forecasts],
                ),
                (
                    self.t("actual", year=y),
                    [m.cents / 100 for m in actuals],
                    [self.money(m) for m in actuals],
                ),
            ],
        )
        outside = d.actual.excluded
        return "\n".join(
            [
                f"<h3>{esc(self.t('execution'))}</h3>",
                f"<p>{esc(self.t('execution_intro', today=today))}</p>",
                table,
                f'<div class="figure">{svg}</div>',
                f'<p class="note">{esc(self.t("outside", year=y, amount=self.money(outside)))}</p>',
            ]
        )

    def gas(self) -> str:
        d, y = self.d, self.d.year
        body = [
            _tr(
                self.name(s),
                [
                    _cell(_find(d.table, m, s, ()), kind, places, self.lang, year=y)
                    for m, kind, places in _GAS
                ],
                total=s == TOTAL,
            )
            for s in [*self.spaces, TOTAL]
        ]
        return "\n".join(
            [
                f'<section id="gas"><h2>{esc(self.t("gas"))}</h2>',
                f"<p>{esc(self.t('gas_intro', year=y))}</p>",
                _table([self.t("space"), *(self.t(f"m_{m}") for m, _, _ in _GAS)], body),
                "</section>",
            ]
        )

    def methods(self) -> str:
        keys = (
            "d_use_rate_u21",
            "d_grant_rate_u21",
            "d_out_of_home_share",
            "d_ended_as_planned_share",
            "d_resolved_in_space_share",
            "d_work",
            "d_gas",
            "d_budget",
        )
        items = "".join(f"<li>{esc(self.t(k))}</li>" for k in keys)
        threshold = self.d.threshold
        suppression = self.t("suppression", threshold=threshold, protection=threshold + 1)
        return "\n".join(
            [
                f'<section id="methods"><h2>{esc(self.t("methods"))}</h2>',
                f"<p>{esc(self.t('methods_intro', version=__version__))}</p>",
                f"<ul>{items}</ul>",
                f"<p>{esc(suppression)}</p>",
                f"<p>{esc(self.t('symbols'))}</p>",
                "</section>",
            ]
        )

    def document(self) -> str:
        d, y = self.d, self.d.year
        title = self.t("title", year=y)
        municipality = d.sample.municipality.name
        last_day = date.fromordinal(d.as_of.toordinal() - 1)
        subtitle = self.t(
            "subtitle", municipality=municipality, year=y, as_of=format_date(last_day, self.lang)
        )
        nav = [
            ("overview", self.t("overview")),
            ("spaces", self.t("spaces")),
            ("settings", self.t("setting_mix")),
            ("work", self.t("work")),
            ("budget", self.t("budget")),
            ("gas", self.t("gas")),
            ("methods", self.t("methods")),
        ]
        links = "".join(f'<li><a href="#{k}">{esc(v)}</a></li>' for k, v in nav)
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{self.lang}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title + ' – ' + municipality)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            f"<header><h1>{esc(title)}</h1>",
            f'<p class="subtitle">{esc(subtitle)}</p>',
            f'<p class="note">{esc(self.t("synthetic"))}</p>' if d.synthetic else "",
            "</header>",
            f'<nav aria-label="{esc(self.t("contents"))}">'
            f"<strong>{esc(self.t('contents'))}</strong><ol>{links}</ol></nav>",
            "<main>",
            self.overview(),
            self.space_sections(),
            self.settings(),
            self.work(),
            self.budget(),
            self.gas(),
            self.methods(),
            "</main>",
            f"<footer>{esc(self.t('footer', version=__version__))}</footer>",
            "</body>",
            "</html>",
        ]
        return "\n".join(p for p in parts if p) + "\n"


def _stage_keys(lang: str) -> frozenset[str]:
    from ._texts import TEXTS

    return frozenset(k for k in TEXTS[lang] if k.startswith("stage_"))


def render_html(data: ReportData, *, lang: str = "de") -> str:
    """The HTML of the report for ``data`` in ``lang`` (``"de"`` or ``"en"``)."""
    return _Report(data, lang).document()


def build_report(
    sample: Sample | None = None,
    *,
    year: int | None = None,
    lang: str = "de",
    as_of: date | None = None,
    allocation: Allocation | None = None,
    forecast_on: date | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> str:
    """The Sozialraumbericht for ``sample`` (default: the embedded Musterstadt) and
    ``year`` (default: the last year with helps) as one self-contained HTML document.

    See :func:`~sozialraum.report.report_data` for the other parameters.
    """
    check_lang(lang)
    data = report_data(
        sample,
        year=year,
        as_of=as_of,
        allocation=allocation,
        forecast_on=forecast_on,
        threshold=threshold,
    )
    return render_html(data, lang=lang)


def write_report(
    path: str | Path,
    sample: Sample | None = None,
    *,
    year: int | None = None,
    lang: str = "de",
    as_of: date | None = None,
    allocation: Allocation | None = None,
    forecast_on: date | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Path:
    """Write :func:`build_report` (same parameters) to ``path`` as UTF-8; returns the path."""
    html = build_report(
        sample,
        year=year,
        lang=lang,
        as_of=as_of,
        allocation=allocation,
        forecast_on=forecast_on,
        threshold=threshold,
    )
    target = Path(path)
    target.write_text(html, encoding="utf-8")
    return target
