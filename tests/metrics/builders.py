"""Small hand-made municipalities and cases for the metric tests (values chosen so every
figure can be computed by hand)."""

from __future__ import annotations

from datetime import date

from sozialraum.model import AgeBand, Case, Help, Municipality, SocialSpace, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period


def space(space_id: str, under18: int, from18to21: int, adults: int = 5000) -> SocialSpace:
    return SocialSpace(
        id=space_id,
        name=space_id,
        population=(
            AgeBand(min_age=0, max_age=18, count=under18),
            AgeBand(min_age=18, max_age=21, count=from18to21),
            AgeBand(min_age=21, max_age=None, count=adults),
        ),
    )


def help_(
    help_id: str,
    help_type: str,
    start: date,
    end: date | None = None,
    reason: str | None = None,
    *,
    monthly: str = "1000.00",
    provider: str = "T1",
) -> Help:
    return Help(
        id=help_id,
        help_type=help_type,
        provider_id=provider,
        period=Period(start, end),
        monthly_cost=Money.parse(monthly),
        ending_reason=reason if end is not None else None,
    )


def case(
    case_id: str,
    space_id: str,
    opened: date,
    *helps: Help,
    person: str | None = None,
    closed: date | None = None,
    closing_reason: str | None = None,
    **kwargs: object,
) -> Case:
    return Case(
        id=case_id,
        space_id=space_id,
        opened=opened,
        young_person=YoungPerson(id=person or f"P-{case_id}", birth=date(2012, 3, 1)),
        helps=helps,
        closed=closed,
        closing_reason=closing_reason,
        **kwargs,  # type: ignore[arg-type]
    )


def municipality() -> Municipality:
    """Space A: 800 under 18, 1000 under 21; space B: nobody under 21."""
    return Municipality(id="M", name="Test", social_spaces=(space("A", 800, 200), space("B", 0, 0)))


def helps_2024() -> tuple[Case, ...]:
    """The helps of the hand-computed 2024 examples (see test_helps.py)."""
    return (
        case("C1", "A", date(2023, 6, 1), help_("H1", "31", date(2023, 6, 1))),
        case(
            "C2",
            "A",
            date(2024, 2, 1),
            help_("H2", "34", date(2024, 2, 29), date(2024, 3, 1), "10"),
        ),
        case(
            "C3", "A", date(2024, 12, 1), help_("H3", "30-erziehungsbeistand", date(2024, 12, 31))
        ),
        case(
            "C4",
            "A",
            date(2024, 5, 1),
            help_("H4", "28-family", date(2024, 5, 15), date(2024, 5, 15), "20"),
        ),
        case(
            "C5",
            "A",
            date(2023, 1, 1),
            help_("H5", "32", date(2023, 1, 31), date(2024, 1, 1), "10"),
        ),
        case(
            "C6",
            "A",
            date(2023, 11, 1),
            help_("H6", "33-general", date(2023, 11, 30), date(2024, 1, 31), "40"),
        ),
        case("C7", "A", date(2024, 3, 1), help_("H7", "42", date(2024, 3, 1))),
        case("C8", "B", date(2024, 6, 1), help_("H8", "31", date(2024, 6, 1))),
    )
