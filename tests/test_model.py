"""The entities: every invariant allowed and refused, with its exact code and JSON pointer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as s

from sozialraum import catalog
from sozialraum.catalog import Gender, WorkType
from sozialraum.errors import ValidationError
from sozialraum.model import (
    AgeBand,
    Case,
    CaseIndependentWork,
    Goal,
    Help,
    HelpPlan,
    Indicator,
    Municipality,
    Provider,
    RiskAssessment,
    SocialSpace,
    SocialSpaceTeam,
    YearMonth,
    YoungPerson,
)
from sozialraum.money import Money
from sozialraum.periods import Period

D = date
EUR = Money.parse


def refusals(make: Any, /, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """(path, code) of every issue raised when building ``make(*args, **kwargs)``."""
    with pytest.raises(ValidationError) as info:
        make(*args, **kwargs)
    return [(i.path, i.code) for i in info.value.issues]


# --------------------------------------------------------------------------- builders

HELP = {
    "id": "H1",
    "help_type": "31",
    "provider_id": "T1",
    "period": Period(D(2024, 1, 1)),
    "monthly_cost": EUR("1450.00"),
}


def help_(**kw: Any) -> Help:
    return Help(**{**HELP, **kw})


def ended(**kw: Any) -> Help:
    return help_(**{"period": Period(D(2024, 1, 1), D(2024, 7, 1)), "ending_reason": "10", **kw})


PERSON = YoungPerson(id="P1", birth=D(2006, 5, 17), gender=Gender.FEMALE)
CASE = {"id": "C1", "space_id": "S1", "opened": D(2024, 1, 1), "young_person": PERSON}


def case(**kw: Any) -> Case:
    return Case(**{**CASE, **kw})


def case_refusals(**kw: Any) -> list[tuple[str, str]]:
    return refusals(Case, **{**CASE, **kw})


def help_refusals(**kw: Any) -> list[tuple[str, str]]:
    return refusals(Help, **{**HELP, **kw})


# --------------------------------------------------------------------------- YearMonth


def test_year_month():
    ym = YearMonth(2010, 5)
    assert ym.isoformat() == str(ym) == "2010-05"
    assert YearMonth.fromisoformat("2010-05") == ym
    assert ym.first_day == D(2010, 5, 1)
    assert YearMonth(2010, 5) < YearMonth(2010, 6) < YearMonth(2011, 1)
    assert YearMonth(5, 1).isoformat() == "0005-01"


@pytest.mark.parametrize(("year", "month"), [(2010, 0), (2010, 13), (0, 1), (10000, 1)])
def test_year_month_refuses_impossible_months(year, month):
    assert refusals(YearMonth, year, month) == [("", "date.invalid")]


@pytest.mark.parametrize("text", ["2010-5", "2010/05", "201O-05", "2010-05-01", "", "2010-13"])
def test_year_month_fromisoformat_refuses(text):
    with pytest.raises(ValidationError) as info:
        YearMonth.fromisoformat(text)
    assert info.value.codes == ("date.invalid",)


def test_year_month_wrong_type_is_a_validation_error_not_a_type_error():
    with pytest.raises(ValidationError) as info:
        YearMonth("2010", 5)  # type: ignore[arg-type]
    assert "type.invalid" in info.value.codes


# --------------------------------------------------------------------------- YoungPerson


def test_young_person_ages():
    assert PERSON.age_on(D(2024, 5, 16)) == 17
    assert PERSON.age_on(D(2024, 5, 17)) == 18
    by_month = YoungPerson(id="P2", birth=YearMonth(2006, 5))
    assert by_month.birth_day == D(2006, 5, 1)
    assert by_month.age_on(D(2024, 5, 1)) == 18  # earliest possible birthday
    assert by_month.gender is Gender.NOT_STATED
    leap = YoungPerson(id="P3", birth=D(2008, 2, 29))
    assert leap.age_on(D(2026, 2, 28)) == 17
    assert leap.age_on(D(2026, 3, 1)) == 18


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_young_person_id_must_not_be_blank(blank):
    assert refusals(YoungPerson, id=blank, birth=D(2006, 1, 1)) == [("/id", "string.blank")]


def test_young_person_repr_hides_birth_and_gender():
    assert repr(PERSON) == "YoungPerson(id='P1')"
    assert "2006" not in repr(PERSON)
    assert "female" not in repr(PERSON).lower()


# --------------------------------------------------------------------------- Help


def test_help_valid_and_properties():
    h = ended()
    assert h.type is catalog.HELP_TYPES["31"]
    assert (h.start, h.end) == (D(2024, 1, 1), D(2024, 7, 1))
    assert h.is_active_on(D(2024, 6, 30))
    assert not h.is_active_on(D(2024, 7, 1))
    running = help_()
    assert running.end is None
    assert running.is_active_on(D(2030, 1, 1))


def test_help_ending_on_its_start_day_is_allowed():
    h = help_(period=Period(D(2024, 1, 1), D(2024, 1, 1)), ending_reason="50")
    assert h.period.is_empty


def test_help_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as info:
        help_(period=Period(D(2024, 2, 1), D(2024, 1, 1)), ending_reason="10")
    assert [(i.path, i.code) for i in info.value.issues] == [("/end", "period.end_before_start")]


def test_ended_help_needs_an_ending_reason_and_running_help_has_none():
    assert help_refusals(period=Period(D(2024, 1, 1), D(2024, 2, 1))) == [
        ("/ending_reason", "help.ending_reason_missing")
    ]
    assert help_refusals(ending_reason="10") == [
        ("/ending_reason", "help.ending_reason_unexpected")
    ]


def test_help_codes_must_be_in_the_catalogue():
    assert help_refusals(help_type="99") == [("/help_type", "code.unknown")]
    assert help_refusals(help_type="35A-ambulant", specialist_statement_on=D(2024, 1, 1)) == [
        ("/help_type", "code.unknown")
    ]
    assert help_refusals(period=Period(D(2024, 1, 1), D(2024, 2, 1)), ending_reason="99") == [
        ("/ending_reason", "code.unknown")
    ]


@pytest.mark.parametrize("code", list(catalog.HELP_TYPES))
def test_every_help_type_of_the_catalogue_is_accepted(code):
    kind = catalog.HELP_TYPES[code]
    statement = D(2023, 12, 1) if kind.needs_specialist_statement else None
    assert help_(help_type=code, specialist_statement_on=statement).help_type == code


@pytest.mark.parametrize(
    "code", [c for c, t in catalog.HELP_TYPES.items() if t.needs_specialist_statement]
)
def test_35a_needs_a_specialist_statement_on_or_before_the_start(code):
    assert help_refusals(help_type=code) == [
        ("/specialist_statement_on", "help.specialist_statement_missing")
    ]
    assert help_refusals(help_type=code, specialist_statement_on=D(2024, 1, 2)) == [
        ("/specialist_statement_on", "help.specialist_statement_late")
    ]
    assert help_(help_type=code, specialist_statement_on=D(2024, 1, 1)).help_type == code
    assert help_(help_type=code, specialist_statement_on=D(2020, 1, 1)).help_type == code


def test_35a_codes_in_the_catalogue():
    needs = {c for c, t in catalog.HELP_TYPES.items() if t.needs_specialist_statement}
    assert needs == {"35a-ambulant", "35a-day", "35a-foster", "35a-residential"}


def test_costs_and_extent_bounds():
    assert help_refusals(monthly_cost=EUR("-0.01")) == [("/monthly_cost", "number.range")]
    assert help_refusals(day_rate=EUR("-1")) == [("/day_rate", "number.range")]
    assert help_refusals(hours_per_week=Decimal("168.01")) == [("/hours_per_week", "number.range")]
    assert help_refusals(hours_per_week=Decimal("-1")) == [("/hours_per_week", "number.range")]
    assert help_refusals(hours_per_week=Decimal("NaN")) == [
        ("/hours_per_week", "number.not_finite")
    ]
    for ok in (Decimal(0), Decimal(168), Decimal("2.5")):
        assert help_(hours_per_week=ok).hours_per_week == ok
    assert help_(monthly_cost=Money.zero(), day_rate=Money.zero()).monthly_cost == Money.zero()


def test_planned_end_not_before_start():
    assert help_refusals(planned_end=D(2023, 12, 31)) == [
        ("/planned_end", "help.planned_end_before_start")
    ]
    assert help_(planned_end=D(2024, 1, 1)).planned_end == D(2024, 1, 1)


@pytest.mark.parametrize("field", ["id", "provider_id"])
def test_help_ids_must_not_be_blank(field):
    assert help_refusals(**{field: "  "}) == [(f"/{field}", "string.blank")]


def test_help_reports_every_problem_at_once():
    found = help_refusals(
        id="",
        help_type="35a-day",
        monthly_cost=EUR("-1"),
        period=Period(D(2024, 1, 1), D(2024, 3, 1)),
        planned_end=D(2023, 1, 1),
        hours_per_week=Decimal(200),
    )
    assert set(found) == {
        ("/id", "string.blank"),
        ("/monthly_cost", "number.range"),
        ("/hours_per_week", "number.range"),
        ("/planned_end", "help.planned_end_before_start"),
        ("/ending_reason", "help.ending_reason_missing"),
        ("/specialist_statement_on", "help.specialist_statement_missing"),
    }
    assert len(found) == 6


def test_help_repr_hides_the_justification():
    h = help_(justification_beyond_21="Verselbständigung gefährdet")
    assert "Verselbständigung" not in repr(h)
    assert "justification" not in repr(h)


# --------------------------------------------------------------------------- Goal, HelpPlan


def test_goal_levels_and_weight():
    g = Goal(id="G1", text="Schulbesuch regelmäßig", levels=("a", "b", "c", "d", "e"))
    assert g.weight == Decimal(1)
    assert Goal(id="G2", text="", weight=Decimal(0), baseline=-2, attained=2).attained == 2
    assert refusals(Goal, id="G", text="t", weight=Decimal("-0.1")) == [("/weight", "number.range")]
    assert refusals(Goal, id="G", text="t", weight=Decimal("NaN")) == [
        ("/weight", "number.not_finite")
    ]
    assert refusals(Goal, id="G", text="t", levels=("a", "b")) == [("/levels", "array.length")]
    assert refusals(Goal, id="G", text="t", baseline=3, attained=-3) == [
        ("/baseline", "number.range"),
        ("/attained", "number.range"),
    ]
    assert refusals(Goal, id="G", text="t", baseline=True) in (
        [("/baseline", "type.integer")],
        [("/baseline", "type.invalid")],
    )


def test_goal_repr_hides_text_and_levels():
    g = Goal(id="G1", text="GEHEIM-Ziel", levels=("L-2x", "L-1x", "L0x", "L+1x", "L+2x"))
    assert "GEHEIM" not in repr(g)
    assert "L0x" not in repr(g)


def test_help_plan_reviews_in_order():
    plan = HelpPlan(
        id="HP1",
        agreed_on=D(2024, 1, 10),
        reviews=(D(2024, 1, 10), D(2024, 7, 1), D(2024, 7, 1)),
        next_review=D(2025, 1, 1),
    )
    assert plan.reviews[-1] == D(2024, 7, 1)
    bad = refusals(
        HelpPlan,
        id="HP1",
        agreed_on=D(2024, 1, 10),
        reviews=(D(2024, 1, 9), D(2024, 7, 1), D(2024, 3, 1)),
        next_review=D(2024, 7, 1),
    )
    assert bad == [
        ("/reviews/0", "plan.review_order"),
        ("/reviews/2", "plan.review_order"),
        ("/next_review", "plan.next_review_past"),
    ]
    assert refusals(HelpPlan, id="HP", agreed_on=D(2024, 1, 1), next_review=D(2024, 1, 1)) == [
        ("/next_review", "plan.next_review_past")
    ]


def test_help_plan_goal_ids_unique():
    goals = (Goal(id="G1", text="a"), Goal(id="G2", text="b"), Goal(id="G1", text="c"))
    assert refusals(HelpPlan, id="HP", agreed_on=D(2024, 1, 1), goals=goals) == [
        ("/goals/2/id", "id.duplicate")
    ]


# --------------------------------------------------------------------------- RiskAssessment


def test_risk_assessment():
    ra = RiskAssessment(
        id="R1", concluded_on=D(2024, 3, 1), result="latent", danger_forms=("neglect",)
    )
    assert ra.danger_forms == ("neglect",)
    assert refusals(
        RiskAssessment,
        id="R1",
        concluded_on=D(2024, 3, 1),
        result="help_needed",
        danger_forms=("neglect",),
    ) == [("/danger_forms", "risk.danger_without_danger")]
    assert refusals(
        RiskAssessment,
        id="R1",
        concluded_on=D(2024, 3, 1),
        result="acutee",
        notified_by="9",
        danger_forms=("neglect", "poison"),
    ) == [
        ("/result", "code.unknown"),
        ("/notified_by", "code.unknown"),
        ("/danger_forms/1", "code.unknown"),
        ("/danger_forms", "risk.danger_without_danger"),
    ]


# --------------------------------------------------------------------------- Case


def test_valid_case():
    c = case(
        helps=(ended(), help_(id="H2", period=Period(D(2024, 7, 1)))),
        help_plans=(HelpPlan(id="HP1", agreed_on=D(2024, 1, 1), help_ids=("H1", "H2")),),
    )
    assert c.is_open
    assert [h.id for h in c.helps_active_on(D(2024, 6, 30))] == ["H1"]
    assert [h.id for h in c.helps_active_on(D(2024, 7, 1))] == ["H2"]


def test_help_before_its_case():
    assert case_refusals(helps=(help_(period=Period(D(2023, 12, 31))),)) == [
        ("/helps/0/period/start", "help.before_case")
    ]
    assert case(helps=(help_(period=Period(D(2024, 1, 1))),)).helps[0].start == D(2024, 1, 1)


def test_closed_case():
    closed = case(closed=D(2024, 7, 1), closing_reason="planned", helps=(ended(),))
    assert not closed.is_open
    # closing on the opening day: an empty case file
    assert case(closed=D(2024, 1, 1), closing_reason="other").closed == D(2024, 1, 1)
    assert case_refusals(closed=D(2024, 7, 1)) == [
        ("/closing_reason", "case.closing_reason_missing")
    ]
    assert case_refusals(closing_reason="planned") == [
        ("/closing_reason", "case.closing_reason_unexpected")
    ]
    assert case_refusals(closed=D(2023, 12, 31), closing_reason="planned") == [
        ("/closed", "case.closed_before_opened")
    ]
    assert case_refusals(closed=D(2024, 7, 1), closing_reason="finished") == [
        ("/closing_reason", "code.unknown")
    ]


def test_help_of_a_closed_case_ends_by_the_closing_date():
    assert case_refusals(closed=D(2024, 6, 30), closing_reason="planned", helps=(ended(),)) == [
        ("/helps/0/period/end", "help.after_case")
    ]
    assert case_refusals(closed=D(2024, 7, 1), closing_reason="planned", helps=(help_(),)) == [
        ("/helps/0/period/end", "help.after_case")
    ]


def test_help_codes_of_the_statistics():
    assert help_refusals(
        initiated_by="0", main_reason="12", further_reasons=("99", "x"), place_of_delivery="1"
    ) == [
        ("/place_of_delivery", "code.unknown"),
        ("/further_reasons/0", "code.unknown"),
        ("/further_reasons/1", "code.unknown"),
        ("/initiated_by", "code.unknown"),
    ]


def test_case_ids_unique():
    plan = HelpPlan(id="HP", agreed_on=D(2024, 1, 1))
    ra = RiskAssessment(id="R", concluded_on=D(2024, 1, 1), result="no_help_needed")
    assert case_refusals(
        helps=(help_(), help_()), help_plans=(plan, plan), risk_assessments=(ra, ra, ra)
    ) == [
        ("/helps/1/id", "id.duplicate"),
        ("/help_plans/1/id", "id.duplicate"),
        ("/risk_assessments/1/id", "id.duplicate"),
        ("/risk_assessments/2/id", "id.duplicate"),
    ]


def test_help_plans_refer_to_helps_of_the_case():
    plan = HelpPlan(id="HP", agreed_on=D(2024, 1, 1), help_ids=("H1", "H9", "H1", "h1"))
    assert case_refusals(helps=(help_(),), help_plans=(plan,)) == [
        ("/help_plans/0/help_ids/1", "reference.unknown"),
        ("/help_plans/0/help_ids/3", "reference.unknown"),
    ]


# § 41: the person (born 2006-05-17) turns 18 on 2024-05-17 and 21 on 2027-05-17. A help
# for a young adult is reported under its own type; the status follows from the age at start.
@pytest.mark.parametrize(
    ("start", "justification", "young_adult", "expected"),
    [
        (D(2024, 5, 16), None, False, []),
        (D(2024, 5, 17), None, True, []),
        (D(2027, 5, 16), None, True, []),
        (
            D(2027, 5, 17),
            None,
            True,
            [("/helps/0/justification_beyond_21", "help.young_adult_justification")],
        ),
        (D(2027, 5, 17), "Verselbständigung", True, []),
        (D(2030, 1, 1), "Verselbständigung", True, []),
    ],
)
@pytest.mark.parametrize("code", ["30-erziehungsbeistand", "33-general", "34", "27-ambulant"])
def test_young_adult_status_follows_from_the_age_at_the_start(
    code, start, justification, young_adult, expected
):
    h = help_(help_type=code, period=Period(start), justification_beyond_21=justification)
    if expected:
        assert case_refusals(helps=(h,)) == expected
    else:
        c = case(helps=(h,))
        assert c.is_young_adult_help(h) is young_adult
        assert ("§ 41 SGB VIII" in c.legal_basis(h)) is young_adult


def test_young_adult_help_of_a_19_year_old_counts_as_its_type_and_as_young_adult():
    # statute example (issue 10): the § 41 help of a 19-year-old is reported as its type
    h = help_(help_type="34", period=Period(D(2025, 6, 1)), place_of_delivery="09")
    c = case(helps=(h,))
    assert c.age_at_start(h) == 19
    assert c.is_young_adult_help(h)
    assert h.type.statistics_type == "34"
    assert h.type.hze
    assert c.legal_basis(h) == ("§ 27 SGB VIII", "§ 34 SGB VIII", "§ 41 SGB VIII")
    assert "34" in catalog.HZE.codes


def test_family_help_types_are_not_young_adult_help():
    # § 41(2) does not refer to § 31 or § 32: an 18-year-old in a family help is no § 41 case
    for code in ("31", "32"):
        h = help_(help_type=code, period=Period(D(2025, 1, 1)))
        assert not case(helps=(h,)).is_young_adult_help(h)
        assert help_refusals(help_type=code, young_adult=True) == [
            ("/young_adult", "help.young_adult_type")
        ]


def test_young_adult_override():
    # overridden as § 41 at 17: only for a help continuing past the 18th birthday
    running = help_(help_type="34", period=Period(D(2024, 5, 1)), young_adult=True)
    assert case(helps=(running,)).is_young_adult_help(running)
    past_18 = ended(help_type="34", period=Period(D(2024, 5, 1), D(2024, 5, 18)), young_adult=True)
    assert case(helps=(past_18,)).is_young_adult_help(past_18)
    before_18 = ended(
        help_type="34", period=Period(D(2024, 5, 1), D(2024, 5, 17)), young_adult=True
    )
    assert case_refusals(helps=(before_18,)) == [
        ("/helps/0/young_adult", "help.young_adult_too_young")
    ]
    # overridden as not § 41 at 19 (e.g. a data correction): accepted as stated
    not_41 = help_(help_type="34", period=Period(D(2025, 6, 1)), young_adult=False)
    assert not case(helps=(not_41,)).is_young_adult_help(not_41)


def test_young_adult_rule_with_a_leap_day_birthday():
    leap = YoungPerson(id="P", birth=D(2008, 2, 29))
    h = help_(help_type="34", period=Period(D(2026, 2, 28)))
    assert not case(young_person=leap, helps=(h,)).is_young_adult_help(h)
    h = help_(help_type="34", period=Period(D(2026, 3, 1)))
    assert case(young_person=leap, helps=(h,)).is_young_adult_help(h)


def test_young_adult_rule_with_a_birth_month():
    by_month = YoungPerson(id="P", birth=YearMonth(2006, 5))  # taken as 2006-05-01
    h = help_(help_type="34", period=Period(D(2024, 5, 1)))
    assert case(young_person=by_month, helps=(h,)).is_young_adult_help(h)
    h = help_(help_type="34", period=Period(D(2024, 4, 30)))
    assert not case(young_person=by_month, helps=(h,)).is_young_adult_help(h)


def test_case_reports_several_violations_together():
    plan = HelpPlan(id="HP", agreed_on=D(2024, 1, 1), help_ids=("nope",))
    found = case_refusals(
        id=" ",
        closed=D(2024, 3, 1),
        helps=(
            help_(period=Period(D(2023, 6, 1))),
            help_(id="H1", help_type="34", period=Period(D(2024, 2, 1)), young_adult=True),
        ),
        help_plans=(plan,),
    )
    assert found == [
        ("/id", "string.blank"),
        ("/helps/1/id", "id.duplicate"),
        ("/closing_reason", "case.closing_reason_missing"),
        ("/helps/0/period/start", "help.before_case"),
        ("/helps/0/period/end", "help.after_case"),
        ("/helps/1/period/end", "help.after_case"),
        ("/help_plans/0/help_ids/0", "reference.unknown"),
    ]


# --------------------------------------------------------------------------- organisation


def test_age_bands():
    assert AgeBand(min_age=6, max_age=14, count=2310).label == "6–13"
    assert AgeBand(min_age=21, max_age=None, count=0).label == "21+"
    assert refusals(AgeBand, min_age=5, max_age=5, count=1) == [("/max_age", "age_band.empty")]
    assert refusals(AgeBand, min_age=-1, max_age=None, count=-1) == [
        ("/min_age", "number.range"),
        ("/count", "number.range"),
    ]


def space(**kw: Any) -> SocialSpace:
    bands = (
        AgeBand(min_age=0, max_age=6, count=600),
        AgeBand(min_age=6, max_age=18, count=1400),
        AgeBand(min_age=18, max_age=21, count=400),
        AgeBand(min_age=21, max_age=None, count=9000),
    )
    return SocialSpace(**{"id": "S1", "name": "Nord", "population": bands, **kw})


def test_social_space_population():
    sp = space()
    assert sp.total_population == 11400
    assert sp.residents_under(18) == 2000
    assert sp.residents_under(21) == 2400
    assert sp.residents_under(0) == 0
    with pytest.raises(ValidationError) as info:
        sp.residents_under(10)
    assert info.value.codes == ("age_band.split",)
    gap = SocialSpace(id="S", name="n", population=(AgeBand(min_age=6, max_age=18, count=1),))
    with pytest.raises(ValidationError) as info:
        gap.residents_under(18)
    assert info.value.codes == ("age_band.gap",)
    short = SocialSpace(id="S", name="n", population=(AgeBand(min_age=0, max_age=6, count=1),))
    with pytest.raises(ValidationError) as info:
        short.residents_under(18)
    assert info.value.codes == ("age_band.gap",)
    empty = SocialSpace(id="S", name="n")  # zero population
    assert empty.total_population == 0


def test_social_space_bands_must_not_overlap():
    bands = (
        AgeBand(min_age=6, max_age=18, count=1),
        AgeBand(min_age=0, max_age=7, count=1),
        AgeBand(min_age=18, max_age=None, count=1),
        AgeBand(min_age=21, max_age=None, count=1),
    )
    assert refusals(SocialSpace, id="S", name="n", population=bands) == [
        ("/population/0", "age_band.overlap"),
        ("/population/3", "age_band.overlap"),
    ]


def test_social_space_indicators():
    ind = Indicator(
        name="SGB II quota", value=Decimal("18.4"), unit="percent", reference_date=D(2024, 1, 1)
    )
    sp = space(indicators=(ind,))
    assert sp.indicator("SGB II quota") is ind
    with pytest.raises(LookupError):
        sp.indicator("unknown")
    assert refusals(SocialSpace, id="S", name="n", indicators=(ind, ind)) == [
        ("/indicators/1/name", "indicator.duplicate")
    ]
    assert refusals(
        Indicator, name=" ", value=Decimal("Infinity"), unit="x", reference_date=D(2024, 1, 1)
    ) == [("/name", "string.blank"), ("/value", "number.not_finite")]


def test_provider():
    p = Provider(id="T1", name="Diakonie Musterstadt", kind="24", serves=("S1",))
    assert not p.is_public
    assert Provider(id="JA", name="Jugendamt", kind="10").is_public
    assert refusals(Provider, id="", name=" ", kind="99") == [
        ("/id", "string.blank"),
        ("/name", "string.blank"),
        ("/kind", "code.unknown"),
    ]


def test_social_space_team():
    assert SocialSpaceTeam(id="ST", space_id="S1").name is None
    assert refusals(SocialSpaceTeam, id="ST", space_id="", name=" ") == [
        ("/space_id", "string.blank"),
        ("/name", "string.blank"),
    ]


def test_municipality_references():
    spaces = (space(), space(id="S2", name="Süd"))
    providers = (Provider(id="T1", name="n", kind="24", serves=("S1", "S3")),)
    teams = (
        SocialSpaceTeam(id="ST1", space_id="S1", provider_ids=("T1",)),
        SocialSpaceTeam(id="ST2", space_id="S9", provider_ids=("T1", "T2")),
    )
    assert refusals(
        Municipality,
        id="M",
        name="Musterstadt",
        social_spaces=spaces,
        providers=providers,
        teams=teams,
    ) == [
        ("/providers/0/serves/1", "reference.unknown"),
        ("/teams/1/space_id", "reference.unknown"),
        ("/teams/1/provider_ids/1", "reference.unknown"),
    ]
    m = Municipality(id="M", name="Musterstadt", social_spaces=spaces, providers=providers[:0])
    assert m.space("S2").name == "Süd"
    with pytest.raises(LookupError):
        m.space("S3")
    with pytest.raises(LookupError):
        m.provider("T1")


def test_municipality_ids_unique():
    sp = space()
    p = Provider(id="T1", name="n", kind="24")
    t = SocialSpaceTeam(id="ST", space_id="S1")
    assert refusals(
        Municipality, id="M", name="n", social_spaces=(sp, sp), providers=(p, p), teams=(t, t)
    ) == [
        ("/social_spaces/1/id", "id.duplicate"),
        ("/providers/1/id", "id.duplicate"),
        ("/teams/1/id", "id.duplicate"),
    ]


def work(**kw: Any) -> CaseIndependentWork:
    base = {
        "id": "W1",
        "space_id": "S1",
        "work_type": WorkType.CASE_OVERARCHING,
        "period": Period(D(2024, 1, 1), D(2024, 2, 1)),
        "hours": Decimal("12.5"),
        "cost": EUR("500"),
        "activity": "network",
    }
    return CaseIndependentWork(**{**base, **kw})


def test_case_independent_work():
    assert work(case_ids=("C1",)).case_ids == ("C1",)
    assert work(work_type=WorkType.CASE_INDEPENDENT).case_ids == ()
    with pytest.raises(ValidationError) as info:
        work(work_type=WorkType.CASE_SPECIFIC)
    assert [(i.path, i.code) for i in info.value.issues] == [("/work_type", "work.case_specific")]
    with pytest.raises(ValidationError) as info:
        work(work_type=WorkType.CASE_INDEPENDENT, case_ids=("C1",))
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/case_ids", "work.case_independent_with_cases")
    ]
    with pytest.raises(ValidationError) as info:
        work(hours=Decimal(-1), cost=EUR("-1"), activity=" ", provider_id="")
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/hours", "number.range"),
        ("/cost", "number.range"),
        ("/activity", "string.blank"),
        ("/provider_id", "string.blank"),
    ]


# --------------------------------------------------------------------------- wrong types

WRONG_TYPES = [
    (Help, HELP, "period", "2024-01-01"),
    (Help, HELP, "monthly_cost", 145000),
    (Help, HELP, "monthly_cost", 1450.0),
    (Help, HELP, "hours_per_week", "2.5"),
    (Help, HELP, "hours_per_week", 2.5),
    (Help, HELP, "planned_end", "2024-05-01"),
    (Help, HELP, "id", None),
    (Help, HELP, "id", 5),
    (Case, CASE, "opened", "2024-01-01"),
    (Case, CASE, "young_person", {"id": "P1"}),
    (Case, CASE, "helps", [help_()]),
    (YoungPerson, {"id": "P", "birth": D(2006, 1, 1)}, "birth", "2006-01-01"),
    (YoungPerson, {"id": "P", "birth": D(2006, 1, 1)}, "gender", "x"),
    (Goal, {"id": "G", "text": "t"}, "weight", "1"),
    (Goal, {"id": "G", "text": "t"}, "weight", 0.5),
    (Goal, {"id": "G", "text": "t"}, "text", None),
    (AgeBand, {"min_age": 0, "max_age": 6, "count": 1}, "count", "5"),
    (HelpPlan, {"id": "HP", "agreed_on": D(2024, 1, 1)}, "agreed_on", "2024-01-01"),
    (HelpPlan, {"id": "HP", "agreed_on": D(2024, 1, 1)}, "reviews", ("2024-02-01",)),
    (Provider, {"id": "T", "name": "n", "kind": "10"}, "serves", "S1"),
    (
        RiskAssessment,
        {"id": "R", "concluded_on": D(2024, 1, 1), "result": "acute"},
        "danger_forms",
        "neglect",
    ),
]


@pytest.mark.parametrize(
    ("cls", "base", "field", "value"),
    WRONG_TYPES,
    ids=[f"{c.__name__}.{f}:{type(v).__name__}" for c, _, f, v in WRONG_TYPES],
)
def test_wrongly_typed_fields_give_type_invalid_not_type_error(cls, base, field, value):
    with pytest.raises(ValidationError) as info:
        cls(**{**base, field: value})
    issues = info.value.issues
    assert "type.invalid" in info.value.codes
    assert {i.path for i in issues if i.code == "type.invalid"} <= {"", f"/{field}"}


# --------------------------------------------------------------------------- properties


@s.fewer_examples()
@given(s.cases())
def test_generated_cases_hold_every_invariant(c):
    # the strategy builds through the constructor, so reaching here means valid; rebuild
    # from the fields to be sure construction is deterministic
    fields = {f.name: getattr(c, f.name) for f in attrs.fields(Case)}
    assert Case(**fields) == c
    for h in c.helps:
        assert h.start >= c.opened
        if c.closed is not None:
            assert h.end is not None
            assert h.end <= c.closed


PRIVATE_FIELDS = ("birth", "gender", "text", "levels", "justification_beyond_21")


@given(s.cases())
def test_repr_never_shows_personal_data(c):
    text = repr(c)
    for name in PRIVATE_FIELDS:
        assert f"{name}=" not in text
    # the repr does not depend on the personal fields at all
    assert repr(c.young_person) == f"YoungPerson(id={c.young_person.id!r})"
    for plan in c.help_plans:
        for g in plan.goals:
            assert repr(g) == repr(attrs.evolve(g, text="", levels=()))
    for h in c.helps:
        assert repr(h) == repr(attrs.evolve(h, justification_beyond_21="x"))


@given(s.young_persons())
def test_young_person_repr_is_only_the_pseudonym(p):
    assert repr(p) == f"YoungPerson(id={p.id!r})"
    assert p.birth_day.isoformat() not in repr(p)


@s.fewer_examples()
@given(s.cases(), st.integers(min_value=1, max_value=400))
def test_moving_a_help_before_the_case_is_refused_at_its_path(c, days):
    if not c.helps:
        return
    i = len(c.helps) - 1
    h = c.helps[i]
    start = c.opened - timedelta(days=days)
    statement = h.specialist_statement_on
    if statement is not None and statement > start:
        statement = start
    moved = attrs.evolve(
        h, period=Period(start, h.end), planned_end=None, specialist_statement_on=statement
    )
    fields = {f.name: getattr(c, f.name) for f in attrs.fields(Case)}
    fields["helps"] = (*c.helps[:i], moved)
    with pytest.raises(ValidationError) as info:
        Case(**fields)
    assert (f"/helps/{i}/period/start", "help.before_case") in [
        (x.path, x.code) for x in info.value.issues
    ]


@s.fewer_examples()
@given(s.municipalities())
def test_generated_municipalities_are_consistent(m):
    spaces = {sp.id for sp in m.social_spaces}
    providers = {p.id for p in m.providers}
    for p in m.providers:
        assert set(p.serves) <= spaces
    for t in m.teams:
        assert t.space_id in spaces
        assert set(t.provider_ids) <= providers
