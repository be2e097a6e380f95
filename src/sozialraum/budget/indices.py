"""Checks and disproportionality indices for an :class:`~sozialraum.budget.apportion.Apportionment`.

All values are exact (:class:`~fractions.Fraction`), computed on *shares* (fractions of
1): the weight share ``v_i = w_i / Σ w`` against the unit share ``s_i = a_i / total``.
Only :func:`gallagher` takes a square root and returns a correctly rounded
:class:`~decimal.Decimal`.

>>> from sozialraum.budget.apportion import apportion, Method
>>> a = apportion(10, {"A": 6, "B": 3, "C": 1}, Method.DHONDT)
>>> a.as_dict(), satisfies_quota(a), loosemore_hanby(a), largest_deviation(a)
({'A': 6, 'B': 3, 'C': 1}, True, Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

from .apportion import Apportionment

__all__ = [
    "gallagher",
    "gallagher_squared",
    "largest_deviation",
    "loosemore_hanby",
    "quota_violations",
    "satisfies_quota",
]


def _shares(app: Apportionment) -> list[tuple[Fraction, Fraction]]:
    weight_sum = sum(app.weights, Fraction(0))
    total = app.total or 1
    return [
        (w / weight_sum, Fraction(a, total)) for w, a in zip(app.weights, app.units, strict=True)
    ]


def quota_violations(app: Apportionment) -> tuple[str, ...]:
    """The keys whose units are not the floor or the ceiling of their exact quota.

    >>> from sozialraum.budget.apportion import apportion, Method
    >>> quota_violations(apportion(25, {"A": 80, "B": 10, "C": 10}, Method.DHONDT))
    ('A',)
    >>> quota_violations(apportion(10, {"A": 91, "B": 3, "C": 3, "D": 3}, Method.ADAMS))
    ('A',)
    """
    bad = []
    for key, units, quota in zip(app.keys, app.units, app.quotas, strict=True):
        floor = quota.numerator // quota.denominator
        ceiling = -(-quota.numerator // quota.denominator)
        if not floor <= units <= ceiling:
            bad.append(key)
    return tuple(bad)


def satisfies_quota(app: Apportionment) -> bool:
    """Whether every key got the floor or the ceiling of its quota (the quota rule)."""
    return not quota_violations(app)


def loosemore_hanby(app: Apportionment) -> Fraction:
    """Loosemore-Hanby index ``½ Σ |v_i − s_i|`` (0 = exactly proportional)."""
    return sum((abs(v - s) for v, s in _shares(app)), Fraction(0)) / 2


def gallagher_squared(app: Apportionment) -> Fraction:
    """The square of the Gallagher least-squares index, ``½ Σ (v_i − s_i)²``, exactly."""
    return sum(((v - s) ** 2 for v, s in _shares(app)), Fraction(0)) / 2


def gallagher(app: Apportionment, digits: int = 12) -> Decimal:
    """The Gallagher index ``sqrt(½ Σ (v_i − s_i)²)`` to ``digits`` significant digits.

    >>> from sozialraum.budget.apportion import apportion
    >>> gallagher(apportion(2, {"A": 1, "B": 2}), digits=6)
    Decimal('0.166667')
    """
    value = gallagher_squared(app)
    with decimal.localcontext() as ctx:
        ctx.prec = digits + 4
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
        ctx.prec = digits
        return +root


def largest_deviation(app: Apportionment) -> Fraction:
    """The largest ``|a_i − q_i|`` in units; below 1 whenever the quota rule holds."""
    return max(
        (abs(a - q) for a, q in zip(app.units, app.quotas, strict=True)), default=Fraction(0)
    )
