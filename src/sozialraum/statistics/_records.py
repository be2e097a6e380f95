"""The records due under § 101 Abs. 2 SGB VIII for one reporting year, as typed values.

§ 101 Abs. 2: the data of § 99 Abs. 1 (helps) are reported when a help ends, or as of
31 December for a help that continues; the § 8a data (§ 99 Abs. 6) when the assessment is
concluded; a protective measure (§ 99 Abs. 2) when it ends.

Each field of a record is named after the statistics' item and says, in its documentation
and in its ``paragraph`` metadata, which part of § 99 asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from .. import catalog, messages
from ..catalog import CATALOG, CatalogVersion, Gender
from ..errors import Issue, ValidationError
from ..model import Case, Help, Municipality, ProtectiveCustody, RiskAssessment, YearMonth

__all__ = [
    "ENDED",
    "RUNNING",
    "CustodyRecord",
    "FamilyMember",
    "HelpRecord",
    "RiskAssessmentRecord",
    "StatisticsRecords",
    "statistics_records",
]

#: :attr:`HelpRecord.report` of a help that ended in the reporting year.
ENDED = "ended"
#: :attr:`HelpRecord.report` of a help still running on 31 December.
RUNNING = "running"

_YEAR = messages.define("statistics.year", "the reporting year is a whole number {low}–{high}")
_CATALOG_YEAR = messages.define(
    "statistics.catalog_year", "the catalogue version does not cover the reporting year"
)


def _p(paragraph: str, **kw: Any) -> Any:
    """An attrs field that records which part of § 99 asks for it."""
    return attrs.field(metadata={"paragraph": paragraph}, **kw)


def _month(day: date) -> YearMonth:
    return YearMonth(day.year, day.month)


def _last_day(start: date, end: date | None) -> date | None:
    if end is None:
        return None
    return max(start, end - timedelta(days=1))


@attrs.frozen(kw_only=True, slots=True)
class FamilyMember:
    """A young person living in the family of a family help (§ 99 Abs. 1 Nr. 3: sex and
    month and year of birth of each). Both are personal data and never show in ``repr``."""

    #: Sex (§ 99 Abs. 1 Nr. 3).
    sex: Gender = _p("§ 99 Abs. 1 Nr. 3", repr=False)
    #: Month and year of birth (§ 99 Abs. 1 Nr. 3).
    birth: YearMonth = _p("§ 99 Abs. 1 Nr. 3", repr=False)


@attrs.frozen(kw_only=True, slots=True)
class HelpRecord:
    """One help of the statistics of Teil I (HzE §§ 27–35, § 35a, § 41), as reported for a
    year: either it ended in the year (``report == "ended"``) or it was running on
    31 December (``"running"``), § 101 Abs. 2.

    Personal data (birth, sex, family) never shows in ``repr``.
    """

    #: ``"ended"`` (the help ended in the year) or ``"running"`` (on 31 December): the
    #: reporting time of § 101 Abs. 2.
    report: str = _p("§ 101 Abs. 2")
    #: The reporting year (§ 101 Abs. 2).
    reporting_year: int = _p("§ 101 Abs. 2")
    #: The pseudonymous id of the help (the record's number; no personal data).
    record_id: str = _p("§ 100 (Hilfsmerkmal)")
    #: The social space of the case (a local item, not asked for by § 99).
    space: str = _p("local")
    #: Art der Hilfe, the statistics' help type (§ 99 Abs. 1 Nr. 1 b).
    help_type: str = _p("§ 99 Abs. 1 Nr. 1 b")
    #: A help for a young adult under § 41, by the age at the start (§ 99 Abs. 1 Nr. 1).
    young_adult: bool = _p("§ 99 Abs. 1 Nr. 1")
    #: A family help: § 31 or a family-oriented help under § 27 (§ 99 Abs. 1 Nr. 3).
    family_help: bool = _p("§ 99 Abs. 1 Nr. 3")
    #: Kind of the executing provider and, for free providers, their association
    #: (§ 99 Abs. 1 Nr. 1 a).
    provider_kind: str | None = _p("§ 99 Abs. 1 Nr. 1 a")
    #: Ort der Durchführung, the place of delivery (§ 99 Abs. 1 Nr. 1 c).
    place_of_delivery: str | None = _p("§ 99 Abs. 1 Nr. 1 c")
    #: Month and year of the start (§ 99 Abs. 1 Nr. 1 d).
    begin: YearMonth = _p("§ 99 Abs. 1 Nr. 1 d")
    #: Month and year of the end; empty for a help running on 31 December
    #: (§ 99 Abs. 1 Nr. 1 d).
    end: YearMonth | None = _p("§ 99 Abs. 1 Nr. 1 d")
    #: Family-court decision at the start (§ 99 Abs. 1 Nr. 1 e).
    family_court_decision: str | None = _p("§ 99 Abs. 1 Nr. 1 e")
    #: Intensity in hours per week (§ 99 Abs. 1 Nr. 1 f).
    hours_per_week: Decimal | None = _p("§ 99 Abs. 1 Nr. 1 f")
    #: The initiating institution or person (§ 99 Abs. 1 Nr. 1 g).
    initiated_by: str | None = _p("§ 99 Abs. 1 Nr. 1 g")
    #: The main reason for granting the help (§ 99 Abs. 1 Nr. 1 h).
    main_reason: str | None = _p("§ 99 Abs. 1 Nr. 1 h")
    #: The second reason (§ 99 Abs. 1 Nr. 1 h).
    second_reason: str | None = _p("§ 99 Abs. 1 Nr. 1 h")
    #: The third reason (§ 99 Abs. 1 Nr. 1 h).
    third_reason: str | None = _p("§ 99 Abs. 1 Nr. 1 h")
    #: The reason for ending; ended helps only (§ 99 Abs. 1 Nr. 1 i).
    ending_reason: str | None = _p("§ 99 Abs. 1 Nr. 1 i")
    #: A § 8a assessment preceded the help (§ 99 Abs. 1 Nr. 1 j).
    after_risk_assessment: bool | None = _p("§ 99 Abs. 1 Nr. 1 j")
    #: The help follows a protective measure under § 42(1) sentence 1 (§ 99 Abs. 1 Nr. 1 k).
    after_protective_custody: bool | None = _p("§ 99 Abs. 1 Nr. 1 k")
    #: Another HzE, § 35a or § 41 help runs at the same time (§ 99 Abs. 1 Nr. 1 l).
    parallel_help: bool | None = _p("§ 99 Abs. 1 Nr. 1 l")
    #: Sex of the young person (§ 99 Abs. 1 Nr. 2).
    sex: Gender = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: Month and year of birth of the young person (§ 99 Abs. 1 Nr. 2).
    birth: YearMonth = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: Where the young person lived at the start: the living situation
    #: (§ 99 Abs. 1 Nr. 2).
    residence_before: str | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: The situation in the family of origin at the start (§ 99 Abs. 1 Nr. 2, living
    #: situation).
    family_situation: str | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: At least one parent is of foreign origin (§ 99 Abs. 1 Nr. 2).
    parent_foreign_origin: bool | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: German is the main language spoken in the family (§ 99 Abs. 1 Nr. 2).
    german_family_language: bool | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: The family lives wholly or partly on transfer payments (§ 99 Abs. 1 Nr. 2, living
    #: situation; the Destatis tables' "wirtschaftliche Situation").
    transfer_payments: bool | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: Where the young person lives after the help; ended helps (§ 99 Abs. 1 Nr. 2).
    whereabouts_after: str | None = _p("§ 99 Abs. 1 Nr. 2", repr=False)
    #: The help that follows immediately; ended helps (§ 99 Abs. 1 Nr. 2).
    subsequent_help: str | None = _p("§ 99 Abs. 1 Nr. 2")
    #: For a family help, the young people living in the family (§ 99 Abs. 1 Nr. 3).
    family_young_people: tuple[FamilyMember, ...] = _p("§ 99 Abs. 1 Nr. 3", default=(), repr=False)
    #: For a family help, how many of its young people live outside it (§ 99 Abs. 1 Nr. 3).
    young_people_elsewhere: int | None = _p("§ 99 Abs. 1 Nr. 3", default=None, repr=False)

    @property
    def young_people(self) -> int:
        """The young people the help counts for: the family's for a family help (at least
        one), else one."""
        if self.family_help:
            return max(1, len(self.family_young_people))
        return 1

    @property
    def reasons(self) -> tuple[str, ...]:
        """The main, second and third reasons that are recorded, in order."""
        return tuple(r for r in (self.main_reason, self.second_reason, self.third_reason) if r)


@attrs.frozen(kw_only=True, slots=True)
class RiskAssessmentRecord:
    """One § 8a assessment (*Gefährdungseinschätzung*), reported in the year it was
    concluded (§ 101 Abs. 2), with the items of § 99 Abs. 6."""

    #: The reporting year: the year the assessment was concluded (§ 101 Abs. 2).
    reporting_year: int = _p("§ 101 Abs. 2")
    #: The pseudonymous id of the assessment (the record's number; no personal data).
    record_id: str = _p("§ 100 (Hilfsmerkmal)")
    #: The social space of the case (a local item, not asked for by § 99).
    space: str = _p("local")
    #: Month and year the assessment was concluded (§ 99 Abs. 6, § 101 Abs. 2).
    concluded: YearMonth = _p("§ 99 Abs. 6")
    #: The notifying institution or person, from the § 8a list (§ 99 Abs. 6).
    notified_by: str | None = _p("§ 99 Abs. 6")
    #: The result: acute, latent, help needed, no need (§ 99 Abs. 6).
    result: str = _p("§ 99 Abs. 6")
    #: The kinds of danger, for an acute or latent danger (§ 99 Abs. 6).
    danger_forms: tuple[str, ...] = _p("§ 99 Abs. 6")
    #: From whom the danger comes (§ 99 Abs. 6).
    danger_from: tuple[str, ...] = _p("§ 99 Abs. 6", repr=False)
    #: A repeated report on the same child in the year (§ 99 Abs. 6).
    repeat_report: bool | None = _p("§ 99 Abs. 6")
    #: Sex of the child or adolescent (§ 99 Abs. 6).
    sex: Gender = _p("§ 99 Abs. 6", repr=False)
    #: Month and year of birth (§ 99 Abs. 6).
    birth: YearMonth = _p("§ 99 Abs. 6", repr=False)


@attrs.frozen(kw_only=True, slots=True)
class CustodyRecord:
    """One protective measure (§ 42 *Inobhutnahme* or § 42a provisional one), reported in
    the year it ended (§ 101 Abs. 2), with the items of § 99 Abs. 2."""

    #: The reporting year: the year of the measure's last day (§ 101 Abs. 2).
    reporting_year: int = _p("§ 101 Abs. 2")
    #: The pseudonymous id of the measure (the record's number; no personal data).
    record_id: str = _p("§ 100 (Hilfsmerkmal)")
    #: The social space of the case (a local item, not asked for by § 99).
    space: str = _p("local")
    #: ``"42"`` or ``"42a"`` (§ 99 Abs. 2).
    kind: str = _p("§ 99 Abs. 2")
    #: The ground under § 42 Abs. 1 Satz 1 Nr. 1–3 (§ 99 Abs. 2).
    ground: str | None = _p("§ 99 Abs. 2")
    #: What led to the measure (§ 99 Abs. 2).
    triggers: tuple[str, ...] = _p("§ 99 Abs. 2")
    #: Who gave notice (§ 99 Abs. 2).
    initiated_by: str | None = _p("§ 99 Abs. 2")
    #: Placement with a person, in a facility or other housing (§ 99 Abs. 2).
    placement: str | None = _p("§ 99 Abs. 2")
    #: An unaccompanied foreign minor (§ 99 Abs. 2).
    unaccompanied: bool = _p("§ 99 Abs. 2")
    #: The persons with custody objected (§ 99 Abs. 2).
    parents_objected: bool | None = _p("§ 99 Abs. 2")
    #: A family-court decision was sought (§ 99 Abs. 2).
    family_court_called: bool | None = _p("§ 99 Abs. 2")
    #: Month and year of the start (§ 99 Abs. 2).
    begin: YearMonth = _p("§ 99 Abs. 2")
    #: The duration in days (§ 99 Abs. 2).
    days: int = _p("§ 99 Abs. 2")
    #: How the measure ended (§ 99 Abs. 2).
    ending: str | None = _p("§ 99 Abs. 2")
    #: The help that follows (§ 99 Abs. 2).
    follow_up: str | None = _p("§ 99 Abs. 2")
    #: Sex of the child or adolescent (§ 99 Abs. 2).
    sex: Gender = _p("§ 99 Abs. 2", repr=False)
    #: Month and year of birth (§ 99 Abs. 2).
    birth: YearMonth = _p("§ 99 Abs. 2", repr=False)


@attrs.frozen(kw_only=True, slots=True)
class StatisticsRecords:
    """The records of one reporting year under one catalogue version.

    :param year: the reporting year.
    :param catalog: the name of the catalogue version the codes belong to.
    :param helps: helps ended in the year and helps running on 31 December.
    :param risk_assessments: § 8a assessments concluded in the year.
    :param protective_custodies: § 42/§ 42a measures ended in the year.
    """

    year: int
    catalog: str
    helps: tuple[HelpRecord, ...] = ()
    risk_assessments: tuple[RiskAssessmentRecord, ...] = ()
    protective_custodies: tuple[CustodyRecord, ...] = ()

    @property
    def ended(self) -> tuple[HelpRecord, ...]:
        """The helps that ended in the year."""
        return tuple(r for r in self.helps if r.report == ENDED)

    @property
    def running(self) -> tuple[HelpRecord, ...]:
        """The helps running on 31 December."""
        return tuple(r for r in self.helps if r.report == RUNNING)


def _birth(case: Case) -> YearMonth:
    b = case.young_person.birth
    return b if isinstance(b, YearMonth) else _month(b)


def _member_birth(birth: date | YearMonth) -> YearMonth:
    return birth if isinstance(birth, YearMonth) else _month(birth)


def _help_report(h: Help, year: int) -> str | None:
    last = _last_day(h.period.start, h.period.end)
    if h.period.start.year > year:
        return None
    if last is not None and last.year == year:
        return ENDED
    if last is None or last.year > year:
        return RUNNING
    return None


def _provider_kinds(municipality: Municipality | None) -> dict[str, str]:
    if municipality is None:
        return {}
    return {p.id: p.kind for p in municipality.providers}


def help_record(
    case: Case, h: Help, year: int, report: str, provider_kinds: dict[str, str] | None = None
) -> HelpRecord:
    """The record of help ``h`` of ``case`` for ``year`` (``report``: ended or running)."""
    reasons = (*h.further_reasons, None, None)
    ended = report == ENDED
    kinds = provider_kinds or {}
    return HelpRecord(
        report=report,
        reporting_year=year,
        record_id=h.id,
        space=case.space_id,
        help_type=h.type.statistics_type,
        young_adult=case.is_young_adult_help(h),
        family_help=h.is_family_help,
        provider_kind=h.provider_kind if h.provider_kind is not None else kinds.get(h.provider_id),
        place_of_delivery=h.place_of_delivery,
        begin=_month(h.period.start),
        end=None if not ended or h.period.end is None else _month(_last_day_of(h)),
        family_court_decision=h.family_court_decision,
        hours_per_week=h.hours_per_week,
        initiated_by=h.initiated_by,
        main_reason=h.main_reason,
        second_reason=reasons[0],
        third_reason=reasons[1],
        ending_reason=h.ending_reason if ended else None,
        after_risk_assessment=h.after_risk_assessment,
        after_protective_custody=h.after_protective_custody,
        parallel_help=h.parallel_help,
        sex=case.young_person.gender,
        birth=_birth(case),
        residence_before=h.residence_before,
        family_situation=h.family_situation,
        parent_foreign_origin=h.parent_foreign_origin,
        german_family_language=h.german_family_language,
        transfer_payments=h.transfer_payments,
        whereabouts_after=h.whereabouts_after if ended else None,
        subsequent_help=h.subsequent_help if ended else None,
        family_young_people=tuple(
            FamilyMember(sex=p.gender, birth=_member_birth(p.birth)) for p in h.family_young_people
        ),
        young_people_elsewhere=h.young_people_elsewhere,
    )


def _last_day_of(h: Help) -> date:
    last = _last_day(h.period.start, h.period.end)
    assert last is not None
    return last


def risk_assessment_record(case: Case, r: RiskAssessment) -> RiskAssessmentRecord:
    """The record of the § 8a assessment ``r`` of ``case``."""
    return RiskAssessmentRecord(
        reporting_year=r.reporting_year,
        record_id=r.id,
        space=case.space_id,
        concluded=_month(r.concluded_on),
        notified_by=r.notified_by,
        result=r.result,
        danger_forms=r.danger_forms,
        danger_from=r.danger_from,
        repeat_report=r.repeat_report,
        sex=case.young_person.gender,
        birth=_birth(case),
    )


def custody_record(case: Case, m: ProtectiveCustody) -> CustodyRecord:
    """The record of the ended measure ``m`` of ``case``."""
    assert m.reporting_year is not None
    assert m.days is not None
    return CustodyRecord(
        reporting_year=m.reporting_year,
        record_id=m.id,
        space=case.space_id,
        kind=m.kind,
        ground=m.ground,
        triggers=m.triggers,
        initiated_by=m.initiated_by,
        placement=m.placement,
        unaccompanied=m.unaccompanied,
        parents_objected=m.parents_objected,
        family_court_called=m.family_court_called,
        begin=_month(m.period.start),
        days=m.days,
        ending=m.ending,
        follow_up=m.follow_up,
        sex=case.young_person.gender,
        birth=_birth(case),
    )


def _in_statistics(h: Help) -> bool:
    kind = catalog.HELP_TYPES.get(h.help_type)
    return kind is not None and (kind.hze or kind.eingliederungshilfe)


def statistics_records(
    cases: Iterable[Case],
    year: int,
    *,
    version: CatalogVersion = CATALOG,
    municipality: Municipality | None = None,
) -> StatisticsRecords:
    """The records due for the reporting ``year`` (§ 101 Abs. 2 SGB VIII).

    * helps of the Teil I statistics (HzE §§ 27–35, § 35a, each incl. § 41 young adults;
      :data:`~sozialraum.catalog.HZE_PLUS`) whose last day is in ``year`` (``"ended"``) or
      that run past 31 December of ``year`` (``"running"``);
    * § 8a assessments concluded in ``year`` (whatever the year of the notice);
    * § 42/§ 42a measures whose last day is in ``year``.

    ``version`` is the catalogue version the codes are reported in; it must cover ``year``.
    ``municipality`` fills the provider kind from the provider records where a help does
    not name it.

    :raises ValidationError: ``statistics.year``, ``statistics.catalog_year``.

    >>> from sozialraum.data import load_sample
    >>> s = load_sample()
    >>> r = statistics_records(s.cases, 2024, municipality=s.municipality)
    >>> len(r.ended), len(r.running), len(r.risk_assessments), len(r.protective_custodies)
    (21, 124, 27, 8)
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValidationError([Issue.of("/year", _YEAR, low=1900, high=9999)])
    if (version.valid_from is not None and year < version.valid_from) or (
        version.valid_to is not None and year > version.valid_to
    ):
        raise ValidationError([Issue.of("/year", _CATALOG_YEAR)])
    kinds = _provider_kinds(municipality)
    helps: list[HelpRecord] = []
    assessments: list[RiskAssessmentRecord] = []
    custodies: list[CustodyRecord] = []
    for c in cases:
        for h in c.helps:
            if not _in_statistics(h):
                continue
            report = _help_report(h, year)
            if report is not None:
                helps.append(help_record(c, h, year, report, kinds))
        for r in c.risk_assessments:
            if r.reporting_year == year:
                assessments.append(risk_assessment_record(c, r))
        for m in c.protective_custodies:
            if m.reporting_year == year:
                custodies.append(custody_record(c, m))
    return StatisticsRecords(
        year=year,
        catalog=version.name,
        helps=tuple(helps),
        risk_assessments=tuple(assessments),
        protective_custodies=tuple(custodies),
    )
