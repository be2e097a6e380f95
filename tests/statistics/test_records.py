"""The records due under § 101 Abs. 2 SGB VIII: examples from the statute."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sozialraum.catalog import CATALOG, Gender
from sozialraum.data import load_sample
from sozialraum.errors import ValidationError
from sozialraum.model import ProtectiveCustody, RiskAssessment, YearMonth, YoungPerson
from sozialraum.periods import Period
from sozialraum.statistics import (
    ENDED,
    RUNNING,
    CustodyRecord,
    HelpRecord,
    RiskAssessmentRecord,
    statistics_records,
)

from .builders import case, help_


def _reports(cases: object, year: int) -> list[tuple[str, str]]:
    return [(r.record_id, r.report) for r in statistics_records(cases, year).helps]  # type: ignore[arg-type]


def test_help_running_at_two_year_ends_is_in_both_running_records() -> None:
    c = case("C1", help_("H1", "30-erziehungsbeistand", date(2023, 11, 15)))
    assert _reports([c], 2022) == []
    assert _reports([c], 2023) == [("H1", RUNNING)]
    assert _reports([c], 2024) == [("H1", RUNNING)]
    record = statistics_records([c], 2024).helps[0]
    assert (record.begin, record.end, record.reporting_year) == (YearMonth(2023, 11), None, 2024)


def test_help_ending_on_31_december_is_reported_as_ended_once() -> None:
    c = case("C1", help_("H1", "34", date(2023, 11, 15), date(2025, 1, 1)))
    assert _reports([c], 2023) == [("H1", RUNNING)]
    assert _reports([c], 2024) == [("H1", ENDED)]
    assert _reports([c], 2025) == []
    record = statistics_records([c], 2024).helps[0]
    assert (record.end, record.ending_reason) == (YearMonth(2024, 12), "10")


def test_help_begun_and_ended_on_one_day() -> None:
    c = case("C1", help_("H1", "29", date(2024, 5, 2), date(2024, 5, 2)))
    assert _reports([c], 2024) == [("H1", ENDED)]


def test_only_the_teil_1_statistics_helps_are_reported() -> None:
    c = case(
        "C1",
        help_("H1", "13-3", date(2024, 1, 1)),
        help_("H2", "35a-ambulant", date(2024, 1, 1)),
        help_("H3", "31", date(2024, 1, 1)),
    )
    assert _reports([c], 2024) == [("H2", RUNNING), ("H3", RUNNING)]
    assert [r.help_type for r in statistics_records([c], 2024).helps] == ["35a", "31"]


def test_young_adult_help_is_reported_under_its_type_and_as_young_adult() -> None:
    c = case("C1", help_("H1", "34", date(2024, 3, 1)), birth=date(2005, 1, 1))
    record = statistics_records([c], 2024).helps[0]
    assert (record.help_type, record.young_adult) == ("34", True)
    minor = case("C2", help_("H2", "34", date(2024, 3, 1)))
    assert statistics_records([minor], 2024).helps[0].young_adult is False


def test_risk_assessment_is_reported_in_the_year_it_was_concluded() -> None:
    r = RiskAssessment(
        id="R1",
        notice_on=date(2023, 12, 20),
        concluded_on=date(2024, 1, 10),
        result="latent",
        danger_forms=("neglect",),
    )
    c = case("C1", risk_assessments=(r,))
    assert statistics_records([c], 2023).risk_assessments == ()
    (record,) = statistics_records([c], 2024).risk_assessments
    assert (record.reporting_year, record.concluded, record.result) == (
        2024,
        YearMonth(2024, 1),
        "latent",
    )


def test_protective_custody_is_reported_in_the_year_it_ended() -> None:
    running = ProtectiveCustody(id="IO-1", kind="42", ground="1", period=Period(date(2024, 12, 20)))
    ended = ProtectiveCustody(
        id="IO-2",
        kind="42",
        ground="2",
        period=Period(date(2024, 12, 20), date(2025, 1, 3)),
        ending="returned_to_custodians",
    )
    c = case("C1", protective_custodies=(running, ended))
    assert statistics_records([c], 2024).protective_custodies == ()
    (record,) = statistics_records([c], 2025).protective_custodies
    assert (record.record_id, record.days, record.begin) == ("IO-2", 14, YearMonth(2024, 12))


def test_family_help_records_the_young_people_of_the_family() -> None:
    family = (
        YoungPerson(id="P-C1", birth=date(2010, 4, 1), gender=Gender.FEMALE),
        YoungPerson(id="P-C1-2", birth=date(2013, 6, 1), gender=Gender.MALE),
    )
    c = case("C1", help_("H1", "31", date(2024, 1, 1), family_young_people=family))
    record = statistics_records([c], 2024).helps[0]
    assert record.family_help
    assert record.young_people == 2
    assert [(m.sex, m.birth) for m in record.family_young_people] == [
        (Gender.FEMALE, YearMonth(2010, 4)),
        (Gender.MALE, YearMonth(2013, 6)),
    ]


def test_reasons_become_main_second_and_third() -> None:
    h = help_("H1", "31", date(2024, 1, 1), main_reason="13", further_reasons=("14", "11"))
    record = statistics_records([case("C1", h)], 2024).helps[0]
    assert (record.main_reason, record.second_reason, record.third_reason) == ("13", "14", "11")
    assert record.reasons == ("13", "14", "11")


def test_provider_kind_is_taken_from_the_provider_record() -> None:
    s = load_sample()
    records = statistics_records(s.cases, 2024, municipality=s.municipality)
    assert all(r.provider_kind is not None for r in records.helps)


def test_personal_data_is_not_in_repr() -> None:
    c = case("C1", help_("H1", "34", date(2024, 3, 1)), birth=date(2005, 1, 1))
    text = repr(statistics_records([c], 2024).helps[0])
    assert "2005" not in text
    assert "birth" not in text


def test_every_field_names_its_paragraph() -> None:
    for record_type in (HelpRecord, RiskAssessmentRecord, CustodyRecord):
        for field in attrs.fields(record_type):
            assert field.metadata["paragraph"], field.name


@pytest.mark.parametrize("year", [1899, 10000, True, "2024"])
def test_bad_year_is_refused(year: object) -> None:
    with pytest.raises(ValidationError) as err:
        statistics_records([], year)  # type: ignore[arg-type]
    assert err.value.issues[0].code == "statistics.year"


def test_catalogue_version_must_cover_the_year() -> None:
    old = attrs.evolve(CATALOG, valid_from=2007, valid_to=2020)
    with pytest.raises(ValidationError) as err:
        statistics_records([], 2024, version=old)
    assert err.value.issues[0].code == "statistics.catalog_year"
    assert statistics_records([], 2020, version=old).catalog == "sozialraum-2"


def test_sample_2024_counts() -> None:
    s = load_sample()
    r = statistics_records(s.cases, 2024, municipality=s.municipality)
    assert (len(r.ended), len(r.running)) == (21, 124)
    assert (len(r.risk_assessments), len(r.protective_custodies)) == (27, 8)
