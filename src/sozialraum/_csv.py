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
through :func:`escape_text`. :func:`texts` turns a line of values into cell texts,
:func:`write` writes the lines.

>>> escape_text('=HYPERLINK("http://x","y")'), escape_text("-2+3"), escape_text("'quoted")
('\\'=HYPERLINK("http://x","y")', "'-2+3", "''quoted")
>>> escape_text("S-NORD"), cell(-5), cell(None)
('S-NORD', '-5', '')
>>> all(unescape_text(escape_text(t)) == t for t in ("=1", "'", "", "x"))
True
>>> print(write([texts(["S-1", -5, Decimal("2.50"), "=1+1", "a,b"])], ""))
S-1,-5,2.50,'=1+1,"a,b"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

__all__ = ["FORMULA_PREFIXES", "cell", "escape_text", "texts", "unescape_text", "write"]

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
    if type(value) is str:
        return "'" + value if value.startswith(_ESCAPED) else value
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return escape_text(str(value))


def texts(values: Iterable[object]) -> list[str]:
    """The cell texts of one line of values (:func:`cell` of each)."""
    return [
        ("'" + v if v.startswith(_ESCAPED) else v) if type(v) is str else cell(v) for v in values
    ]


def write(lines: Sequence[Sequence[str]], lineterminator: str = "\r\n") -> str:
    """CSV text (RFC 4180) of lines of final cell texts (from :func:`texts`, escaped by
    :func:`escape_text`, or numbers). A cell is quoted when it holds a comma, a quote or a
    line break, a lone carriage return too (``csv.writer`` leaves that unquoted unless it
    is part of the line terminator, so a bare ``\\r`` in a cell would end the line for a
    reader).

    >>> write([texts(["a\\rb", "c"])], "\\n")
    '"a\\rb",c\\n'
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    text = buffer.getvalue()
    if lineterminator == "\r\n":
        return text
    if text.count("\r\n") == len(lines):  # no line break inside a cell: only line ends
        return text.replace("\r\n", lineterminator)
    out = []
    for one in lines:  # a cell holds a line break: end each line on its own
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(one)
        out.append(buffer.getvalue()[:-2] + lineterminator)
    return "".join(out)
