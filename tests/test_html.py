"""The shared HTML table helper escapes everything."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sozialraum._html import esc, table

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("x")',
    "a & b",
]


def test_hostile_texts_are_escaped_everywhere() -> None:
    html = table(HOSTILE, [HOSTILE], caption=HOSTILE[0], footer=HOSTILE[1], row_headers=True)
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;&gt;&lt;img" in html
    assert '<th scope="row">&lt;script&gt;' in html


@given(st.text())
def test_escaped_text_has_no_markup(value: str) -> None:
    out = esc(value)
    assert "<" not in out
    assert ">" not in out
    assert '"' not in out
    assert "'" not in out


def test_numeric_columns_and_footer() -> None:
    html = table(["a", "b"], [["x", 1]], numeric=[False, True], footer="note")
    assert '<td class="num">1</td>' in html
    assert '<tfoot><tr><td colspan="2">note</td></tr></tfoot>' in html
