"""The text of ``sozialraum demo``: a readable summary of the embedded sample.

Kept apart from the CLI so it can be tested and extended (lifecycle, budget, metrics) without
touching argument parsing. The functions here only compute and format; they print nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from . import __version__, catalog
from .data import Sample, load_sample
from .data._generate import AS_OF
from .money import Money

__all__ = ["format_table", "render_demo", "shorten"]

#: The widest help-type label in the demo's tables.
LABEL_WIDTH = 44


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: int = 2) -> str:
    """A plain-text table: text columns left-aligned, numbers and amounts right-aligned.

    >>> print(format_table(["space", "cases"], [["Nord", 12], ["Süd", 7]]))
      space  cases
      Nord      12
      Süd        7
    """
    cells = [[str(c) for c in row] for row in rows]
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


def render_demo(sample: Sample | None = None, *, today: date = AS_OF) -> str:
    """The demo report for ``sample`` (default: the embedded Musterstadt) as text.

    ``today`` is the first day *after* the period the sample describes; figures "at the
    end" refer to the day before it.
    """
    s = sample if sample is not None else load_sample()
    m = s.municipality
    last_day = today - timedelta(days=1)
    helps = [(c, h) for c in s.cases for h in c.helps]
    out: list[str] = [
        f"sozialraum {__version__} — demo on the embedded sample {m.name!r}",
        "All data below is synthetic (see sozialraum.data).",
        f"Validated: 1 municipality, {len(s.cases)} cases with {len(helps)} helps, "
        f"{len(s.work)} records of case-overarching/-independent work — all valid.",
        f"Figures 'at end' refer to {last_day.isoformat()}.",
        "",
        "Social spaces",
    ]
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
    out.append(format_table(["id", "name", "residents", "under 21", "cases", "helps at end"], rows))

    out += ["", "Providers"]
    helps_by_provider = Counter(h.provider_id for _, h in helps)
    kinds = catalog.PROVIDER_KINDS
    out.append(
        format_table(
            ["id", "name", "kind", "serves", "helps"],
            [
                [
                    p.id,
                    p.name,
                    kinds.get(p.kind).label_en,
                    ", ".join(p.serves),
                    helps_by_provider[p.id],
                ]
                for p in m.providers
            ],
        )
    )

    out += ["", "Helps by setting and type"]
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
                ht.setting.label_en,
                code,
                shorten(ht.label_en),
                *(begun[code][y] for y in years),
                running[code],
                _euro(running_cost[code]) if running[code] else "–",
            ]
        )
    out.append(
        format_table(
            [
                "setting",
                "code",
                "help type",
                *(f"begun {y}" for y in years),
                "at end",
                "monthly cost at end",
            ],
            rows,
        )
    )

    out += ["", "Costs"]
    by_setting: dict[str, Money] = defaultdict(Money.zero)
    for code, cost in running_cost.items():
        by_setting[catalog.help_type(code).setting.label_en] += cost
    total = Money.total(by_setting.values())
    out.append(
        format_table(
            ["setting", "monthly cost of running helps", "share"],
            [
                [name, _euro(cost), f"{100 * cost.cents / total.cents:.1f} %" if total else "–"]
                for name, cost in sorted(by_setting.items(), key=lambda kv: -kv[1].cents)
            ]
            + [["all", _euro(total), "100.0 %" if total else "–"]],
        )
    )
    work_cost = Money.total(w.cost for w in s.work)
    out.append(
        f"  Recorded case-overarching and case-independent work: "
        f"{sum(int(w.hours) for w in s.work):,} hours, {_euro(work_cost)}."
    )
    out += ["", *_lifecycle_section(s, today)]
    out += ["", *_budget_section(s)]
    out += ["", *_metrics_section(s, today)]
    out += ["", *_simulation_section()]
    closed = Counter(c.closing_reason for c in s.cases if c.closing_reason)
    out += ["", "Closed cases by reason"]
    out.append(
        format_table(
            ["reason", "cases"],
            [[catalog.CASE_CLOSING_REASONS.get(k).label_en, v] for k, v in closed.most_common()],
        )
    )
    return "\n".join(out) + "\n"


def _lifecycle_section(sample: Sample, today: date) -> list[str]:
    """Where the cases stand (replayed through the SGB VIII process) and due reviews."""
    from .lifecycle.from_model import overview
    from .lifecycle.sgb8 import DEFAULT_PROCESS

    ov = overview(sample.cases, today, within_days=30)
    out = [f"Case lifecycle (SGB VIII process, {len(ov.case_files)} histories replayed)"]
    out.append(
        format_table(
            ["state", "Zustand", "cases"],
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
        out.append(f"  {len(ov.refused)} histories refused by the process (guard and code):")
        out += [
            f"    {case_id}: {event} in {state}: {guard} [{code}]"
            for case_id, state, event, guard, code in ov.refused
        ]
    out += ["", f"Help-plan reviews due within 30 days of {today.isoformat()}: {len(ov.due)}"]
    if ov.due:
        out.append(
            format_table(
                ["case", "help type", "last review", "due on"],
                [
                    [
                        r.case_id,
                        r.help_type,
                        r.last_review.isoformat() if r.last_review else "–",
                        r.due_on.isoformat(),
                    ]
                    for r in ov.due[:10]
                ],
            )
        )
        if len(ov.due) > 10:
            out.append(f"  … and {len(ov.due) - 10} more")
    out += ["", f"Overdue reviews: {len(ov.overdue)}"]
    if ov.overdue:
        out.append(
            format_table(
                ["case", "help type", "due on", "days overdue"],
                [
                    [r.case_id, r.help_type, r.due_on.isoformat(), r.days_overdue(today)]
                    for r in ov.overdue
                ],
            )
        )
    example = next((f for f in ov.case_files if len(f.events) >= 6), None)
    if example is not None:
        out += ["", f"History of case {example.case_id}:"]
        out.append(
            format_table(
                ["date", "event", "state after"],
                [
                    [e.on.isoformat(), type(e).label("en"), DEFAULT_PROCESS.state(st).label("en")]
                    for e, st in zip(example.events, example.states, strict=True)
                ],
            )
        )
    return out


def _budget_section(sample: Sample) -> list[str]:
    """The explained 2025 allocation and the forecast as of 1 October 2025."""
    from .budget.demo import render_budget_demo

    return render_budget_demo(sample, today=date(2025, 10, 1)).splitlines()


def _metrics_section(sample: Sample, today: date) -> list[str]:
    """The standard indicators for the last year, small numbers withheld."""
    from .metrics import metrics_report, render_report
    from .periods import Period

    period = Period(date(today.year - 1, 1, 1), today)
    table = metrics_report(
        sample.municipality, sample.cases, sample.work, period=period, as_of=today
    )
    title = (
        f"Indicators {period.start.year} ('.' withheld: counts of 1 or 2, and where needed a\n"
        "larger count of the same row or column too, so that the small one cannot be\n"
        "recomputed from the total — secondary suppression, also in the § 8a table)"
    )
    return render_report(table, title=title).splitlines()


def _simulation_section(runs: int = 100, seed: int = 2026) -> list[str]:
    """A small seeded Monte Carlo of the default study (baseline and prevention): total
    spending on helps (mean, 5 % and 95 %), budget, execution and the difference to the
    baseline, money German-formatted as in the other tables."""
    from ._html import simulation_rows
    from .simulation import simulate

    result = simulate(runs=runs, seed=seed)
    rows = simulation_rows(result)
    return [
        f"Simulation of {result.plan.study.name}, {result.completed:,} runs per scenario "
        f"(seed {seed}); spending on helps",
        format_table(
            ["scenario", "year", "mean", "5 %", "95 %", "help budget", "execution", "vs baseline"],
            rows,
        ),
    ]
