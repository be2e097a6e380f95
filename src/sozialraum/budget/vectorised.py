"""An optional vectorised largest-remainder kernel for Monte Carlo runs (needs numpy).

:func:`largest_remainder_batch` splits one whole ``total`` by many rows of integer weights
at once — e.g. 10,000 draws of perturbed indicators — with the same exact integer
arithmetic as :func:`~sozialraum.budget.apportion.split_whole`: ``int64`` when the products
fit, Python integers (``dtype=object``) otherwise. Rows with an exact tie are recomputed
one by one with the pure-Python kernel and the tie policy, so every row equals what
:func:`~sozialraum.budget.apportion.split_whole` gives.

numpy is not a dependency of sozialraum; without it the functions here raise
:class:`~sozialraum.errors.MissingDependencyError`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from .. import messages
from ..errors import AllocationError, MissingDependencyError
from .apportion import split_whole
from .ties import TiePolicy

__all__ = ["largest_remainder_batch", "numpy_module"]

messages.define("total.negative#whole", "the total must be a whole number >= 0")
messages.define("weight.type#array", "weights must be a 2-D array of integers")
messages.define("weight.negative#array", "weights must not be negative")
messages.define("weights.all_zero#row", "a row of weights is all zero")


_INT64_MAX = 2**63 - 1


def numpy_module() -> Any:
    """Import numpy, or raise :class:`MissingDependencyError` naming the extra."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        raise MissingDependencyError(
            "numpy", "numpy", "the vectorised Monte Carlo path of sozialraum.budget"
        ) from None


def largest_remainder_batch(
    total: int,
    weights: Any,
    *,
    keys: Sequence[str] | None = None,
    ties: TiePolicy | None = None,
    rule: str = "batch",
) -> Any:
    """Split ``total`` by each row of the 2-D integer array ``weights``; returns an array
    of the same shape whose rows each sum to ``total``.

    :param keys: names of the columns (for tie records and errors; default ``"0"``, ``"1"``…).
    :raises AllocationError: for a negative total, a weight array that is not 2-D, not
        integral or negative, or a row of zeros.
    :raises TieError: for a tied row under the default tie policy.
    """
    np = numpy_module()
    policy = ties if ties is not None else TiePolicy()
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise AllocationError(rule, "total.negative#whole")
    w = np.asarray(weights)
    if w.ndim != 2 or w.dtype.kind not in "iuO":
        raise AllocationError(rule, "weight.type#array")
    if (w < 0).any():
        raise AllocationError(rule, "weight.negative#array")
    sums = w.sum(axis=1)
    if (sums == 0).any():
        raise AllocationError(rule, "weights.all_zero#row")
    if w.size and total * int(sums.max()) > _INT64_MAX:
        w, sums = w.astype(object), sums.astype(object)
    else:
        w, sums = w.astype(np.int64), sums.astype(np.int64)
    n = w.shape[1]
    names = list(keys) if keys is not None else [str(i) for i in range(n)]
    numerators = w * total
    floors = numerators // sums[:, None]
    rems = numerators % sums[:, None]
    left = total - floors.sum(axis=1)
    order = np.argsort(-rems, axis=1, kind="stable")
    extra = (np.arange(n)[None, :] < left[:, None]).astype(floors.dtype)
    bonus = np.zeros_like(floors)
    np.put_along_axis(bonus, order, extra, axis=1)
    result = floors + bonus
    if n > 1:
        sorted_rems = np.take_along_axis(rems, order, axis=1)
        inside = (left > 0) & (left < n)
        rows = np.nonzero(inside)[0]
        if rows.size:
            cut = left[rows].astype(np.int64)
            last = sorted_rems[rows, cut - 1]
            following = sorted_rems[rows, cut]
            for row in rows[last == following]:
                parts, _ = split_whole(
                    total, [int(x) for x in w[row]], names, ties=policy, rule=f"{rule}:{row}"
                )
                result[row] = parts
    return result
