"""Plausibility checks of statistics records."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from sozialraum import messages
from sozialraum.catalog import CATALOG, load_catalog
from sozialraum.model import ProtectiveCustody, RiskAssessment, YearMonth, YoungPerson
from sozialraum.periods import Period
from sozialraum.statistics import (
    CHECK_CODES,
    HelpRecord,
    StatisticsRecords,
    plausibility,
    statistics_records,
)

from .builders import case, help_

_COMPLETE = {
    "main_reason": "13",
    "place_of_delivery": "01",
    "initiated_by": "2",
    "provider_kind": "21",
}


def _records(**changes: Any) -> StatisticsRecords:
    h = help_("H1", "30-erziehungsbeistand", date(2024, 3, 1), **_COMPLETE)
    r = statistics_records([case("C1", h)], 2024)
    return attrs.evolve(r, helps=(attrs.evolve(r.helps[0], **changes),))


def _codes(records: StatisticsRecords) -> list[tuple[str, str]]:
    return [(i.path, i.code) for i in plausibility(records)]


def test_a_complete_record_is_plausible() -> None:
    assert _codes(_records()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"main_reason": None}, [("/helps/0/main_reason", "statistics.main_reason_missing")]),
        ({"second_reason": "13"}, [("/helps/0/second_reason", "statistics.reasons_repeated")]),
        (
            {"second_reason": "14", "third_reason": "14"},
            [("/helps/0/third_reason", "statistics.reasons_repeated")],
        ),
        ({"third_reason": "14"}, [("/helps/0/second_reason", "statistics.reason_gap")]),
        (
            {"place_of_delivery": None},
            [("/helps/0/place_of_delivery", "statistics.place_missing")],
        ),
        ({"initiated_by": None}, [("/helps/0/initiated_by", "statistics.initiator_missing")]),
        (
            {"provider_kind": None},
            [("/helps/0/provider_kind", "statistics.provider_kind_missing")],
        ),
        (
            {"report": "ended", "end": YearMonth(2024, 1), "ending_reason": "10"},
            [("/helps/0/end", "statistics.end_before_begin")],
        ),
        ({"report": "ended", "ending_reason": "10"}, [("/helps/0/end", "statistics.end_missing")]),
        (
            {"report": "ended", "end": YearMonth(2024, 6)},
            [("/helps/0/ending_reason", "statistics.ending_reason_missing")],
        ),
        (
            {"report": "ended", "end": YearMonth(2025, 2), "ending_reason": "10"},
            [("/helps/0/end", "statistics.end_outside_year")],
        ),
        ({"end": YearMonth(2024, 6)}, [("/helps/0/end", "statistics.end_unexpected")]),
        (
            {"subsequent_help": "1"},
            [("/helps/0/subsequent_help", "statistics.after_fields_running")],
        ),
        ({"young_adult": True}, [("/helps/0/young_adult", "statistics.young_adult_under_age")]),
        (
            {"young_adult": True, "birth": YearMonth(1990, 1)},
            [("/helps/0/young_adult", "statistics.young_adult_over_age")],
        ),
        (
            {"birth": YearMonth(2005, 1)},
            [("/helps/0/young_adult", "statistics.adult_not_young_adult")],
        ),
        (
            {"family_help": True},
            [("/helps/0/family_young_people", "statistics.family_without_young_people")],
        ),
        (
            {"young_people_elsewhere": 1},
            [("/helps/0/family_young_people", "statistics.young_people_without_family_help")],
        ),
        ({"report": "later"}, [("/helps/0/report", "statistics.report_unknown")]),
        ({"reporting_year": 2025}, [("/helps/0/reporting_year", "statistics.year_mismatch")]),
        ({"begin": YearMonth(2025, 1)}, [("/helps/0/begin", "statistics.begin_after_year")]),
        ({"help_type": "41"}, [("/helps/0/help_type", "statistics.help_type_unknown")]),
        ({"main_reason": "99"}, [("/helps/0/main_reason", "statistics.unknown_code")]),
    ],
)
def test_help_checks(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _codes(_records(**changes)) == expected


def test_the_19_year_old_young_adult_is_plausible() -> None:
    h = help_("H1", "34", date(2024, 3, 1), **_COMPLETE)
    r = statistics_records([case("C1", h, birth=date(2005, 1, 1))], 2024)
    assert r.helps[0].young_adult
    assert _codes(r) == []


def test_risk_assessment_checks() -> None:
    acute = RiskAssessment(id="R1", concluded_on=date(2024, 5, 1), result="acute")
    none = RiskAssessment(
        id="R2", concluded_on=date(2024, 5, 1), result="no_help_needed", notified_by="police_court"
    )
    r = statistics_records([case("C1", risk_assessments=(acute, none))], 2024)
    bad = attrs.evolve(
        r.risk_assessments[1], danger_forms=("neglect",), concluded=YearMonth(2023, 5)
    )
    codes = _codes(attrs.evolve(r, risk_assessments=(r.risk_assessments[0], bad)))
    assert codes == [
        ("/risk_assessments/0/danger_forms", "statistics.danger_form_missing"),
        ("/risk_assessments/0/notified_by", "statistics.notifier_missing"),
        ("/risk_assessments/1/concluded", "statistics.year_mismatch"),
        ("/risk_assessments/1/danger_forms", "statistics.danger_form_without_danger"),
    ]


def test_custody_checks() -> None:
    m = ProtectiveCustody(
        id="IO-1",
        kind="42",
        period=Period(date(2024, 3, 1), date(2024, 3, 10)),
        ending="returned_to_custodians",
    )
    r = statistics_records([case("C1", protective_custodies=(m,))], 2024)
    assert _codes(r) == [("/protective_custodies/0/ground", "statistics.custody_ground_missing")]
    odd = attrs.evolve(
        r.protective_custodies[0],
        kind="42a",
        ground="3",
        ending=None,
        birth=YearMonth(2000, 1),
    )
    assert _codes(attrs.evolve(r, protective_custodies=(odd,))) == [
        ("/protective_custodies/0/begin", "statistics.custody_adult"),
        ("/protective_custodies/0/unaccompanied", "statistics.custody_42a_accompanied"),
        ("/protective_custodies/0/ending", "statistics.custody_ending_missing"),
    ]


def test_codes_are_checked_against_the_catalogue_version() -> None:
    office = load_catalog(
        {
            "name": "office-2024",
            "source": "Erhebungsbogen 2024",
            "valid_from": 2024,
            "code_lists": [
                {
                    "name": "places_of_delivery",
                    "version": "2024",
                    "source": "Erhebungsbogen 2024",
                    "title_de": "Ort",
                    "title_en": "place",
                    "entries": [{"code": "A", "label_de": "a", "label_en": "a"}],
                }
            ],
        }
    )
    assert plausibility(_records(), version=CATALOG) == ()
    (issue,) = plausibility(_records(), version=office)
    assert (issue.path, issue.code, dict(issue.params)) == (
        "/helps/0/place_of_delivery",
        "statistics.unknown_code",
        {"code_list": "places_of_delivery"},
    )


def test_messages_carry_no_data_values() -> None:
    records = _records(main_reason="99", record_id="SECRET-ID", space="SECRET-SPACE")
    for issue in plausibility(records):
        assert "SECRET" not in issue.message
        assert "99" not in issue.message


def test_every_check_code_has_a_template() -> None:
    assert all(messages.template(code) for code in CHECK_CODES)


def test_sample_plausibility_2024() -> None:
    from sozialraum.data import load_sample

    s = load_sample()
    issues = plausibility(statistics_records(s.cases, 2024, municipality=s.municipality))
    assert {i.code for i in issues} == {"statistics.family_without_young_people"}


def test_family_help_with_its_young_people_is_plausible() -> None:
    family = (YoungPerson(id="P-C1", birth=date(2010, 4, 1)),)
    h = help_("H1", "31", date(2024, 1, 1), family_young_people=family, **_COMPLETE)
    assert _codes(statistics_records([case("C1", h)], 2024)) == []
    assert HelpRecord  # the record type is public
