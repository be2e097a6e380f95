"""``sozialraum demo`` as a newcomer reads it: whole words, one money format, clear legends."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum import catalog
from sozialraum.demo import LABEL_WIDTH, render_demo, shorten


@pytest.fixture(scope="module")
def demo() -> str:
    return render_demo()


def test_help_type_labels_are_whole_words(demo: str) -> None:
    section = demo.split("Helps by setting and type\n", 1)[1].split("\n\n", 1)[0]
    shown = 0
    for line in section.splitlines()[1:]:
        code = re.split(r"\s{2,}", line.strip())[1]
        label = catalog.help_type(code).label_en
        if len(label) <= LABEL_WIDTH:
            assert label in line
            continue
        cut = shorten(label)
        assert cut in line
        assert cut.endswith("…")
        head = cut[:-1]
        assert label.startswith(head)
        assert label[len(head)] in " ,;:(–-"  # cut between words, not inside one
        shown += 1
    assert shown >= 3


def test_money_is_german_everywhere(demo: str) -> None:
    simulation = demo.split("Simulation of ", 1)[1].split("\n\n", 1)[0]
    assert not re.search(r"\b\d{4,}\.\d\d\b", simulation)  # no 4466410.23
    assert re.search(r"\d\.\d{3}\.\d{3},\d\d €", simulation)
    assert not re.search(r"\b\d{4,}\.\d\d\b(?! ?%)", demo)


def test_suppression_legend_explains_secondary_suppression(demo: str) -> None:
    legend = demo.split("\nIndicators ", 1)[1].split("\n\n", 1)[0]
    assert "secondary suppression" in legend
    assert "larger count" in legend
    assert "§ 8a" in legend


@given(st.text(alphabet="ab ,(", max_size=80), st.integers(min_value=2, max_value=60))
def test_shorten_never_exceeds_the_width_and_keeps_a_prefix(text: str, width: int) -> None:
    out = shorten(text, width)
    assert len(out) <= max(width, len(text) if len(text) <= width else width)
    if out.endswith("…") and len(text) > width:
        assert text.startswith(out[:-1])
    else:
        assert out == text
