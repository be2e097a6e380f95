"""CSV cells that a spreadsheet does not run as formulas: the one rule of every CSV export.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with a single quote, as the OWASP guidance on CSV injection says, so Excel,
LibreOffice and Google Sheets show it as text instead of evaluating it. A text cell that
itself begins with a single quote gets one more, so the rule is reversible: reading strips
exactly one leading quote (:func:`unescape_text`) and every value comes back unchanged.

Numbers the library formats itself (counts, amounts such as ``-5.00``, shares) are not
text: they are written as they are, so a spreadsheet still reads a negative amount as a
number. Only values that may come from a user (ids, names, labels, codes, notes) go through
:func:`escape_text`.

>>> escape_text('=HYPERLINK("http://x","y")'), escape_text("-2+3"), escape_text("'quoted")
('\\'=HYPERLINK("http://x","y")', "'-2+3", "''quoted")
>>> escape_text("S-NORD"), cell(-5), cell(None)
('S-NORD', -5, '')
>>> all(unescape_text(escape_text(t)) == t for t in ("=1", "'", "", "x"))
True
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["FORMULA_PREFIXES", "cell", "escape_text", "unescape_text"]

#: Leading characters a spreadsheet may read as the start of a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_ESCAPED = (*FORMULA_PREFIXES, "'")


def escape_text(text: str) -> str:
    """``text`` as a CSV cell: a single quote in front if it could start a formula (or
    starts with a quote itself)."""
    return "'" + text if text.startswith(_ESCAPED) else text


def unescape_text(text: str) -> str:
    """The text of a cell written by :func:`escape_text`: one leading quote removed."""
    return text[1:] if text.startswith("'") else text


def cell(value: object) -> object:
    """A value for ``csv.writer``: ``None`` as an empty cell, numbers (``int``,
    :class:`~decimal.Decimal`, :class:`~fractions.Fraction`) as they are, anything else as
    escaped text."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool):
        return value
    return escape_text(str(value))
