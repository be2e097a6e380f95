"""Explicit tie policies for apportionment.

When two or more parties have *exactly* the same claim on the last unit(s) — equal
remainders under largest remainder, equal quotients under a divisor method — no method
can decide on its own. Spreadsheets silently take the first row; we make the choice a
rule:

* :attr:`TieKind.RAISE` (the default) refuses with a :class:`~sozialraum.errors.TieError`
  naming the tied keys, so a person decides;
* :attr:`TieKind.PRIORITY` gives the units to the tied keys listed first in
  :attr:`TiePolicy.priority` (a contract order, a council decision);
* :attr:`TieKind.LOT` draws them with ``random.Random(seed).sample(sorted(tied), units)``;
  the seed is recorded so anyone can repeat the draw.

Every policy looks at the tied *keys*, never at their position in the input, so a result
never depends on input order.

>>> policy = TiePolicy.lot(seed=2025)
>>> resolve_tie(policy, "rounding", ["B", "A", "C"], 1).winners
('C',)
>>> resolve_tie(TiePolicy(), "rounding", ["B", "A"], 1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sozialraum.errors.TieError: rounding: exact tie for 1 unit(s) between 'A', 'B'; ... [tie.exact]
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache

import attrs

from .. import messages
from ..errors import TieError, ValidationError

__all__ = ["TieBreak", "TieKind", "TiePolicy", "resolve_tie"]

messages.define(
    "budget.tie", "{rule}: tie between {tied} for {units} unit(s), won by {winners} {how}"
)
messages.define("budget.tie.how#priority", "by priority order")
messages.define("budget.tie.how#lot", "by lot (random.Random({seed}))")
messages.define("budget.tie.how#hand", "by hand")
messages.define(
    "tie.exact", "exact tie for {units} unit(s) between {names}; set a tie policy (priority or lot)"
)
messages.define("tie.seed_missing", "a lot needs an int seed")
messages.define("tie.priority_missing", "a priority policy needs a priority order")
messages.define("tie.priority_duplicate", "a key may appear only once")


class TieKind(StrEnum):
    """How an exact tie is resolved."""

    RAISE = "raise"
    PRIORITY = "priority"
    LOT = "lot"


@attrs.frozen(kw_only=True)
class TiePolicy:
    """The rule for exact ties: raise (default), a priority order, or a seeded lot.

    :param priority: keys (space ids, work types, provider ids) from first to last; used by
        :attr:`TieKind.PRIORITY`. A tied key missing from the list is an error.
    :param seed: the seed of the lot; required by :attr:`TieKind.LOT`.

    >>> TiePolicy.by_priority("Nord", "Süd").kind
    <TieKind.PRIORITY: 'priority'>
    """

    kind: TieKind = TieKind.RAISE
    priority: tuple[str, ...] = ()
    seed: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind is TieKind.LOT and (
            isinstance(self.seed, bool) or not isinstance(self.seed, int)
        ):
            raise ValidationError.single("/seed", "tie.seed_missing")
        if self.kind is TieKind.PRIORITY and not self.priority:
            raise ValidationError.single("/priority", "tie.priority_missing")
        if len(set(self.priority)) != len(self.priority):
            raise ValidationError.single("/priority", "tie.priority_duplicate")

    @classmethod
    def by_priority(cls, *keys: str) -> TiePolicy:
        """Resolve ties in favour of the keys listed first."""
        return cls(kind=TieKind.PRIORITY, priority=keys)

    @classmethod
    def lot(cls, seed: int) -> TiePolicy:
        """Resolve ties by a lot drawn with ``random.Random(seed)``."""
        return cls(kind=TieKind.LOT, seed=seed)


@attrs.frozen(kw_only=True)
class TieBreak:
    """The record of one resolved tie: where, between whom, who won, and how.

    :param rule: the rule or level that met the tie (``"rounding:spaces"`` …).
    :param tied: the tied keys, sorted.
    :param units: how many units went to the tied keys (fewer than ``len(tied)``).
    :param winners: the keys that received a unit, sorted.
    :param seed: the seed of the lot, if drawn.
    """

    rule: str
    policy: TieKind
    tied: tuple[str, ...]
    units: int
    winners: tuple[str, ...]
    seed: int | None = None

    def text_in(self, lang: str) -> str:
        """The record as a sentence in ``lang`` (``"de"`` or ``"en"``)."""
        how = {
            TieKind.PRIORITY: messages.Text("budget.tie.how#priority", ()),
            TieKind.LOT: messages.Text("budget.tie.how#lot", (("seed", str(self.seed)),)),
            TieKind.RAISE: messages.Text("budget.tie.how#hand", ()),
        }[self.policy]
        params: dict[str, messages.Param] = {
            "rule": self.rule,
            "tied": ", ".join(self.tied),
            "units": self.units,
            "winners": ", ".join(self.winners),
            "how": how,
        }
        return messages.render("budget.tie", params, lang)

    def __str__(self) -> str:
        return self.text_in("en")


def resolve_tie(policy: TiePolicy, rule: str, tied: Sequence[str], units: int) -> TieBreak:
    """Choose ``units`` of the ``tied`` keys (``0 < units < len(tied)``) as ``policy`` says.

    :raises TieError: for :attr:`TieKind.RAISE` (code ``tie.exact``) or when a priority
        order does not rank a tied key (code ``tie.unranked``).

    >>> resolve_tie(TiePolicy.by_priority("C", "A", "B"), "rounding", ["A", "B", "C"], 2).winners
    ('A', 'C')
    """
    keys = tuple(sorted(tied))
    if policy.kind is TieKind.RAISE:
        names = ", ".join(repr(k) for k in keys)
        raise TieError(rule, "tie.exact", units=units, names=names)
    return _settle(policy.kind, policy.priority, policy.seed, rule, keys, units)


@lru_cache(maxsize=4096, typed=True)
def _settle(
    kind: TieKind,
    priority: tuple[str, ...],
    seed: int | None,
    rule: str,
    keys: tuple[str, ...],
    units: int,
) -> TieBreak:
    """:func:`resolve_tie` for a priority order or a lot: a pure function of its arguments,
    so the same tie met again (in every run of a Monte Carlo study) is looked up; the
    record is immutable, so sharing it is safe."""
    if kind is TieKind.PRIORITY:
        rank = {key: i for i, key in enumerate(priority)}
        missing = [k for k in keys if k not in rank]
        if missing:
            raise TieError(
                rule,
                "tie.unranked",
                f"the priority order does not rank {', '.join(repr(k) for k in missing)}",
            )
        chosen = sorted(keys, key=rank.__getitem__)[:units]
    else:
        chosen = random.Random(seed).sample(keys, units)
    return TieBreak(
        rule=rule,
        policy=kind,
        tied=keys,
        units=units,
        winners=tuple(sorted(chosen)),
        seed=seed if kind is TieKind.LOT else None,
    )
