"""The report's text catalogue: both languages complete, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from sozialraum.errors import ValidationError
from sozialraum.report._texts import TEXTS, text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_both_languages_have_the_same_keys() -> None:
    assert set(TEXTS) == {"de", "en"}
    assert set(TEXTS["de"]) == set(TEXTS["en"])


@pytest.mark.parametrize("key", sorted(TEXTS["de"]))
def test_a_text_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(TEXTS["de"][key]) == placeholders(TEXTS["en"][key])
    assert TEXTS["de"][key].strip()
    assert TEXTS["en"][key].strip()


def test_placeholder_check_finds_a_difference() -> None:
    assert placeholders("{a} und {b}") != placeholders("{a} and")


def test_text_fills_the_placeholders() -> None:
    assert text("de", "space_heading", name="Nord") == "Sozialraum Nord"
    assert text("en", "space_heading", name="Nord") == "Social space Nord"


def test_unknown_language_and_key() -> None:
    with pytest.raises(ValidationError) as info:
        text("fr", "title", year=2025)
    assert info.value.issues[0].code == "lang.unknown"
    with pytest.raises(LookupError):
        text("de", "no such key")
