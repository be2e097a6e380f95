"""From referral to help: waiting time, needs resolved in the space, re-referrals, § 8a.

The referral date is :attr:`Case.opened <sozialraum.model.Case.opened>` (the day the
Jugendamt took up the matter); the help start is the start of the case's first help in
scope.

* **Time to help** (``time_to_help_*``): days from the referral to the start of the case's
  first help, for the cases whose first help starts in the period; grouped by the case's
  space and the first help's provider, type and setting, and by the help's start date.
* **Resolved in the social space** (``resolved_in_space_share``) — the Fachkonzept's core
  promise (domain 1.2): among the cases closed in the period (except those handed over to
  another Jugendamt), the share closed as ``resolved_in_social_space`` without any help in
  scope.
* **Re-referral** (``re_referral_share``): among the cases closed in the period (except
  hand-overs) whose follow-up window is complete by ``as_of``, the share whose young person
  has another case opened within 12 months (``closed ≤ opened < closed + 12 months``).
  Cases closed less than 12 months before ``as_of`` are not yet observable and left out.
* **§ 8a assessments** (``risk_assessments``, ``risk_assessment_share``): assessments
  concluded in the period, by their result (domain 5.4; the § 8a statistic reports at the
  conclusion of the assessment, § 101(2) SGB VIII).

>>> from sozialraum.data import load_sample
>>> from sozialraum.periods import Period
>>> s = load_sample()
>>> t = risk_assessments(s.cases, Period.year(2025), by=())
>>> [(r.dimension("result"), r.value) for r in t.where("risk_assessments")]
[('acute', 7), ('latent', 4), ('help_needed', 4), ('no_help_needed', 14), ('*', 29)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Literal

from .. import catalog
from ..model import Case
from ..periods import Period, add_months
from ._common import (
    QUARTILES,
    ScopeArg,
    check_quantiles,
    count_row,
    duration_rows,
    each_cell,
    group_events,
    ratio_row,
    resolve_scope,
)
from .grouping import HELP_DIMENSIONS, TIME_DIMENSIONS, Grouping
from .rows import TOTAL, MetricTable, Row

__all__ = [
    "CASE_DIMENSIONS",
    "re_referrals",
    "resolved_without_help",
    "risk_assessments",
    "time_to_help",
]

#: The dimensions of case-level metrics (a case has a space; time is its closing date).
CASE_DIMENSIONS = ("space", *TIME_DIMENSIONS)

_TRANSFER = frozenset(e.code for e in catalog.CASE_CLOSING_REASONS if e.transfer)
_RESOLVED = "resolved_in_social_space"


def time_to_help(
    cases: Iterable[Case],
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    quantiles: Sequence[Fraction] = QUARTILES,
    totals: bool = True,
) -> MetricTable:
    """Days from referral (case opened) to the start of the first help (module docs).

    Rows per group: ``referrals_helped``, ``time_to_help_mean`` (days),
    ``time_to_help_mean_months`` and the ``quantiles``.
    """
    levels = check_quantiles(quantiles)
    codes = resolve_scope(scope, help_types)
    g = Grouping.of(period, by, allowed=HELP_DIMENSIONS, totals=totals)

    def events() -> Iterable[tuple[dict[str, str], date, int]]:
        for c in cases:
            helps = [h for h in c.helps if codes is None or h.help_type in codes]
            if not helps:
                continue
            first = min(helps, key=lambda h: (h.period.start, h.id))
            values = {
                "space": c.space_id,
                "provider": first.provider_id,
                "help_type": first.help_type,
                "setting": str(catalog.help_type(first.help_type).setting),
            }
            yield values, first.period.start, (first.period.start - c.opened).days

    rows: list[Row] = []
    for dims, waits in each_cell(group_events(events(), g), g):
        rows.append(count_row("referrals_helped", dims, len(waits), "cases", "cases.helped"))
        rows += duration_rows(
            "time_to_help", dims, len(waits), sum(waits), waits, levels, basis="cases.helped"
        )
    return MetricTable(rows)


def resolved_without_help(
    cases: Iterable[Case],
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    scope: ScopeArg = "hze",
    help_types: Collection[str] | Literal["scope"] | None = "scope",
    totals: bool = True,
) -> MetricTable:
    """Share of closed cases resolved with the social space's resources, without a help.

    Rows per group: ``cases_closed`` and ``resolved_in_space_share`` (module docs).
    """
    codes = resolve_scope(scope, help_types)
    g = Grouping.of(period, by, allowed=CASE_DIMENSIONS, totals=totals)

    def events() -> Iterable[tuple[dict[str, str], date, bool]]:
        for c in cases:
            if c.closed is None or c.closing_reason in _TRANSFER:
                continue
            helped = any(codes is None or h.help_type in codes for h in c.helps)
            yield {"space": c.space_id}, c.closed, c.closing_reason == _RESOLVED and not helped

    rows: list[Row] = []
    for dims, flags in each_cell(group_events(events(), g), g):
        rows.append(count_row("cases_closed", dims, len(flags), "cases", "cases.closed"))
        rows.append(
            ratio_row(
                "resolved_in_space_share",
                dims,
                sum(flags),
                len(flags),
                unit="share",
                basis="cases.closed",
                support=len(flags),
                zero_note="count.zero",
            )
        )
    return MetricTable(rows)


def re_referrals(
    cases: Iterable[Case],
    period: Period,
    *,
    as_of: date,
    months: int = 12,
    by: Sequence[str] = ("space",),
    totals: bool = True,
) -> MetricTable:
    """Share of closed cases followed by a new case of the same young person within
    ``months`` months (module docs); ``as_of`` is the day the data is complete up to
    (exclusive), so only cases closed at least ``months`` before it count.

    Rows per group: ``cases_closed_observed`` and ``re_referral_share``.
    """
    g = Grouping.of(period, by, allowed=CASE_DIMENSIONS, totals=totals)
    all_cases = tuple(cases)
    opened: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for c in all_cases:
        opened[c.young_person.id].append((c.opened, c.id))

    def events() -> Iterable[tuple[dict[str, str], date, bool]]:
        for c in all_cases:
            if c.closed is None or c.closing_reason in _TRANSFER:
                continue
            window_end = add_months(c.closed, months)
            if window_end > as_of:
                continue
            again = any(
                c.closed <= day < window_end and case_id != c.id
                for day, case_id in opened[c.young_person.id]
            )
            yield {"space": c.space_id}, c.closed, again

    rows: list[Row] = []
    for dims, flags in each_cell(group_events(events(), g), g):
        rows.append(count_row("cases_closed_observed", dims, len(flags), "cases", "cases.observed"))
        rows.append(
            ratio_row(
                "re_referral_share",
                dims,
                sum(flags),
                len(flags),
                unit="share",
                basis="cases.observed",
                support=len(flags),
                zero_note="count.zero",
            )
        )
    return MetricTable(rows)


def risk_assessments(
    cases: Iterable[Case],
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    totals: bool = True,
) -> MetricTable:
    """§ 8a risk assessments concluded in the period, by result category.

    Rows per group and result (extra dimension ``result``, a code of
    :data:`~sozialraum.catalog.RISK_ASSESSMENT_RESULTS`, plus ``*`` with totals):
    ``risk_assessments`` (count) and ``risk_assessment_share`` (of all in the group).
    """
    g = Grouping.of(period, by, allowed=CASE_DIMENSIONS, totals=totals)
    results = catalog.RISK_ASSESSMENT_RESULTS.codes
    events = (
        ({"space": c.space_id}, r.concluded_on, r.result) for c in cases for r in c.risk_assessments
    )
    rows: list[Row] = []
    for dims, found in each_cell(group_events(events, g), g):
        shown = [*results, TOTAL] if totals else list(results)
        for result in shown:
            count = len(found) if result == TOTAL else found.count(result)
            cell = (*dims, ("result", result))
            rows.append(count_row("risk_assessments", cell, count, "assessments", "assessments"))
            rows.append(
                ratio_row(
                    "risk_assessment_share",
                    cell,
                    count,
                    len(found),
                    unit="share",
                    basis="assessments",
                    support=count,
                    zero_note="count.zero",
                )
            )
    return MetricTable(rows)
