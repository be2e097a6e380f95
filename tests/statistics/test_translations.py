"""Every issue code of the statistics layer and the metric scopes has a German translation
in the message catalogue (msgctxt = code, msgid = English template)."""

from __future__ import annotations

import string

from sozialraum import messages, metrics
from sozialraum.statistics import CHECK_CODES

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
    # the compiled catalogue as the library reads it (stdlib gettext); tests/test_messages.py
    # checks the .po beside it
    german = messages.translation("de")
    for code in CODES:
        template = messages.template(code)
        assert template is not None, code
        text = german.pgettext(code, template)
        assert text != template, code
        assert _names(text) == _names(template), code
