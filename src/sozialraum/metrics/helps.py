"""Use rates, durations and planned endings of helps (domain brief 5.3 and 6.1).

Every function takes the cases (or :class:`~sozialraum.metrics.facts.HelpFacts` built from
them once), a closed period and the dimensions to group by, and returns a
:class:`~sozialraum.metrics.rows.MetricTable`.

**Scope.** ``scope=`` names the helps counted (:data:`~sozialraum.catalog.SCOPES`, each with
its source): ``"hze"`` (the default; §§ 27–35 plus § 41 young adults, the Destatis total
"Hilfen zur Erziehung insgesamt"), ``"hze_local"`` (without § 28, akjstat's comparison
between youth offices), ``"eingliederungshilfe"`` (§ 35a) and ``"hze_plus"`` (with § 35a);
a :class:`~sozialraum.catalog.HelpScope` or ``None`` (every help) also work. An explicit
``help_types=`` (a collection of codes, or ``None`` for every help) overrides the scope.
A help for a young adult counts under its own type; group by ``young_adult`` to see them.

**Counting.** ``count="helps"`` (the default) counts a family help (§ 31, family-oriented
§ 27) once; ``count="young_people"`` counts the young people of the family instead (§ 99(1)
Nr. 3; akjstat's "junge Menschen"), every other help once.

**Use rate** (*Inanspruchnahme*, akjstat/HzE-Monitor [S76], NRW HzE-Bericht [S90])::

    use_rate_u21 = (helps running at the end of the period + helps ended in it)
                   × 10,000 / residents under 21

``use_rate_u18`` divides by the residents under 18. **Grant rate** (*Gewährungsquote*
[S91]): helps *begun* in the period × 10,000 / residents under 21 (``grant_rate_u21``) or
under 18. The population is the space's (all spaces' for a margin or without ``space``),
from the municipality's age bands as of their reference date.

>>> from sozialraum.data import load_sample
>>> from sozialraum.periods import Period
>>> s = load_sample()
>>> t = use_rates(s.cases, s.municipality, Period.year(2025))
>>> row = t.get("use_rate_u21", space="S-NORD")
>>> row.numerator, row.denominator, row.display(1)
(75, 3400, '220.6')
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction
from typing import Literal

from ..model import Municipality
from ..periods import Period
from ._common import (
    PER_10000,
    QUARTILES,
    CountArg,
    Dims,
    ScopeArg,
    check_count,
    check_quantiles,
    count_row,
    duration_rows,
    population,
    ratio_row,
    resolve_scope,
)
from .facts import Cases, HelpStats, help_stats
from .grouping import HELP_FACT_DIMENSIONS, Grouping
from .rows import MetricTable, Row

__all__ = [
    "help_durations",
    "help_indicators",
    "planned_endings",
    "setting_mix",
    "use_rates",
]

_U21 = "per 10,000 residents under 21"
_U18 = "per 10,000 residents under 18"


def _each(
    stats: dict[tuple[str, ...], list[HelpStats]], grouping: Grouping
) -> list[tuple[Dims, HelpStats]]:
    out = []
    for key in grouping.ordered(stats):
        per_bucket = stats[key]
        for b in grouping.bucket_range():
            out.append((grouping.dimensions(key, b), per_bucket[b]))
    return out


def _unit(count: str) -> str:
    return "young people" if count == "young_people" else "helps"


def _rate_rows(
    municipality: Municipality, dims: Dims, st: HelpStats, unit: str = "helps"
) -> list[Row]:
    rows = []
    for kind, rate, count in (("active", "use", st.active), ("begun", "grant", st.begun)):
        basis = f"helps.{kind}"
        rows.append(count_row(f"helps_{kind}", dims, count, unit, basis))
        for age, unit in ((21, _U21), (18, _U18)):
            pop, note = population(municipality, dims, age)
            rows.append(
                ratio_row(
                    f"{rate}_rate_u{age}",
                    dims,
                    count,
                    pop,
                    unit=unit,
                    basis=basis,
                    support=count,
                    scale=PER_10000,
                    missing_note=note or "",
                    zero_note="population.zero",
                )
            )
    return rows


def _planned_rows(dims: Dims, st: HelpStats) -> list[Row]:
    return [
        ratio_row(
            "ended_as_planned_share",
            dims,
            st.planned,
            st.ended_not_transferred,
            unit="share",
            basis="helps.ended",
            support=st.ended_not_transferred,
            zero_note="count.zero",
        )
    ]


def use_rates(
    data: Cases,
    municipality: Municipality,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    count: CountArg = "helps",
    totals: bool = True,
) -> MetricTable:
    """Use and grant rates per 10,000 young residents (module docs for the formulas).

    Rows per group: ``helps_active`` (count), ``use_rate_u21``, ``use_rate_u18``,
    ``helps_begun`` (count), ``grant_rate_u21``, ``grant_rate_u18``. An empty or unknown
    population gives a NOT_DEFINED rate (``population.zero`` / ``population.unavailable``).
    """
    g = Grouping.of(period, by, allowed=HELP_FACT_DIMENSIONS, totals=totals)
    stats = help_stats(data, g, resolve_scope(scope, help_types), count=check_count(count))
    return MetricTable(
        r for dims, st in _each(stats, g) for r in _rate_rows(municipality, dims, st, _unit(count))
    )


def help_durations(
    data: Cases,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    count: CountArg = "helps",
    quantiles: Sequence[Fraction] = QUARTILES,
    totals: bool = True,
) -> MetricTable:
    """Durations of the helps ended in the period and of those running at its end.

    Duration of an ended help = ``end − start`` in days (0 for a help ending on its start
    day); of a running help = days from its start to the end of the period ("to date").
    The akjstat figure is the mean duration of ended helps in months [S76];
    ``*_mean_months`` divides the mean in days by the average Gregorian month (30.436875
    days). Quantiles are exact, by linear interpolation (type 7, as pandas and R).

    Rows per group: ``helps_ended``, ``duration_ended_mean``, ``duration_ended_mean_months``,
    ``duration_ended_q25`` / ``_median`` / ``_q75`` (per ``quantiles``), and the same for
    ``helps_running_at_end`` / ``duration_running_*``.
    """
    levels = check_quantiles(quantiles)
    g = Grouping.of(period, by, allowed=HELP_FACT_DIMENSIONS, totals=totals)
    stats = help_stats(
        data,
        g,
        resolve_scope(scope, help_types),
        durations=bool(levels),
        count=check_count(count),
    )
    rows: list[Row] = []
    for dims, st in _each(stats, g):
        rows.append(count_row("helps_ended", dims, st.ended, _unit(count), "helps.ended"))
        rows += duration_rows(
            "duration_ended",
            dims,
            st.ended,
            st.ended_days,
            st.ended_durations,
            levels,
            basis="helps.ended",
        )
        rows.append(
            count_row("helps_running_at_end", dims, st.running, _unit(count), "helps.running")
        )
        rows += duration_rows(
            "duration_running",
            dims,
            st.running,
            st.running_days,
            st.running_durations,
            levels,
            basis="helps.running",
        )
    return MetricTable(rows)


def planned_endings(
    data: Cases,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    count: CountArg = "helps",
    totals: bool = True,
) -> MetricTable:
    """Share of helps ended as planned (*beendet gemäß Hilfeplan*, domain 5.3, [S76])::

        ended_as_planned_share = n(ended, reason planned: "10")
                                 / (n(ended) − n(ended, reason transfer: "40"))

    Helps handed over to another Jugendamt are left out, as akjstat does. No ended helps:
    NOT_DEFINED (``count.zero``).

    >>> from sozialraum.data import load_sample
    >>> from sozialraum.periods import Period
    >>> t = planned_endings(load_sample().cases, Period.year(2025), by=())
    >>> row = t.get("ended_as_planned_share")
    >>> row.numerator, row.denominator
    (89, 124)
    """
    g = Grouping.of(period, by, allowed=HELP_FACT_DIMENSIONS, totals=totals)
    stats = help_stats(data, g, resolve_scope(scope, help_types), count=check_count(count))
    return MetricTable(r for dims, st in _each(stats, g) for r in _planned_rows(dims, st))


def help_indicators(
    data: Cases,
    municipality: Municipality,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    count: CountArg = "helps",
    totals: bool = True,
) -> MetricTable:
    """The headline help indicators in one pass: the rows of :func:`use_rates`, the count
    and mean duration of ended helps, and :func:`planned_endings`.
    """
    g = Grouping.of(period, by, allowed=HELP_FACT_DIMENSIONS, totals=totals)
    stats = help_stats(data, g, resolve_scope(scope, help_types), count=check_count(count))
    rows: list[Row] = []
    for dims, st in _each(stats, g):
        rows += _rate_rows(municipality, dims, st, _unit(count))
        rows.append(count_row("helps_ended", dims, st.ended, _unit(count), "helps.ended"))
        rows += duration_rows(
            "duration_ended", dims, st.ended, st.ended_days, None, (), basis="helps.ended"
        )
        rows += _planned_rows(dims, st)
    return MetricTable(rows)


_SETTINGS = ("ambulant", "semi_residential", "residential", "crisis")


def setting_mix(
    data: Cases,
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    count: CountArg = "helps",
    totals: bool = True,
) -> MetricTable:
    """Setting mix of the helps active in the period (domain 4.2, KeZa 53.a [S93]).

    Rows per group: ``setting_share`` for each setting (extra dimension ``setting``:
    ``ambulant``, ``semi_residential``, ``residential``; ``crisis`` only when crisis
    placements are in ``help_types``) = active helps in that setting / all active helps;
    and ``out_of_home_share`` = active helps out of home (*Fremdunterbringung*: HzE in a
    residential setting, :attr:`~sozialraum.catalog.HelpType.out_of_home`) / all active
    helps. ``by`` must not contain ``setting`` or ``help_type``.
    """
    allowed = tuple(d for d in HELP_FACT_DIMENSIONS if d not in ("setting", "help_type"))
    g = Grouping.of(period, by, allowed=allowed, totals=totals)
    inner = Grouping.of(period, (*g.by, "setting"), allowed=HELP_FACT_DIMENSIONS, totals=totals)
    codes = resolve_scope(scope, help_types)
    stats = help_stats(data, inner, codes, count=check_count(count))
    shown = set(_SETTINGS[:3])
    if codes is None or any(t in codes for t in ("42", "42a")):
        shown.add("crisis")
    pos = inner.static.index("setting")
    rows: list[Row] = []
    for key in g.ordered({k[:pos] + k[pos + 1 :] for k in stats}):
        for b in g.bucket_range():
            dims = g.dimensions(key, b)
            per_setting = {
                s: stats[(*key[:pos], s, *key[pos:])][b].active
                if (*key[:pos], s, *key[pos:]) in stats
                else 0
                for s in _SETTINGS
            }
            total = sum(per_setting.values())
            for setting in _SETTINGS:
                if setting not in shown:
                    continue
                rows.append(
                    ratio_row(
                        "setting_share",
                        (*dims, ("setting", setting)),
                        per_setting[setting],
                        total,
                        unit="share",
                        basis="helps.active",
                        support=per_setting[setting],
                        zero_note="count.zero",
                    )
                )
            rows.append(
                ratio_row(
                    "out_of_home_share",
                    dims,
                    per_setting["residential"],
                    total,
                    unit="share",
                    basis="helps.active.out_of_home",
                    support=per_setting["residential"],
                    zero_note="count.zero",
                )
            )
    return MetricTable(rows)
