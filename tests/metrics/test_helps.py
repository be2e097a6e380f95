"""Hand-computed examples for use rates, durations, planned endings and the setting mix.

The helps (tests/metrics/builders.py, year 2024 — a leap year):

====  ====  ============  ============  ======  ==================================
help  type  start         end (excl.)   reason  in 2024
====  ====  ============  ============  ======  ==================================
H1    31    2023-06-01    –             –       active, running at the end (580 d)
H2    34    2024-02-29    2024-03-01    10      begun and ended on the leap day (1 d)
H3    30    2024-12-31    –             –       begun on the last day, running (1 d)
H4    28    2024-05-15    2024-05-15    20      begun and ended the same day (0 d)
H5    32    2023-01-31    2024-01-01    10      ended on 2023-12-31: not in 2024
H6    33    2023-11-30    2024-01-31    40      ended 2024-01-30, handed over (62 d)
H7    42    2024-03-01    –             –       crisis placement: not HzE
H8    31    2024-06-01    –             –       space B (nobody under 21)
====  ====  ============  ============  ======  ==================================
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from sozialraum.errors import ValidationError
from sozialraum.metrics import (
    HelpFacts,
    Status,
    help_durations,
    help_indicators,
    planned_endings,
    setting_mix,
    use_rates,
)
from sozialraum.periods import Period

from .builders import helps_2024, municipality

Y2024 = Period.year(2024)


def test_use_rate_counts_running_plus_ended_per_10000_under_21() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024)
    assert t.get("helps_active", space="A").value == 5  # H1 H2 H3 H4 H6
    row = t.get("use_rate_u21", space="A")
    assert (row.value, row.numerator, row.denominator) == (50, 5, 1000)
    assert t.get("use_rate_u18", space="A").value == Fraction(125, 2)
    assert t.get("helps_begun", space="A").value == 3  # H2 H3 H4
    assert t.get("grant_rate_u21", space="A").value == 30
    assert t.get("grant_rate_u18", space="A").value == Fraction(75, 2)


def test_empty_population_is_not_defined_not_zero() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024)
    row = t.get("use_rate_u21", space="B")
    assert row.status is Status.NOT_DEFINED
    assert row.value is None
    assert row.note == "population.zero"
    assert row.display() == "x"
    assert t.get("helps_active", space="B").value == 1


def test_margin_uses_all_spaces_population() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024)
    assert t.get("use_rate_u21", space="*").value == 60  # 6 × 10,000 / 1,000


def test_all_help_types() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024, help_types=None)
    assert t.get("helps_active", space="A").value == 6  # with the crisis placement H7


def test_unavailable_population() -> None:
    from sozialraum.model import AgeBand, Municipality, SocialSpace

    odd = SocialSpace(id="A", name="A", population=(AgeBand(min_age=0, max_age=20, count=10),))
    m = Municipality(id="M", name="M", social_spaces=(odd,))
    t = use_rates(helps_2024()[:2], m, Y2024)
    assert t.get("use_rate_u21", space="A").note == "population.unavailable"
    unknown = use_rates(helps_2024()[-1:], m, Y2024)
    assert unknown.get("use_rate_u21", space="B").note == "population.unknown_space"


def test_by_quarter_with_period_total() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024, by=("space", "quarter"))
    active = {
        q: t.get("helps_active", space="A", quarter=q).value
        for q in ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "*")
    }
    assert active == {"2024-Q1": 3, "2024-Q2": 2, "2024-Q3": 1, "2024-Q4": 2, "*": 5}
    begun = [t.get("helps_begun", space="A", quarter=f"2024-Q{q}").value for q in range(1, 5)]
    assert begun == [1, 1, 0, 1]


def test_by_year_over_two_years() -> None:
    period = Period(date(2023, 1, 1), date(2025, 1, 1))
    t = help_indicators(helps_2024(), municipality(), period, by=("space", "year"))
    assert t.get("helps_active", space="A", year="2023").value == 3  # H1 H5 H6
    assert t.get("helps_ended", space="A", year="2023").value == 1  # H5 on 31 Dec
    assert t.get("helps_active", space="A", year="2024").value == 5
    assert t.get("helps_active", space="A", year="*").value == 6  # once each: H1–H6
    assert t.get("helps_begun", space="A", year="*").value == 6


def test_period_starting_mid_month_clips_buckets() -> None:
    period = Period(date(2024, 1, 15), date(2024, 3, 1))
    t = use_rates(helps_2024(), municipality(), period, by=("space", "month"))
    assert t.get("helps_active", space="A", month="2024-01").value == 2  # H1, H6
    assert t.get("helps_active", space="A", month="2024-02").value == 2  # H1, H2


def test_durations_of_ended_and_running_helps() -> None:
    t = help_durations(helps_2024(), Y2024)
    assert t.get("helps_ended", space="A").value == 3  # H2 H4 H6
    assert t.get("duration_ended_mean", space="A").value == 21  # (1 + 0 + 62) / 3
    assert t.get("duration_ended_median", space="A").value == 1
    assert t.get("duration_ended_q25", space="A").value == Fraction(1, 2)
    assert t.get("duration_ended_q75", space="A").value == Fraction(63, 2)
    months = t.get("duration_ended_mean_months", space="A").value
    assert months == Fraction(21 * 4800, 146097)
    assert t.get("helps_running_at_end", space="A").value == 2  # H1 H3
    assert t.get("duration_running_mean", space="A").value == Fraction(581, 2)  # (580+1)/2
    none = t.get("duration_ended_median", space="B")
    assert none.status is Status.NOT_DEFINED
    assert none.note == "count.zero"
    assert t.get("duration_ended_mean_months", space="B").status is Status.NOT_DEFINED


def test_durations_without_quantiles_and_bad_levels() -> None:
    t = help_durations(helps_2024(), Y2024, quantiles=())
    assert "duration_ended_median" not in t.metrics
    with pytest.raises(ValidationError) as err:
        help_durations(helps_2024(), Y2024, quantiles=(0.5,))  # type: ignore[arg-type]
    assert err.value.codes == ("quantile.type",)
    with pytest.raises(ValidationError) as err:
        help_durations(helps_2024(), Y2024, quantiles=(Fraction(3, 2),))
    assert err.value.codes == ("quantile.range",)
    q = help_durations(helps_2024(), Y2024, quantiles=(Fraction(1, 8), 1))
    assert q.get("duration_ended_q100", space="A").value == 62
    assert q.get("duration_ended_q12.5", space="A").value == Fraction(1, 4)


def test_running_durations_per_bucket() -> None:
    t = help_durations(helps_2024(), Y2024, by=("space", "quarter"))
    # H1 runs at the end of each quarter; H6 at the end of no quarter (ends in Q1)
    q1 = t.get("duration_running_mean", space="A", quarter="2024-Q1").value
    assert q1 == (date(2024, 4, 1) - date(2023, 6, 1)).days
    q4 = t.get("helps_running_at_end", space="A", quarter="2024-Q4")
    assert q4.value == 2
    whole = t.get("duration_running_median", space="A", quarter="*")
    assert whole.value == Fraction(581, 2)


def test_planned_endings_leave_out_transfers() -> None:
    t = planned_endings(helps_2024(), Y2024)
    row = t.get("ended_as_planned_share", space="A")
    assert (row.numerator, row.denominator, row.value) == (1, 2, Fraction(1, 2))  # H2 / H2,H4
    assert t.get("ended_as_planned_share", space="B").status is Status.NOT_DEFINED


def test_setting_mix() -> None:
    t = setting_mix(helps_2024(), Y2024)
    shares = {r.dimension("setting"): r.value for r in t.where("setting_share", space="A")}
    assert shares == {
        "ambulant": Fraction(3, 5),
        "semi_residential": 0,
        "residential": Fraction(2, 5),
    }
    assert t.get("out_of_home_share", space="A").value == Fraction(2, 5)
    crisis = setting_mix(helps_2024(), Y2024, help_types=None)
    assert crisis.get("setting_share", space="A", setting="crisis").value == Fraction(1, 6)
    with pytest.raises(ValidationError):
        setting_mix(helps_2024(), Y2024, by=("setting",))


def test_setting_mix_without_totals_and_by_time() -> None:
    t = setting_mix(helps_2024(), Y2024, by=("quarter",), totals=False)
    assert t.get("out_of_home_share", quarter="2024-Q1").value == Fraction(2, 3)


def test_facts_are_reusable_and_group_by_any_dimension() -> None:
    facts = HelpFacts.from_cases(helps_2024())
    t = use_rates(facts, municipality(), Y2024, by=("provider", "setting", "help_type"))
    assert t.get("helps_active", provider="T1", setting="residential", help_type="34").value == 1
    assert t.get("helps_active", provider="*", setting="*", help_type="*").value == 6
    assert t.get("helps_active", provider="T1", setting="ambulant", help_type="*").value == 4


def test_empty_period_and_no_dimensions() -> None:
    empty = Period(date(2024, 3, 1), date(2024, 3, 1))
    assert len(use_rates(helps_2024(), municipality(), empty, by=())) == 0  # no help counts
    assert len(use_rates((), municipality(), Y2024)) == 0


@pytest.mark.parametrize(
    ("by", "code"),
    [
        (("district",), "metrics.dimension_unknown"),
        (("space", "space"), "metrics.dimension_repeated"),
        (("year", "month"), "metrics.time_dimensions"),
    ],
)
def test_bad_grouping(by: tuple[str, ...], code: str) -> None:
    with pytest.raises(ValidationError) as err:
        use_rates(helps_2024(), municipality(), Y2024, by=by)
    assert err.value.codes == (code,)


def test_open_period_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        use_rates(helps_2024(), municipality(), Period(date(2024, 1, 1)))
    assert err.value.codes == ("metrics.period_open",)


def test_a_single_dimension_may_be_a_string() -> None:
    t = use_rates(helps_2024(), municipality(), Y2024, by="space")  # type: ignore[arg-type]
    assert t.get("helps_active", space="A").value == 5
