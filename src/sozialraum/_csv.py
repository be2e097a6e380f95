"""CSV cells that a spreadsheet does not run as formulas: the one rule of every CSV export.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with a single quote, as the OWASP guidance on CSV injection says, so Excel,
LibreOffice and Google Sheets show it as text instead of evaluating it. A text cell that
itself begins with a single quote gets one more, so the rule is reversible: reading strips
exactly one leading quote (:func:`unescape_text`) and every value comes back unchanged.

Numbers the library formats itself (counts, amounts such as ``-5.00``, shares) are not
text: writers pass them as ``int`` or :class:`~decimal.Decimal` and they are written as
they are, so a spreadsheet still reads a negative amount as a number. Every other value
(ids, names, labels, codes, notes, and any string, even one that looks like a number) goes
through :func:`escape_text`. :func:`row` writes a whole line.

>>> escape_text('=HYPERLINK("http://x","y")'), escape_text("-2+3"), escape_text("'quoted")
('\\'=HYPERLINK("http://x","y")', "'-2+3", "''quoted")
>>> escape_text("S-NORD"), cell(-5), cell(None)
('S-NORD', '-5', '')
>>> all(unescape_text(escape_text(t)) == t for t in ("=1", "'", "", "x"))
True
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

__all__ = ["FORMULA_PREFIXES", "cell", "escape_text", "row", "unescape_text"]

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


def cell(value: object) -> str:
    """One value as the text of a cell (before quoting): ``None`` as an empty cell, numbers
    (``int``, :class:`~decimal.Decimal`) as they are, anything else as escaped text."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return escape_text(str(value))


def _quoted(text: str) -> str:
    if any(c in text for c in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


_QUOTE_IF = frozenset(',"\r\n')


def row(values: Iterable[object], lineterminator: str = "\r\n") -> str:
    r'''One CSV line (RFC 4180): every value through :func:`cell`, a cell quoted when it
    holds a comma, a quote or a line break (also a lone carriage return, which
    ``csv.writer`` leaves unquoted unless it is part of the line terminator).

    >>> print(row(["S-1", -5, Decimal("2.50"), "=1+1", 'say "hi"', "a,b"], ""))
    S-1,-5,2.50,'=1+1,"say ""hi""","a,b"
    >>> row(["a\rb"], "\n")
    '"a\rb"\n'
    '''
    return ",".join(_quoted(cell(v)) for v in values) + lineterminator
