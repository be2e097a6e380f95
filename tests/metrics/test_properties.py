"""Properties: the single-pass metrics agree with a straightforward recomputation from the
raw helps, and grouping then summing numerators gives the ungrouped numerator."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sozialraum.budget.monitoring import help_cost
from sozialraum.metrics import (
    TOTAL,
    HelpFacts,
    Status,
    help_durations,
    planned_endings,
    spending,
    use_rates,
)
from sozialraum.model import Case, Help
from sozialraum.money import Money
from sozialraum.periods import Period

from .strategies import case_lists, municipality_for, populations

periods = st.builds(
    lambda start, days: Period(start, start + timedelta(days=days)),
    st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    st.integers(1, 3 * 366),
)


def last_day(h: Help) -> date | None:
    if h.period.end is None:
        return None
    return max(h.period.start, h.period.end - timedelta(days=1))


def naive(cases: list[Case], period: Period, space: str | None) -> dict[str, object]:
    """Active, begun, ended, planned share and mean duration, helps one by one."""
    assert period.end is not None
    active = begun = ended = planned = counted = days = 0
    for c in cases:
        if space is not None and c.space_id != space:
            continue
        for h in c.helps:
            if not h.type.hze:
                continue
            last = last_day(h)
            is_active = h.period.start < period.end and (last is None or last >= period.start)
            active += is_active
            begun += period.start <= h.period.start < period.end
            if last is not None and period.start <= last < period.end:
                ended += 1
                days += (h.period.end - h.period.start).days  # type: ignore[operator]
                if h.ending_reason != "40":
                    counted += 1
                    planned += h.ending_reason == "10"
    return {
        "active": active,
        "begun": begun,
        "ended": ended,
        "planned": Fraction(planned, counted) if counted else None,
        "mean": Fraction(days, ended) if ended else None,
    }


@given(case_lists(), periods, populations())
def test_metrics_agree_with_a_naive_recomputation(
    cases: list[Case], period: Period, pops: dict[str, int]
) -> None:
    m = municipality_for(pops)
    facts = HelpFacts.from_cases(cases)
    rates = use_rates(facts, m, period)
    durations = help_durations(facts, period)
    planned = planned_endings(facts, period)
    for space in {c.space_id for c in cases}:
        want = naive(cases, period, space)
        got_active = rates.where("helps_active", space=space)
        if not got_active:  # no help of the space counts in the period
            assert want["active"] == 0
            continue
        assert got_active.rows[0].value == want["active"]
        assert rates.get("helps_begun", space=space).value == want["begun"]
        assert durations.get("helps_ended", space=space).value == want["ended"]
        assert durations.get("duration_ended_mean", space=space).value == want["mean"]
        assert planned.get("ended_as_planned_share", space=space).value == want["planned"]
        rate = rates.get("use_rate_u21", space=space)
        pop = pops[space] + pops[space] // 4
        if pop:
            assert rate.value == Fraction(10_000 * want["active"], pop)  # type: ignore[operator]
        else:
            assert rate.status is Status.NOT_DEFINED


@given(case_lists(), periods, st.sampled_from(["provider", "help_type", "setting", "space"]))
def test_grouped_numerators_sum_to_the_ungrouped_one(
    cases: list[Case], period: Period, dimension: str
) -> None:
    m = municipality_for({"N": 10, "S": 10, "W": 10})
    whole = use_rates(cases, m, period, by=())
    grouped = use_rates(cases, m, period, by=(dimension,))
    for metric in ("helps_active", "helps_begun"):
        parts = [r.value for r in grouped.where(metric) if r.dimension(dimension) != TOTAL]
        total = whole.where(metric)
        assert sum(parts) == (total.rows[0].value if total else 0)  # type: ignore[arg-type]
        if total:
            assert grouped.get(metric, **{dimension: TOTAL}).value == total.rows[0].value


@given(case_lists(), periods)
def test_yearly_counts_add_up_for_begun_and_ended(cases: list[Case], period: Period) -> None:
    m = municipality_for({"N": 10, "S": 10, "W": 10})
    yearly = use_rates(cases, m, period, by=("year",))
    begun = [r.value for r in yearly.where("helps_begun") if r.dimension("year") != TOTAL]
    assert sum(begun) == sum(naive(cases, period, None)["begun"] for _ in [0])  # type: ignore[misc]
    actives = [r.value for r in yearly.where("helps_active") if r.dimension("year") != TOTAL]
    whole = yearly.where("helps_active", year=TOTAL)
    if whole:
        assert max(actives) <= whole.rows[0].value <= sum(actives)  # type: ignore[operator]


@given(case_lists(), periods)
def test_spending_agrees_with_the_budget_monitoring(cases: list[Case], period: Period) -> None:
    m = municipality_for({"N": 10, "S": 10, "W": 10})
    t = spending(cases, m, period, by=(), help_types=None)
    expected = Money.total(help_cost(h, period) for c in cases for h in c.helps)
    got = t.where("spending")
    assert (got.rows[0].value if got else Money.zero()) == expected
