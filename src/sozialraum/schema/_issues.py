"""Turn the exception tree of a detailed cattrs run into located :class:`Issue` values."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .. import messages
from ..errors import Issue, ValidationError, escape_pointer_token
from ._converter import LeafError

__all__ = ["issues_from_exception"]

messages.define("key.missing", "this key is required")
messages.define("key.unknown", "unknown key for {type}")
messages.define("key.unknown#suggestion", "unknown key for {type}; did you mean '{suggestion}'?")
messages.define("value.invalid", "the value cannot be read ({exception})")
messages.define("value.invalid#record", "the record cannot be read ({exception})")


def _location(exc: BaseException) -> str | int | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
        if isinstance(note, IterableValidationNote):
            return note.index
    return None


def _unknown_keys(exc: ForbiddenExtraKeysError, path: str) -> Iterator[Issue]:
    names = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
    for key in sorted(exc.extra_fields, key=str):
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        where = f"{path}/{escape_pointer_token(str(key))}"
        if close:
            yield Issue.of(
                where, "key.unknown#suggestion", type=exc.cl.__name__, suggestion=close[0]
            )
        else:
            yield Issue.of(where, "key.unknown", type=exc.cl.__name__)


def issues_from_exception(exc: BaseException, path: str = "") -> Iterator[Issue]:
    """Yield every issue in ``exc`` (a cattrs error tree), located below ``path``."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            loc = _location(sub)
            sub_path = path if loc is None else f"{path}/{escape_pointer_token(loc)}"
            yield from issues_from_exception(sub, sub_path)
    elif isinstance(exc, ValidationError):
        for issue in exc.issues:
            yield issue.prefixed(path)
    elif isinstance(exc, LeafError):
        yield exc.issue.prefixed(path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        yield from _unknown_keys(exc, path)
    elif isinstance(exc, KeyError):
        yield Issue.of(path, "key.missing")
    else:
        # Never echo the exception text: it may quote the offending (personal) value.
        yield Issue.of(path, "value.invalid", exception=type(exc).__name__)
