"""The result of an allocation: amounts per space, work type and provider, with every step
recorded so :meth:`Allocation.explain` can say how each amount came about.

Amounts are :class:`~sozialraum.money.Money`; exact intermediate values (shares, targets)
are :class:`~fractions.Fraction`. :meth:`Allocation.explain_data` gives the same
explanation as JSON-ready data (fractions as ``"numerator/denominator"`` strings).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import attrs

from .. import messages
from ..errors import _freeze_params
from ..money import Money
from .ratio import Ratio
from .rules import Exclusion
from .ties import TieBreak

__all__ = ["Allocation", "Cell", "SpaceResult", "Step", "format_money", "format_share"]

messages.define("budget.explain.head", "Allocation by rule set '{name}'")
messages.define("budget.explain.head#valid", "Allocation by rule set '{name}' (valid from {day})")
messages.define("budget.explain.source", "source: {reference}")
messages.define("budget.explain.total", "total {amount}")
messages.define("budget.explain.spaces", "Spaces:")
messages.define("budget.explain.tie", "Tie: {tie}")
messages.define("budget.explain.space", "{space}: {amount} = {parts}")
messages.define("budget.explain.base", "base {amount}")
messages.define("budget.explain.need", "need {share} → {amount}")
messages.define("budget.explain.raised", ", raised to {amount} by '{rule}'")
messages.define("budget.explain.limited", ", limited to {amount} by '{rule}'")
messages.define("budget.explain.rounded#up", " (exact {amount}, rounded up to the cent)")
messages.define("budget.explain.rounded#down", " (exact {amount}, rounded down to the cent)")


def format_share(value: Fraction, places: int = 4) -> str:
    """An exact share as a percentage rounded half-even to ``places`` decimals.

    >>> format_share(Fraction(1, 3)), format_share(Fraction(1, 8), 0), format_share(Fraction(-1, 6))
    ('33.3333 %', '12 %', '-16.6667 %')
    """
    q, r = divmod(value.numerator * 10 ** (places + 2), value.denominator)
    if 2 * r > value.denominator or (2 * r == value.denominator and q % 2):
        q += 1  # half to even, on exact integers
    scaled = q
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{frac:0{places}d} %" if places else f"{sign}{whole} %"


def format_money(value: Fraction | int | Money) -> str:
    """Cents (exact) as German-formatted euros. A fraction of a cent is shown to four
    decimals of a euro, marked ``≈`` when that is not exact.

    >>> format_money(Fraction(100001, 3)), format_money(Fraction(90001, 2)), format_money(5)
    ('≈333,3367 €', '450,005 €', '0,05 €')
    """
    if isinstance(value, Money):
        return value.format_de()
    frac = Fraction(value)
    if frac.denominator == 1:
        return Money(cents=int(frac)).format_de()
    scaled = round(frac * 100)
    sign = "-" if scaled < 0 else ""
    euros, rest = divmod(abs(scaled), 10000)
    decimals = f"{rest:04d}".rstrip("0").ljust(2, "0")
    text = f"{sign}{f'{euros:,}'.replace(',', '.')},{decimals} €"
    return text if scaled == frac * 100 else "≈" + text


def _plain(value: object) -> Any:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        fields = attrs.asdict(cast(Any, value), recurse=False)
        return {k: _plain(v) for k, v in fields.items()}
    return value


@attrs.frozen(kw_only=True)
class Step:
    """One recorded step: the stage, the rule that acted, a sentence, and exact values per
    key (shares as fractions of 1, amounts in cents)."""

    stage: str
    rule: str
    text: str
    values: tuple[tuple[str, Fraction], ...] = ()
    #: the catalogue key of :attr:`text` and its parameters (``""``: the text is by hand)
    key: str = attrs.field(default="", eq=False, repr=False)
    params: tuple[tuple[str, messages.Param], ...] = attrs.field(
        default=(), converter=_freeze_params, eq=False, repr=False
    )

    @classmethod
    def of(
        cls,
        *,
        stage: str,
        rule: str,
        key: str,
        values: tuple[tuple[str, Fraction], ...] = (),
        **params: messages.Param,
    ) -> Step:
        """A step whose text is the catalogue message ``key`` with ``params``."""
        text = messages.render(key, params)
        return cls(stage=stage, rule=rule, text=text, values=values, key=key, params=params)

    def text_in(self, lang: str) -> str:
        """The sentence in ``lang`` (``"de"`` or ``"en"``)."""
        if not self.key:
            return self.text
        return messages.render(self.key, dict(self.params), lang)


@attrs.frozen(kw_only=True)
class SpaceResult:
    """How one space's amount came about.

    :param need_share: the space's need share (the shares of all spaces sum to 1).
    :param base: the base amount in cents (exact).
    :param need: the need part in cents (exact): ``need_share × need pot``.
    :param lower: the effective lower bound in cents and the rule that set it.
    :param upper: the effective upper bound in cents and the rule that set it.
    :param bound: ``"lower"`` or ``"upper"`` if the bound decided the amount.
    :param target: the exact amount before rounding to the cent.
    """

    space_id: str
    need_share: Fraction
    base: Fraction
    need: Fraction
    lower: int
    lower_rule: str | None
    upper: int | None
    upper_rule: str | None
    bound: str | None
    target: Fraction
    amount: Money


class Cell(NamedTuple):
    """The amount of one (space, work type, provider); ``None`` where no split applied.

    A light immutable record (an allocation has thousands): the amount is kept as integer
    ``cents`` and offered as :class:`~sozialraum.money.Money` by :attr:`amount`.

    >>> Cell("Nord", "case_specific", "T1", 12345).amount
    Money('123.45')
    """

    space_id: str
    work_type: str | None
    provider_id: str | None
    cents: int

    @property
    def amount(self) -> Money:
        """The amount as Money."""
        return Money(cents=self.cents)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the amount as plain text, e.g. ``"123.45"``)."""
        return {
            "space_id": self.space_id,
            "work_type": self.work_type,
            "provider_id": self.provider_id,
            "amount": str(self.amount),
        }


#: The fields of an :class:`Allocation` that :func:`~sozialraum.budget.pipeline.allocate`
#: may leave to be built on first access (from compact data it recorded while allocating).
DEFERRED_FIELDS = ("spaces", "cells", "steps", "ties")


class _Deferred:
    """Builds the fields named in :data:`DEFERRED_FIELDS` on first access.

    An allocation made by the pipeline carries a builder (``_build``) instead of thousands
    of records; reading ``spaces``, ``cells``, ``steps`` or ``ties`` builds that field once
    and stores it, so every reader — ``==``, ``hash``, ``repr``, pickling, ``attrs.evolve``
    — sees the same values as for an allocation built with all its fields.
    """

    __slots__ = ("_build",)

    if not TYPE_CHECKING:  # pragma: no branch - keep static checks of attribute names strict

        def __getattr__(self, name: str) -> Any:
            if name in DEFERRED_FIELDS:
                try:
                    build = object.__getattribute__(self, "_build")
                except AttributeError:
                    pass
                else:
                    value = build(name)
                    object.__setattr__(self, name, value)
                    return value
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


@attrs.frozen(kw_only=True)
class Allocation(_Deferred):
    """An explained allocation; the amounts of :attr:`spaces` and of :attr:`cells` each sum
    exactly to :attr:`distributed`, and ``distributed + Σ excluded == total``.

    :param overload: the overload quota of the rule set, for monitoring.
    :param carry_over: the savings carry-over share of the rule set, for monitoring.
    :param exclusions: the exclusion rules, so monitoring knows which helps are outside.
    """

    rule_set: str
    valid_from: date | None
    reference: str | None
    total: Money
    excluded: tuple[tuple[str, Money], ...]
    distributed: Money
    spaces: tuple[SpaceResult, ...]
    cells: tuple[Cell, ...]
    steps: tuple[Step, ...]
    ties: tuple[TieBreak, ...]
    overload: Ratio | None = None
    carry_over: Ratio | None = None
    exclusions: tuple[Exclusion, ...] = ()

    @classmethod
    def _deferred(cls, build: Callable[[str], Any], **fields: Any) -> Allocation:
        """An allocation whose :data:`DEFERRED_FIELDS` are built by ``build(name)`` when
        first read; ``fields`` gives all the others."""
        self = object.__new__(cls)
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_build", build)
        return self

    # -- queries ------------------------------------------------------------------------
    def space(self, space_id: str) -> SpaceResult:
        """The result for ``space_id`` (``KeyError`` if unknown)."""
        for s in self.spaces:
            if s.space_id == space_id:
                return s
        raise KeyError(space_id)

    def amount(
        self,
        space_id: str | None = None,
        *,
        work_type: str | None = None,
        provider_id: str | None = None,
    ) -> Money:
        """The sum of the cells matching every given key."""
        return Money(
            cents=sum(
                c.cents
                for c in self.cells
                if (space_id is None or c.space_id == space_id)
                and (work_type is None or c.work_type == work_type)
                and (provider_id is None or c.provider_id == provider_id)
            )
        )

    def by_space(self) -> dict[str, Money]:
        """``{space_id: amount}`` in space order."""
        return {s.space_id: s.amount for s in self.spaces}

    def _repr_html_(self) -> str:
        """The spaces' amounts as an HTML table, for Jupyter."""
        from .._html import allocation_html

        return allocation_html(self)

    def by_provider(self) -> dict[str | None, Money]:
        """``{provider_id: amount}``; ``None`` holds money not split to providers."""
        cents: dict[str | None, int] = {}
        for c in self.cells:
            cents[c.provider_id] = cents.get(c.provider_id, 0) + c.cents
        return {k: Money(cents=v) for k, v in cents.items()}

    def by_work_type(self) -> dict[str | None, Money]:
        """``{work_type: amount}``."""
        cents: dict[str | None, int] = {}
        for c in self.cells:
            cents[c.work_type] = cents.get(c.work_type, 0) + c.cents
        return {k: Money(cents=v) for k, v in cents.items()}

    # -- explanation --------------------------------------------------------------------
    def explain(self, space_id: str | None = None, *, lang: str = "en") -> str:
        """The allocation as readable text: the steps, then one line per space (or only
        the lines about ``space_id``), in ``lang`` (``"en"`` or ``"de"``). Amounts are
        written the German way (``1.234,56 €``) in both languages."""
        messages.check_lang(lang)

        def t(key: str, **params: messages.Param) -> str:
            return messages.render(key, params, lang)

        if self.valid_from is not None:
            head = t("budget.explain.head#valid", name=self.rule_set, day=self.valid_from)
        else:
            head = t("budget.explain.head", name=self.rule_set)
        lines = [head]
        if self.reference:
            lines.append("  " + t("budget.explain.source", reference=self.reference))
        lines.append("  " + t("budget.explain.total", amount=self.total.format_de()))
        for i, step in enumerate(self.steps, 1):
            if space_id is not None and step.values and space_id not in dict(step.values):
                continue
            lines.append(f"{i:>3}. [{step.stage}] {step.rule}: {step.text_in(lang)}")
        lines.append(t("budget.explain.spaces"))
        for s in self.spaces:
            if space_id is None or s.space_id == space_id:
                lines.append("  " + _space_line(s, lang))
                lines.extend(
                    f"      {c.work_type or '-'} / {c.provider_id or '-'}: {c.amount.format_de()}"
                    for c in self.cells
                    if c.space_id == s.space_id and (c.work_type or c.provider_id)
                )
        for brk in self.ties:
            if space_id is None or space_id in brk.tied:
                lines.append(t("budget.explain.tie", tie=brk.text_in(lang)))
        return "\n".join(lines)

    def explain_data(self) -> dict[str, Any]:
        """The explanation as JSON-ready data (the same facts as :meth:`explain`)."""
        return {
            "rule_set": self.rule_set,
            "valid_from": _plain(self.valid_from),
            "reference": self.reference,
            "total": str(self.total),
            "excluded": {name: str(m) for name, m in self.excluded},
            "distributed": str(self.distributed),
            "steps": [
                {
                    "stage": st.stage,
                    "rule": st.rule,
                    "text": st.text,
                    "values": {k: str(v) for k, v in st.values},
                }
                for st in self.steps
            ],
            "spaces": [_plain(s) for s in self.spaces],
            "cells": [c.to_dict() for c in self.cells],
            "ties": [_plain(t) for t in self.ties],
        }


def _space_line(s: SpaceResult, lang: str = "en") -> str:
    def t(key: str, **params: messages.Param) -> str:
        return messages.render(key, params, lang)

    parts = []
    if s.base:
        parts.append(t("budget.explain.base", amount=format_money(s.base)))
    share = messages.Share(s.need_share)
    parts.append(t("budget.explain.need", share=share, amount=format_money(s.need)))
    text = t(
        "budget.explain.space",
        space=s.space_id,
        amount=s.amount.format_de(),
        parts=" + ".join(parts),
    )
    if s.bound == "lower":
        text += t("budget.explain.raised", amount=format_money(s.lower), rule=str(s.lower_rule))
    elif s.bound == "upper":
        text += t(
            "budget.explain.limited", amount=format_money(s.upper or 0), rule=str(s.upper_rule)
        )
    if s.target != s.amount.cents:
        way = "up" if s.amount.cents > s.target else "down"
        text += t(f"budget.explain.rounded#{way}", amount=format_money(s.target))
    return text
