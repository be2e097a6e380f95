"""A suppressed metrics report for one municipality and period, as rows and as text.

:func:`metrics_report` computes the standard indicators per social space (with the
municipality total ``*``) and applies small-cell suppression; :func:`render_report` lays the
rows out as plain-text tables, one per topic, spaces as lines and metrics as columns.
Suppressed cells show ``.``, values that are not defined ``x``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from .. import messages
from .._text import printable
from ..model import Case, CaseIndependentWork, Municipality
from ..money import Money
from ..periods import Period, add_months
from ._common import CountArg, ScopeArg
from .costs import spending
from .gas import goal_attainment
from .helps import help_durations, planned_endings, setting_mix, use_rates
from .referrals import re_referrals, resolved_without_help, risk_assessments, time_to_help
from .rows import TOTAL, MetricTable, Row, Status, is_money, to_decimal
from .suppression import DEFAULT_THRESHOLD, suppress
from .work import work_metrics

__all__ = ["REPORT_SECTIONS", "metrics_report", "render_report"]

#: The report's tables: a title and its columns (metric, header, decimals).
REPORT_SECTIONS: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "Use of help (HzE, per 10,000 residents under 21)",
        (
            ("helps_active", "active", 0),
            ("use_rate_u21", "use rate", 1),
            ("helps_begun", "begun", 0),
            ("grant_rate_u21", "grant rate", 1),
        ),
    ),
    (
        "Spending on HzE",
        (
            ("spending", "spending €", 2),
            ("spending_per_resident_u21", "€ per resident u21", 2),
            ("cost_per_help_day", "€ per help-day", 2),
        ),
    ),
    (
        "Duration and endings",
        (
            ("helps_ended", "ended", 0),
            ("ended_as_planned_share", "as planned %", 1),
            ("duration_ended_mean_months", "mean months", 1),
            ("duration_ended_median", "median days", 0),
            ("duration_running_mean_months", "running: mean months", 1),
            ("out_of_home_share", "out of home %", 1),
        ),
    ),
    (
        "Referrals",
        (
            ("time_to_help_median", "days to help (median)", 0),
            ("cases_closed", "cases closed", 0),
            ("resolved_in_space_share", "resolved in space %", 1),
            ("re_referral_share", "re-referred (prior year) %", 1),
        ),
    ),
    (
        "Goal attainment (GAS, ρ = 0.3)",
        (
            ("gas_plans_scored", "plans scored", 0),
            ("gas_t_mean", "mean T", 1),
            ("gas_at_least_expected_share", "T ≥ 50 %", 1),
        ),
    ),
)


messages.define("metrics.section.helps_active", "Use of help (HzE, per 10,000 residents under 21)")
messages.define("metrics.col.helps_active", "active")
messages.define("metrics.col.use_rate_u21", "use rate")
messages.define("metrics.col.helps_begun", "begun")
messages.define("metrics.col.grant_rate_u21", "grant rate")
messages.define("metrics.section.spending", "Spending on HzE")
messages.define("metrics.col.spending", "spending €")
messages.define("metrics.col.spending_per_resident_u21", "€ per resident u21")
messages.define("metrics.col.cost_per_help_day", "€ per help-day")
messages.define("metrics.section.helps_ended", "Duration and endings")
messages.define("metrics.col.helps_ended", "ended")
messages.define("metrics.col.ended_as_planned_share", "as planned %")
messages.define("metrics.col.duration_ended_mean_months", "mean months")
messages.define("metrics.col.duration_ended_median", "median days")
messages.define("metrics.col.duration_running_mean_months", "running: mean months")
messages.define("metrics.col.out_of_home_share", "out of home %")
messages.define("metrics.section.time_to_help_median", "Referrals")
messages.define("metrics.col.time_to_help_median", "days to help (median)")
messages.define("metrics.col.cases_closed", "cases closed")
messages.define("metrics.col.resolved_in_space_share", "resolved in space %")
messages.define("metrics.col.re_referral_share", "re-referred (prior year) %")
messages.define("metrics.section.gas_plans_scored", "Goal attainment (GAS, ρ = 0.3)")
messages.define("metrics.col.gas_plans_scored", "plans scored")
messages.define("metrics.col.gas_t_mean", "mean T")
messages.define("metrics.col.gas_at_least_expected_share", "T ≥ 50 %")
messages.define("metrics.section.risk_assessments", "§ 8a risk assessments by result")
messages.define("metrics.section.work", "Case-overarching and case-independent work")
messages.define("metrics.col.space", "space")
messages.define("metrics.col.work_type", "work type")
messages.define("metrics.col.hours", "hours")
messages.define("metrics.col.cost", "cost €")
messages.define("metrics.col.share", "share %")
messages.define(
    "metrics.legend",
    "'.' withheld (small numbers), 'x' not defined, '*' all spaces; re-referrals:\n"
    "cases closed in the year before the period, followed up for 12 months.",
)


def metrics_report(
    municipality: Municipality,
    cases: Iterable[Case],
    work: Iterable[CaseIndependentWork] = (),
    *,
    period: Period,
    as_of: date,
    threshold: int = DEFAULT_THRESHOLD,
    budgets: Mapping[str, Money] | None = None,
    scope: ScopeArg = "hze",
    count: CountArg = "helps",
) -> MetricTable:
    """The standard indicators per social space for ``period``, suppressed.

    ``scope`` names the helps of the help metrics (default ``"hze"``, the Destatis total;
    see :mod:`~sozialraum.metrics.helps`) and ``count`` whether they count helps or young
    people (use, duration, endings and setting tables).

    ``as_of`` is the day the data is complete up to (exclusive). Re-referrals need a year
    of follow-up, so they are reported for the cases closed in the period twelve months
    before ``period`` (those of ``period`` itself are not yet observable).
    All tables are suppressed together as one system (:func:`suppress`: margins, shares
    and identities such as helps active = ended + running at the end link them);
    ``threshold=0`` switches suppression off. The tables are: :func:`use_rates`,
    :func:`spending`, :func:`help_durations`, :func:`planned_endings`,
    :func:`setting_mix`, :func:`time_to_help`,
    :func:`resolved_without_help`, :func:`re_referrals`, :func:`risk_assessments`,
    :func:`work_metrics` (by space and work type) and :func:`goal_attainment`.

    >>> from datetime import date
    >>> from sozialraum.data import load_sample
    >>> s = load_sample()
    >>> t = metrics_report(s.municipality, s.cases, s.work, period=Period.year(2025),
    ...                    as_of=date(2026, 1, 1))
    >>> t.get("helps_active", space="*").value
    297
    """
    all_cases = tuple(cases)
    by = ("space",)
    table = (
        use_rates(all_cases, municipality, period, by=by, scope=scope, count=count)
        + spending(all_cases, municipality, period, by=by, scope=scope)
        + help_durations(all_cases, period, by=by, scope=scope, count=count)
        + planned_endings(all_cases, period, by=by, scope=scope, count=count)
        + setting_mix(all_cases, period, by=by, scope=scope, count=count)
        + time_to_help(all_cases, period, by=by, scope=scope)
        + resolved_without_help(all_cases, period, by=by, scope=scope)
        + re_referrals(all_cases, _year_before(period), as_of=as_of, by=by)
        + risk_assessments(all_cases, period, by=by)
        + work_metrics(work, period, by=("space", "work_type"), budgets=budgets, cases=all_cases)
        + goal_attainment(all_cases, period, by=by)
    )
    return suppress(table, threshold=threshold) if threshold else table


def _year_before(period: Period) -> Period:
    assert period.end is not None
    return Period(add_months(period.start, -12), add_months(period.end, -12))


_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _plain_cell(row: Row | None, places: int) -> str:
    """A value for the text tables: shares in per cent, amounts in German notation."""
    if row is None:
        return "–"
    if row.status is not Status.OK or row.value is None:
        return row.display(places)
    if is_money(row.value):
        return row.value.format_de(symbol=False)
    if row.unit == "share":
        return str(to_decimal(row.value * 100, places))
    return row.display(places)


def render_report(table: MetricTable, *, title: str | None = None, lang: str = "en") -> str:
    """The report as plain-text tables (one per topic of :data:`REPORT_SECTIONS`), social
    spaces as lines and ``*`` (all spaces) last; § 8a results and work as extra tables.
    ``lang="de"`` gives German headings and the decimal comma.

    >>> from datetime import date
    >>> from sozialraum.data import load_sample
    >>> s = load_sample()
    >>> text = render_report(metrics_report(s.municipality, s.cases, s.work,
    ...                      period=Period.year(2025), as_of=date(2026, 1, 1)))
    >>> print(text.splitlines()[0])
    Use of help (HzE, per 10,000 residents under 21)
    """
    messages.check_lang(lang)

    def t(key: str) -> str:
        return messages.render(key, {}, lang)

    def _cell(row: Row | None, places: int) -> str:
        text = _plain_cell(row, places)
        return _DECIMAL.sub(lambda m: m.group(0).replace(".", ","), text) if lang == "de" else text

    index: dict[tuple[str, tuple[tuple[str, str], ...]], Row] = {
        (r.metric, r.dimensions): r for r in table
    }
    spaces = sorted({r.dimension("space") or TOTAL for r in table}, key=lambda s: (s == TOTAL, s))
    out: list[str] = [title, ""] if title else []
    for _heading, columns in REPORT_SECTIONS:
        present = [c for c in columns if any(r.metric == c[0] for r in table)]
        if not present:
            continue
        lines = [
            [space, *(_cell(index.get((m, (("space", space),))), p) for m, _, p in present)]
            for space in spaces
        ]
        heading = t(f"metrics.section.{columns[0][0]}")
        headers = [t("metrics.col.space"), *(t(f"metrics.col.{m}") for m, _, _ in present)]
        out += [heading, _table(headers, lines), ""]
    results = [r for r in table if r.metric == "risk_assessments"]
    if results:
        codes = list(dict.fromkeys(r.dimension("result") or "" for r in results))
        lines = [
            [
                space,
                *(
                    _cell(index.get(("risk_assessments", (("space", space), ("result", c)))), 0)
                    for c in codes
                ),
            ]
            for space in spaces
        ]
        out += [
            t("metrics.section.risk_assessments"),
            _table([t("metrics.col.space"), *codes], lines),
            "",
        ]
    work_rows = [r for r in table if r.metric == "work_hours"]
    if work_rows:
        kinds = list(dict.fromkeys(r.dimension("work_type") or "" for r in work_rows))
        lines = []
        for space in spaces:
            for kind in kinds:
                dims = (("space", space), ("work_type", kind))
                lines.append(
                    [
                        space,
                        kind,
                        _cell(index.get(("work_hours", dims)), 0),
                        _cell(index.get(("work_cost", dims)), 2),
                        _cell(index.get(("work_budget_share", dims)), 1),
                    ]
                )
        out += [
            t("metrics.section.work"),
            _table(
                [t(f"metrics.col.{k}") for k in ("space", "work_type", "hours", "cost", "share")],
                lines,
            ),
            "",
        ]
    out.append(t("metrics.legend"))
    return "\n".join(out) + "\n"


def _table(headers: list[str], lines: list[list[str]]) -> str:
    headers = [printable(h) for h in headers]
    lines = [[printable(v) for v in line] for line in lines]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(values: list[str]) -> str:
        cells = [
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return ("  " + "  ".join(cells)).rstrip()

    return "\n".join([fmt(headers), *(fmt(line) for line in lines)])
