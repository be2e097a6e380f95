"""Text for a terminal or a text table: every character that could break a line or move the
cursor is written as an escape.

A user-supplied id, name or label (``"S-NORD\\nTotal 0"``) goes into plain-text output —
the tables of ``sozialraum demo``, ``metrics``, ``statistics`` and ``simulate`` — with its
unprintable characters (line breaks, tabs, other control and format characters, lone
surrogates) shown as Python-style escapes, so one cell stays one cell on one line.

>>> printable("S-NORD\\nTotal\\t0"), printable("Süd")
('S-NORD\\\\x0aTotal\\\\x090', 'Süd')
"""

from __future__ import annotations

__all__ = ["escape_char", "printable"]


def escape_char(char: str) -> str:
    """One character as ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every unprintable character (except those in ``keep``) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else escape_char(c) for c in text)
