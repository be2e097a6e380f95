"""The § 99 fields of the model and their cross-field rules (issue 10, domain 5.2, 5.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from tests import strategies as s

from sozialraum.errors import ValidationError
from sozialraum.model import (
    MAX_FURTHER_REASONS,
    Case,
    Help,
    ProtectiveCustody,
    RiskAssessment,
    YoungPerson,
)
from sozialraum.money import Money
from sozialraum.periods import Period

D = date
HELP: dict[str, Any] = {
    "id": "H1",
    "help_type": "30-erziehungsbeistand",
    "provider_id": "T1",
    "period": Period(D(2024, 1, 1)),
    "monthly_cost": Money.parse("900.00"),
}


def refusals(make: Any, /, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        make(**kwargs)
    return [(i.path, i.code) for i in info.value.issues]


def help_(**kw: Any) -> Help:
    return Help(**{**HELP, **kw})


# --------------------------------------------------------------------------- reasons


def test_one_main_reason_and_up_to_two_further_reasons():
    h = help_(main_reason="13", further_reasons=("15", "18"))
    assert h.reasons == ("13", "15", "18")
    assert MAX_FURTHER_REASONS == 2
    assert refusals(Help, **HELP, main_reason="13", further_reasons=("15", "18", "11")) == [
        ("/further_reasons", "help.reasons_too_many")
    ]


def test_reasons_must_all_differ():
    assert refusals(Help, **HELP, main_reason="13", further_reasons=("13",)) == [
        ("/further_reasons/0", "help.reasons_repeated")
    ]
    assert refusals(Help, **HELP, main_reason="13", further_reasons=("15", "15")) == [
        ("/further_reasons/1", "help.reasons_repeated")
    ]


def test_further_reasons_need_a_main_reason():
    assert refusals(Help, **HELP, further_reasons=("15",)) == [
        ("/main_reason", "help.main_reason_missing")
    ]
    assert help_().reasons == ()


def test_reason_messages_name_the_limit_not_the_data():
    with pytest.raises(ValidationError) as info:
        help_(main_reason="13", further_reasons=("15", "18", "11"))
    (issue,) = info.value.issues
    assert "2" in issue.message
    assert "13" not in issue.message
    assert dict(issue.params) == {"limit": 2}


# --------------------------------------------------------------------------- family help


def test_family_oriented_help_under_27():
    h = help_(help_type="27-ambulant", family_oriented=True)
    assert h.is_family_help
    assert help_(help_type="31").is_family_help
    assert not help_().is_family_help
    assert refusals(Help, **HELP, family_oriented=True) == [
        ("/family_oriented", "help.family_oriented_type")
    ]


def test_family_helps_list_the_young_people_of_the_family():
    kids = (YoungPerson(id="K1", birth=D(2015, 3, 1)), YoungPerson(id="K2", birth=D(2018, 7, 9)))
    h = help_(help_type="31", family_young_people=kids, young_people_elsewhere=1)
    assert [p.id for p in h.family_young_people] == ["K1", "K2"]
    assert "K1" not in repr(h)  # personal data stays out of repr
    assert refusals(Help, **HELP, family_young_people=kids, young_people_elsewhere=0) == [
        ("/family_young_people", "help.family_members_without_family_help"),
        ("/young_people_elsewhere", "help.family_members_without_family_help"),
    ]
    twice = (kids[0], kids[0])
    assert refusals(Help, **{**HELP, "help_type": "31"}, family_young_people=twice) == [
        ("/family_young_people/1/id", "id.duplicate")
    ]


def test_whereabouts_and_subsequent_help_only_after_the_end():
    ended = help_(
        period=Period(D(2024, 1, 1), D(2024, 9, 1)),
        ending_reason="10",
        whereabouts_after="01",
        subsequent_help="6",
    )
    assert ended.subsequent_help == "6"
    assert refusals(Help, **HELP, whereabouts_after="01", subsequent_help="6") == [
        ("/whereabouts_after", "help.after_fields_running"),
        ("/subsequent_help", "help.after_fields_running"),
    ]


def test_personal_statistics_fields_stay_out_of_repr():
    h = help_(
        residence_before="05",
        family_situation="2",
        parent_foreign_origin=True,
        german_family_language=False,
        transfer_payments=True,
    )
    text = repr(h)
    for name in (
        "residence_before",
        "family_situation",
        "parent_foreign_origin",
        "german_family_language",
        "transfer_payments",
    ):
        assert name not in text


# --------------------------------------------------------------------------- § 8a


def test_risk_assessment_has_the_99_6_fields():
    ra = RiskAssessment(
        id="R1",
        notice_on=D(2023, 12, 20),
        concluded_on=D(2024, 1, 10),
        result="acute",
        notified_by="acquaintances_neighbours",
        danger_forms=("neglect",),
        danger_from=("mother", "father"),
        repeat_report=True,
    )
    # reported in the year it was concluded, not in the year of the notice
    assert ra.reporting_year == 2024
    assert "mother" not in repr(ra)


def test_risk_assessment_rules():
    base = {"id": "R1", "concluded_on": D(2024, 1, 10)}
    assert refusals(RiskAssessment, **base, result="no_help_needed", danger_from=("mother",)) == [
        ("/danger_from", "risk.danger_source_without_danger")
    ]
    assert refusals(RiskAssessment, **base, result="latent", notice_on=D(2024, 1, 11)) == [
        ("/notice_on", "risk.notice_after_conclusion")
    ]
    assert refusals(
        RiskAssessment, **base, result="latent", danger_forms=("neglect", "neglect")
    ) == [("/danger_forms/1", "code.repeated")]
    # the notifier list is the § 8a statistic's own, not the help statistic's
    assert refusals(RiskAssessment, **base, result="latent", notified_by="3") == [
        ("/notified_by", "code.unknown")
    ]
    assert RiskAssessment(**base, result="latent", notified_by="anonymous").notified_by


# --------------------------------------------------------------------------- § 42


CUSTODY: dict[str, Any] = {
    "id": "IO1",
    "kind": "42",
    "period": Period(D(2024, 3, 1), D(2024, 3, 15)),
    "ground": "2",
    "ending": "returned_to_custodians",
}


def test_protective_custody_fields():
    m = ProtectiveCustody(
        **CUSTODY,
        triggers=("neglect", "housing_problems"),
        initiated_by="police",
        placement="facility",
        parents_objected=True,
        family_court_called=True,
        follow_up="4",
    )
    assert m.days == 14
    assert m.reporting_year == 2024
    running = ProtectiveCustody(**{**CUSTODY, "period": Period(D(2024, 3, 1)), "ending": None})
    assert running.days is None
    assert running.reporting_year is None


def test_42a_only_for_unaccompanied_minors():
    assert refusals(ProtectiveCustody, **{**CUSTODY, "kind": "42a", "ground": None}) == [
        ("/unaccompanied", "custody.42a_not_unaccompanied")
    ]
    assert refusals(ProtectiveCustody, **{**CUSTODY, "ground": "3"}) == [
        ("/ground", "custody.42a_not_unaccompanied")
    ]
    assert refusals(ProtectiveCustody, **{**CUSTODY, "kind": "42a", "unaccompanied": True}) == [
        ("/ground", "custody.ground_42a")
    ]
    ok = ProtectiveCustody(**{**CUSTODY, "kind": "42a", "ground": "3", "unaccompanied": True})
    assert ok.kind == "42a"


def test_custody_ending_exactly_when_ended():
    assert refusals(ProtectiveCustody, **{**CUSTODY, "ending": None}) == [
        ("/ending", "custody.ending_missing")
    ]
    assert refusals(
        ProtectiveCustody, **{**CUSTODY, "period": Period(D(2024, 3, 1)), "follow_up": "4"}
    ) == [
        ("/ending", "custody.after_fields_running"),
        ("/follow_up", "custody.after_fields_running"),
    ]


def test_custody_is_for_minors():
    person = YoungPerson(id="P1", birth=D(2006, 3, 2))  # 18 on 2024-03-02
    case = {"id": "C1", "space_id": "S1", "opened": D(2024, 1, 1), "young_person": person}
    Case(**case, protective_custodies=(ProtectiveCustody(**CUSTODY),))
    late = ProtectiveCustody(**{**CUSTODY, "period": Period(D(2024, 3, 2), D(2024, 3, 5))})
    assert refusals(Case, **case, protective_custodies=(late,)) == [
        ("/protective_custodies/0/period/start", "custody.adult")
    ]


@given(s.protective_custodies())
def test_generated_custodies_are_valid_and_rebuild(m: ProtectiveCustody):
    fields = {f.name: getattr(m, f.name) for f in attrs.fields(ProtectiveCustody)}
    assert ProtectiveCustody(**fields) == m
    assert (m.ending is None) == (m.period.end is None)


def test_legal_basis_per_help():
    person = YoungPerson(id="P1", birth=D(2006, 6, 1))  # 18 on 2024-06-01
    helps = (
        help_(id="A", help_type="27-ambulant", family_oriented=True),
        help_(id="B", help_type="35a-ambulant", specialist_statement_on=D(2023, 12, 1)),
        help_(id="C", help_type="35a-ambulant", specialist_statement_on=D(2024, 1, 1),
              period=Period(D(2024, 6, 1))),
        help_(id="D", help_type="33-special", period=Period(D(2024, 1, 1))),
        help_(id="E", help_type="42", period=Period(D(2024, 1, 1), D(2024, 1, 9)),
              ending_reason="10"),
    )  # fmt: skip
    case = Case(id="C1", space_id="S1", opened=D(2024, 1, 1), young_person=person, helps=helps)
    assert [case.legal_basis(h) for h in helps] == [
        ("§ 27 Abs. 2 SGB VIII",),
        ("§ 35a Abs. 2 Nr. 1 SGB VIII",),
        ("§ 35a Abs. 2 Nr. 1 SGB VIII", "§ 41 SGB VIII"),
        ("§ 27 SGB VIII", "§ 33 Satz 2 SGB VIII"),
        ("§ 42 SGB VIII",),
    ]


def test_catalogue_check_reaches_nested_records():
    from sozialraum.catalog import CATALOG, CatalogVersion, CodeEntry, CodeList

    office = CATALOG.replacing(
        CatalogVersion(
            name="office",
            source="test",
            code_lists=(
                CodeList(
                    name="help_reasons", version="x", source="x", title_de="x", title_en="x",
                    entries=(CodeEntry(code="12", label_de="x", label_en="x"),),
                ),
            ),
        )
    )  # fmt: skip
    h = help_(main_reason="12", further_reasons=("13",))
    person = YoungPerson(id="P1", birth=D(2010, 1, 1))
    case = Case(id="C1", space_id="S1", opened=D(2024, 1, 1), young_person=person, helps=(h,))
    assert [(i.path, i.code) for i in office.check(case)] == [
        ("/helps/0/further_reasons/0", "catalog.unknown_code")
    ]
