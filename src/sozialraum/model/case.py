"""The case file of one young person: helps, plans, § 8a assessments, § 42 measures."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from .. import catalog, messages
from ..errors import Issue
from ._base import code_field, invariants, unique_ids
from .help import Help
from .people import YoungPerson
from .plan import HelpPlan
from .protection import ProtectiveCustody, RiskAssessment

messages.define("reference.unknown#help", "no help with this id in the case")
messages.define("help.before_case", "a help cannot start before its case is opened")
messages.define("help.after_case", "a help of a closed case must end by the closing date")
messages.define("case.closing_reason_unexpected", "an open case has no closing reason")
messages.define("case.closed_before_opened", "a case cannot close before it opens")
messages.define("case.closing_reason_missing", "a closed case must record its closing reason")
messages.define(
    "help.young_adult_justification",
    "a § 41 help starting at 21 or older needs a recorded justification",
)

__all__ = ["YOUNG_ADULT_AGE", "Case"]

#: Age from which a young person is a *junger Volljähriger* (§ 7 Abs. 1 Nr. 3 SGB VIII).
YOUNG_ADULT_AGE = 18

_TOO_YOUNG = messages.define(
    "help.young_adult_too_young",
    "a § 41 help needs a person of {age} or older at its start, or a help continuing past that age",
)
_CUSTODY_ADULT = messages.define(
    "custody.adult", "§ 42 and § 42a protect children and adolescents (under {age} at the start)"
)


@attrs.frozen(kw_only=True, slots=True)
class Case:
    """The file of one young person (and their family) in one social space.

    Invariants: ids are unique within the file; helps start on or after the opening date;
    a closed case has a closing reason and no help running past the closing date; a help
    for a young adult (§ 41) needs a person of 18 or older at its start (or a help that
    continues past 18) and, from 21, a recorded justification; § 42 measures are for
    minors; help plans refer to helps of this case. The reasons for help and who suggested
    it are recorded per help (:class:`Help`), as the statistics record them.

    :param closing_reason: :data:`~sozialraum.catalog.CASE_CLOSING_REASONS`, exactly when
        ``closed`` is set.
    """

    id: str
    space_id: str
    opened: date
    young_person: YoungPerson
    helps: tuple[Help, ...] = ()
    help_plans: tuple[HelpPlan, ...] = ()
    risk_assessments: tuple[RiskAssessment, ...] = ()
    protective_custodies: tuple[ProtectiveCustody, ...] = ()
    closed: date | None = None
    closing_reason: str | None = code_field("case_closing_reasons", default=None)

    @property
    def is_open(self) -> bool:
        """True while the case is not closed."""
        return self.closed is None

    def helps_active_on(self, day: date) -> tuple[Help, ...]:
        """The helps running on ``day``."""
        return tuple(h for h in self.helps if h.period.contains(day))

    def age_at_start(self, help_: Help) -> int:
        """The young person's age in completed years on the first day of ``help_``."""
        return self.young_person.age_on(help_.period.start)

    def is_young_adult_help(self, help_: Help) -> bool:
        """Whether ``help_`` is a help for a young adult (§ 41).

        The help's own :attr:`Help.young_adult` wins; otherwise a help of a type § 41(2)
        provides for young adults is one when the person is 18 or older at its start (the
        statistics' rule).

        >>> from datetime import date
        >>> from sozialraum.model import Help, YoungPerson, YearMonth
        >>> from sozialraum.money import Money
        >>> from sozialraum.periods import Period
        >>> h = Help(id="H1", help_type="34", provider_id="T1",
        ...          period=Period(date(2024, 3, 1)), monthly_cost=Money(cents=0))
        >>> case = Case(id="C1", space_id="S1", opened=date(2024, 2, 1), helps=(h,),
        ...     young_person=YoungPerson(id="P1", birth=YearMonth(2005, 1)))
        >>> case.is_young_adult_help(h), case.legal_basis(h)
        (True, ('§ 27 SGB VIII', '§ 34 SGB VIII', '§ 41 SGB VIII'))
        """
        if help_.young_adult is not None:
            return help_.young_adult
        kind = catalog.HELP_TYPES.get(help_.help_type)
        return (
            kind is not None
            and kind.young_adult_eligible
            and self.age_at_start(help_) >= YOUNG_ADULT_AGE
        )

    def legal_basis(self, help_: Help) -> tuple[str, ...]:
        """The paragraphs ``help_`` is granted under: § 27 with the type's paragraph for a
        Hilfe zur Erziehung (§ 27 Abs. 2 for family-oriented § 27 help), § 35a, and § 41
        for a young adult."""
        kind = help_.type
        parts: list[str] = []
        if kind.hze:
            parts.append("§ 27 Abs. 2 SGB VIII" if help_.family_oriented else "§ 27 SGB VIII")
        if kind.paragraph not in parts and not kind.paragraph.startswith("§ 27 "):
            parts.append(kind.paragraph)
        if self.is_young_adult_help(help_):
            parts.append("§ 41 SGB VIII")
        return tuple(parts)

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = unique_ids(self.helps, "helps", "help")
        issues += unique_ids(self.help_plans, "help_plans", "help plan")
        issues += unique_ids(self.risk_assessments, "risk_assessments", "risk assessment")
        issues += unique_ids(self.protective_custodies, "protective_custodies", "measure")
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
        for i, m in enumerate(self.protective_custodies):
            if self.young_person.age_on(m.period.start) >= YOUNG_ADULT_AGE:
                issues.append(
                    Issue.of(f"/protective_custodies/{i}/period/start", _CUSTODY_ADULT, age=18)
                )
        return issues

    def _check_help(self, i: int, h: Help) -> list[Issue]:
        issues = []
        if h.period.start < self.opened:
            issues.append(Issue.of(f"/helps/{i}/period/start", "help.before_case"))
        if self.closed is not None and (h.period.end is None or h.period.end > self.closed):
            issues.append(Issue.of(f"/helps/{i}/period/end", "help.after_case"))
        if catalog.HELP_TYPES.get(h.help_type) is None or not self.is_young_adult_help(h):
            return issues
        age = self.age_at_start(h)
        if age < YOUNG_ADULT_AGE:
            end = h.period.end
            last = None if end is None else max(h.period.start, end - timedelta(days=1))
            continuing = last is None or self.young_person.age_on(last) >= YOUNG_ADULT_AGE
            if not continuing:
                issues.append(Issue.of(f"/helps/{i}/young_adult", _TOO_YOUNG, age=YOUNG_ADULT_AGE))
        elif age >= 21 and not h.justification_beyond_21:
            issues.append(
                Issue.of(f"/helps/{i}/justification_beyond_21", "help.young_adult_justification")
            )
        return issues
