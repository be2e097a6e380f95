"""Child protection: § 8a risk assessments (§ 99(6)) and § 42/§ 42a measures (§ 99(2))."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from .. import messages
from ..errors import Issue
from ..periods import Period
from ._base import code_field, invariants

messages.define(
    "risk.danger_without_danger", "forms of danger are recorded only for an acute or latent danger"
)

__all__ = ["ProtectiveCustody", "RiskAssessment"]

_DANGER_RESULTS = ("acute", "latent")

_DANGER_FROM = messages.define(
    "risk.danger_source_without_danger",
    "the person the danger comes from is recorded only for an acute or latent danger",
)
_NOTICE_LATE = messages.define(
    "risk.notice_after_conclusion", "the notice cannot come after the assessment was concluded"
)
_REPEATED_CODE = messages.define("code.repeated", "a code may appear only once in the list")
_42A = messages.define(
    "custody.42a_not_unaccompanied",
    "§ 42a and the ground § 42(1) Nr. 3 are only for unaccompanied foreign minors",
)
_42A_GROUND = messages.define(
    "custody.ground_42a", "a § 42a measure has no ground under § 42(1) other than Nr. 3"
)
_ENDING_MISSING = messages.define(
    "custody.ending_missing", "an ended measure must record how it ended"
)
_AFTER_RUNNING = messages.define(
    "custody.after_fields_running", "ending and follow-up are recorded only for an ended measure"
)


def _repeats(codes: tuple[str, ...], field: str) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for i, code in enumerate(codes):
        if code in seen:
            issues.append(Issue.of(f"/{field}/{i}", _REPEATED_CODE))
        seen.add(code)
    return issues


@attrs.frozen(kw_only=True, slots=True)
class RiskAssessment:
    """A *Gefährdungseinschätzung* (§ 8a(1) SGB VIII) with the fields of § 99 Abs. 6.

    It is reported in the year it was **concluded** (§ 101(2)), not the year of the notice.

    :param concluded_on: the day the assessment was concluded.
    :param result: a code of :data:`~sozialraum.catalog.RISK_ASSESSMENT_RESULTS`.
    :param notice_on: the day the office learned of the indications, if recorded.
    :param notified_by: who made the danger known, from the § 8a statistic's own list
        (:data:`~sozialraum.catalog.RISK_NOTIFIERS`: acquaintances/neighbours, anonymous …).
    :param danger_forms: kinds of danger (:data:`~sozialraum.catalog.DANGER_FORMS`); only
        for an acute or latent danger.
    :param danger_from: from whom the danger comes
        (:data:`~sozialraum.catalog.DANGER_SOURCES`); only for an acute or latent danger.
    :param repeat_report: a repeated report on the same child in the same year.
    """

    id: str
    concluded_on: date
    result: str = code_field("risk_assessment_results")
    notice_on: date | None = None
    notified_by: str | None = code_field("risk_notifiers", default=None)
    danger_forms: tuple[str, ...] = code_field("danger_forms", default=())
    danger_from: tuple[str, ...] = code_field("danger_sources", default=(), repr=False)
    repeat_report: bool | None = None

    @property
    def reporting_year(self) -> int:
        """The year of the § 8a statistic this assessment belongs to (when concluded)."""
        return self.concluded_on.year

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        danger = self.result in _DANGER_RESULTS
        if self.danger_forms and not danger:
            issues.append(Issue.of("/danger_forms", "risk.danger_without_danger"))
        if self.danger_from and not danger:
            issues.append(Issue.of("/danger_from", _DANGER_FROM))
        if self.notice_on is not None and self.notice_on > self.concluded_on:
            issues.append(Issue.of("/notice_on", _NOTICE_LATE))
        issues += _repeats(self.danger_forms, "danger_forms")
        issues += _repeats(self.danger_from, "danger_from")
        return issues


@attrs.frozen(kw_only=True, slots=True)
class ProtectiveCustody:
    """An *Inobhutnahme* (§ 42) or provisional one (§ 42a) with the fields of § 99 Abs. 2.

    It is reported when it ends (§ 101(2)). The young person is the case's; a measure is only
    for a child or adolescent (under 18 at its start, checked by the case).

    :param kind: ``"42"`` or ``"42a"`` (:data:`~sozialraum.catalog.CUSTODY_KINDS`).
    :param period: half-open ``[start, end)``; ``end=None`` while it lasts.
    :param ground: the ground under § 42(1) sentence 1 Nr. 1–3
        (:data:`~sozialraum.catalog.CUSTODY_GROUNDS`).
    :param triggers: what led to it (:data:`~sozialraum.catalog.CUSTODY_TRIGGERS`).
    :param initiated_by: who gave notice (:data:`~sozialraum.catalog.CUSTODY_INITIATORS`).
    :param placement: person, facility or other housing (§ 42(1) sentence 2,
        :data:`~sozialraum.catalog.CUSTODY_PLACEMENTS`).
    :param unaccompanied: an unaccompanied foreign minor (needed for § 42a and Nr. 3).
    :param parents_objected: the persons with custody objected (§ 42(3)).
    :param family_court_called: a family-court decision was sought (§ 42(3) Nr. 2).
    :param ending: how it ended (:data:`~sozialraum.catalog.CUSTODY_ENDINGS`); required
        exactly when it has ended.
    :param follow_up: the help that follows (:data:`~sozialraum.catalog.SUBSEQUENT_HELPS`).
    :param provider_id: the provider of the placement, if not the youth office.

    >>> from datetime import date, timedelta
    >>> from sozialraum.periods import Period
    >>> m = ProtectiveCustody(id="IO-1", kind="42", ground="2",
    ...     period=Period(date(2024, 3, 1), date(2024, 3, 15)), ending="returned_to_custodians")
    >>> m.days, m.reporting_year
    (14, 2024)
    """

    id: str
    kind: str = code_field("custody_kinds")
    period: Period
    ground: str | None = code_field("custody_grounds", default=None)
    triggers: tuple[str, ...] = code_field("custody_triggers", default=())
    initiated_by: str | None = code_field("custody_initiators", default=None)
    placement: str | None = code_field("custody_placements", default=None)
    unaccompanied: bool = False
    parents_objected: bool | None = None
    family_court_called: bool | None = None
    ending: str | None = code_field("custody_endings", default=None)
    follow_up: str | None = code_field("subsequent_helps", default=None)
    provider_id: str | None = None

    @property
    def days(self) -> int | None:
        """The duration in days, ``None`` while the measure lasts."""
        return None if self.period.end is None else (self.period.end - self.period.start).days

    @property
    def reporting_year(self) -> int | None:
        """The year of the statistic it belongs to: the year of its last day."""
        if self.period.end is None:
            return None
        return max(self.period.start, self.period.end - timedelta(days=1)).year

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        if not self.unaccompanied:
            if self.kind == "42a":
                issues.append(Issue.of("/unaccompanied", _42A))
            elif self.ground == "3":
                issues.append(Issue.of("/ground", _42A))
        if self.kind == "42a" and self.ground not in (None, "3"):
            issues.append(Issue.of("/ground", _42A_GROUND))
        if self.period.end is None:
            for name in ("ending", "follow_up"):
                if getattr(self, name) is not None:
                    issues.append(Issue.of(f"/{name}", _AFTER_RUNNING))
        elif self.ending is None:
            issues.append(Issue.of("/ending", _ENDING_MISSING))
        issues += _repeats(self.triggers, "triggers")
        return issues
