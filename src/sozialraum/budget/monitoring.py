"""Monitoring: spending against an :class:`~sozialraum.budget.allocation.Allocation`, and a
year-end forecast with the overload quota and the savings carry-over.

Costs are counted in exact cents:

* a help costs its ``monthly_cost`` for every full calendar month it runs, and pro rata by
  days in a partial month (``monthly_cost × days / days in that month``, rounded half away
  from zero to the cent, month by month, as an invoice would);
* case-independent work costs its recorded ``cost``, spread pro rata by days over its
  period (all on its first day if the period is open or empty).

Spending is attributed to the allocation's cells: a help to its case's space, the work type
``case_specific`` and its provider; work to its space, work type and provider. Where the
allocation has no split by work type or provider, spending is pooled the same way; spending
that matches no cell (a provider without a contract in that space, chosen under the
*Wunsch- und Wahlrecht*, § 5 SGB VIII) shows with a budget of zero. Helps excluded by the
rule set (by help type or setting) are reported apart and never count against a budget.

>>> from datetime import date
>>> from sozialraum.money import Money
>>> from sozialraum.periods import Period
>>> from sozialraum.model import Help
>>> h = Help(id="H1", help_type="31", provider_id="T1", period=Period(date(2025, 1, 16)),
...          monthly_cost=Money.parse("3100.00"))
>>> help_cost(h, Period.month(2025, 1)), help_cost(h, Period.quarter(2025, 1))
(Money('1600.00'), Money('7800.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

import attrs

from .. import catalog, messages
from ..errors import AllocationError
from ..model import Case, CaseIndependentWork, Help
from ..money import Money
from ..periods import Period
from .allocation import Allocation
from .rules import Exclusion

__all__ = [
    "ContractOutcome",
    "Forecast",
    "SpendLine",
    "SpendReport",
    "forecast",
    "help_cost",
    "is_excluded",
    "spend",
    "work_cost",
]

messages.define("monitoring.col.space", "space")
messages.define("monitoring.col.work_type", "work type")
messages.define("monitoring.col.provider", "provider")
messages.define("monitoring.col.budget", "budget")
messages.define("monitoring.col.to_date", "to date")
messages.define("monitoring.col.forecast", "forecast")
messages.define("monitoring.col.rate", "rate")
messages.define("monitoring.total", "total")
messages.define("monitoring.outside", "outside the budget (exclusions), forecast: {amount}")
messages.define(
    "monitoring.overrun",
    "{who}: overrun {overrun} — provider absorbs {absorbed} (overload quota), "
    "youth office pays {paid}",
)
messages.define(
    "monitoring.underspend", "{who}: underspend {under} — provider keeps {kept}, returns {returned}"
)
messages.define("period.open#window", "the window must have an end")
messages.define("period.today_outside", "today must lie within the budget period")


#: (space_id, work_type, provider_id) — a cell of an allocation.
Key = tuple[str, str | None, str | None]


def _round_half_away(value: Fraction) -> int:
    q, r = divmod(abs(value.numerator), value.denominator)
    q += 1 if 2 * r >= value.denominator else 0
    return q if value >= 0 else -q


def help_cost(help: Help, window: Period) -> Money:
    """The cost of ``help`` on the days it runs within ``window`` (a closed period)."""
    if window.end is None:
        raise AllocationError("monitoring", "period.open#window")
    part = help.period.intersection(window)
    if part is None:
        return Money.zero()
    cents = 0
    for month in part.months():
        full = Period.month(month.start.year, month.start.month)
        cents += _round_half_away(Fraction(help.monthly_cost.cents * month.days, full.days))
    return Money(cents=cents)


def work_cost(work: CaseIndependentWork, window: Period) -> Money:
    """The part of ``work.cost`` that falls within ``window``, pro rata by days."""
    if work.period.end is None or work.period.is_empty:
        return work.cost if window.contains(work.period.start) else Money.zero()
    part = work.period.intersection(window)
    if part is None or part.end is None:
        return Money.zero()
    return Money(cents=_round_half_away(Fraction(work.cost.cents * part.days, work.period.days)))


def is_excluded(help: Help, exclusions: Iterable[Exclusion]) -> bool:
    """Whether a rule of ``exclusions`` keeps ``help`` outside the budget.

    >>> from sozialraum.money import Money
    >>> from sozialraum.periods import Period
    >>> from sozialraum.model import Help
    >>> from datetime import date
    >>> heim = Help(id="H", help_type="34", provider_id="T", period=Period(date(2025, 1, 1)),
    ...             monthly_cost=Money.parse("6000"))
    >>> is_excluded(heim, [Exclusion(settings=("residential",))])
    True
    """
    setting = catalog.help_type(help.help_type).setting.value
    return any(help.help_type in ex.help_types or setting in ex.settings for ex in exclusions)


@attrs.frozen(kw_only=True)
class SpendLine:
    """Budget and spending of one allocation cell (or of unbudgeted spending)."""

    space_id: str
    work_type: str | None
    provider_id: str | None
    budget: Money
    spent: Money

    @property
    def remaining(self) -> Money:
        """Budget minus spending (negative when overspent)."""
        return self.budget - self.spent

    @property
    def execution_rate(self) -> Fraction | None:
        """Spending as a share of the budget (``None`` for a budget of zero)."""
        return Fraction(self.spent.cents, self.budget.cents) if self.budget.cents else None


def _cell_keys(allocation: Allocation) -> dict[Key, Money]:
    return {(c.space_id, c.work_type, c.provider_id): c.amount for c in allocation.cells}


def _match(key: Key, cells: dict[Key, Money]) -> Key:
    space, work_type, provider = key
    for candidate in (key, (space, work_type, None), (space, None, provider), (space, None, None)):
        if candidate in cells:
            return candidate
    return key


def _costs(
    allocation: Allocation,
    cases: Iterable[Case],
    works: Iterable[CaseIndependentWork],
    window: Period,
) -> tuple[dict[Key, int], int]:
    cells = _cell_keys(allocation)
    spent: dict[Key, int] = {}
    excluded = 0
    for case in cases:
        for h in case.helps:
            cost = help_cost(h, window).cents
            if is_excluded(h, allocation.exclusions):
                excluded += cost
                continue
            key = _match((case.space_id, "case_specific", h.provider_id), cells)
            spent[key] = spent.get(key, 0) + cost
    for w in works:
        key = _match((w.space_id, w.work_type.value, w.provider_id), cells)
        spent[key] = spent.get(key, 0) + work_cost(w, window).cents
    return spent, excluded


def _lines(allocation: Allocation, spent: dict[Key, int]) -> tuple[SpendLine, ...]:
    cells = _cell_keys(allocation)
    keys = list(cells) + sorted(
        (k for k in spent if k not in cells), key=lambda k: (k[0], k[1] or "", k[2] or "")
    )
    return tuple(
        SpendLine(
            space_id=k[0],
            work_type=k[1],
            provider_id=k[2],
            budget=cells.get(k, Money.zero()),
            spent=Money(cents=spent.get(k, 0)),
        )
        for k in keys
    )


def _group(lines: Iterable[SpendLine], index: int) -> dict[str | None, tuple[Money, Money]]:
    result: dict[str | None, tuple[Money, Money]] = {}
    for line in lines:
        key = (line.space_id, line.work_type, line.provider_id)[index]
        budget, spent = result.get(key, (Money.zero(), Money.zero()))
        result[key] = (budget + line.budget, spent + line.spent)
    return result


@attrs.frozen(kw_only=True)
class SpendReport:
    """Spending in :attr:`period` against the allocation, per cell."""

    period: Period
    lines: tuple[SpendLine, ...]
    excluded: Money

    @property
    def budget(self) -> Money:
        """The whole budget of the allocation's cells."""
        return Money.total(line.budget for line in self.lines)

    @property
    def spent(self) -> Money:
        """All spending counted against the budget."""
        return Money.total(line.spent for line in self.lines)

    def by_space(self) -> dict[str | None, tuple[Money, Money]]:
        """``{space_id: (budget, spent)}``."""
        return _group(self.lines, 0)

    def by_work_type(self) -> dict[str | None, tuple[Money, Money]]:
        """``{work_type: (budget, spent)}``."""
        return _group(self.lines, 1)

    def by_provider(self) -> dict[str | None, tuple[Money, Money]]:
        """``{provider_id: (budget, spent)}`` (``None``: not split to providers)."""
        return _group(self.lines, 2)

    def _repr_html_(self) -> str:
        """The lines as an HTML table, for Jupyter."""
        from .._html import spend_report_html

        return spend_report_html(self)


def spend(
    allocation: Allocation,
    cases: Iterable[Case],
    works: Iterable[CaseIndependentWork] = (),
    *,
    period: Period,
) -> SpendReport:
    """Spending of ``cases`` and ``works`` within ``period`` against ``allocation``."""
    spent, excluded = _costs(allocation, list(cases), list(works), period)
    return SpendReport(
        period=period, lines=_lines(allocation, spent), excluded=Money(cents=excluded)
    )


@attrs.frozen(kw_only=True)
class ContractOutcome:
    """The year-end position of one provider in one space under the contract terms.

    ``overrun = absorbed + paid_by_office`` and ``underspend = kept + returned``.
    """

    space_id: str
    provider_id: str
    budget: Money
    forecast: Money
    absorbed: Money
    paid_by_office: Money
    kept: Money
    returned: Money


@attrs.frozen(kw_only=True)
class Forecast:
    """A year-end forecast: spending to date plus the projected cost of running helps.

    :param to_date: spending from the start of the budget period until ``today``.
    :param projected: the cost still expected from ``today`` to the period's end.
    """

    budget_period: Period
    today: date
    to_date: SpendReport
    projected: SpendReport
    contracts: tuple[ContractOutcome, ...]

    @property
    def budget(self) -> Money:
        """The whole budget."""
        return self.to_date.budget

    @property
    def total(self) -> Money:
        """The forecast year-end spending."""
        return self.to_date.spent + self.projected.spent

    @property
    def execution_rate(self) -> Fraction | None:
        """Forecast spending as a share of the budget."""
        return Fraction(self.total.cents, self.budget.cents) if self.budget.cents else None

    def table(self, lang: str = "en") -> str:
        """One line per cell: budget, spent to date, forecast, rate; then the totals (in
        ``lang``; amounts are written the German way in both languages)."""
        messages.check_lang(lang)

        def t(key: str, **params: messages.Param) -> str:
            return messages.render(key, params, lang)

        def rate_of(share: Fraction) -> messages.Param:
            return messages.Share(share, 1)

        sw = max(10, len(t("monitoring.col.space")) + 2)  # the width of the space column
        head = f"{t('monitoring.col.space'):<{sw}}{t('monitoring.col.work_type'):<18}"
        head += f"{t('monitoring.col.provider'):<10}{t('monitoring.col.budget'):>16}"
        head += f"{t('monitoring.col.to_date'):>16}{t('monitoring.col.forecast'):>16}"
        head += f"{t('monitoring.col.rate'):>10}"
        rows = [head]
        projected = {
            (p.space_id, p.work_type, p.provider_id): p.spent for p in self.projected.lines
        }
        for line in self.to_date.lines:
            key = (line.space_id, line.work_type, line.provider_id)
            total = line.spent + projected.get(key, Money.zero())
            rate = (
                messages.format_param(rate_of(Fraction(total.cents, line.budget.cents)), lang)
                if line.budget
                else "–"
            )
            rows.append(
                f"{line.space_id:<{sw}}{line.work_type or '-':<18}{line.provider_id or '-':<10}"
                f"{line.budget.format_de():>16}{line.spent.format_de():>16}"
                f"{total.format_de():>16}{rate:>10}"
            )
        rate = (
            messages.format_param(rate_of(self.execution_rate), lang)
            if self.execution_rate is not None
            else "–"
        )
        rows.append(
            f"{t('monitoring.total'):<{sw + 28}}{self.budget.format_de():>16}"
            f"{self.to_date.spent.format_de():>16}{self.total.format_de():>16}{rate:>10}"
        )
        if self.to_date.excluded or self.projected.excluded:
            outside = self.to_date.excluded + self.projected.excluded
            rows.append(t("monitoring.outside", amount=outside.format_de()))
        for c in self.contracts:
            who = f"{c.space_id}/{c.provider_id}"
            if c.absorbed or c.paid_by_office:
                overrun = (c.absorbed + c.paid_by_office).format_de()
                rows.append(
                    t(
                        "monitoring.overrun",
                        who=who,
                        overrun=overrun,
                        absorbed=c.absorbed.format_de(),
                        paid=c.paid_by_office.format_de(),
                    )
                )
            elif c.kept or c.returned:
                under = (c.kept + c.returned).format_de()
                rows.append(
                    t(
                        "monitoring.underspend",
                        who=who,
                        under=under,
                        kept=c.kept.format_de(),
                        returned=c.returned.format_de(),
                    )
                )
        return "\n".join(rows)


def _projection_window(h: Help, today: date, end: date) -> Period | None:
    stop = h.period.end or h.planned_end or end
    stop = min(stop, end)
    start = max(today, h.period.start)
    return Period(start, stop) if start < stop else None


def _contracts(
    allocation: Allocation, to_date: SpendReport, projected: SpendReport
) -> tuple[ContractOutcome, ...]:
    totals: dict[tuple[str, str], list[int]] = {}
    for report in (to_date, projected):
        for line in report.lines:
            if line.provider_id is None:
                continue
            entry = totals.setdefault((line.space_id, line.provider_id), [0, 0])
            entry[1] += line.spent.cents
            if report is to_date:
                entry[0] += line.budget.cents
    quota = allocation.overload.value if allocation.overload else Fraction(0)
    keep = allocation.carry_over.value if allocation.carry_over else Fraction(0)
    outcomes = []
    for (space, provider), (budget, total) in totals.items():
        overrun = max(0, total - budget)
        absorbed = min(overrun, _round_half_away(budget * quota))
        underspend = max(0, budget - total)
        kept = _round_half_away(underspend * keep)
        outcomes.append(
            ContractOutcome(
                space_id=space,
                provider_id=provider,
                budget=Money(cents=budget),
                forecast=Money(cents=total),
                absorbed=Money(cents=absorbed),
                paid_by_office=Money(cents=overrun - absorbed),
                kept=Money(cents=kept),
                returned=Money(cents=underspend - kept),
            )
        )
    return tuple(outcomes)


def forecast(
    allocation: Allocation,
    cases: Sequence[Case],
    works: Sequence[CaseIndependentWork] = (),
    *,
    budget_period: Period,
    today: date,
) -> Forecast:
    """Forecast year-end spending: spending to ``today`` plus running helps projected to
    their end (actual, else planned, else the end of ``budget_period``) and recorded work
    pro rata. Helps starting later that are already granted count from their start.

    The overload quota and savings carry-over of the allocation's rule set are applied per
    provider and space (:class:`ContractOutcome`).
    """
    end = budget_period.end
    if end is None or (not budget_period.contains(today) and today != end):
        raise AllocationError("forecast", "period.today_outside")
    to_date = spend(allocation, cases, works, period=Period(budget_period.start, today))
    spent: dict[Key, int] = {}
    excluded = 0
    cells = _cell_keys(allocation)
    for case in cases:
        for h in case.helps:
            window = _projection_window(h, today, end)
            if window is None:
                continue
            cost = help_cost(h, window).cents
            if is_excluded(h, allocation.exclusions):
                excluded += cost
                continue
            key = _match((case.space_id, "case_specific", h.provider_id), cells)
            spent[key] = spent.get(key, 0) + cost
    for w in works:
        key = _match((w.space_id, w.work_type.value, w.provider_id), cells)
        spent[key] = spent.get(key, 0) + work_cost(w, Period(today, end)).cents
    projected = SpendReport(
        period=Period(today, end), lines=_lines(allocation, spent), excluded=Money(cents=excluded)
    )
    return Forecast(
        budget_period=budget_period,
        today=today,
        to_date=to_date,
        projected=projected,
        contracts=_contracts(allocation, to_date, projected),
    )
