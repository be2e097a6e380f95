"""Builders shared by the budget example tests."""

from __future__ import annotations

from sozialraum.budget import (
    IndicatorShare,
    IndicatorValue,
    NeedRule,
    SpaceInput,
    WeightedIndicator,
)
from sozialraum.money import Money

M = Money.parse
U18 = NeedRule(indicator_shares=(IndicatorShare(indicators=(WeightedIndicator(indicator="u18"),)),))


def spaces(*rows: tuple[str, int], previous: dict[str, str] | None = None) -> list[SpaceInput]:
    prev = previous or {}
    return [
        SpaceInput(
            space_id=sid,
            indicators=(IndicatorValue(name="u18", value=v),),
            previous_amount=M(prev[sid]) if sid in prev else None,
        )
        for sid, v in rows
    ]


ABC = spaces(("A", 6000), ("B", 3000), ("C", 1000))


def amounts(result: object) -> dict[str, str]:
    """``{space_id: amount}`` as plain text."""
    return {k: str(v) for k, v in result.by_space().items()}  # type: ignore[attr-defined]
