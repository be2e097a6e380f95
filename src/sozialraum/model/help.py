"""A help granted in a case, with the fields the federal statistics ask for (§ 99(1))."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from .. import catalog, messages
from ..errors import Issue
from ..money import Money
from ..periods import Period
from ._base import bounded, code_field, invariants, unique_ids
from .people import YoungPerson

messages.define("help.planned_end_before_start", "the planned end must not be before the start")
messages.define("help.ending_reason_unexpected", "a running help has no ending reason")
messages.define("help.ending_reason_missing", "an ended help must record its ending reason")
messages.define(
    "help.specialist_statement_missing", "a § 35a help needs the specialist statement (§ 35a(1a))"
)
messages.define("help.specialist_statement_late", "the specialist statement must precede the help")

__all__ = ["MAX_FURTHER_REASONS", "Help"]

#: The statistics record one main reason and at most two further reasons (domain 5.5).
MAX_FURTHER_REASONS = 2

_TOO_MANY = messages.define(
    "help.reasons_too_many", "at most {limit} further reasons besides the main reason"
)
_REPEATED = messages.define(
    "help.reasons_repeated", "the main and further reasons must all be different"
)
_NO_MAIN = messages.define("help.main_reason_missing", "further reasons need a main reason")
_FAMILY_TYPE = messages.define(
    "help.family_oriented_type",
    "only a help under § 27 can be family-oriented (§ 27 Abs. 2, § 99 Abs. 1 Nr. 3)",
)
_FAMILY_MEMBERS = messages.define(
    "help.family_members_without_family_help",
    "the young people of the family are recorded only for a family-oriented help",
)
_AFTER_RUNNING = messages.define(
    "help.after_fields_running",
    "whereabouts and subsequent help are recorded only when the help has ended",
)
_YOUNG_ADULT_TYPE = messages.define(
    "help.young_adult_type",
    "§ 41 Abs. 2 does not provide this help type for young adults",
)


@attrs.frozen(kw_only=True, slots=True)
class Help:
    """One help granted in a case: its SGB VIII type, provider, period, cost and the
    fields of the federal statistics (§ 99 Abs. 1 SGB VIII).

    :param help_type: a code of :data:`~sozialraum.catalog.HELP_TYPES` (``"31"`` SPFH …).
    :param provider_id: the provider carrying out the help.
    :param period: half-open ``[start, end)``; ``end=None`` while the help is running.
    :param monthly_cost: the cost per full month.
    :param hours_per_week: the intensity (*Intensität*, § 99(1) Nr. 1 f) in hours per week.
    :param day_rate: the daily rate (*Entgelt*) of a (semi-)residential help, if any.
    :param planned_end: the end the help plan expects.
    :param ending_reason: a code of :data:`~sozialraum.catalog.ENDING_REASONS`; required
        exactly when the help has ended.
    :param specialist_statement_on: for § 35a, the date of the specialist statement
        (§ 35a(1a)); it must be there and must not be after the start.
    :param justification_beyond_21: for a young adult, why the help starts at 21 or older.
    :param young_adult: the help is granted under § 41 (young adult). ``None`` (the
        default) derives it from the age at the start (see
        :meth:`~sozialraum.model.Case.is_young_adult_help`); ``True``/``False`` overrides.
    :param family_oriented: a family-oriented help under § 27 Abs. 2 (counted per family
        like § 31, § 99(1) Nr. 3).
    :param place_of_delivery: *Ort der Durchführung*, a code of
        :data:`~sozialraum.catalog.PLACES_OF_DELIVERY`.
    :param main_reason: the main reason for the help
        (:data:`~sozialraum.catalog.HELP_REASONS`).
    :param further_reasons: up to two further reasons; all reasons differ.
    :param initiated_by: who suggested the help
        (:data:`~sozialraum.catalog.INITIATING_INSTITUTIONS`).
    :param provider_kind: kind of the executing provider and, for free providers, their
        association (:data:`~sozialraum.catalog.PROVIDER_KINDS`) when it is not taken from
        the provider record.
    :param family_court_decision: family-court decision at the start
        (:data:`~sozialraum.catalog.FAMILY_COURT_DECISIONS`).
    :param after_risk_assessment: a § 8a assessment preceded the help.
    :param after_protective_custody: the help follows a § 42 measure.
    :param parallel_help: another help (HzE, § 35a, § 41) runs at the same time.
    :param residence_before: where the young person lived at the start
        (:data:`~sozialraum.catalog.WHEREABOUTS`).
    :param family_situation: situation in the family of origin at the start
        (:data:`~sozialraum.catalog.FAMILY_SITUATIONS`).
    :param parent_foreign_origin: at least one parent is of foreign origin.
    :param german_family_language: German is the main language spoken in the family.
    :param transfer_payments: the family lives wholly or partly on transfer payments.
    :param whereabouts_after: where the young person lives after the help (ended helps).
    :param subsequent_help: the help that follows (:data:`~sozialraum.catalog.SUBSEQUENT_HELPS`;
        ended helps).
    :param family_young_people: for a family help, the young people of the family
        (§ 99(1) Nr. 3: sex and birth of each).
    :param young_people_elsewhere: for a family help, how many of them live outside it.

    The statistics fields about the family are personal data and never show in ``repr``.
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
    young_adult: bool | None = None
    family_oriented: bool = False
    place_of_delivery: str | None = code_field("places_of_delivery", default=None)
    main_reason: str | None = code_field("help_reasons", default=None)
    further_reasons: tuple[str, ...] = code_field("help_reasons", default=())
    initiated_by: str | None = code_field("initiating_institutions", default=None)
    provider_kind: str | None = code_field("provider_kinds", default=None)
    family_court_decision: str | None = code_field("family_court_decisions", default=None)
    after_risk_assessment: bool | None = None
    after_protective_custody: bool | None = None
    parallel_help: bool | None = None
    residence_before: str | None = code_field("whereabouts", default=None, repr=False)
    family_situation: str | None = code_field("family_situations", default=None, repr=False)
    parent_foreign_origin: bool | None = attrs.field(default=None, repr=False)
    german_family_language: bool | None = attrs.field(default=None, repr=False)
    transfer_payments: bool | None = attrs.field(default=None, repr=False)
    whereabouts_after: str | None = code_field("whereabouts", default=None, repr=False)
    subsequent_help: str | None = code_field("subsequent_helps", default=None)
    family_young_people: tuple[YoungPerson, ...] = attrs.field(default=(), repr=False)
    young_people_elsewhere: int | None = bounded(0, default=None, repr=False)

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

    @property
    def reasons(self) -> tuple[str, ...]:
        """The main reason (if any) followed by the further reasons."""
        if self.main_reason is None:
            return self.further_reasons
        return (self.main_reason, *self.further_reasons)

    @property
    def is_family_help(self) -> bool:
        """Counted per family in the statistics: § 31 or family-oriented § 27 help."""
        kind = catalog.HELP_TYPES.get(self.help_type)
        return self.family_oriented or (kind is not None and kind.family_oriented)

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
            for name in ("whereabouts_after", "subsequent_help"):
                if getattr(self, name) is not None:
                    issues.append(Issue.of(f"/{name}", _AFTER_RUNNING))
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
        issues += self._reason_issues()
        if kind is not None:
            if self.family_oriented and not kind.family_orientable:
                issues.append(Issue.of("/family_oriented", _FAMILY_TYPE))
            if self.young_adult and not kind.young_adult_eligible:
                issues.append(Issue.of("/young_adult", _YOUNG_ADULT_TYPE))
            if not self.is_family_help:
                if self.family_young_people:
                    issues.append(Issue.of("/family_young_people", _FAMILY_MEMBERS))
                if self.young_people_elsewhere is not None:
                    issues.append(Issue.of("/young_people_elsewhere", _FAMILY_MEMBERS))
        issues += unique_ids(self.family_young_people, "family_young_people", "young person")
        return issues

    def _reason_issues(self) -> list[Issue]:
        issues = []
        if len(self.further_reasons) > MAX_FURTHER_REASONS:
            issues.append(Issue.of("/further_reasons", _TOO_MANY, limit=MAX_FURTHER_REASONS))
        if self.further_reasons and self.main_reason is None:
            issues.append(Issue.of("/main_reason", _NO_MAIN))
        seen = {self.main_reason}
        for i, reason in enumerate(self.further_reasons):
            if reason in seen:
                issues.append(Issue.of(f"/further_reasons/{i}", _REPEATED))
            seen.add(reason)
        return issues
