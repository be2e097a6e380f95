"""Work in the social space beyond the single case (fallübergreifend, fallunspezifisch)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from .. import messages
from ..catalog import WorkType
from ..errors import Issue
from ..money import Money
from ..periods import Period
from ._base import bounded, invariants

messages.define("work.case_specific", "case-specific work is recorded as a help of its case")
messages.define("work.case_independent_with_cases", "case-independent work does not refer to cases")

__all__ = ["CaseIndependentWork"]


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
