"""Hints for a value that is not one of its allowed codes: the list, or a did-you-mean.

A short list (at most :data:`SHORT_LIST` codes) is named in full; for a longer one the
closest code is suggested, if any is close. Only codes of the list appear in a hint, never
the value itself. A hint is a message variant with parameters (``allowed`` or
``suggestion``), so it can be shown in every language:

>>> hinted("code.unknown", "plnned", ["planned", "not_as_planned", "transfer"])
('code.unknown#allowed', {'allowed': "'planned', 'not_as_planned', 'transfer'"})
>>> help_types = [*(str(n) for n in range(27, 43)), "35a"]
>>> hinted("code.unknown#list", "35 a", help_types)
('code.unknown#list_suggest', {'suggestion': "'35a'"})
>>> hinted("code.unknown", "99", help_types)
('code.unknown', {})
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["SHORT_LIST", "hinted"]

#: Lists with at most this many codes are named in full in a message.
SHORT_LIST = 8


def _variant(key: str, variant: str) -> str:
    return f"{key}_{variant}" if "#" in key else f"{key}#{variant}"


def hinted(key: str, value: object, allowed: Iterable[object]) -> tuple[str, dict[str, str]]:
    """The message key and hint parameters for ``value``, not one of ``allowed``.

    ``key#allowed`` (``key_allowed`` for a key that already has a variant) with the list
    when it is short, ``key#suggest`` with the closest code when one is close, else ``key``.
    """
    codes = [str(a) for a in allowed]
    if len(codes) <= SHORT_LIST:
        return _variant(key, "allowed"), {"allowed": ", ".join(repr(c) for c in codes)}
    if isinstance(value, str | int) and not isinstance(value, bool):
        close = difflib.get_close_matches(str(value)[:100], codes, n=1, cutoff=0.6)
        if close:
            return _variant(key, "suggest"), {"suggestion": repr(close[0])}
    return key, {}
