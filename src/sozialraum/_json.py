"""Reading JSON text from outside safely: duplicate keys, nesting depth, clear issues.

:func:`loads` is the one JSON parser of the edges (the command line, study and process
files). Unlike :func:`json.loads` it

* reports a key that appears twice in one object (``json.duplicate_key``) instead of
  silently keeping the last value (a key that is not of the form of a field name is shown
  shortened, as an unknown key is: it may be personal data);
* refuses documents nested deeper than :data:`MAX_DEPTH` levels (``json.too_deep``) before
  parsing, so no input can exhaust the interpreter's recursion limit;
* strips one leading byte-order mark, and turns every syntax or encoding error into a
  :class:`~sozialraum.errors.ValidationError` (``json.invalid``, ``json.encoding``).

>>> loads('{"a": 1}')
{'a': 1}
>>> loads('{"a": 1, "a": 2}')
Traceback (most recent call last):
...
sozialraum.errors.ValidationError: 1 issue:
  /a: this key appears more than once in the object [json.duplicate_key]
>>> loads("[" * 100 + "]" * 100)
Traceback (most recent call last):
...
sozialraum.errors.ValidationError: 1 issue:
  /: the document is nested deeper than 64 levels [json.too_deep]
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import messages
from .errors import Issue, ValidationError, join_pointer

__all__ = ["MAX_DEPTH", "depth", "loads", "too_deep"]

messages.define("json.too_deep", "the document is nested deeper than {limit} levels")
messages.define("json.encoding#document", "the document is not UTF-8 text")
messages.define("json.encoding#line", "this line is not UTF-8 text")
messages.define("json.encoding#file", "the file is not UTF-8 text")
messages.define("json.invalid#document", "the document is not JSON")
messages.define("json.invalid#document_line", "the document is not JSON (line {line})")
messages.define("json.invalid#line", "this line is not JSON")
messages.define("json.invalid#file", "the file is not JSON")
messages.define("json.invalid#file_line", "the file is not JSON (line {line})")

#: How messages name the text: the variant of its ``json.*`` message keys.
_WHAT = {"the document": "document", "this line": "line", "the file": "file"}


def text_issue(code: str, what: str = "the document", line: int | None = None) -> Issue:
    """The ``json.encoding`` or ``json.invalid`` issue for ``what`` (``"the document"``,
    ``"this line"``, ``"the file"``), with the ``line`` of a syntax error if known."""
    variant = _WHAT.get(what, "document")
    if line is not None and code == "json.invalid" and variant != "line":
        return Issue.of("", f"{code}#{variant}_line", line=line)
    return Issue.of("", f"{code}#{variant}")


messages.define("json.duplicate_key", "this key appears more than once in the object")


#: The deepest nesting of arrays and objects accepted. No sozialraum record nests deeper
#: than about ten levels; 64 leaves room for data of other tools carried along.
MAX_DEPTH = 64

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class _Duplicates(dict[str, Any]):
    """An object that had a key twice (rare): remembers which keys, for the report."""

    __slots__ = ("keys_twice",)
    keys_twice: list[str]


#: How many objects with a key twice were read so far (in any thread): a parse that sees
#: it change looks for them in its data (a change caused by another thread finds none).
_TWICE = [0]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    _TWICE[0] += 1
    seen: set[str] = set()
    twice = []
    for key, _ in pairs:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    marked = _Duplicates(obj)
    marked.keys_twice = twice
    return marked


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON ``text`` nests arrays and objects deeper than ``limit`` levels.

    The nesting is never deeper than the number of opening brackets, which ``str.count``
    finds at C speed; only text with more of them than ``limit`` is scanned.
    """
    return text.count("[") + text.count("{") > limit and depth(text) > limit


#: One decoder for every parse (``json.loads`` with a hook would build one per call).
_DECODER = json.JSONDecoder(object_pairs_hook=_object)


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (strings ignored)."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    deepest = level = 0
    for char in brackets:
        if char in "[{":
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return deepest


#: Keys of this form (every field name) are shown in issue paths as written.
_FIELD_LIKE = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _shown_key(key: str) -> str:
    """A duplicate key as it appears in an issue path: a key of the form of a field name as
    written, any other shortened like an unknown key (it may be personal data; the rule of
    :func:`sozialraum.schema._issues.shown_key`).

    >>> _shown_key("help_type"), _shown_key("Lena Schmidt")
    ('help_type', 'Len…(12)')
    """
    from .schema._issues import shown_key

    return shown_key(key, [key] if _FIELD_LIKE.fullmatch(key) else ())


def _duplicate_issues(value: Any, path: str, issues: list[Issue]) -> None:
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Duplicates):
                for key in node.keys_twice:
                    shown = _shown_key(key)
                    issues.append(Issue.of(join_pointer(where, shown), "json.duplicate_key"))
            stack.extend((v, join_pointer(where, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, join_pointer(where, i)) for i, v in enumerate(node))


def loads(text: str | bytes, *, what: str = "the document") -> Any:
    """Parse JSON ``text`` (``str``, or UTF-8 ``bytes``) into plain Python data.

    :param what: how messages name the text (``"this line"``, ``"the file"``).
    :raises ValidationError: ``json.encoding``, ``json.invalid`` (with the line number for
        multi-line text), ``json.too_deep`` or ``json.duplicate_key`` (one issue per key,
        located by JSON pointer).
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError([text_issue("json.encoding", what)]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if too_deep(text):
        raise ValidationError.single("", "json.too_deep", limit=MAX_DEPTH)
    twice = _TWICE[0]
    try:
        data = _DECODER.decode(text)
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise ValidationError.single("", "json.too_deep", limit=MAX_DEPTH) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        at = line if line and "\n" in text.strip() else None
        raise ValidationError([text_issue("json.invalid", what, at)]) from None
    if _TWICE[0] != twice:
        issues: list[Issue] = []
        _duplicate_issues(data, "", issues)
        if issues:
            raise ValidationError(issues)
    return data
