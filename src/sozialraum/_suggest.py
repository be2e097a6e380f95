"""Hints for a value that is not one of its allowed codes: the list, or a did-you-mean.

A short list (at most :data:`SHORT_LIST` codes) is named in full; for a longer one the
closest code is suggested, if any is close. Only codes of the list appear in a hint, never
the value itself.

>>> code_hint("plnned", ["planned", "not_as_planned", "transfer"])
"; allowed: 'planned', 'not_as_planned', 'transfer'"
>>> help_types = [*(str(n) for n in range(27, 43)), "35a"]
>>> code_hint("35 a", help_types)
"; did you mean '35a'?"
>>> code_hint("99", help_types)
''
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["SHORT_LIST", "code_hint"]

#: Lists with at most this many codes are named in full in a message.
SHORT_LIST = 8


def code_hint(value: object, allowed: Iterable[object]) -> str:
    """``"; allowed: …"`` for a short list, ``"; did you mean …?"`` for a long one (or
    ``""`` when no code is close)."""
    codes = [str(a) for a in allowed]
    if len(codes) <= SHORT_LIST:
        return "; allowed: " + ", ".join(repr(c) for c in codes)
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    close = difflib.get_close_matches(str(value)[:100], codes, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
