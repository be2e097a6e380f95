"""The text of ``sozialraum demo``: a readable summary of the embedded sample.

Kept apart from the CLI so it can be tested and extended (lifecycle, budget, metrics) without
touching argument parsing. The functions here only compute and format; they print nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from . import __version__, catalog, messages
from ._locale import format_date, format_number
from ._text import printable
from .data import Sample, load_sample
from .data._generate import AS_OF
from .money import Money

__all__ = ["format_table", "render_demo", "shorten"]

#: The widest help-type label in the demo's tables.
LABEL_WIDTH = 44

messages.define("demo.title", "sozialraum {version} — demo on the embedded sample '{name}'")
messages.define("demo.synthetic", "All data below is synthetic (see sozialraum.data).")
messages.define(
    "demo.validated",
    "Validated: 1 municipality, {cases} cases with {helps} helps, "
    "{work} records of case-overarching/-independent work — all valid.",
)
messages.define("demo.at_end", "Figures 'at end' refer to {day}.")
messages.define("demo.spaces", "Social spaces")
messages.define("demo.providers", "Providers")
messages.define("demo.helps", "Helps by setting and type")
messages.define("demo.costs", "Costs")
messages.define(
    "demo.work", "Recorded case-overarching and case-independent work: {hours} hours, {cost}."
)
messages.define("demo.closed", "Closed cases by reason")
messages.define("demo.col.id", "id")
messages.define("demo.col.name", "name")
messages.define("demo.col.residents", "residents")
messages.define("demo.col.under_21", "under 21")
messages.define("demo.col.cases", "cases")
messages.define("demo.col.helps_at_end", "helps at end")
messages.define("demo.col.kind", "kind")
messages.define("demo.col.serves", "serves")
messages.define("demo.col.helps", "helps")
messages.define("demo.col.setting", "setting")
messages.define("demo.col.code", "code")
messages.define("demo.col.help_type", "help type")
messages.define("demo.col.begun", "begun {year}")
messages.define("demo.col.at_end", "at end")
messages.define("demo.col.monthly_cost_at_end", "monthly cost at end")
messages.define("demo.col.monthly_cost_running", "monthly cost of running helps")
messages.define("demo.col.share", "share")
messages.define("demo.col.reason", "reason")
messages.define("demo.col.state", "state")
messages.define("demo.col.case", "case")
messages.define("demo.col.last_review", "last review")
messages.define("demo.col.due_on", "due on")
messages.define("demo.col.days_overdue", "days overdue")
messages.define("demo.col.date", "date")
messages.define("demo.col.event", "event")
messages.define("demo.col.state_after", "state after")
messages.define("demo.col.scenario", "scenario")
messages.define("demo.col.year", "year")
messages.define("demo.col.mean", "mean")
messages.define("demo.col.budget", "help budget")
messages.define("demo.col.execution", "execution")
messages.define("demo.col.vs_baseline", "vs baseline")
messages.define("demo.all", "all")
messages.define("demo.lifecycle", "Case lifecycle (SGB VIII process, {count} histories replayed)")
messages.define("demo.refused", "{count} histories refused by the process (guard and code):")
messages.define("demo.refused_line", "{case}: {event} in {state}: {guard} [{code}]")
messages.define("demo.due", "Help-plan reviews due within 30 days of {day}: {count}")
messages.define("demo.more", "… and {count} more")
messages.define("demo.overdue", "Overdue reviews: {count}")
messages.define("demo.history", "History of case {case}:")
messages.define(
    "demo.indicators",
    "Indicators {year} ('.' withheld: counts of 1 or 2, and where needed a\n"
    "larger count of the same row or column too, so that the small one cannot be\n"
    "recomputed from the total — secondary suppression, also in the § 8a table)",
)
messages.define(
    "demo.simulation",
    "Simulation of {study}, {runs} runs per scenario (seed {seed}); spending on helps",
)


def _t(key: str, lang: str, **params: messages.Param) -> str:
    return messages.render(key, params, lang)


def _n(n: int, lang: str) -> str:
    return format_number(n, lang) if lang == "de" else f"{n:,}"


def _day(day: date, lang: str) -> str:
    return format_date(day, lang)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: int = 2) -> str:
    """A plain-text table: text columns left-aligned, numbers and amounts right-aligned.

    >>> print(format_table(["space", "cases"], [["Nord", 12], ["Süd", 7]]))
      space  cases
      Nord      12
      Süd        7
    """
    cells = [[printable(str(c)) for c in row] for row in rows]
    numeric = [
        all(
            isinstance(row[i], int | Money) or str(row[i]).endswith(("€", "%")) or row[i] == "–"
            for row in rows
        )
        if rows
        else False
        for i in range(len(headers))
    ]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return (" " * indent + "  ".join(parts)).rstrip()

    return "\n".join([line(list(headers)), *(line(r) for r in cells)])


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, ``…`` marking the cut.

    >>> shorten("integration assistance for a (threatened) mental disability", 30)
    'integration assistance for a…'
    >>> shorten("social group work", 30)
    'social group work'
    """
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.rstrip(" ,;:(–-") + "…"


def _euro(m: Money) -> str:
    return m.format_de()


def _percent(part: int, whole: int, lang: str) -> str:
    text = f"{100 * part / whole:.1f} %"
    return text.replace(".", ",") if lang == "de" else text


def render_demo(sample: Sample | None = None, *, today: date = AS_OF, lang: str = "en") -> str:
    """The demo report for ``sample`` (default: the embedded Musterstadt) as text, in
    ``lang`` (``"en"`` or ``"de"``; amounts are written the German way in both).

    ``today`` is the first day *after* the period the sample describes; figures "at the
    end" refer to the day before it.
    """
    messages.check_lang(lang)
    de = lang == "de"
    s = sample if sample is not None else load_sample()
    m = s.municipality
    last_day = today - timedelta(days=1)
    helps = [(c, h) for c in s.cases for h in c.helps]
    out: list[str] = [
        _t("demo.title", lang, version=__version__, name=m.name),
        _t("demo.synthetic", lang),
        _t(
            "demo.validated",
            lang,
            cases=_n(len(s.cases), lang),
            helps=_n(len(helps), lang),
            work=_n(len(s.work), lang),
        ),
        _t("demo.at_end", lang, day=_day(last_day, lang)),
        "",
        _t("demo.spaces", lang),
    ]

    def cols(*keys: str) -> list[str]:
        return [_t(f"demo.col.{k}", lang) for k in keys]

    cases_by_space = Counter(c.space_id for c in s.cases)
    running_by_space = Counter(c.space_id for c, h in helps if h.period.contains(last_day))
    rows: list[list[object]] = []
    for sp in m.social_spaces:
        rows.append(
            [
                sp.id,
                sp.name,
                sp.total_population,
                sp.residents_under(21),
                cases_by_space[sp.id],
                running_by_space[sp.id],
            ]
        )
    out.append(
        format_table(cols("id", "name", "residents", "under_21", "cases", "helps_at_end"), rows)
    )

    out += ["", _t("demo.providers", lang)]
    helps_by_provider = Counter(h.provider_id for _, h in helps)
    kinds = catalog.PROVIDER_KINDS
    out.append(
        format_table(
            cols("id", "name", "kind", "serves", "helps"),
            [
                [
                    p.id,
                    p.name,
                    kinds.get(p.kind).label_de if de else kinds.get(p.kind).label_en,
                    ", ".join(p.serves),
                    helps_by_provider[p.id],
                ]
                for p in m.providers
            ],
        )
    )

    out += ["", _t("demo.helps", lang)]
    begun: dict[str, Counter[int]] = defaultdict(Counter)
    running_cost: dict[str, Money] = defaultdict(Money.zero)
    running: Counter[str] = Counter()
    for _, h in helps:
        begun[h.help_type][h.period.start.year] += 1
        if h.period.contains(last_day):
            running[h.help_type] += 1
            running_cost[h.help_type] += h.monthly_cost
    years = sorted({y for c in begun.values() for y in c})
    rows = []
    order = {setting: i for i, setting in enumerate(catalog.Setting)}
    for code in sorted(begun, key=lambda c: (order[catalog.help_type(c).setting], c)):
        ht = catalog.help_type(code)
        rows.append(
            [
                ht.setting.label_de if de else ht.setting.label_en,
                code,
                shorten(ht.label_de if de else ht.label_en),
                *(begun[code][y] for y in years),
                running[code],
                _euro(running_cost[code]) if running[code] else "–",
            ]
        )
    out.append(
        format_table(
            [
                *cols("setting", "code", "help_type"),
                *(_t("demo.col.begun", lang, year=y) for y in years),
                *cols("at_end", "monthly_cost_at_end"),
            ],
            rows,
        )
    )

    out += ["", _t("demo.costs", lang)]
    by_setting: dict[str, Money] = defaultdict(Money.zero)
    for code, cost in running_cost.items():
        setting = catalog.help_type(code).setting
        by_setting[setting.label_de if de else setting.label_en] += cost
    total = Money.total(by_setting.values())
    out.append(
        format_table(
            cols("setting", "monthly_cost_running", "share"),
            [
                [name, _euro(cost), _percent(cost.cents, total.cents, lang) if total else "–"]
                for name, cost in sorted(by_setting.items(), key=lambda kv: -kv[1].cents)
            ]
            + [[_t("demo.all", lang), _euro(total), _percent(1, 1, lang) if total else "–"]],
        )
    )
    work_cost = Money.total(w.cost for w in s.work)
    hours = _n(sum(int(w.hours) for w in s.work), lang)
    out.append("  " + _t("demo.work", lang, hours=hours, cost=_euro(work_cost)))
    out += ["", *_lifecycle_section(s, today, lang)]
    out += ["", *_budget_section(s, lang)]
    out += ["", *_metrics_section(s, today, lang)]
    out += ["", *_simulation_section(lang=lang)]
    closed = Counter(c.closing_reason for c in s.cases if c.closing_reason)
    out += ["", _t("demo.closed", lang)]
    reasons = catalog.CASE_CLOSING_REASONS
    out.append(
        format_table(
            cols("reason", "cases"),
            [
                [reasons.get(k).label_de if de else reasons.get(k).label_en, v]
                for k, v in closed.most_common()
            ],
        )
    )
    return "\n".join(out) + "\n"


def _lifecycle_section(sample: Sample, today: date, lang: str = "en") -> list[str]:
    """Where the cases stand (replayed through the SGB VIII process) and due reviews."""
    from .lifecycle.from_model import overview
    from .lifecycle.sgb8 import DEFAULT_PROCESS

    def cols(*keys: str) -> list[str]:
        return [_t(f"demo.col.{k}", lang) for k in keys]

    label: Literal["de", "en"] = "de" if lang == "de" else "en"
    ov = overview(sample.cases, today, within_days=30)
    out = [_t("demo.lifecycle", lang, count=_n(len(ov.case_files), lang))]
    out.append(
        format_table(
            ["state", "Zustand", _t("demo.col.cases", lang)],
            [
                [
                    DEFAULT_PROCESS.state(name).label("en"),
                    DEFAULT_PROCESS.state(name).label("de"),
                    n,
                ]
                for name, n in ov.states.most_common()
            ],
        )
    )
    if ov.refused:
        out.append("  " + _t("demo.refused", lang, count=_n(len(ov.refused), lang)))
        out += [
            "    "
            + _t(
                "demo.refused_line",
                lang,
                case=case_id,
                event=event,
                state=state,
                guard=str(guard),
                code=code,
            )
            for case_id, state, event, guard, code in ov.refused
        ]
    due = _t("demo.due", lang, day=_day(today, lang), count=_n(len(ov.due), lang))
    out += ["", due]
    if ov.due:
        out.append(
            format_table(
                cols("case", "help_type", "last_review", "due_on"),
                [
                    [
                        r.case_id,
                        r.help_type,
                        _day(r.last_review, lang) if r.last_review else "–",
                        _day(r.due_on, lang),
                    ]
                    for r in ov.due[:10]
                ],
            )
        )
        if len(ov.due) > 10:
            out.append("  " + _t("demo.more", lang, count=_n(len(ov.due) - 10, lang)))
    out += ["", _t("demo.overdue", lang, count=_n(len(ov.overdue), lang))]
    if ov.overdue:
        out.append(
            format_table(
                cols("case", "help_type", "due_on", "days_overdue"),
                [
                    [r.case_id, r.help_type, _day(r.due_on, lang), r.days_overdue(today)]
                    for r in ov.overdue
                ],
            )
        )
    example = next((f for f in ov.case_files if len(f.events) >= 6), None)
    if example is not None:
        out += ["", _t("demo.history", lang, case=example.case_id)]
        out.append(
            format_table(
                cols("date", "event", "state_after"),
                [
                    [
                        _day(e.on, lang),
                        type(e).label(label),
                        DEFAULT_PROCESS.state(st).label(label),
                    ]
                    for e, st in zip(example.events, example.states, strict=True)
                ],
            )
        )
    return out


def _budget_section(sample: Sample, lang: str = "en") -> list[str]:
    """The explained 2025 allocation and the forecast as of 1 October 2025."""
    from .budget.demo import render_budget_demo

    return render_budget_demo(sample, today=date(2025, 10, 1), lang=lang).splitlines()


def _metrics_section(sample: Sample, today: date, lang: str = "en") -> list[str]:
    """The standard indicators for the last year, small numbers withheld."""
    from .metrics import metrics_report, render_report
    from .periods import Period

    period = Period(date(today.year - 1, 1, 1), today)
    table = metrics_report(
        sample.municipality, sample.cases, sample.work, period=period, as_of=today
    )
    title = _t("demo.indicators", lang, year=period.start.year)
    return render_report(table, title=title, lang=lang).splitlines()


def _simulation_section(runs: int = 100, seed: int = 2026, lang: str = "en") -> list[str]:
    """A small seeded Monte Carlo of the default study (baseline and prevention): total
    spending on helps (mean, 5 % and 95 %), budget, execution and the difference to the
    baseline, money German-formatted as in the other tables."""
    from ._html import simulation_rows
    from .simulation import simulate

    result = simulate(runs=runs, seed=seed)
    rows = simulation_rows(result)
    if lang == "de":  # the execution rates with the decimal comma (amounts are German already)
        rows = [
            [c.replace(".", ",") if isinstance(c, str) and c.endswith(" %") else c for c in row]
            for row in rows
        ]
    head = [_t(f"demo.col.{k}", lang) for k in ("scenario", "year", "mean")]
    tail = [_t(f"demo.col.{k}", lang) for k in ("budget", "execution", "vs_baseline")]
    return [
        _t(
            "demo.simulation",
            lang,
            study=result.plan.study.name,
            runs=_n(result.completed, lang),
            seed=seed,
        ),
        format_table([*head, "5 %", "95 %", *tail], rows),
    ]
