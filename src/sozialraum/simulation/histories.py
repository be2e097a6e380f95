"""Simulated case histories: one run of the model as :class:`~sozialraum.model.Case` files.

:func:`histories` replays one run with the engine's ``trace`` and turns every referral
into a case (opened on the first of its month) with its helps (from and to the first of a
month). It serves three purposes: checking calibration (data generated with known
parameters must give them back), checking conservation against
:func:`sozialraum.budget.help_cost`, and synthetic data for demonstrations.

Helps carry their monthly cost at base-year prices (a :class:`~sozialraum.model.Help` has
one monthly cost); the ages are placeholders (10 years at the referral, 19 at the first
help of a case with a § 41 help).

>>> from sozialraum.simulation import make_plan
>>> plan = make_plan(seed=3, years=1)
>>> cases = histories(plan, run=0)
>>> len(cases) > 100, all(c.space_id in plan.layout.space_ids for c in cases)
(True, True)
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from .. import catalog
from ..model import Case, Help, YearMonth, YoungPerson
from ..money import Money
from ..periods import Period
from .engine import run_once, run_seeds
from .montecarlo import Plan

__all__ = ["histories", "month_start", "trace_run"]


def month_start(start_year: int, month: int) -> date:
    """The first day of simulated month ``month`` (0 = January of ``start_year``).

    >>> month_start(2026, 13)
    datetime.date(2027, 2, 1)
    """
    return date(start_year + month // 12, month % 12 + 1, 1)


def trace_run(plan: Plan, run: int, scenario: int = 0) -> tuple[list[int], list[Any]]:
    """The record and the trace (every referral and help) of one run of one scenario."""
    trace: list[Any] = []
    seeds = run_seeds(plan.seed, run, plan.layout.space_ids)
    record = run_once(plan.scenarios[scenario], plan.layout, plan.initial, seeds, trace)
    return record, trace


def histories(
    plan: Plan, run: int, scenario: int = 0, *, include_initial: bool = False
) -> tuple[Case, ...]:
    """The cases of one run: one per referral, with its helps and follow-ups.

    :param include_initial: also return the helps running at the start, one case each.
    """
    layout = plan.layout
    start_year = plan.scenarios[scenario].years[0]
    horizon = 12 * len(plan.scenarios[scenario].years)
    _, trace = trace_run(plan, run, scenario)
    referrals: dict[tuple[int, int], tuple[int, bool]] = {}
    helps: dict[tuple[int, int], list[tuple[Any, ...]]] = defaultdict(list)
    initial: list[tuple[Any, ...]] = []
    for entry in trace:
        if entry[0] == "referral":
            _, s, month, ref, resolved = entry
            referrals[s, ref] = (month, resolved)
        elif entry[7] < 0:
            initial.append(entry)
        else:
            helps[entry[1], entry[7]].append(entry)
    cases = []
    for (s, ref), (month, resolved) in sorted(referrals.items()):
        opened = month_start(start_year, month)
        case_id = f"SIM-{run}-{layout.space_ids[s]}-{ref:05d}"
        chain = sorted(helps.get((s, ref), []), key=lambda e: e[4])
        cases.append(_case(plan, case_id, s, opened, chain, resolved, start_year, horizon))
    if include_initial:
        for i, entry in enumerate(initial):
            case_id = f"SIM-{run}-{layout.space_ids[entry[1]]}-initial-{i:05d}"
            opened = month_start(start_year, entry[4])
            cases.append(
                _case(plan, case_id, entry[1], opened, [entry], False, start_year, horizon)
            )
    return tuple(cases)


def _case(
    plan: Plan,
    case_id: str,
    s: int,
    opened: date,
    chain: list[tuple[Any, ...]],
    resolved: bool,
    start_year: int,
    horizon: int,
) -> Case:
    layout = plan.layout
    birth = YearMonth(opened.year - 10, opened.month)
    person = YoungPerson(id=f"P{case_id[3:]}", birth=birth)
    built = []
    for n, (_, _, cell, ti, start, months, c0, _, _) in enumerate(chain, start=1):
        if cell < 0:
            continue
        end = start + months
        code = layout.help_types[ti]
        kind = catalog.help_type(code)
        built.append(
            Help(
                id=f"H{n}",
                help_type=code,
                provider_id=layout.provider_ids[layout.cells[cell][1]],
                period=Period(
                    month_start(start_year, start),
                    month_start(start_year, end) if end <= horizon else None,
                ),
                monthly_cost=Money(cents=c0),
                ending_reason="10" if end <= horizon else None,
                specialist_statement_on=opened if kind.needs_specialist_statement else None,
                young_adult=False,  # ages are not modelled: no help is a § 41 help
            )
        )
    closed = None
    reason = None
    if resolved:
        closed, reason = opened, "resolved_in_social_space"
    elif built and all(h.end is not None for h in built):
        closed, reason = max(h.end for h in built if h.end is not None), "planned"
    return Case(
        id=case_id,
        space_id=layout.space_ids[s],
        opened=opened,
        young_person=person,
        helps=tuple(built),
        closed=closed,
        closing_reason=reason,
    )
