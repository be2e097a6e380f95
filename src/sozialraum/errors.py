"""The exception hierarchy of sozialraum, and :class:`Issue`, one located problem.

Every error the library raises on purpose derives from :class:`SozialraumError`, and each
also subclasses the builtin a Python programmer would expect, so either can be caught::

    SozialraumError
     ├── ValidationError (ValueError)        data that breaks a rule; carries Issues
     │    └── ProcessDefinitionError         a lifecycle process that is not well formed
     ├── UnknownCodeError (LookupError)      a code that is not in its code list
     ├── OutOfRangeError (LookupError)       a Dated value asked for a date it does not cover
     ├── TransitionError (ValueError)        a lifecycle event refused in the current state
     ├── ConcurrencyError (RuntimeError)     another update reached a case file first
     ├── AllocationError (ValueError)        a budget rule that cannot be satisfied
     │    └── TieError                       an exact tie the tie policy does not resolve
     └── MissingDependencyError (ImportError) an optional extra that is not installed

Messages never contain the values of the data they talk about (no names, no dates of
birth, no free text): they say *where* (a JSON pointer) and *what rule*, so they are safe to
log. The machine-readable part is :attr:`Issue.code`, a stable dotted string.

>>> from sozialraum.errors import Issue, ValidationError
>>> err = ValidationError([Issue("/helps/0/period/end", "period.end_before_start",
...                              "the end must not be before the start")])
>>> isinstance(err, ValueError)
True
>>> print(err)
1 issue:
  /helps/0/period/end: the end must not be before the start [period.end_before_start]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from . import messages

__all__ = [
    "AllocationError",
    "ConcurrencyError",
    "Issue",
    "MissingDependencyError",
    "OutOfRangeError",
    "ProcessDefinitionError",
    "SozialraumError",
    "TieError",
    "TransitionError",
    "UnknownCodeError",
    "ValidationError",
    "escape_pointer_token",
    "join_pointer",
]


def escape_pointer_token(token: str | int) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901: ``~`` and ``/``).

    >>> escape_pointer_token("a/b~c")
    'a~1b~0c'
    """
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(prefix: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer.

    >>> join_pointer("/helps", 0, "period")
    '/helps/0/period'
    >>> join_pointer("", "a/b")
    '/a~1b'
    """
    return prefix + "".join("/" + escape_pointer_token(t) for t in tokens)


def _freeze_params(
    value: Mapping[str, messages.Param] | tuple[tuple[str, messages.Param], ...],
) -> tuple[tuple[str, messages.Param], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


def _text_in(key: str, params: Mapping[str, object], fallback: str, lang: str) -> str:
    """``key`` rendered in ``lang``; ``fallback`` when ``key`` is no catalogue key whose
    English rendering is ``fallback`` (a message written by hand, before the catalogue)."""
    if messages.template(key) is None:
        return fallback
    try:
        if messages.render(key, params) != fallback:
            return fallback
    except (KeyError, IndexError, ValueError):
        return fallback
    return messages.render(key, params, lang)


messages.define("error.validation#one", "{count} issue:")
messages.define("error.validation#many", "{count} issues:")
messages.define("error.unknown_code", "unknown code in code list '{code_list}'")
messages.define(
    "error.unknown_code#suggestion",
    "unknown code in code list '{code_list}'; did you mean '{suggestion}'?",
)
messages.define("error.transition", "{event} refused in state '{state}': {reason} [{code}]")
messages.define("error.transition.allowed", "(allowed in this state: {events})")
messages.define("error.transition.allowed#none", "(allowed in this state: none)")
messages.define(
    "concurrency.conflict",
    "the case file is at version {actual}, not the expected {expected}: another update "
    "came first; reload it and retry [{code}]",
)
messages.define(
    "concurrency.conflict#unknown",
    "the case file is at a newer version, not the expected {expected}: another update "
    "came first; reload it and retry [{code}]",
)
messages.define(
    "error.transition#guard",
    "{event} refused in state '{state}' by guard '{guard}': {reason} [{code}]",
)
messages.define(
    "error.missing_dependency",
    "{feature} needs the optional package '{package}'; "
    "install it with: pip install 'sozialraum[{extra}]'",
)


@attrs.frozen(slots=True)
class Issue:
    """One problem found in data: where it is, what rule it breaks, and a sentence for people.

    :param path: a JSON pointer (RFC 6901) into the document, ``""`` for the whole document.
    :param code: a stable machine code such as ``"date.invalid"``; codes never change meaning.
    :param message: a sentence for a person, in English unless the issue was made in another
        language (:meth:`in_language`); never contains values from the data.
    :param params: the parameters the message of ``code`` is built from (limits, expected
        types, field names, allowed codes; never values from the data).
    :param key: the catalogue key of the message: ``code``, or ``code#variant`` where a code
        has more than one wording (set by :meth:`of`).

    Build issues with :meth:`of`, which takes the message from the catalogue
    (:mod:`sozialraum.messages`), and read it in another language with :meth:`message_in`:

    >>> from sozialraum import messages
    >>> _ = messages.define("doc.example_limit", "at most {limit} items")
    >>> issue = Issue.of("/helps", "doc.example_limit", limit=3)
    >>> issue.message, issue.params
    ('at most 3 items', (('limit', 3),))
    >>> import sozialraum.schema
    >>> issue = Issue.of("/helps/0/start", "date.invalid#calendar")
    >>> issue.code, issue.message_in("de")
    ('date.invalid', 'kein gültiges Kalenderdatum')
    """

    path: str
    code: str
    message: str
    params: tuple[tuple[str, messages.Param], ...] = attrs.field(
        default=(), converter=_freeze_params
    )
    key: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, path: str, key: str, /, **params: messages.Param) -> Issue:
        """The issue of message ``key`` (a code, or ``code#variant``) at ``path``, its
        message rendered from the catalogue."""
        return cls(path, messages.code_of(key), messages.render(key, params), params, key)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``"de"`` or ``"en"``); an issue whose message is not
        from the catalogue keeps its message."""
        if self.key and messages.template(self.key) is not None:
            return messages.render(self.key, dict(self.params), lang)
        return _text_in(self.code, dict(self.params), self.message, lang)

    def in_language(self, lang: str) -> Issue:
        """The same issue with its :attr:`message` in ``lang``."""
        return attrs.evolve(self, message=self.message_in(lang))

    def line_in(self, lang: str) -> str:
        """``path: message [code]`` in ``lang``, the line :class:`ValidationError` prints."""
        return f"{self.path or '/'}: {self.message_in(lang)} [{self.code}]"

    def prefixed(self, prefix: str) -> Issue:
        """The same issue located below ``prefix``.

        >>> Issue("/end", "period.end_before_start", "...").prefixed("/helps/2/period").path
        '/helps/2/period/end'
        """
        return attrs.evolve(self, path=prefix + self.path)

    def to_dict(self, lang: str | None = None) -> dict[str, str]:
        """A JSON-ready mapping with the keys ``path``, ``code`` and ``message`` (in ``lang``,
        if given)."""
        message = self.message if lang is None else self.message_in(lang)
        return {"path": self.path, "code": self.code, "message": message}

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message} [{self.code}]"


class SozialraumError(Exception):
    """The root of every error sozialraum raises on purpose.

    :meth:`message_in` gives the message in German or English; ``str(error)`` is English.
    """

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``"de"`` or ``"en"``)."""
        return str(self)


class ValidationError(SozialraumError, ValueError):
    """Data breaks one or more rules; :attr:`issues` lists every problem found.

    All problems of a document are collected before this is raised, so a user can fix them
    in one go.

    >>> import sozialraum.schema
    >>> err = ValidationError.single("/start", "date.invalid#calendar")
    >>> print(err.message_in("de"))
    1 Problem:
      /start: kein gültiges Kalenderdatum [date.invalid]
    """

    issues: tuple[Issue, ...]
    #: The language of ``str(error)`` (``"en"`` unless made with another).
    lang: str

    def __init__(self, issues: Iterable[Issue], lang: str = "en") -> None:
        self.issues = tuple(issues)
        self.lang = lang
        super().__init__(self.issues)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Issue, ...], str]]:
        return type(self), (self.issues, self.lang)

    def in_language(self, lang: str) -> ValidationError:
        """The same error with every issue's message (and ``str()``) in ``lang``."""
        return type(self)((i.in_language(lang) for i in self.issues), lang)

    @classmethod
    def single(
        cls, path: str, key: str, message: str | None = None, /, **params: messages.Param
    ) -> ValidationError:
        """A validation error with one issue: :meth:`Issue.of(path, key, **params)
        <Issue.of>` (or, given a ``message``, ``Issue(path, key, message)``)."""
        if message is None:
            return cls((Issue.of(path, key, **params),))
        return cls((Issue(path, key, message),))

    def prefixed(self, prefix: str) -> ValidationError:
        """The same error with every issue located below ``prefix``."""
        return type(self)((i.prefixed(prefix) for i in self.issues), self.lang)

    @property
    def codes(self) -> tuple[str, ...]:
        """The issue codes, in order (handy in tests and for machines)."""
        return tuple(i.code for i in self.issues)

    def message_in(self, lang: str) -> str:
        """The header and one line per issue, in ``lang``."""
        n = len(self.issues)
        head = messages.render(
            "error.validation#one" if n == 1 else "error.validation#many", {"count": n}, lang
        )
        return "\n".join([head, *(f"  {i.line_in(lang)}" for i in self.issues)])

    render = message_in

    def __str__(self) -> str:
        return self.message_in(self.lang)


class ProcessDefinitionError(ValidationError):
    """A lifecycle process definition is not well formed (every problem listed)."""


class UnknownCodeError(SozialraumError, LookupError):
    """A code is not part of the code list it was looked up in.

    >>> from sozialraum.catalog import help_type
    >>> help_type("99")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'help_types'
    >>> UnknownCodeError("help_types", "99").message_in("de")
    "unbekannter Code in der Codeliste 'help_types'"
    """

    def __init__(self, code_list: str, code: str, suggestion: str | None = None) -> None:
        self.code_list = code_list
        self.code = code
        self.suggestion = suggestion
        super().__init__(self.message_in("en"))

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        if self.suggestion is None:
            return messages.render("error.unknown_code", {"code_list": self.code_list}, lang)
        params = {"code_list": self.code_list, "suggestion": self.suggestion}
        return messages.render("error.unknown_code#suggestion", params, lang)

    def __str__(self) -> str:
        return str(self.args[0])


class OutOfRangeError(SozialraumError, LookupError):
    """A dated value was asked for a date outside the ranges it is defined for.

    The message names the parameter and the nearest range that is covered.

    :param parameter: the name of the dated parameter.
    :param key: the message key; ``params`` fill in its template.
    """

    def __init__(self, parameter: str, key: str, /, **params: messages.Param) -> None:
        self.parameter = parameter
        self.key = key
        self.params = dict(params)
        defined = messages.template(key) is not None
        super().__init__(messages.render(key, params) if defined else key)

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        return _text_in(self.key, self.params, str(self), lang)

    def __str__(self) -> str:
        return str(self.args[0])


class TransitionError(SozialraumError, ValueError):
    """A lifecycle event is not allowed in the current state.

    :param state: the state the case file is in.
    :param event: the event type that was refused.
    :param guard: the name of the guard that refused it, or ``None`` when the transition
        table has no entry for the pair.
    :param code: a stable machine code (``"transition.not_allowed"``, ``"guard.refused"``,
        ``"history.out_of_order"`` …), or a message key ``code#variant``.
    :param reason: a sentence for people, without personal data.
    :param params: the parameters of the reason's template (see :mod:`sozialraum.messages`).
    :param allowed: the event types the process allows in ``state`` (those
        ``Process.allowed_events`` lists), sorted; when given, also named in the message
        (the attribute is ``()`` when not given).

    >>> err = TransitionError(state="open", event="Opened", guard=None,
    ...                       code="transition.not_allowed", reason="no such row",
    ...                       allowed=("Closed",))
    >>> err.allowed
    ('Closed',)
    >>> print(err)
    Opened refused in state 'open': no such row (allowed in this state: Closed) [transition.not_allowed]
    """  # noqa: E501

    def __init__(
        self,
        *,
        state: str,
        event: str,
        guard: str | None,
        code: str,
        reason: str,
        params: Mapping[str, messages.Param] | None = None,
        allowed: tuple[str, ...] | None = None,
    ) -> None:
        self.state = state
        self.event = event
        self.guard = guard
        self.key = code
        self.code = messages.code_of(code)
        self.reason = reason
        self.params = dict(params or {})
        self.allowed = () if allowed is None else tuple(allowed)
        self._lists_allowed = allowed is not None
        super().__init__(self.message_in("en"))

    def reason_text(self) -> messages.Param:
        """The reason as a message parameter: a :class:`~sozialraum.messages.Text` when it
        comes from the catalogue (so it can be shown in German), else the sentence."""
        try:
            if messages.render(self.key, self.params) == self.reason:
                return messages.Text(self.key, _freeze_params(self.params))
        except (KeyError, IndexError, ValueError):
            pass
        return self.reason

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang``, with the allowed events when the refusal lists them."""
        reason = _text_in(self.key, self.params, self.reason, lang)
        if not self._lists_allowed:
            return reason
        if self.allowed:
            allowed = messages.render(
                "error.transition.allowed", {"events": ", ".join(self.allowed)}, lang
            )
        else:
            allowed = messages.render("error.transition.allowed#none", {}, lang)
        return f"{reason} {allowed}"

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        params = {
            "event": self.event,
            "state": self.state,
            "reason": self.reason_in(lang),
            "code": self.code,
        }
        if self.guard:
            return messages.render("error.transition#guard", {**params, "guard": self.guard}, lang)
        return messages.render("error.transition", params, lang)

    def __str__(self) -> str:
        return str(self.args[0])


class ConcurrencyError(SozialraumError, RuntimeError):
    """Another update reached a case file first (optimistic locking).

    Raised when an event is applied with ``expected_version=n`` (the version the caller
    last saw) to a case file whose version (its number of events) is no longer ``n``, and
    by storage adapters whose append lost a race. Reload the file, check the event still
    makes sense, and apply it again.

    :param expected: the version the caller expected.
    :param actual: the version found (``None`` if a store does not know it).

    >>> print(ConcurrencyError(expected=3, actual=4))
    the case file is at version 4, not the expected 3: another update came first; reload it and retry [concurrency.conflict]
    """  # noqa: E501

    code = "concurrency.conflict"

    def __init__(self, *, expected: int, actual: int | None) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(self.message_in("en"))

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        if self.actual is None:
            return messages.render(
                "concurrency.conflict#unknown", {"expected": self.expected, "code": self.code}, lang
            )
        return messages.render(
            "concurrency.conflict",
            {"expected": self.expected, "actual": self.actual, "code": self.code},
            lang,
        )

    def __str__(self) -> str:
        return str(self.args[0])


class AllocationError(SozialraumError, ValueError):
    """A budget allocation cannot be carried out as its rules say.

    :param rule: the name of the rule (or method) that failed.
    :param code: a stable machine code, or a message key ``code#variant``; ``params`` fill
        in its template (a ``message`` written by hand is still accepted).
    """

    def __init__(
        self, rule: str, code: str, message: str | None = None, /, **params: messages.Param
    ) -> None:
        self.rule = rule
        self.key = code
        self.code = messages.code_of(code)
        self.params = dict(params)
        self.message = messages.render(code, params) if message is None else message
        super().__init__(f"{rule}: {self.message} [{self.code}]")

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        text = _text_in(self.key, self.params, self.message, lang)
        return f"{self.rule}: {text} [{self.code}]"

    def __str__(self) -> str:
        return str(self.args[0])


class TieError(AllocationError):
    """An exact tie decides who gets a unit and the tie policy says to refuse."""


class MissingDependencyError(SozialraumError, ImportError):
    """An optional dependency is needed; the message names the extra that installs it."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        self.feature = feature
        super().__init__(self.message_in("en"))

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        params = {"feature": self.feature, "package": self.package, "extra": self.extra}
        return messages.render("error.missing_dependency", params, lang)

    def __str__(self) -> str:
        return str(self.args[0])
