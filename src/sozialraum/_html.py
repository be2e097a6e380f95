"""Small, escaping HTML helpers shared by the notebook views (``_repr_html_``) and the
Sozialraumbericht.

Every text that goes into HTML passes :func:`esc` (ids and names come from data files and
may be hostile); :func:`table` builds a plain ``<table>`` from already formatted cells.

>>> print(table(["space", "helps"], [["<Nord>", "12"], ["Süd", "."]], caption="A & B",
...             numeric=(False, True)))
<table class="sozialraum-table"><caption>A &amp; B</caption>
<thead><tr><th scope="col">space</th><th scope="col" class="num">helps</th></tr></thead>
<tbody>
<tr><td>&lt;Nord&gt;</td><td class="num">12</td></tr>
<tr><td>Süd</td><td class="num">.</td></tr>
</tbody></table>
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["esc", "table"]


def esc(text: object) -> str:
    """``str(text)`` escaped for HTML text and quoted attribute values.

    >>> esc('<script>"x" & \\'y\\'')
    '&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;'
    """
    return html.escape(str(text), quote=True)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    numeric: Sequence[bool] | None = None,
    footer: str | None = None,
    row_headers: bool = False,
    css_class: str = "sozialraum-table",
) -> str:
    """An HTML table of ``rows`` under ``headers``; every cell and text is escaped.

    :param numeric: per column, whether it is right-aligned (class ``num``).
    :param footer: a note below the rows (in ``<tfoot>``).
    :param row_headers: the first cell of each row is a row header (``<th scope="row">``).
    """
    nums = list(numeric) if numeric is not None else [False] * len(headers)
    nums += [False] * (len(headers) - len(nums))

    def cls(i: int) -> str:
        return ' class="num"' if i < len(nums) and nums[i] else ""

    out = [f'<table class="{esc(css_class)}">']
    if caption is not None:
        out[0] += f"<caption>{esc(caption)}</caption>"
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col"{cls(i)}>{esc(h)}</th>' for i, h in enumerate(headers))
        + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            tag = "th" if row_headers and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{cls(i)}>{esc(value)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    tail = "</tbody>"
    if footer is not None:
        tail += f'<tfoot><tr><td colspan="{len(headers)}">{esc(footer)}</td></tr></tfoot>'
    out.append(tail + "</table>")
    return "\n".join(out)
