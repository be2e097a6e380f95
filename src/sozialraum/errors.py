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
    value: Mapping[str, str | int] | tuple[tuple[str, str | int], ...],
) -> tuple[tuple[str, str | int], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


@attrs.frozen(slots=True)
class Issue:
    """One problem found in data: where it is, what rule it breaks, and a sentence for people.

    :param path: a JSON pointer (RFC 6901) into the document, ``""`` for the whole document.
    :param code: a stable machine code such as ``"date.invalid"``; codes never change meaning.
    :param message: an English sentence for a person; never contains values from the data.
    :param params: the parameters the message of ``code`` is built from (limits, expected
        types, field names, allowed codes; never values from the data).

    Build issues with :meth:`of`, which takes the message from the catalogue
    (:mod:`sozialraum.messages`):

    >>> from sozialraum import messages
    >>> _ = messages.define("doc.example_limit", "at most {limit} items")
    >>> issue = Issue.of("/helps", "doc.example_limit", limit=3)
    >>> issue.message, issue.params
    ('at most 3 items', (('limit', 3),))
    """

    path: str
    code: str
    message: str
    params: tuple[tuple[str, str | int], ...] = attrs.field(default=(), converter=_freeze_params)

    @classmethod
    def of(cls, path: str, code: str, /, **params: str | int) -> Issue:
        """The issue ``code`` at ``path``, its message rendered from the catalogue."""
        return cls(path, code, messages.render(code, params), params)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (falls back to :attr:`message` for undefined codes)."""
        if messages.template(self.code) is None:
            return self.message
        return messages.render(self.code, dict(self.params), lang)

    def prefixed(self, prefix: str) -> Issue:
        """The same issue located below ``prefix``.

        >>> Issue("/end", "period.end_before_start", "...").prefixed("/helps/2/period").path
        '/helps/2/period/end'
        """
        return attrs.evolve(self, path=prefix + self.path)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready mapping with the keys ``path``, ``code`` and ``message``."""
        return {"path": self.path, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message} [{self.code}]"


class SozialraumError(Exception):
    """The root of every error sozialraum raises on purpose."""


class ValidationError(SozialraumError, ValueError):
    """Data breaks one or more rules; :attr:`issues` lists every problem found.

    All problems of a document are collected before this is raised, so a user can fix them
    in one go.
    """

    issues: tuple[Issue, ...]

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__(self.issues)

    @classmethod
    def single(cls, path: str, code: str, message: str) -> ValidationError:
        """A validation error with one issue."""
        return cls((Issue(path, code, message),))

    def prefixed(self, prefix: str) -> ValidationError:
        """The same error with every issue located below ``prefix``."""
        return type(self)(i.prefixed(prefix) for i in self.issues)

    @property
    def codes(self) -> tuple[str, ...]:
        """The issue codes, in order (handy in tests and for machines)."""
        return tuple(i.code for i in self.issues)

    def __str__(self) -> str:
        n = len(self.issues)
        head = f"{n} issue{'s' if n != 1 else ''}:"
        return "\n".join([head, *(f"  {i}" for i in self.issues)])


class ProcessDefinitionError(ValidationError):
    """A lifecycle process definition is not well formed (every problem listed)."""


class UnknownCodeError(SozialraumError, LookupError):
    """A code is not part of the code list it was looked up in.

    >>> from sozialraum.catalog import help_type
    >>> help_type("99")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'help_types'
    """

    def __init__(self, code_list: str, code: str, suggestion: str | None = None) -> None:
        self.code_list = code_list
        self.code = code
        self.suggestion = suggestion
        msg = f"unknown code in code list {code_list!r}"
        if suggestion is not None:
            msg += f"; did you mean {suggestion!r}?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class OutOfRangeError(SozialraumError, LookupError):
    """A dated value was asked for a date outside the ranges it is defined for.

    The message names the parameter and the nearest range that is covered.
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class TransitionError(SozialraumError, ValueError):
    """A lifecycle event is not allowed in the current state.

    :param state: the state the case file is in.
    :param event: the event type that was refused.
    :param guard: the name of the guard that refused it, or ``None`` when the transition
        table has no entry for the pair.
    :param code: a stable machine code (``"transition.not_allowed"``, ``"guard.refused"``,
        ``"history.out_of_order"`` …).
    :param reason: a sentence for people, without personal data.
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
        allowed: tuple[str, ...] | None = None,
    ) -> None:
        self.state = state
        self.event = event
        self.guard = guard
        self.code = code
        self.reason = reason
        self.allowed = () if allowed is None else tuple(allowed)
        by = f" by guard {guard!r}" if guard else ""
        options = (
            ""
            if allowed is None
            else f" (allowed in this state: {', '.join(self.allowed) or 'none'})"
        )
        super().__init__(f"{event} refused in state {state!r}{by}: {reason}{options} [{code}]")

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
        found = "a newer version" if actual is None else f"version {actual}"
        super().__init__(
            f"the case file is at {found}, not the expected {expected}: another update "
            f"came first; reload it and retry [{self.code}]"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class AllocationError(SozialraumError, ValueError):
    """A budget allocation cannot be carried out as its rules say.

    :param rule: the name of the rule (or method) that failed.
    :param code: a stable machine code.
    """

    def __init__(self, rule: str, code: str, message: str) -> None:
        self.rule = rule
        self.code = code
        super().__init__(f"{rule}: {message} [{code}]")

    def __str__(self) -> str:
        return str(self.args[0])


class TieError(AllocationError):
    """An exact tie decides who gets a unit and the tie policy says to refuse."""


class MissingDependencyError(SozialraumError, ImportError):
    """An optional dependency is needed; the message names the extra that installs it."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional package {package!r}; "
            f"install it with: pip install 'sozialraum[{extra}]'"
        )

    def __str__(self) -> str:
        return str(self.args[0])
