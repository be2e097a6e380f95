"""Shared machinery of the entity classes: field rules and invariant checks.

Rules that concern one field alone are declared on the field (``code_field``, ``bounded``,
and the naming rule for non-blank strings) and checked by :func:`field_problems`. The same
function serves the entities (on construction) and the schema converter (per field, so a
document with several broken fields gets all of them reported), and the JSON Schema
generator publishes the same rules. Rules across fields live in each class's
``__attrs_post_init__``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from .. import catalog
from ..errors import Issue, ValidationError, escape_pointer_token
from ..money import Money

__all__ = [
    "NON_BLANK_NAMES",
    "bounded",
    "code_field",
    "field_problems",
    "invariants",
    "is_non_blank_field",
    "unique_ids",
]

_C = TypeVar("_C")

#: String fields with these names (and every ``*_id``) must not be blank.
NON_BLANK_NAMES = frozenset({"id", "name", "activity"})

#: A problem of one field value: (sub-path below the field, code, message).
Problem = tuple[str, str, str]


def is_non_blank_field(name: str) -> bool:
    """Whether a string field of this name must contain a non-space character."""
    return name in NON_BLANK_NAMES or name.endswith("_id")


def code_field(code_list: str, **kwargs: Any) -> Any:
    """A field holding codes of a catalogue code list (``"help_types"`` or a list name)."""
    return attrs.field(metadata={"code_list": code_list}, **kwargs)


def bounded(minimum: int, maximum: int | None = None, **kwargs: Any) -> Any:
    """A numeric field (int, Decimal or Money in euros) with inclusive bounds."""
    meta: dict[str, int] = {"minimum": minimum}
    if maximum is not None:
        meta["maximum"] = maximum
    return attrs.field(metadata=meta, **kwargs)


def _code_problems(list_name: str) -> Callable[[Any], list[Problem]]:
    def known(code: object) -> bool:
        if list_name == "help_types":
            return code in catalog.HELP_TYPES
        return code in catalog.code_list(list_name)

    message = f"not a code of the list {list_name!r}"

    def check(value: Any) -> list[Problem]:
        if value is None:
            return []
        if isinstance(value, tuple):
            return [(f"/{i}", "code.unknown", message) for i, v in enumerate(value) if not known(v)]
        return [] if known(value) else [("", "code.unknown", message)]

    return check


def _bound_problems(minimum: int, maximum: int | None) -> Callable[[Any], list[Problem]]:
    if maximum is None:
        message = f"must be at least {minimum}"
    else:
        message = f"must be from {minimum} to {maximum}"

    def check(value: Any) -> list[Problem]:
        if value is None:
            return []
        if isinstance(value, Money):
            number: Any = Decimal(value.cents).scaleb(-2)
        elif isinstance(value, bool):
            return [("", "type.integer", "expected a number, not true or false")]
        else:
            number = value
        if isinstance(number, Decimal) and not number.is_finite():
            return [("", "number.not_finite", "the number must be finite")]
        if number < minimum or (maximum is not None and number > maximum):
            return [("", "number.range", message)]
        return []

    return check


def _blank_problems(value: Any) -> list[Problem]:
    if value is None or value.strip():
        return []
    return [("", "string.blank", "must not be empty or blank")]


def field_checker(field: attrs.Attribute[Any]) -> Callable[[Any], list[Problem]] | None:
    """The single-field check of ``field``, or ``None`` if it has no rule."""
    meta = field.metadata
    if "code_list" in meta:
        return _code_problems(meta["code_list"])
    if "minimum" in meta:
        return _bound_problems(meta["minimum"], meta.get("maximum"))
    if is_non_blank_field(field.name) and field.type in (str, "str", "str | None"):
        return _blank_problems
    return None


_CHECKERS: dict[type[Any], tuple[tuple[str, Callable[[Any], list[Problem]]], ...]] = {}


def _checkers(cls: type[Any]) -> tuple[tuple[str, Callable[[Any], list[Problem]]], ...]:
    found = _CHECKERS.get(cls)
    if found is None:
        pairs = ((f.name, field_checker(f)) for f in attrs.fields(cls))
        found = _CHECKERS[cls] = tuple((n, c) for n, c in pairs if c is not None)
    return found


def field_problems(obj: Any) -> list[Issue]:
    """Every single-field rule ``obj`` breaks, as issues located at the field."""
    issues = []
    for name, checker in _checkers(type(obj)):
        for sub, code, message in checker(getattr(obj, name)):
            issues.append(Issue(f"/{escape_pointer_token(name)}{sub}", code, message))
    return issues


def invariants(check: Callable[[_C], list[Issue]]) -> Callable[[_C], None]:
    """Turn a cross-field check into ``__attrs_post_init__``, after the field rules.

    A wrongly typed field set from Python code (a string where a date belongs) would make a
    comparison raise ``TypeError``; it is reported as a ``type.invalid`` issue instead.
    """

    @functools.wraps(check)
    def post_init(self: _C) -> None:
        try:
            issues = field_problems(self) + check(self)
        except (TypeError, AttributeError) as exc:
            raise ValidationError.single(
                "", "type.invalid", f"a field of {type(self).__name__} has the wrong type"
            ) from exc
        if issues:
            raise ValidationError(issues)

    return post_init


def unique_ids(items: Sequence[Any], field: str, what: str) -> list[Issue]:
    """Issues for every item whose ``id`` repeats an earlier one."""
    seen: set[str] = set()
    issues = []
    for i, item in enumerate(items):
        if item.id in seen:
            issues.append(Issue(f"/{field}/{i}/id", "id.duplicate", f"{what} ids must be unique"))
        seen.add(item.id)
    return issues
