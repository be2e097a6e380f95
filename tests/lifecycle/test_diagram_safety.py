"""Diagrams of hostile processes (issue 11, D15): names that are not identifiers are refused
at the door, and no label text can leave its place in the Mermaid or DOT output."""

from __future__ import annotations

import copy
import itertools
import json
import re
import shutil
import subprocess
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from sozialraum import records, schema
from sozialraum.errors import ProcessDefinitionError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    Event,
    Guard,
    Process,
    State,
    StateKind,
    Transition,
    to_dot,
    to_mermaid,
)
from sozialraum.lifecycle._validate import STATE_NAME_PATTERN

INJECTIONS = [
    'x\n    click x "javascript:alert(1)"',
    'a" as b\n    click b href "javascript:alert(1)"',
    "a : b ; c %% d",
    "%%{init: {'securityLevel': 'loose'}}%%",
    '"]; evil [label="',
    "a\\\nb\\N\\l",
    "<b>bold</b> &amp; #quot;",
    "line\u2028separator\x00nul\x1b[2J",
    "}\ndigraph x {",
]

_ID = r"[A-Za-z_][A-Za-z0-9_]{0,63}"
#: A label: word characters, a few marks, and numeric entity codes (no ``#`` otherwise).
_LABEL = r"(?:[\w .,\-()\[\]/§'+?!]|#[0-9]+;)*"
MERMAID_LINES = [
    re.compile(r"stateDiagram-v2"),
    re.compile(rf'    state "{_LABEL}" as {_ID}'),
    re.compile(rf"    (?:\[\*\]|{_ID}) --> {_ID} : {_LABEL}"),
    re.compile(rf"    {_ID} --> \[\*\]"),
]
#: Inside a DOT string: no quote or backslash except as an escape pair, nothing unprintable.
_DOT_STRING = r'"(?:[^"\\\x00-\x1f\x7f]|\\.)*"'
DOT_LINES = [
    re.compile(rf"digraph {_DOT_STRING} \{{"),
    re.compile(r"    rankdir=LR;"),
    re.compile(r"    node \[shape=box, style=rounded\];"),
    re.compile(rf'    {_DOT_STRING} \[shape=point, label=""\];'),
    re.compile(rf"    {_DOT_STRING} \[label={_DOT_STRING}(?:, peripheries=2)?\];"),
    re.compile(rf"    {_DOT_STRING} -> {_DOT_STRING} \[label={_DOT_STRING}\];"),
    re.compile(r"\}"),
]


def _grammar(text: str, patterns: list[re.Pattern[str]]) -> list[str]:
    """The lines of ``text`` (split at every line boundary Python knows) that match none of
    ``patterns``."""
    return [line for line in text.splitlines() if not any(p.fullmatch(line) for p in patterns)]


def _hostile_process(names: list[str], labels: list[str], guard_names: list[str]) -> Process:
    """A chain initial → names… → final, every label, event label and guard name hostile."""
    n = len(names)
    states = [State(name="s_initial", kind=StateKind.INITIAL, label_en=labels[0])]
    states += [
        State(name=name, label_en=labels[(i + 1) % len(labels)], label_de=labels[i % len(labels)])
        for i, name in enumerate(names)
    ]
    states.append(State(name="s_final", kind=StateKind.FINAL, label_de=labels[-1]))
    events = [
        attrs.frozen(kw_only=True)(
            type(f"Hostile{i}", (Event,), {"label_en": labels[i % len(labels)], "label_de": ""})
        )
        for i in range(n + 2)
    ]
    chain = ["s_initial", *names, "s_final"]
    guards = tuple(Guard(name=g, check=lambda *args: None) for g in guard_names)
    transitions = [
        Transition(source=a, event=events[i], target=b, guards=guards if i % 2 else ())
        for i, (a, b) in enumerate(itertools.pairwise(chain))
    ]
    transitions.append(Transition(source=names[0], event=events[-1], target=names[0]))
    return Process(name=labels[0] or "p", states=tuple(states), transitions=tuple(transitions))


names_st = st.lists(
    st.from_regex(STATE_NAME_PATTERN, fullmatch=True).filter(
        lambda s: s not in ("s_initial", "s_final")
    ),
    min_size=1,
    max_size=4,
    unique=True,
)
labels_st = st.lists(st.text() | st.sampled_from(INJECTIONS), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(names=names_st, labels=labels_st, guard_names=st.lists(st.text(), max_size=2))
def test_mermaid_output_has_only_lines_of_its_grammar(
    names: list[str], labels: list[str], guard_names: list[str]
) -> None:
    process = _hostile_process(names, labels, guard_names)
    for language in ("en", "de"):
        text = to_mermaid(process, language=language)
        assert _grammar(text, MERMAID_LINES) == []
        lines = text.splitlines()
        assert sum(line.startswith("    state ") for line in lines) == len(names) + 1
        assert sum(" : " in line for line in lines) == len(names) + 2  # chain + self loop


@settings(max_examples=60, deadline=None)
@given(names=names_st, labels=labels_st, guard_names=st.lists(st.text(), max_size=2))
def test_dot_output_has_only_lines_of_its_grammar(
    names: list[str], labels: list[str], guard_names: list[str]
) -> None:
    process = _hostile_process(names, labels, guard_names)
    text = to_dot(process)
    assert _grammar(text, DOT_LINES) == []
    assert len(text.splitlines()) == 3 + (len(names) + 2) + (len(names) + 2) + 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")
@pytest.mark.parametrize("label", INJECTIONS)
def test_graphviz_reads_hostile_labels_with_exactly_the_expected_graph(label: str) -> None:
    process = _hostile_process(["a", "b"], [label, label + "x"], [label])
    for args in (["-Tjson"], ["-Tsvg"]):
        done = subprocess.run(
            ["dot", *args],
            input=to_dot(process),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "Warning" not in done.stderr, done.stderr
        assert "Error" not in done.stderr, done.stderr
        if args == ["-Tjson"]:
            graph = json.loads(done.stdout)
            assert len(graph["objects"]) == 4  # initial, a, b, final
            assert len(graph["edges"]) == 4  # the chain of three and the self loop
        else:
            assert "<a " not in done.stdout  # no link of any kind


def _document_with_state_name(name: str) -> dict[str, Any]:
    doc = copy.deepcopy(schema.unstructure(DEFAULT_PROCESS))
    old = doc["states"][2]["name"]
    doc["states"][2]["name"] = name
    for row in doc["transitions"]:
        for key in ("source", "target"):
            if row[key] == old:
                row[key] = name
    return doc


@pytest.mark.parametrize(
    "name",
    [*INJECTIONS, "with space", "münchen", "9lives", "x" * 65, "ok\n", "a-b", "a.b", "Ü"],
)
def test_state_names_that_are_not_identifiers_are_refused_at_the_door(name: str) -> None:
    doc = _document_with_state_name(name)
    with pytest.raises(ProcessDefinitionError) as info:
        schema.structure(doc, Process)
    assert [(i.path, i.code) for i in info.value.issues if i.path == "/states/2/name"] == [
        ("/states/2/name", "state.name")
    ]
    assert name not in str(info.value)
    # the published schema says the same
    validator = Draft202012Validator(records.json_schema("process"))
    assert not validator.is_valid(doc)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1) | st.from_regex(STATE_NAME_PATTERN, fullmatch=True))
def test_schema_and_library_agree_on_state_names(name: str) -> None:
    doc = _document_with_state_name(name)
    validator = Draft202012Validator(records.json_schema("process"))
    library = not schema.validate(doc, Process)
    reserved = name in {s.name for s in DEFAULT_PROCESS.states} - {"clarification"}
    if not reserved:  # a duplicate name is a rule of the library only
        assert validator.is_valid(doc) == library


def test_identifier_names_and_hostile_labels_from_a_file_are_drawn_safely() -> None:
    doc = schema.unstructure(DEFAULT_PROCESS)
    for i, state in enumerate(doc["states"]):
        state["label_en"] = INJECTIONS[i % len(INJECTIONS)]
        state["label_de"] = INJECTIONS[(i + 1) % len(INJECTIONS)]
    doc["name"] = INJECTIONS[0]
    process = schema.structure(doc, Process)
    for language in ("en", "de"):
        assert _grammar(to_mermaid(process, language=language), MERMAID_LINES) == []
        assert _grammar(to_dot(process, language=language), DOT_LINES) == []
