"""Shared builders for metric rows: counts, ratios, populations, means and quantiles."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias, TypeVar, cast

from .. import catalog, messages
from ..catalog import HelpScope
from ..errors import Issue, UnknownCodeError, ValidationError
from ..model import Municipality
from .grouping import Grouping
from .rows import TOTAL, Row, Status, Value, is_money

messages.define("quantile.type", "a quantile level is an int or Fraction")
messages.define("quantile.range", "a quantile level is between 0 and 1")


T = TypeVar("T")

Dims = tuple[tuple[str, str], ...]

#: A help scope for a metric: a name of :data:`~sozialraum.catalog.SCOPES` (``"hze"`` …),
#: a :class:`~sozialraum.catalog.HelpScope`, or ``None`` for every help.
ScopeArg: TypeAlias = str | HelpScope | None
#: What a help metric counts: helps (a family help once) or young people (a family help
#: counts each young person of the family, § 99(1) Nr. 3).
CountArg: TypeAlias = Literal["helps", "young_people"]
COUNTS: tuple[str, ...] = ("helps", "young_people")

_SCOPE_TYPE = messages.define(
    "metrics.scope_type", "a scope is the name of a help scope or a HelpScope"
)
_COUNT = messages.define("metrics.count_unknown", "count is one of {allowed}")


def resolve_scope(
    scope: ScopeArg, help_types: Collection[str] | Literal["scope"] | None = "scope"
) -> frozenset[str] | None:
    """The help-type codes a metric counts: ``help_types`` when given (``None``: every
    help), else the codes of ``scope`` (``None``: every help).

    :raises UnknownCodeError: an unknown scope name (with a "did you mean").
    :raises ValidationError: ``metrics.scope_type`` for anything else.

    >>> sorted(resolve_scope("eingliederungshilfe"))[0], resolve_scope(None)
    ('35a-ambulant', None)
    >>> "28-family" in resolve_scope("hze"), "28-family" in resolve_scope("hze_local")
    (True, False)
    """
    if help_types != "scope":
        return None if help_types is None else frozenset(help_types)
    if scope is None:
        return None
    if isinstance(scope, HelpScope):
        return scope.codes
    if isinstance(scope, str):
        return catalog.scope(scope).codes
    raise ValidationError([Issue.of("/scope", _SCOPE_TYPE)])


def check_count(count: str) -> str:
    """``count`` if it is one of :data:`COUNTS`, else ``metrics.count_unknown``."""
    if count not in COUNTS:
        raise ValidationError([Issue.of("/count", _COUNT, allowed=", ".join(COUNTS))])
    return count


def round_half_away(value: Fraction) -> int:
    """``value`` rounded to an integer, halves away from zero (as invoices and
    :meth:`Money.scale <sozialraum.money.Money.scale>` round).

    >>> round_half_away(Fraction(5, 2)), round_half_away(Fraction(-5, 2))
    (3, -3)
    """
    q, r = divmod(abs(value.numerator), value.denominator)
    if 2 * r >= value.denominator:
        q += 1
    return -q if value < 0 else q


#: Per-10,000 rates, as the statistics publish them (domain 6.1).
PER_10000 = 10_000
#: The average Gregorian month in days (365.2425 / 12), to present durations in months.
DAYS_PER_MONTH = Fraction(146097, 4800)
#: The default quantiles of durations: lower quartile, median, upper quartile.
QUARTILES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


def count_row(metric: str, dims: Dims, count: int, unit: str, basis: str) -> Row:
    return Row(
        metric=metric,
        dimensions=dims,
        value=count,
        numerator=count,
        unit=unit,
        support=count,
        basis=basis,
    )


def ratio_row(
    metric: str,
    dims: Dims,
    numerator: Value,
    denominator: Value | None,
    *,
    unit: str,
    basis: str,
    support: int | None,
    scale: int = 1,
    missing_note: str = "denominator.unavailable",
    zero_note: str = "denominator.zero",
) -> Row:
    """``numerator / denominator × scale`` exactly, or a NOT_DEFINED row (never an error)."""
    if denominator is None or _is_zero(denominator):
        return Row(
            metric=metric,
            dimensions=dims,
            numerator=numerator,
            denominator=denominator,
            unit=unit,
            status=Status.NOT_DEFINED,
            support=support,
            basis=basis,
            note=missing_note if denominator is None else zero_note,
        )
    value = _fraction(numerator) * scale / _fraction(denominator)
    return Row(
        metric=metric,
        dimensions=dims,
        value=value,
        numerator=numerator,
        denominator=denominator,
        unit=unit,
        support=support,
        basis=basis,
    )


def _is_zero(value: Value) -> bool:
    return _fraction(value) == 0


def _fraction(value: Value) -> Fraction:
    if is_money(value):
        return Fraction(value.cents, 100)
    return Fraction(cast("int | Fraction | Decimal", value))


def population(municipality: Municipality, dims: Dims, age: int) -> tuple[int | None, str | None]:
    """Residents under ``age`` of the space in ``dims`` (all spaces if none or a margin).

    Returns ``(count, None)``, or ``(None, note)`` when the age bands cannot give the number
    (``population.unavailable``) or the space is unknown (``population.unknown_space``).
    """
    space = dict(dims).get("space", TOTAL)
    try:
        if space == TOTAL:
            return sum(s.residents_under(age) for s in municipality.social_spaces), None
        return municipality.space(space).residents_under(age), None
    except ValidationError:
        return None, "population.unavailable"
    except UnknownCodeError:
        return None, "population.unknown_space"


def quantile(sorted_values: Sequence[int], p: Fraction) -> Fraction:
    """The ``p``-quantile by linear interpolation between order statistics (Hyndman & Fan
    type 7, the default of R, NumPy and pandas): ``h = (n − 1)·p``,
    ``x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])``. Exact.

    >>> quantile([1, 2, 4, 10], Fraction(1, 2)), quantile([1, 2, 4, 10], Fraction(3, 4))
    (Fraction(3, 1), Fraction(11, 2))
    """
    h = (len(sorted_values) - 1) * p
    lo = h.numerator // h.denominator
    low = sorted_values[lo]
    if lo + 1 >= len(sorted_values):
        return Fraction(low)
    return low + (h - lo) * (sorted_values[lo + 1] - low)


def quantile_name(p: Fraction) -> str:
    """``median`` for ½, else ``q25``-style (per cent, ``q12.5`` if not whole).

    >>> quantile_name(Fraction(1, 2)), quantile_name(Fraction(1, 4)), quantile_name(Fraction(1, 8))
    ('median', 'q25', 'q12.5')
    """
    if p == Fraction(1, 2):
        return "median"
    pct = p * 100
    if pct.denominator == 1:
        return f"q{pct.numerator}"
    return f"q{float(pct):g}"


def check_quantiles(quantiles: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Quantile levels as Fractions in ``[0, 1]``; floats are refused."""
    out = []
    for i, p in enumerate(quantiles):
        if isinstance(p, bool | float) or not isinstance(p, int | Fraction):
            raise ValidationError.single(f"/quantiles/{i}", "quantile.type")
        if not 0 <= p <= 1:
            raise ValidationError.single(f"/quantiles/{i}", "quantile.range")
        out.append(Fraction(p))
    return tuple(out)


def duration_rows(
    prefix: str,
    dims: Dims,
    count: int,
    total_days: int,
    values: list[int] | None,
    quantiles: Sequence[Fraction],
    *,
    basis: str,
) -> list[Row]:
    """``{prefix}_mean`` (days), ``{prefix}_mean_months`` and one row per quantile."""
    rows = [
        ratio_row(
            f"{prefix}_mean",
            dims,
            total_days,
            count,
            unit="days",
            basis=basis,
            support=count,
            zero_note="count.zero",
        )
    ]
    months = rows[0]
    if months.value is not None:
        rows.append(
            Row(
                metric=f"{prefix}_mean_months",
                dimensions=dims,
                value=_fraction(months.value) / DAYS_PER_MONTH,
                numerator=total_days,
                denominator=count,
                unit="months (of 30.436875 days)",
                support=count,
                basis=basis,
            )
        )
    else:
        rows.append(
            Row(
                metric=f"{prefix}_mean_months",
                dimensions=dims,
                numerator=total_days,
                denominator=count,
                unit="months (of 30.436875 days)",
                status=Status.NOT_DEFINED,
                support=count,
                basis=basis,
                note="count.zero",
            )
        )
    ordered = sorted(values) if values is not None else []
    for p in quantiles:
        name = f"{prefix}_{quantile_name(p)}"
        if ordered:
            rows.append(
                Row(
                    metric=name,
                    dimensions=dims,
                    value=quantile(ordered, p),
                    unit="days",
                    support=count,
                    basis=basis,
                )
            )
        else:
            rows.append(
                Row(
                    metric=name,
                    dimensions=dims,
                    unit="days",
                    status=Status.NOT_DEFINED,
                    support=count,
                    basis=basis,
                    note="count.zero",
                )
            )
    return rows


def group_events(
    events: Iterable[tuple[Mapping[str, str], date, T]], grouping: Grouping
) -> dict[tuple[str, ...], list[list[T]]]:
    """Collect items that happen on one day per static key and time bucket (last entry: the
    whole period, with a time dimension and totals), margins included. Items outside the
    period are dropped."""
    n = grouping.buckets
    extra = 1 if grouping.time is not None and grouping.totals else 0
    acc: dict[tuple[str, ...], list[list[T]]] = {}
    for values, day, item in events:
        b = grouping.bucket_of(day.toordinal())
        if b < 0:
            continue
        key = tuple(values[d] for d in grouping.static)
        lists = acc.get(key)
        if lists is None:
            lists = acc[key] = [[] for _ in range(n + extra)]
        lists[b].append(item)
        if extra:
            lists[n].append(item)
    return grouping.margins(acc, lambda x, y: [p + q for p, q in zip(x, y, strict=True)])


def each_cell(
    groups: dict[tuple[str, ...], list[list[T]]], grouping: Grouping
) -> Iterator[tuple[Dims, list[T]]]:
    """The dimensions and items of each group and bucket, in report order."""
    for key in grouping.ordered(groups):
        for b in grouping.bucket_range():
            yield grouping.dimensions(key, b), groups[key][b]
