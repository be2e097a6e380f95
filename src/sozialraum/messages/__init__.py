"""One message catalogue for every :class:`~sozialraum.errors.Issue` code.

Each issue code has one English *template* with named parameters (``{limit}``,
``{expected}`` …). The message of an issue is built from its code and parameters, never from
the values of the data, so a message is safe to log. Modules define the codes they use where
they use them::

    from sozialraum import messages
    TOO_DEEP = messages.define("json.too_deep", "the document is nested deeper than {limit} levels")

>>> from sozialraum import messages
>>> _ = messages.define("example.code", "at most {limit} items")
>>> messages.render("example.code", {"limit": 3})
'at most 3 items'
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["codes", "define", "render", "template"]

_TEMPLATES: dict[str, str] = {}


def define(code: str, template: str) -> str:
    """Register the English ``template`` of an issue ``code`` and return the code.

    Defining a code twice with the same template is harmless; with a different one it is a
    programming error (codes never change meaning).
    """
    known = _TEMPLATES.get(code)
    if known is not None and known != template:
        raise ValueError(f"message code {code!r} is already defined with another template")
    _TEMPLATES[code] = template
    return code


def template(code: str) -> str | None:
    """The English template of ``code``, or ``None`` when the code is not defined."""
    return _TEMPLATES.get(code)


def codes() -> tuple[str, ...]:
    """Every defined code, sorted (import :mod:`sozialraum.records` first to see them all)."""
    return tuple(sorted(_TEMPLATES))


def render(code: str, params: Mapping[str, object], lang: str = "en") -> str:
    """The message of ``code`` with ``params`` filled in, in ``lang``.

    :raises KeyError: if ``code`` is not defined.
    """
    text = _TEMPLATES[code]
    return text.format_map(dict(params))
