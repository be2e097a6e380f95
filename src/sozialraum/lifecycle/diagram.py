"""Diagrams of a process: Mermaid ``stateDiagram-v2`` and Graphviz DOT, German or English.

The initial state is drawn as the start marker, final states lead to the end marker, rows
for every active state (``*``) are drawn once per state, and a return to the previous state
is drawn back to every state the case can come from. Guards appear in square brackets;
several events between the same two states share one arrow.

>>> import attrs
>>> from datetime import date
>>> from sozialraum.lifecycle import Event, Process, State, StateKind, Transition
>>> @attrs.frozen(kw_only=True)
... class Opened(Event):
...     label_de = "eröffnet"
>>> @attrs.frozen(kw_only=True)
... class Closed(Event): pass
>>> p = Process(name="tiny", states=(
...     State(name="new", kind=StateKind.INITIAL), State(name="open", label_de="offen"),
...     State(name="done", kind=StateKind.FINAL)), transitions=(
...     Transition(source="new", event=Opened, target="open"),
...     Transition(source="open", event=Closed, target="done")))
>>> print(to_mermaid(p, language="de"))
stateDiagram-v2
    state "offen" as open
    state "done" as done
    [*] --> open : eröffnet
    open --> done : Closed
    done --> [*]
>>> print(to_dot(p, language="de"))
digraph "tiny" {
    rankdir=LR;
    node [shape=box, style=rounded];
    "new" [shape=point, label=""];
    "open" [label="offen"];
    "done" [label="done", peripheries=2];
    "new" -> "open" [label="eröffnet"];
    "open" -> "done" [label="Closed"];
}
"""

from __future__ import annotations

from .events import Event, Guard, Language
from .process import Process
from .table import StateKind

__all__ = ["to_dot", "to_mermaid"]


def _edge_label(event: type[Event], guards: tuple[Guard, ...], language: Language) -> str:
    label = event.label(language)
    if guards:
        label += " [" + ", ".join(g.name for g in guards) + "]"
    return label


def _grouped(
    process: Process, language: Language, guards: bool, self_loops: bool
) -> dict[tuple[str, str], list[str]]:
    """Edge labels grouped by (source, target), in table order, without repeats."""
    out: dict[tuple[str, str], list[str]] = {}
    for source, event, target, row_guards in process.edges():
        if source == target and not self_loops:
            continue
        labels = out.setdefault((source, target), [])
        label = _edge_label(event, row_guards if guards else (), language)
        if label not in labels:
            labels.append(label)
    return out


#: Characters a Mermaid label may carry as they are; every other printable character is
#: written as a Mermaid entity code (``#35;``), every unprintable one as a space.
_MERMAID_PLAIN = frozenset(" .,-_()[]/§'+?!")


def _mermaid_text(text: str) -> str:
    r"""A label for Mermaid: letters, digits and a few harmless marks as they are, line
    breaks and other controls as spaces, everything else (quotes, ``:``, ``;``, ``#``,
    ``%``, ``<``, ``>``, ``&``, braces …) as a numeric entity code, so a label can neither
    end its statement nor start a new one (a ``click`` line, a ``%%`` directive).

    >>> _mermaid_text('a "b": c;\nclick X %%')
    'a #34;b#34;#58; c#59; click X #37;#37;'
    """
    return "".join(
        c if c.isalnum() or c in _MERMAID_PLAIN else f"#{ord(c)};" if c.isprintable() else " "
        for c in text
    )


def to_mermaid(
    process: Process, *, language: Language = "en", guards: bool = True, self_loops: bool = True
) -> str:
    """The process as Mermaid ``stateDiagram-v2`` source.

    :param guards: show guard names on the transitions.
    :param self_loops: draw events that keep the state (hide them for an overview).
    """
    initial = process.initial
    lines = ["stateDiagram-v2"]
    for state in process.states:
        if state.kind is not StateKind.INITIAL:
            lines.append(f'    state "{_mermaid_text(state.label(language))}" as {state.name}')
    for (source, target), labels in _grouped(process, language, guards, self_loops).items():
        src = "[*]" if source == initial else source
        lines.append(f"    {src} --> {target} : {_mermaid_text(', '.join(labels))}")
    lines.extend(f"    {s.name} --> [*]" for s in process.states if s.kind is StateKind.FINAL)
    return "\n".join(lines)


def _dot_text(text: str) -> str:
    r"""A double-quoted DOT string's content: backslashes and quotes escaped (so no escape
    sequence such as ``\N`` or ``\l`` and no end of the string can be written), ``&``,
    ``<`` and ``>`` as HTML entities (Graphviz decodes entities in labels), line breaks and
    other unprintable characters as spaces.

    >>> print(_dot_text('a "b" \\N <&>\n}'))
    a \"b\" \\N &lt;&amp;&gt; }
    """
    out = []
    for c in text:
        if not c.isprintable():
            out.append(" ")
        else:
            out.append(_DOT_ESCAPES.get(c, c))
    return "".join(out)


_DOT_ESCAPES = {"\\": "\\\\", '"': '\\"', "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def to_dot(
    process: Process, *, language: Language = "en", guards: bool = True, self_loops: bool = True
) -> str:
    """The process as Graphviz DOT source (render with ``dot -Tsvg``).

    :param guards: show guard names on the transitions.
    :param self_loops: draw events that keep the state (hide them for an overview).
    """
    lines = [
        f'digraph "{_dot_text(process.name)}" {{',
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
    ]
    for state in process.states:
        if state.kind is StateKind.INITIAL:
            lines.append(f'    "{_dot_text(state.name)}" [shape=point, label=""];')
            continue
        extra = ", peripheries=2" if state.kind is StateKind.FINAL else ""
        name, label = _dot_text(state.name), _dot_text(state.label(language))
        lines.append(f'    "{name}" [label="{label}"{extra}];')
    for (source, target), labels in _grouped(process, language, guards, self_loops).items():
        label = "\\n".join(_dot_text(x) for x in labels)
        lines.append(f'    "{_dot_text(source)}" -> "{_dot_text(target)}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines)
