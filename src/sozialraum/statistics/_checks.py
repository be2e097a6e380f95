"""Plausibility checks of statistics records, as issues with JSON pointers and codes.

The statistical offices run plausibility checks on every delivery (the EBKuS checks of the
2007 form: "Kein Hauptgrund", "müssen unterschiedlich sein" …, domain 5.5). :func:`plausibility`
runs such checks on :class:`~sozialraum.statistics.StatisticsRecords` — whether built from
the model or read back from a CSV file of another system — before they are delivered. Paths
point into the records document (``/helps/3/main_reason``); messages name rules and fields,
never values from the data.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .. import catalog, messages
from ..catalog import CATALOG, CatalogVersion
from ..errors import Issue
from ..model import YearMonth
from ._records import (
    ENDED,
    RUNNING,
    CustodyRecord,
    HelpRecord,
    RiskAssessmentRecord,
    StatisticsRecords,
)

__all__ = ["CHECK_CODES", "CODE_LISTS_OF", "plausibility"]

_YOUNG_ADULT = 18
_YOUNG_ADULT_LIMIT = 27

NO_MAIN_REASON = messages.define(
    "statistics.main_reason_missing", "the help records no main reason (Hauptgrund)"
)
REASONS_REPEATED = messages.define(
    "statistics.reasons_repeated", "the main, second and third reasons must all be different"
)
REASON_GAP = messages.define("statistics.reason_gap", "a third reason needs a second reason")
END_BEFORE_BEGIN = messages.define(
    "statistics.end_before_begin", "the end must not be before the begin"
)
END_MISSING = messages.define(
    "statistics.end_missing", "an ended help records the month of its end"
)
END_UNEXPECTED = messages.define(
    "statistics.end_unexpected", "a help running on 31 December has no end"
)
END_OUTSIDE_YEAR = messages.define(
    "statistics.end_outside_year", "an ended help ends in the reporting year"
)
BEGIN_AFTER_YEAR = messages.define(
    "statistics.begin_after_year", "the record begins after the reporting year"
)
ENDING_REASON_MISSING = messages.define(
    "statistics.ending_reason_missing", "an ended help records the reason for its end"
)
AFTER_FIELDS_RUNNING = messages.define(
    "statistics.after_fields_running",
    "{field} is recorded only for a help that has ended",
)
PLACE_MISSING = messages.define(
    "statistics.place_missing", "the place of delivery (Ort der Durchführung) is missing"
)
INITIATOR_MISSING = messages.define(
    "statistics.initiator_missing", "the initiating institution or person is missing"
)
PROVIDER_KIND_MISSING = messages.define(
    "statistics.provider_kind_missing", "the kind of the executing provider is missing"
)
YOUNG_ADULT_UNDER_18 = messages.define(
    "statistics.young_adult_under_age",
    "a help for a young adult (§ 41) needs a person of {age} or older at the start",
)
YOUNG_ADULT_OVER_27 = messages.define(
    "statistics.young_adult_over_age",
    "a help for a young adult (§ 41) starts before the age of {age}",
)
ADULT_NOT_YOUNG_ADULT = messages.define(
    "statistics.adult_not_young_adult",
    "the person is {age} or older at the start, but the help is not marked as § 41",
)
FAMILY_WITHOUT_PEOPLE = messages.define(
    "statistics.family_without_young_people",
    "a family help records the young people of the family (§ 99 Abs. 1 Nr. 3)",
)
PEOPLE_WITHOUT_FAMILY = messages.define(
    "statistics.young_people_without_family_help",
    "the young people of the family are recorded only for a family help",
)
REPORT_UNKNOWN = messages.define(
    "statistics.report_unknown", "the kind of report is one of {allowed}"
)
YEAR_MISMATCH = messages.define(
    "statistics.year_mismatch", "the record belongs to another reporting year"
)
UNKNOWN_CODE = messages.define(
    "statistics.unknown_code", "not a code of the list {code_list} of the catalogue version"
)
UNKNOWN_HELP_TYPE = messages.define(
    "statistics.help_type_unknown", "not a help type (Art der Hilfe) of the statistics"
)
DANGER_WITHOUT_FORM = messages.define(
    "statistics.danger_form_missing",
    "an acute or latent danger records at least one kind of danger",
)
FORM_WITHOUT_DANGER = messages.define(
    "statistics.danger_form_without_danger",
    "kinds of danger are recorded only for an acute or latent danger",
)
NOTIFIER_MISSING = messages.define(
    "statistics.notifier_missing", "the notifying institution or person is missing"
)
CUSTODY_ADULT = messages.define(
    "statistics.custody_adult",
    "§ 42 and § 42a measures are for persons under {age} at the start",
)
CUSTODY_42A = messages.define(
    "statistics.custody_42a_accompanied",
    "§ 42a and the ground § 42(1) Nr. 3 are only for unaccompanied minors",
)
CUSTODY_GROUND_MISSING = messages.define(
    "statistics.custody_ground_missing", "the ground under § 42(1) is missing"
)
CUSTODY_ENDING_MISSING = messages.define(
    "statistics.custody_ending_missing", "an ended measure records how it ended"
)

#: Every code :func:`plausibility` can report.
CHECK_CODES: tuple[str, ...] = tuple(
    sorted(
        {
            NO_MAIN_REASON,
            REASONS_REPEATED,
            REASON_GAP,
            END_BEFORE_BEGIN,
            END_MISSING,
            END_UNEXPECTED,
            END_OUTSIDE_YEAR,
            BEGIN_AFTER_YEAR,
            ENDING_REASON_MISSING,
            AFTER_FIELDS_RUNNING,
            PLACE_MISSING,
            INITIATOR_MISSING,
            PROVIDER_KIND_MISSING,
            YOUNG_ADULT_UNDER_18,
            YOUNG_ADULT_OVER_27,
            ADULT_NOT_YOUNG_ADULT,
            FAMILY_WITHOUT_PEOPLE,
            PEOPLE_WITHOUT_FAMILY,
            REPORT_UNKNOWN,
            YEAR_MISMATCH,
            UNKNOWN_CODE,
            UNKNOWN_HELP_TYPE,
            DANGER_WITHOUT_FORM,
            FORM_WITHOUT_DANGER,
            NOTIFIER_MISSING,
            CUSTODY_ADULT,
            CUSTODY_42A,
            CUSTODY_GROUND_MISSING,
            CUSTODY_ENDING_MISSING,
        }
    )
)

#: The code list of each coded field, per record type.
CODE_LISTS_OF: dict[type[object], dict[str, str]] = {
    HelpRecord: {
        "provider_kind": "provider_kinds",
        "place_of_delivery": "places_of_delivery",
        "family_court_decision": "family_court_decisions",
        "initiated_by": "initiating_institutions",
        "main_reason": "help_reasons",
        "second_reason": "help_reasons",
        "third_reason": "help_reasons",
        "ending_reason": "ending_reasons",
        "residence_before": "whereabouts",
        "family_situation": "family_situations",
        "whereabouts_after": "whereabouts",
        "subsequent_help": "subsequent_helps",
    },
    RiskAssessmentRecord: {
        "notified_by": "risk_notifiers",
        "result": "risk_assessment_results",
        "danger_forms": "danger_forms",
        "danger_from": "danger_sources",
    },
    CustodyRecord: {
        "kind": "custody_kinds",
        "ground": "custody_grounds",
        "triggers": "custody_triggers",
        "initiated_by": "custody_initiators",
        "placement": "custody_placements",
        "ending": "custody_endings",
        "follow_up": "subsequent_helps",
    },
}

_STATISTICS_TYPES = frozenset(
    t.statistics_type for t in catalog.HELP_TYPES.values() if t.hze or t.eingliederungshilfe
)
_YOUNG_ADULT_TYPES = frozenset(
    t.statistics_type for t in catalog.HELP_TYPES.values() if t.young_adult_eligible
)
_DANGER = ("acute", "latent")


def _age(birth: YearMonth, at: YearMonth) -> int:
    """Completed years from the month of birth to the month ``at`` (born on the first)."""
    return at.year - birth.year - (1 if at.month < birth.month else 0)


def _codes(
    record: object, path: str, version: CatalogVersion, fields: dict[str, str]
) -> Iterator[Issue]:
    for name, list_name in fields.items():
        if list_name not in version:
            continue
        wanted = version.code_list(list_name)
        value = getattr(record, name)
        values = value if isinstance(value, tuple) else (value,)
        for i, code in enumerate(values):
            if code is not None and code not in wanted:
                at = f"{path}/{name}/{i}" if isinstance(value, tuple) else f"{path}/{name}"
                yield Issue.of(at, UNKNOWN_CODE, code_list=list_name)


def _help_issues(r: HelpRecord, path: str, year: int) -> Iterator[Issue]:
    if r.report not in (ENDED, RUNNING):
        yield Issue.of(f"{path}/report", REPORT_UNKNOWN, allowed=f"{ENDED}, {RUNNING}")
    if r.reporting_year != year:
        yield Issue.of(f"{path}/reporting_year", YEAR_MISMATCH)
    if r.help_type not in _STATISTICS_TYPES:
        yield Issue.of(f"{path}/help_type", UNKNOWN_HELP_TYPE)
    if r.begin.year > r.reporting_year:
        yield Issue.of(f"{path}/begin", BEGIN_AFTER_YEAR)
    if r.main_reason is None:
        yield Issue.of(f"{path}/main_reason", NO_MAIN_REASON)
    if r.third_reason is not None and r.second_reason is None:
        yield Issue.of(f"{path}/second_reason", REASON_GAP)
    seen: set[str] = set()
    for name in ("main_reason", "second_reason", "third_reason"):
        reason = getattr(r, name)
        if reason is None:
            continue
        if reason in seen:
            yield Issue.of(f"{path}/{name}", REASONS_REPEATED)
        seen.add(reason)
    if r.end is not None and r.end < r.begin:
        yield Issue.of(f"{path}/end", END_BEFORE_BEGIN)
    if r.report == ENDED:
        if r.end is None:
            yield Issue.of(f"{path}/end", END_MISSING)
        elif r.end.year != r.reporting_year:
            yield Issue.of(f"{path}/end", END_OUTSIDE_YEAR)
        if r.ending_reason is None:
            yield Issue.of(f"{path}/ending_reason", ENDING_REASON_MISSING)
    elif r.report == RUNNING:
        if r.end is not None:
            yield Issue.of(f"{path}/end", END_UNEXPECTED)
        for name in ("ending_reason", "whereabouts_after", "subsequent_help"):
            if getattr(r, name) is not None:
                yield Issue.of(f"{path}/{name}", AFTER_FIELDS_RUNNING, field=name)
    if r.place_of_delivery is None:
        yield Issue.of(f"{path}/place_of_delivery", PLACE_MISSING)
    if r.initiated_by is None:
        yield Issue.of(f"{path}/initiated_by", INITIATOR_MISSING)
    if r.provider_kind is None:
        yield Issue.of(f"{path}/provider_kind", PROVIDER_KIND_MISSING)
    age = _age(r.birth, r.begin)
    if r.young_adult:
        if age < _YOUNG_ADULT:
            yield Issue.of(f"{path}/young_adult", YOUNG_ADULT_UNDER_18, age=_YOUNG_ADULT)
        elif age >= _YOUNG_ADULT_LIMIT:
            yield Issue.of(f"{path}/young_adult", YOUNG_ADULT_OVER_27, age=_YOUNG_ADULT_LIMIT)
    elif age >= _YOUNG_ADULT and r.help_type in _YOUNG_ADULT_TYPES:
        yield Issue.of(f"{path}/young_adult", ADULT_NOT_YOUNG_ADULT, age=_YOUNG_ADULT)
    if r.family_help and not r.family_young_people:
        yield Issue.of(f"{path}/family_young_people", FAMILY_WITHOUT_PEOPLE)
    if not r.family_help and (r.family_young_people or r.young_people_elsewhere is not None):
        yield Issue.of(f"{path}/family_young_people", PEOPLE_WITHOUT_FAMILY)


def _risk_issues(r: RiskAssessmentRecord, path: str, year: int) -> Iterator[Issue]:
    if r.reporting_year != year or r.concluded.year != year:
        yield Issue.of(f"{path}/concluded", YEAR_MISMATCH)
    danger = r.result in _DANGER
    if danger and not r.danger_forms:
        yield Issue.of(f"{path}/danger_forms", DANGER_WITHOUT_FORM)
    if not danger and r.danger_forms:
        yield Issue.of(f"{path}/danger_forms", FORM_WITHOUT_DANGER)
    if r.notified_by is None:
        yield Issue.of(f"{path}/notified_by", NOTIFIER_MISSING)


def _custody_issues(r: CustodyRecord, path: str, year: int) -> Iterator[Issue]:
    if r.reporting_year != year:
        yield Issue.of(f"{path}/reporting_year", YEAR_MISMATCH)
    if _age(r.birth, r.begin) >= _YOUNG_ADULT:
        yield Issue.of(f"{path}/begin", CUSTODY_ADULT, age=_YOUNG_ADULT)
    if not r.unaccompanied and (r.kind == "42a" or r.ground == "3"):
        yield Issue.of(f"{path}/unaccompanied", CUSTODY_42A)
    if r.ground is None and r.kind == "42":
        yield Issue.of(f"{path}/ground", CUSTODY_GROUND_MISSING)
    if r.ending is None:
        yield Issue.of(f"{path}/ending", CUSTODY_ENDING_MISSING)


def plausibility(
    records: StatisticsRecords, *, version: CatalogVersion = CATALOG
) -> tuple[Issue, ...]:
    """The plausibility issues of ``records``, checked against the code lists of
    ``version``: missing or repeated reasons, end before begin, missing place of delivery,
    initiator or provider kind, a § 41 help of a person under 18 at the start, a family help
    without its young people, codes not in the catalogue version … (:data:`CHECK_CODES`).

    Paths are JSON pointers into the records document (:func:`~sozialraum.statistics.to_json`).

    >>> from sozialraum.data import load_sample
    >>> from sozialraum.statistics import statistics_records
    >>> s = load_sample()
    >>> issues = plausibility(statistics_records(s.cases, 2024, municipality=s.municipality))
    >>> sorted({i.code for i in issues}), issues[0].path
    (['statistics.family_without_young_people'], '/helps/22/family_young_people')
    """
    issues: list[Issue] = []
    groups: tuple[tuple[str, tuple[object, ...]], ...] = (
        ("helps", records.helps),
        ("risk_assessments", records.risk_assessments),
        ("protective_custodies", records.protective_custodies),
    )
    for name, items in groups:
        for i, record in enumerate(items):
            path = f"/{name}/{i}"
            if isinstance(record, HelpRecord):
                issues += _help_issues(record, path, records.year)
            elif isinstance(record, RiskAssessmentRecord):
                issues += _risk_issues(record, path, records.year)
            elif isinstance(record, CustodyRecord):
                issues += _custody_issues(record, path, records.year)
            if attrs.has(type(record)):
                issues += _codes(record, path, version, CODE_LISTS_OF[type(record)])
    return tuple(issues)
