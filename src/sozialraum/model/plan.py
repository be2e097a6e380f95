"""Help plans (§ 36 SGB VIII) and their goals, scored by Goal Attainment Scaling."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from .. import messages
from ..errors import Issue
from ._base import bounded, invariants, sized, unique_ids

messages.define("plan.next_review_past", "the next review must be after the last one held")
messages.define("plan.review_order", "reviews are after the agreement and in date order")

__all__ = ["Goal", "HelpPlan"]


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
