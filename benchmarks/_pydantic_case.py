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

    @model_validator(mode="after")
    def _rules(self) -> PHelp:
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
    initiated_by: InitiatorCode | None = None
    danger_forms: tuple[DangerCode, ...] = ()


class PCase(_Strict):
    id: NonBlank
    space_id: NonBlank
    opened: date
    young_person: PYoungPerson
    initiated_by: InitiatorCode | None = None
    reasons: tuple[ReasonCode, ...] = ()
    helps: tuple[PHelp, ...] = ()
    help_plans: tuple[PHelpPlan, ...] = ()
    risk_assessments: tuple[PRiskAssessment, ...] = ()
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
            if catalog.HELP_TYPES[h.help_type].young_adult:
                s = h.period.start
                age = s.year - born.year - ((s.month, s.day) < (born.month, born.day))
                if age < 18 or (age >= 21 and not h.justification_beyond_21):
                    raise ValueError("§41 age")
        for plan in self.help_plans:
            if not set(plan.help_ids) <= ids:
                raise ValueError("unknown help in plan")
        return self
