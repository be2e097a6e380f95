"""Every issue code of the statistics layer and the metric scopes has a German translation
in the message catalogue (msgctxt = code, msgid = English template)."""

from __future__ import annotations

import string
from importlib import resources

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sozialraum import messages, metrics
from sozialraum.statistics import CHECK_CODES

_LC = resources.files("sozialraum.messages").joinpath("locale", "de", "LC_MESSAGES")

assert metrics  # defines the metrics.* codes

CODES = (
    *CHECK_CODES,
    "metrics.scope_type",
    "metrics.count_unknown",
    "statistics.year",
    "statistics.catalog_year",
    "statistics.csv_header",
    "statistics.csv_width",
    "statistics.csv_cell",
)


def _names(text: str) -> list[str]:
    return sorted(n for _, n, _, _ in string.Formatter().parse(text) if n)


def test_every_code_has_a_german_translation_with_the_same_parameters() -> None:
    with _LC.joinpath("sozialraum.po").open("rb") as f:
        po = read_po(f, locale="de")
    with _LC.joinpath("sozialraum.mo").open("rb") as f:
        mo = read_mo(f)
    for code in CODES:
        template = messages.template(code)
        assert template is not None, code
        entry = po.get(template, context=code)
        assert entry is not None, code
        assert entry.string, code
        assert _names(str(entry.string)) == _names(template), code
        assert ("python-brace-format" in entry.flags) == bool(_names(template)), code
        compiled = mo.get(template, context=code)
        assert compiled is not None, code
        assert compiled.string == entry.string, code
