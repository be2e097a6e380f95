"""A pydantic v2 model equivalent to ``sozialraum.model.Case``: the benchmark's baseline.

It checks what sozialraum checks for a case document — types, unknown keys, code lists,
non-blank identifiers, bounds, amounts as decimal strings converted to integer cents, and
the cross-field rules (dates in order, ending reasons, §35a statement, §41 age, references)
— so the comparison measures equal work. Only the benchmark imports it (extra ``bench``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from sozialraum import catalog


def _cents(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int(frac.ljust(2, "0") or 0))


NonBlank = Annotated[str, StringConstraints(pattern=r"\S")]


def _euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


Cents = Annotated[
    str,
    StringConstraints(pattern=r"^\d+(\.\d{1,2})?$"),
    AfterValidator(_cents),
    PlainSerializer(_euros, return_type=str),
]
HelpTypeCode = Literal[tuple(catalog.HELP_TYPES)]  # type: ignore[valid-type]
EndingCode = Literal[tuple(catalog.ENDING_REASONS.codes)]  # type: ignore[valid-type]
ReasonCode = Literal[tuple(catalog.HELP_REASONS.codes)]  # type: ignore[valid-type]
InitiatorCode = Literal[tuple(catalog.INITIATING_INSTITUTIONS.codes)]  # type: ignore[valid-type]
RiskCode = Literal[tuple(catalog.RISK_ASSESSMENT_RESULTS.codes)]  # type: ignore[valid-type]
DangerCode = Literal[tuple(catalog.DANGER_FORMS.codes)]  # type: ignore[valid-type]
ClosingCode = Literal[tuple(catalog.CASE_CLOSING_REASONS.codes)]  # type: ignore[valid-type]


def _codes(name: str) -> object:
    return Literal[tuple(catalog.code_list(name).codes)]  # type: ignore[valid-type]


PlaceCode = _codes("places_of_delivery")
WhereCode = _codes("whereabouts")
FamilyCode = _codes("family_situations")
SubsequentCode = _codes("subsequent_helps")
CourtCode = _codes("family_court_decisions")
ProviderCode = _codes("provider_kinds")
NotifierCode = _codes("risk_notifiers")
SourceCode = _codes("danger_sources")
CustodyKind = _codes("custody_kinds")
GroundCode = _codes("custody_grounds")
TriggerCode = _codes("custody_triggers")
CustodyInitiator = _codes("custody_initiators")
PlacementCode = _codes("custody_placements")
CustodyEnding = _codes("custody_endings")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PPeriod(_Strict):
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _order(self) -> PPeriod:
        if self.end is not None and self.end < self.start:
            raise ValueError("the end must not be before the start")
        return self


class PYoungPerson(_Strict):
    id: NonBlank
    birth: date | Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    gender: Literal["female", "male", "diverse", "not_stated"] = "not_stated"


class PHelp(_Strict):
    id: NonBlank
    help_type: HelpTypeCode
    provider_id: NonBlank
    period: PPeriod
    monthly_cost: Cents
    hours_per_week: Annotated[Decimal, Field(ge=0, le=168)] | None = None
    day_rate: Cents | None = None
    planned_end: date | None = None
    ending_reason: EndingCode | None = None
    specialist_statement_on: date | None = None
    justification_beyond_21: str | None = None
    young_adult: bool | None = None
    family_oriented: bool = False
    place_of_delivery: PlaceCode | None = None  # type: ignore[valid-type]
    main_reason: ReasonCode | None = None
    further_reasons: tuple[ReasonCode, ...] = ()
    initiated_by: InitiatorCode | None = None
    provider_kind: ProviderCode | None = None  # type: ignore[valid-type]
    family_court_decision: CourtCode | None = None  # type: ignore[valid-type]
    after_risk_assessment: bool | None = None
    after_protective_custody: bool | None = None
    parallel_help: bool | None = None
    residence_before: WhereCode | None = None  # type: ignore[valid-type]
    family_situation: FamilyCode | None = None  # type: ignore[valid-type]
    parent_foreign_origin: bool | None = None
    german_family_language: bool | None = None
    transfer_payments: bool | None = None
    whereabouts_after: WhereCode | None = None  # type: ignore[valid-type]
    subsequent_help: SubsequentCode | None = None  # type: ignore[valid-type]
    family_young_people: tuple[PYoungPerson, ...] = ()
    young_people_elsewhere: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _rules(self) -> PHelp:
        kind = catalog.HELP_TYPES[self.help_type]
        reasons = [r for r in (self.main_reason, *self.further_reasons) if r is not None]
        if len(self.further_reasons) > 2 or len(set(reasons)) != len(reasons):
            raise ValueError("at most three different reasons")
        if self.further_reasons and self.main_reason is None:
            raise ValueError("further reasons need a main reason")
        if self.family_oriented and not kind.family_orientable:
            raise ValueError("family-oriented only under § 27")
        if self.young_adult and not kind.young_adult_eligible:
            raise ValueError("§ 41(2) type")
        family = self.family_oriented or kind.family_oriented
        if not family and (self.family_young_people or self.young_people_elsewhere is not None):
            raise ValueError("family members only for family help")
        if self.period.end is None and (self.whereabouts_after or self.subsequent_help):
            raise ValueError("after-help fields only when ended")
        if self.planned_end is not None and self.planned_end < self.period.start:
            raise ValueError("planned end before start")
        if (self.period.end is None) != (self.ending_reason is None):
            raise ValueError("ending reason exactly for ended helps")
        if catalog.HELP_TYPES[self.help_type].needs_specialist_statement and (
            self.specialist_statement_on is None or self.specialist_statement_on > self.period.start
        ):
            raise ValueError("specialist statement missing or late")
        return self


class PGoal(_Strict):
    id: NonBlank
    text: str
    weight: Annotated[Decimal, Field(ge=0)] = Decimal(1)
    levels: tuple[str, ...] = ()
    baseline: Annotated[int, Field(ge=-2, le=2)] | None = None
    attained: Annotated[int, Field(ge=-2, le=2)] | None = None


class PHelpPlan(_Strict):
    id: NonBlank
    agreed_on: date
    help_ids: tuple[str, ...] = ()
    goals: tuple[PGoal, ...] = ()
    reviews: tuple[date, ...] = ()
    next_review: date | None = None

    @model_validator(mode="after")
    def _rules(self) -> PHelpPlan:
        previous = self.agreed_on
        for day in self.reviews:
            if day < previous:
                raise ValueError("reviews out of order")
            previous = day
        if self.next_review is not None and self.next_review <= previous:
            raise ValueError("next review in the past")
        if len({g.id for g in self.goals}) != len(self.goals):
            raise ValueError("duplicate goal id")
        return self


class PRiskAssessment(_Strict):
    id: NonBlank
    concluded_on: date
    result: RiskCode
    notice_on: date | None = None
    notified_by: NotifierCode | None = None  # type: ignore[valid-type]
    danger_forms: tuple[DangerCode, ...] = ()
    danger_from: tuple[SourceCode, ...] = ()  # type: ignore[valid-type]
    repeat_report: bool | None = None

    @model_validator(mode="after")
    def _rules(self) -> PRiskAssessment:
        danger = self.result in ("acute", "latent")
        if (self.danger_forms or self.danger_from) and not danger:
            raise ValueError("forms and sources only for a danger")
        if self.notice_on is not None and self.notice_on > self.concluded_on:
            raise ValueError("notice after conclusion")
        if len(set(self.danger_forms)) != len(self.danger_forms):
            raise ValueError("repeated form")
        if len(set(self.danger_from)) != len(self.danger_from):
            raise ValueError("repeated source")
        return self


class PProtectiveCustody(_Strict):
    id: NonBlank
    kind: CustodyKind  # type: ignore[valid-type]
    period: PPeriod
    ground: GroundCode | None = None  # type: ignore[valid-type]
    triggers: tuple[TriggerCode, ...] = ()  # type: ignore[valid-type]
    initiated_by: CustodyInitiator | None = None  # type: ignore[valid-type]
    placement: PlacementCode | None = None  # type: ignore[valid-type]
    unaccompanied: bool = False
    parents_objected: bool | None = None
    family_court_called: bool | None = None
    ending: CustodyEnding | None = None  # type: ignore[valid-type]
    follow_up: SubsequentCode | None = None  # type: ignore[valid-type]
    provider_id: NonBlank | None = None

    @model_validator(mode="after")
    def _rules(self) -> PProtectiveCustody:
        if not self.unaccompanied and (self.kind == "42a" or self.ground == "3"):
            raise ValueError("§ 42a only for unaccompanied minors")
        if self.kind == "42a" and self.ground not in (None, "3"):
            raise ValueError("§ 42a ground")
        if (self.period.end is None) != (self.ending is None):
            raise ValueError("ending exactly when ended")
        if self.period.end is None and self.follow_up is not None:
            raise ValueError("follow-up only when ended")
        if len(set(self.triggers)) != len(self.triggers):
            raise ValueError("repeated trigger")
        return self


class PCase(_Strict):
    id: NonBlank
    space_id: NonBlank
    opened: date
    young_person: PYoungPerson
    helps: tuple[PHelp, ...] = ()
    help_plans: tuple[PHelpPlan, ...] = ()
    risk_assessments: tuple[PRiskAssessment, ...] = ()
    protective_custodies: tuple[PProtectiveCustody, ...] = ()
    closed: date | None = None
    closing_reason: ClosingCode | None = None

    @model_validator(mode="after")
    def _rules(self) -> PCase:
        if (self.closed is None) != (self.closing_reason is None):
            raise ValueError("closing reason exactly for closed cases")
        if self.closed is not None and self.closed < self.opened:
            raise ValueError("closed before opened")
        ids = {h.id for h in self.helps}
        if len(ids) != len(self.helps):
            raise ValueError("duplicate help id")
        birth = self.young_person.birth
        born = birth if isinstance(birth, date) else date.fromisoformat(birth + "-01")
        for h in self.helps:
            if h.period.start < self.opened:
                raise ValueError("help before case")
            if self.closed is not None and (h.period.end is None or h.period.end > self.closed):
                raise ValueError("help after case")
            s = h.period.start
            age = s.year - born.year - ((s.month, s.day) < (born.month, born.day))
            kind = catalog.HELP_TYPES[h.help_type]
            young_adult = (
                h.young_adult
                if h.young_adult is not None
                else kind.young_adult_eligible and age >= 18
            )
            if young_adult and age < 18 and h.period.end is not None:
                last = h.period.end
                if last.year - born.year - ((last.month, last.day) < (born.month, born.day)) < 18:
                    raise ValueError("§41 age")
            if young_adult and age >= 21 and not h.justification_beyond_21:
                raise ValueError("§41 justification")
        for m in self.protective_custodies:
            s = m.period.start
            if s.year - born.year - ((s.month, s.day) < (born.month, born.day)) >= 18:
                raise ValueError("§ 42 only for minors")
        for plan in self.help_plans:
            if not set(plan.help_ids) <= ids:
                raise ValueError("unknown help in plan")
        return self
