"""Diagram export of process definitions."""

from __future__ import annotations

from sozialraum.lifecycle import DEFAULT_PROCESS as P
from sozialraum.lifecycle import to_dot, to_mermaid


def test_mermaid_has_every_state_and_guard_in_both_languages():
    en = to_mermaid(P)
    de = to_mermaid(P, language="de")
    assert en.startswith("stateDiagram-v2\n")
    assert 'state "help planning" as help_planning' in en
    assert 'state "Hilfeplanung" as help_planning' in de
    assert "[*] --> referral" in en
    assert "closed --> [*]" in en
    assert "youth_office_decides" in en
    assert "help_active --> risk_assessment" in en
    assert "risk_assessment --> help_active" in en  # the return to the previous state
    for state in P.states:
        if state.name != "start":
            assert f" as {state.name}" in en


def test_mermaid_options():
    plain = to_mermaid(P, guards=False, self_loops=False)
    assert "youth_office_decides" not in plain
    assert "help_active --> help_active" not in plain
    assert "help_active --> help_active" in to_mermaid(P)


def test_labels_are_escaped():
    mermaid = to_mermaid(P, language="de")
    body = [line for line in mermaid.splitlines()[1:] if " : " in line]
    assert all(line.count(":") == 1 for line in body)


def test_dot():
    dot = to_dot(P, language="de")
    assert dot.startswith('digraph "sgb8" {')
    assert dot.endswith("}")
    assert '"start" [shape=point, label=""];' in dot
    assert '"closed" [label="abgeschlossen", peripheries=2];' in dot
    assert '"help_planning" -> "help_active"' in dot
    assert "\\n" in dot  # several events on one arrow
    assert "youth_office_decides" not in to_dot(P, guards=False)


def test_events_with_the_same_label_share_one_arrow_label():
    import attrs

    from sozialraum.lifecycle import Event, Process, State, StateKind, Transition

    @attrs.frozen(kw_only=True)
    class A(Event):
        label_en = "go"

    @attrs.frozen(kw_only=True)
    class B(Event):
        label_en = "go"

    p = Process(
        name="p",
        states=(State(name="s", kind=StateKind.INITIAL), State(name="t", kind=StateKind.FINAL)),
        transitions=(
            Transition(source="s", event=A, target="t"),
            Transition(source="s", event=B, target="t"),
        ),
    )
    assert "[*] --> t : go\n" in to_mermaid(p)
