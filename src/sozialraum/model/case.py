"""Young people, their cases, helps, help plans, risk assessments and work in the space."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from .. import catalog, messages
from ..catalog import Gender, WorkType
from ..errors import Issue, ValidationError
from ..money import Money
from ..periods import Period, age_on
from ._base import bounded, code_field, invariants, sized, unique_ids

__all__ = [
    "Case",
    "CaseIndependentWork",
    "Goal",
    "Help",
    "HelpPlan",
    "RiskAssessment",
    "YearMonth",
    "YoungPerson",
]

messages.define("type.invalid#year_month", "year and month must be integers")
messages.define("date.invalid#year_month", "not a valid year and month")
messages.define("date.invalid#month_format", "expected a month as YYYY-MM")
messages.define("help.planned_end_before_start", "the planned end must not be before the start")
messages.define("plan.next_review_past", "the next review must be after the last one held")
messages.define(
    "risk.danger_without_danger", "forms of danger are recorded only for an acute or latent danger"
)
messages.define("reference.unknown#help", "no help with this id in the case")
messages.define("help.before_case", "a help cannot start before its case is opened")
messages.define("help.after_case", "a help of a closed case must end by the closing date")
messages.define("work.case_specific", "case-specific work is recorded as a help of its case")
messages.define("work.case_independent_with_cases", "case-independent work does not refer to cases")
messages.define("help.ending_reason_unexpected", "a running help has no ending reason")
messages.define("help.ending_reason_missing", "an ended help must record its ending reason")
messages.define(
    "help.specialist_statement_missing", "a § 35a help needs the specialist statement (§ 35a(1a))"
)
messages.define("plan.review_order", "reviews are after the agreement and in date order")
messages.define("case.closing_reason_unexpected", "an open case has no closing reason")
messages.define("case.closed_before_opened", "a case cannot close before it opens")
messages.define("case.closing_reason_missing", "a closed case must record its closing reason")
messages.define(
    "help.young_adult_required", "a § 41 help needs a young adult (18 or older) at its start"
)
messages.define("help.specialist_statement_late", "the specialist statement must precede the help")
messages.define(
    "help.young_adult_justification",
    "a § 41 help starting at 21 or older needs a recorded justification",
)


# --------------------------------------------------------------------------------------
# People and cases
# --------------------------------------------------------------------------------------


@attrs.frozen(slots=True, order=True)
class YearMonth:
    """A month of a year, the precision of the federal statistics' dates of birth.

    >>> YearMonth(2010, 5).isoformat()
    '2010-05'
    >>> YearMonth.fromisoformat("2010-05")
    YearMonth(year=2010, month=5)
    """

    year: int
    month: int

    def __attrs_post_init__(self) -> None:
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (self.year, self.month)):
            raise ValidationError.single("", "type.invalid#year_month")
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValidationError.single("", "date.invalid#year_month")

    @classmethod
    def fromisoformat(cls, text: str) -> YearMonth:
        """Parse ``YYYY-MM``."""
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
            raise ValidationError.single("", "date.invalid#month_format")
        return cls(int(text[:4]), int(text[5:]))

    def isoformat(self) -> str:
        """``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    def __str__(self) -> str:
        return self.isoformat()


@attrs.frozen(kw_only=True, slots=True)
class YoungPerson:
    """A young person, pseudonymous: an id, a date or month of birth, a gender code.

    No names or addresses are ever stored. With month precision, the person is taken as
    born on the first day of the month for age calculations (the earliest possible date,
    so an age is never understated).

    >>> YoungPerson(id="P1", birth=YearMonth(2006, 5), gender=Gender.MALE).age_on(
    ...     date(2024, 5, 1))
    18
    """

    id: str
    birth: date | YearMonth = attrs.field(repr=False)
    gender: Gender = attrs.field(repr=False, default=Gender.NOT_STATED)

    @property
    def birth_day(self) -> date:
        """The date of birth used for age calculations."""
        return self.birth.first_day if isinstance(self.birth, YearMonth) else self.birth

    def age_on(self, day: date) -> int:
        """Age in completed years on ``day``."""
        return age_on(self.birth_day, day)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


@attrs.frozen(kw_only=True, slots=True)
class Help:
    """One help granted in a case: its SGB VIII type, provider, period and cost.

    :param help_type: a code of :data:`~sozialraum.catalog.HELP_TYPES` (``"31"`` SPFH …).
    :param provider_id: the provider carrying out the help.
    :param period: half-open ``[start, end)``; ``end=None`` while the help is running.
    :param monthly_cost: the cost per full month.
    :param hours_per_week: extent of an ambulant help, if agreed in hours.
    :param day_rate: the daily rate (*Entgelt*) of a (semi-)residential help, if any.
    :param planned_end: the end the help plan expects.
    :param ending_reason: a code of :data:`~sozialraum.catalog.ENDING_REASONS`; required
        exactly when the help has ended.
    :param specialist_statement_on: for § 35a, the date of the specialist statement
        (§ 35a(1a)); it must be there and must not be after the start.
    :param justification_beyond_21: for § 41, why the help starts at 21 or older.
    """

    id: str
    help_type: str = code_field("help_types")
    provider_id: str
    period: Period
    monthly_cost: Money = bounded(0)
    hours_per_week: Decimal | None = bounded(0, 168, default=None)
    day_rate: Money | None = bounded(0, default=None)
    planned_end: date | None = None
    ending_reason: str | None = code_field("ending_reasons", default=None)
    specialist_statement_on: date | None = None
    justification_beyond_21: str | None = attrs.field(default=None, repr=False)

    @property
    def type(self) -> catalog.HelpType:
        """The catalogue entry of :attr:`help_type`."""
        return catalog.help_type(self.help_type)

    @property
    def start(self) -> date:
        """The first day of the help."""
        return self.period.start

    @property
    def end(self) -> date | None:
        """The first day after the help, ``None`` while it runs."""
        return self.period.end

    def is_active_on(self, day: date) -> bool:
        """Whether the help runs on ``day``."""
        return self.period.contains(day)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        kind = catalog.HELP_TYPES.get(self.help_type)
        if self.planned_end is not None and self.planned_end < self.period.start:
            issues.append(Issue.of("/planned_end", "help.planned_end_before_start"))
        if self.period.end is None:
            if self.ending_reason is not None:
                issues.append(Issue.of("/ending_reason", "help.ending_reason_unexpected"))
        elif self.ending_reason is None:
            issues.append(Issue.of("/ending_reason", "help.ending_reason_missing"))
        if kind is not None and kind.needs_specialist_statement:
            if self.specialist_statement_on is None:
                issues.append(
                    Issue.of("/specialist_statement_on", "help.specialist_statement_missing")
                )
            elif self.specialist_statement_on > self.period.start:
                issues.append(
                    Issue.of("/specialist_statement_on", "help.specialist_statement_late")
                )
        return issues


@attrs.frozen(kw_only=True, slots=True)
class Goal:
    """A goal of a help plan, scored by Goal Attainment Scaling (−2 … +2).

    :param text: the goal in the family's own words (personal data: never in ``repr``).
    :param weight: non-negative importance weight (default 1).
    :param levels: optional descriptions of the five levels, ordered −2, −1, 0, +1, +2.
    :param baseline: the level at the start, if scored.
    :param attained: the level reached at the last review, if scored.
    """

    id: str
    text: str = attrs.field(repr=False)
    weight: Decimal = bounded(0, default=Decimal(1))
    levels: tuple[str, ...] = sized(0, 5, default=(), repr=False)
    baseline: int | None = bounded(-2, 2, default=None)
    attained: int | None = bounded(-2, 2, default=None)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only (levels: none or all five, −2 … +2)


@attrs.frozen(kw_only=True, slots=True)
class HelpPlan:
    """A *Hilfeplan* (§ 36(2) SGB VIII): agreed goals and the dates of its reviews.

    :param help_ids: the helps of the case this plan governs.
    :param agreed_on: the date of the help-plan conference that agreed it.
    :param reviews: dates of the reviews held (*Fortschreibung*), ascending.
    :param next_review: the next review agreed, if any.
    """

    id: str
    agreed_on: date
    help_ids: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    reviews: tuple[date, ...] = ()
    next_review: date | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = unique_ids(self.goals, "goals", "goal")
        previous = self.agreed_on
        for i, day in enumerate(self.reviews):
            if day < previous:
                issues.append(Issue.of(f"/reviews/{i}", "plan.review_order"))
            previous = max(previous, day)
        if self.next_review is not None and self.next_review <= previous:
            issues.append(Issue.of("/next_review", "plan.next_review_past"))
        return issues


@attrs.frozen(kw_only=True, slots=True)
class RiskAssessment:
    """A *Gefährdungseinschätzung* (§ 8a(1) SGB VIII) and its result.

    :param result: a code of :data:`~sozialraum.catalog.RISK_ASSESSMENT_RESULTS`.
    :param danger_forms: codes of :data:`~sozialraum.catalog.DANGER_FORMS`; only for an
        acute or latent danger.
    """

    id: str
    concluded_on: date
    result: str = code_field("risk_assessment_results")
    initiated_by: str | None = code_field("initiating_institutions", default=None)
    danger_forms: tuple[str, ...] = code_field("danger_forms", default=())

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        if self.danger_forms and self.result not in ("acute", "latent"):
            issues.append(Issue.of("/danger_forms", "risk.danger_without_danger"))
        return issues


@attrs.frozen(kw_only=True, slots=True)
class Case:
    """The file of one young person (and their family) in one social space.

    Invariants: ids are unique within the file; helps start on or after the opening date;
    a closed case has a closing reason and no help running past the closing date; a § 41
    help needs a young adult (18 to under 21) at its start unless a justification is
    recorded for 21 or older; help plans refer to helps of this case.

    :param initiated_by: who suggested help (:data:`~sozialraum.catalog.INITIATING_INSTITUTIONS`).
    :param reasons: reasons for help (:data:`~sozialraum.catalog.HELP_REASONS`).
    :param closing_reason: :data:`~sozialraum.catalog.CASE_CLOSING_REASONS`, exactly when
        ``closed`` is set.
    """

    id: str
    space_id: str
    opened: date
    young_person: YoungPerson
    initiated_by: str | None = code_field("initiating_institutions", default=None)
    reasons: tuple[str, ...] = code_field("help_reasons", default=())
    helps: tuple[Help, ...] = ()
    help_plans: tuple[HelpPlan, ...] = ()
    risk_assessments: tuple[RiskAssessment, ...] = ()
    closed: date | None = None
    closing_reason: str | None = code_field("case_closing_reasons", default=None)

    @property
    def is_open(self) -> bool:
        """True while the case is not closed."""
        return self.closed is None

    def helps_active_on(self, day: date) -> tuple[Help, ...]:
        """The helps running on ``day``."""
        return tuple(h for h in self.helps if h.period.contains(day))

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = unique_ids(self.helps, "helps", "help")
        issues += unique_ids(self.help_plans, "help_plans", "help plan")
        issues += unique_ids(self.risk_assessments, "risk_assessments", "risk assessment")
        if self.closed is None:
            if self.closing_reason is not None:
                issues.append(Issue.of("/closing_reason", "case.closing_reason_unexpected"))
        else:
            if self.closed < self.opened:
                issues.append(Issue.of("/closed", "case.closed_before_opened"))
            if self.closing_reason is None:
                issues.append(Issue.of("/closing_reason", "case.closing_reason_missing"))
        help_ids = {h.id for h in self.helps}
        for i, h in enumerate(self.helps):
            issues += self._check_help(i, h)
        for i, plan in enumerate(self.help_plans):
            issues += [
                Issue.of(f"/help_plans/{i}/help_ids/{j}", "reference.unknown#help")
                for j, h_id in enumerate(plan.help_ids)
                if h_id not in help_ids
            ]
        return issues

    def _check_help(self, i: int, h: Help) -> list[Issue]:
        issues = []
        if h.period.start < self.opened:
            issues.append(Issue.of(f"/helps/{i}/period/start", "help.before_case"))
        if self.closed is not None and (h.period.end is None or h.period.end > self.closed):
            issues.append(Issue.of(f"/helps/{i}/period/end", "help.after_case"))
        kind = catalog.HELP_TYPES.get(h.help_type)
        if kind is not None and kind.young_adult:
            age = self.young_person.age_on(h.period.start)
            if age < 18:
                issues.append(Issue.of(f"/helps/{i}/help_type", "help.young_adult_required"))
            elif age >= 21 and not h.justification_beyond_21:
                issues.append(
                    Issue.of(
                        f"/helps/{i}/justification_beyond_21", "help.young_adult_justification"
                    )
                )
        return issues


@attrs.frozen(kw_only=True, slots=True)
class CaseIndependentWork:
    """Work in a social space beyond the single case (domain brief 1.3).

    *Fallübergreifend* (``case_overarching``) work uses or builds resources of the space
    for cases (it may name them in ``case_ids``); *fallunspezifisch* (``case_independent``)
    work happens without a case. Case-specific work is recorded as a :class:`Help`.

    :param provider_id: the provider doing the work, ``None`` for the youth office.
    :param activity: a short category such as ``"network"``, ``"group"``, ``"project"``.
    """

    id: str
    space_id: str
    work_type: WorkType
    period: Period
    hours: Decimal = bounded(0)
    cost: Money = bounded(0)
    activity: str
    provider_id: str | None = None
    case_ids: tuple[str, ...] = ()

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        if self.work_type is WorkType.CASE_SPECIFIC:
            issues.append(Issue.of("/work_type", "work.case_specific"))
        if self.work_type is WorkType.CASE_INDEPENDENT and self.case_ids:
            issues.append(Issue.of("/case_ids", "work.case_independent_with_cases"))
        return issues
