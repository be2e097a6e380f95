""" "Did you mean" suggestions for mistyped codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["suggest"]

_SETTING_WORDS = (
    ("teilstationär", "semi-residential"),
    ("teilstationaer", "semi-residential"),
    ("stationär", "residential"),
    ("stationaer", "residential"),
)


def _normalise(code: str) -> str:
    """A lenient spelling of a code: no §, case-folded, spaces and underscores as hyphens,
    German setting words in English, numbers without leading zeros."""
    text = re.sub(r"[\s_]+", "-", code.replace("§", "").strip().casefold())
    for german, english in _SETTING_WORDS:
        text = text.replace(german, english)
    return str(int(text)) if text.isdecimal() and text.isascii() else text


def suggest(code: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most probably meant by ``code``, or ``None``.

    >>> suggest("§ 35A Ambulant", ["35a-ambulant", "35"])
    '35a-ambulant'
    >>> suggest("34", ["33", "34x"]) in {"33", "34x"}
    True
    >>> suggest("35a stationär", ["35a-residential", "35a-day"])
    '35a-residential'
    >>> suggest("§ 33", ["32", "33-general", "33-special"])
    '33-general'
    >>> suggest("010", ["10", "20"])
    '10'
    >>> suggest("zzz", ["10", "20"]) is None
    True
    """
    options = list(candidates)
    wanted = _normalise(code)
    for option in options:
        if _normalise(option) == wanted:
            return option
    for option in options:  # a paragraph the catalogue splits: its first form ("33")
        if _normalise(option).startswith(wanted + "-"):
            return option
    close = difflib.get_close_matches(wanted, options, n=1, cutoff=0.6)
    return close[0] if close else None
