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
import threading
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from .. import catalog, messages
from .._limits import (
    MAX_DATE,
    MIN_DATE,
    date_problem,
    decimal_problem,
    integer_problem,
)
from .._suggest import hinted
from ..errors import Issue, ValidationError, escape_pointer_token
from ..money import Money

__all__ = [
    "NON_BLANK_NAMES",
    "bounded",
    "code_field",
    "cross_field_issues",
    "field_problems",
    "invariants",
    "is_non_blank_field",
    "non_blank",
    "sized",
    "unique_ids",
]

messages.define("type.invalid", "expected {expected}")
messages.define("type.invalid#fields", "a field of {type} has the wrong type")
messages.define("id.duplicate#named", "{what} ids must be unique")
messages.define("code.unknown#list", "not a code of the list '{code_list}'")
messages.define(
    "code.unknown#list_allowed", "not a code of the list '{code_list}'; allowed: {allowed}"
)
messages.define(
    "code.unknown#list_suggest",
    "not a code of the list '{code_list}'; did you mean {suggestion}?",
)
messages.define("number.range#minimum", "must be at least {minimum}")
messages.define("number.range#between", "must be from {minimum} to {maximum}")
messages.define("number.range#above", "must be above {minimum}")
messages.define("number.range#above_between", "must be above {minimum} and at most {maximum}")
messages.define("number.not_finite#number", "the number must be finite")
messages.define("string.blank", "must not be empty or blank")
messages.define("array.length", "must have {allowed} items")


_C = TypeVar("_C")

#: String fields with these names (and every ``*_id``) must not be blank.
NON_BLANK_NAMES = frozenset({"id", "name", "activity"})

#: A problem of one field value, located below the field (``""``: the field itself).
Problem = Issue
Predicate = Callable[[Any], bool]


def is_non_blank_field(name: str) -> bool:
    """Whether a string field of this name must contain a non-space character."""
    return name in NON_BLANK_NAMES or name.endswith("_id")


def non_blank(**kwargs: Any) -> Any:
    """A string field (or tuple of strings) that must contain a non-space character, whatever
    its name (``id``, ``name`` and ``*_id`` fields are non-blank anyway)."""
    return attrs.field(metadata={"non_blank": True}, **kwargs)


def _is_non_blank(field: attrs.Attribute[Any]) -> bool:
    return bool(field.metadata.get("non_blank")) or is_non_blank_field(field.name)


def code_field(code_list: str, **kwargs: Any) -> Any:
    """A field holding codes of a catalogue code list (``"help_types"`` or a list name)."""
    return attrs.field(metadata={"code_list": code_list}, **kwargs)


def bounded(
    minimum: int, maximum: int | None = None, *, exclusive_minimum: bool = False, **kwargs: Any
) -> Any:
    """A numeric field (int, Decimal or Money in euros) with inclusive bounds
    (``exclusive_minimum``: the value must lie above ``minimum``)."""
    meta: dict[str, int | bool] = {"minimum": minimum}
    if maximum is not None:
        meta["maximum"] = maximum
    if exclusive_minimum:
        meta["exclusive_minimum"] = True
    return attrs.field(metadata=meta, **kwargs)


def _code_problems(list_name: str) -> Callable[[Any], list[Problem]]:
    def known(code: object) -> bool:
        if list_name == "help_types":
            return code in catalog.HELP_TYPES
        return code in catalog.code_list(list_name)

    def issue(path: str, code: object) -> Issue:
        codes = (
            list(catalog.HELP_TYPES)
            if list_name == "help_types"
            else catalog.code_list(list_name).codes
        )
        key, hint = hinted("code.unknown#list", code, codes)
        return Issue.of(path, key, code_list=list_name, **hint)

    def check(value: Any) -> list[Problem]:
        if value is None:
            return []
        if isinstance(value, tuple):
            return [issue(f"/{i}", v) for i, v in enumerate(value) if not known(v)]
        return [] if known(value) else [issue("", value)]

    return check


def _bound_problems(
    minimum: int, maximum: int | None, exclusive: bool = False
) -> Callable[[Any], list[Problem]]:
    if exclusive:
        if maximum is None:
            out_of_range = Issue.of("", "number.range#above", minimum=minimum)
        else:
            out_of_range = Issue.of(
                "", "number.range#above_between", minimum=minimum, maximum=maximum
            )
    elif maximum is None:
        out_of_range = Issue.of("", "number.range#minimum", minimum=minimum)
    else:
        out_of_range = Issue.of("", "number.range#between", minimum=minimum, maximum=maximum)

    def check(value: Any) -> list[Problem]:
        if value is None:
            return []
        if isinstance(value, Money):
            number: Any = Decimal(value.cents).scaleb(-2)
        else:
            number = value
        if isinstance(number, Decimal) and not number.is_finite():
            return [Issue.of("", "number.not_finite#number")]

        def outside(v: Any) -> bool:
            low = v <= minimum if exclusive else v < minimum
            return bool(low or (maximum is not None and v > maximum))

        if isinstance(number, tuple):
            return [out_of_range.prefixed(f"/{i}") for i, v in enumerate(number) if outside(v)]
        if outside(number):
            return [out_of_range]
        return []

    return check


def _blank_problems(value: Any) -> list[Problem]:
    if isinstance(value, tuple):
        return [p.prefixed(f"/{i}") for i, v in enumerate(value) for p in _blank_problems(v)]
    if value is None or value.strip():
        return []
    return [Issue.of("", "string.blank")]


def sized(*lengths: int, **kwargs: Any) -> Any:
    """A tuple field that must have one of the given numbers of items."""
    return attrs.field(metadata={"lengths": lengths}, **kwargs)


def _length_problems(lengths: tuple[int, ...]) -> Callable[[Any], list[Problem]]:
    allowed = " or ".join(str(n) for n in lengths)
    wrong_length = Issue.of("", "array.length", allowed=allowed)

    def check(value: Any) -> list[Problem]:
        return [] if len(value) in lengths else [wrong_length]

    return check


def _without_none(t: Any) -> Any:
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else t
    return t


def _leaf_of(t: Any) -> Any:
    """The element type of ``t`` with ``None`` and a homogeneous tuple taken off."""
    inner = _without_none(t)
    if typing.get_origin(inner) is tuple:
        args = typing.get_args(inner)
        if len(args) == 2 and args[1] is Ellipsis:
            return _without_none(args[0])
    return inner


def _limit_problem(value: Any) -> tuple[str, dict[str, str | int]] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return integer_problem(value)
    if isinstance(value, Decimal):
        return decimal_problem(value)
    if isinstance(value, date):
        return date_problem(value)
    year = getattr(value, "year", None)  # a YearMonth
    if isinstance(year, int) and not MIN_DATE.year <= year <= MAX_DATE.year:
        return date_problem(date(1, 1, 1))
    return None


def _limit_problems(value: Any) -> list[Problem]:
    """The limits of every number and date (``sozialraum._limits``) for one field value."""
    values = enumerate(value) if isinstance(value, tuple) else ((None, value),)
    problems: list[Problem] = []
    for i, v in values:
        problem = _limit_problem(v)
        if problem is not None:
            code, params = problem
            problems.append(Issue.of("" if i is None else f"/{i}", code, **params))
    return problems


def _has_limits(hint: Any) -> bool:
    leaf = _leaf_of(hint)
    args = set(typing.get_args(leaf))
    return leaf in (int, Decimal, date) or (date in args and len(args) == 2)


def field_checker(field: attrs.Attribute[Any], hint: Any) -> Callable[[Any], list[Problem]] | None:
    """The single-field check of ``field`` (whose resolved type is ``hint``), if any: the
    limits of numbers and dates, then the field's own rule."""
    rule = _field_rule(field, hint)
    if not _has_limits(hint):
        return rule
    if rule is None:
        return _limit_problems

    def check(value: Any) -> list[Problem]:
        return _limit_problems(value) or rule(value)

    return check


def _field_rule(field: attrs.Attribute[Any], hint: Any) -> Callable[[Any], list[Problem]] | None:
    meta = field.metadata
    if "lengths" in meta:
        return _length_problems(meta["lengths"])
    if "code_list" in meta:
        return _code_problems(meta["code_list"])
    if "minimum" in meta:
        return _bound_problems(
            meta["minimum"], meta.get("maximum"), meta.get("exclusive_minimum", False)
        )
    if _is_non_blank(field) and _leaf_of(hint) is str:
        return _blank_problems
    return None


def _rule_expr(
    field: attrs.Attribute[Any],
    t: Any,
    names: dict[str, Any],
    var: str | None = None,
    *,
    limits: bool = True,
) -> str | None:
    """Source of a boolean expression: the field's single-field rule holds (fast path).

    ``var`` is the expression of the value (``o.<field>`` unless given); ``limits=False``
    leaves out the limits of numbers and dates (for a caller that checked them already).
    """
    var = f"o.{field.name}" if var is None else var
    optional = type(None) in typing.get_args(t)
    inner = _without_none(t)
    meta = field.metadata
    key = f"_r{len(names)}"
    if "lengths" in meta:
        names[key] = frozenset(meta["lengths"])
        expr = f"len({var}) in {key}"
    elif "code_list" in meta:
        name = meta["code_list"]
        codes = catalog.HELP_TYPES if name == "help_types" else catalog.code_list(name).codes
        names[key] = frozenset(codes)
        if typing.get_origin(inner) is tuple:
            expr = f"all(_c in {key} for _c in {var})"
        else:
            expr = f"{var} in {key}"
    elif "minimum" in meta:
        names[key + "lo"], names[key + "hi"] = meta["minimum"], meta.get("maximum")
        value = f"{var}.cents" if inner is Money else var
        lo = f"{key}lo * 100" if inner is Money else f"{key}lo"
        hi = f"{key}hi * 100" if inner is Money else f"{key}hi"
        expr = f"{lo} {'<' if meta.get('exclusive_minimum') else '<='} {value}"
        if meta.get("maximum") is not None:
            expr += f" <= {hi}"
        if inner is Decimal:
            expr = f"({var}.is_finite() and {expr})"
    elif _is_non_blank(field) and inner is str:
        expr = f"{var}.strip() != ''"
    elif _is_non_blank(field) and _leaf_of(t) is str:
        expr = f"all(_s.strip() != '' for _s in {var})"
    else:
        expr = ""
    if limits and _has_limits(t):
        names["_limits"] = _limit_problems
        within = f"not _limits({var})"
        expr = f"{within} and {expr}" if expr else within
    if not expr:
        return None
    return f"({var} is None or {expr})" if optional else f"({expr})"


_CHECKERS: dict[
    type[Any], tuple[Predicate, tuple[tuple[str, Callable[[Any], list[Problem]]], ...]]
] = {}


def _compile_field_rules(
    cls: type[Any],
) -> tuple[Predicate, tuple[tuple[str, Callable[[Any], list[Problem]]], ...]]:
    hints = typing.get_type_hints(cls)
    names: dict[str, Any] = {}
    parts = [_rule_expr(f, hints[f.name], names) for f in attrs.fields(cls)]
    body = " and ".join(p for p in parts if p) or "True"
    namespace: dict[str, Any] = {}
    exec(f"def holds(o):\n    return {body}\n", names, namespace)  # generated from own rules
    pairs = ((f.name, field_checker(f, hints[f.name])) for f in attrs.fields(cls))
    return namespace["holds"], tuple((n, c) for n, c in pairs if c is not None)


def field_problems(obj: Any) -> list[Issue]:
    """Every single-field rule ``obj`` breaks, as issues located at the field.

    A generated expression checks all rules at once (valid data pays little); only when it
    fails are the rules run one by one to locate and describe each problem.
    """
    cls = type(obj)
    compiled = _CHECKERS.get(cls)
    if compiled is None:
        compiled = _CHECKERS[cls] = _compile_field_rules(cls)
    holds, checkers = compiled
    if holds(obj):
        return []
    issues: list[Issue] = []
    for name, checker in checkers:
        prefix = f"/{escape_pointer_token(name)}"
        issues.extend(problem.prefixed(prefix) for problem in checker(getattr(obj, name)))
    return issues


def _type_predicate(t: Any) -> tuple[Predicate, str]:
    """A fast check that a value has type ``t`` (as the schema would produce it)."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        preds = [_type_predicate(a) for a in args if a is not type(None)]
        optional = type(None) in args
        names = " or ".join(n for _, n in preds) + (" or None" if optional else "")

        def union(v: Any) -> bool:
            return (optional and v is None) or any(p(v) for p, _ in preds)

        return union, names
    if origin is tuple:
        elem, name = _type_predicate(args[0])
        return (lambda v: isinstance(v, tuple) and all(elem(e) for e in v)), f"a tuple of {name}"
    if t is int:
        return (lambda v: isinstance(v, int) and not isinstance(v, bool)), "an integer"
    if t is date:
        return (lambda v: isinstance(v, date) and not isinstance(v, datetime)), "a date"
    if isinstance(t, type):
        return (lambda v: isinstance(v, t)), f"{t.__name__}"
    raise TypeError(f"no runtime type check for {t!r}")  # pragma: no cover


def _exact_expr(t: Any, var: str, names: dict[str, Any], depth: int = 0) -> str:
    """Source of a boolean expression: ``var`` has *exactly* type ``t`` (fast path)."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        parts = [
            f"{var} is None" if a is type(None) else _exact_expr(a, var, names, depth) for a in args
        ]
        return "(" + " or ".join(parts) + ")"
    if origin is tuple:
        elem = f"_e{depth}"
        inner = _exact_expr(args[0], elem, names, depth + 1)
        return f"(type({var}) is tuple and all({inner} for {elem} in {var}))"
    key = f"_t{len(names)}"
    names[key] = t
    return f"type({var}) is {key}"


_TYPE_CHECKS: dict[type[Any], tuple[Predicate, tuple[tuple[str, Predicate, str], ...]]] = {}


def _compile_type_checks(
    cls: type[Any],
) -> tuple[Predicate, tuple[tuple[str, Predicate, str], ...]]:
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    names: dict[str, Any] = {}
    body = " and ".join(_exact_expr(hints[f.name], f"o.{f.name}", names) for f in fields) or "True"
    namespace: dict[str, Any] = {}
    exec(f"def exact(o):\n    return {body}\n", names, namespace)  # generated from own types
    detailed = tuple((f.name, *_type_predicate(hints[f.name])) for f in fields)
    return namespace["exact"], detailed


def type_problems(obj: Any) -> list[Issue]:
    """Fields of ``obj`` whose value does not have the declared type.

    A generated expression checks exact types in one go (the common case, and what the
    schema converter produces); only when it fails are subclasses considered and problems
    listed field by field.
    """
    cls = type(obj)
    checks = _TYPE_CHECKS.get(cls)
    if checks is None:
        checks = _TYPE_CHECKS[cls] = _compile_type_checks(cls)
    exact, detailed = checks
    if exact(obj):
        return []
    return [
        Issue.of(f"/{name}", "type.invalid", expected=expected)
        for name, ok, expected in detailed
        if not ok(getattr(obj, name))
    ]


def invariants(check: Callable[[_C], list[Issue]]) -> Callable[[_C], None]:
    """Turn a cross-field check into ``__attrs_post_init__``.

    Fields are checked in three steps: their types (a string where a date belongs is a
    ``type.invalid`` issue, never a ``TypeError`` later), then the single-field rules, then
    the cross-field rules of ``check``.
    """

    @functools.wraps(check)
    def post_init(self: _C) -> None:
        issues = type_problems(self)
        if issues:  # the other rules would only trip over the wrong types
            raise ValidationError(issues)
        try:
            issues = _distinct(field_problems(self) + check(self))
        except (TypeError, AttributeError) as exc:
            raise ValidationError.single(
                "", "type.invalid#fields", type=type(self).__name__
            ) from exc
        if issues:
            raise ValidationError(issues)

    post_init.__sozialraum_check__ = check  # type: ignore[attr-defined]
    return post_init


class _Mode(threading.local):
    """Per thread: how :data:`UNREAD` answers while a partial record's rules run."""

    def __init__(self) -> None:
        self.truth = True
        self.budget = 0


_MODE = _Mode()
_MAX_USES = 10_000  # a rule looping on an unread value gives up


class _Unread:
    """Stands for a field that could not be read.

    While the cross-field rules of a partly read record run (:func:`cross_field_issues`),
    every comparison or truth test on it answers ``True`` in one run and ``False`` in a
    second, and its attributes are itself in the first run and ``None`` in the second;
    only issues found in both runs are reported, so no rule reports a problem that
    depends on the unread value. Items, calls and arithmetic give it back; it iterates
    as empty. Conversions to numbers stop the rule using it.
    """

    __slots__ = ()

    def _answer(self, *_args: Any) -> bool:
        _MODE.budget -= 1
        if _MODE.budget < 0:
            raise _SkipRule
        return _MODE.truth

    def _same(self, *_args: Any) -> Any:
        return self

    def _skip(self, *_args: Any) -> Any:
        raise _SkipRule

    def __getattr__(self, _name: str) -> Any:
        # an attribute of it may be None (``period.end``) in the second run
        return self if _MODE.truth else None

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _answer
    __bool__ = __contains__ = _answer
    __getitem__ = __call__ = __add__ = __radd__ = __sub__ = __rsub__ = _same
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = __neg__ = __abs__ = _same
    __index__ = __int__ = __float__ = _skip

    def __hash__(self) -> int:
        return 0

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Any:
        return iter(())

    def __str__(self) -> str:
        return ""

    def __format__(self, _spec: str) -> str:
        return ""

    def __repr__(self) -> str:
        return "<unread>"


class _SkipRule(Exception):  # noqa: N818 - a signal, not an error
    """A cross-field rule needs a field that could not be read."""


#: The value that stands for a field that could not be read (see :func:`cross_field_issues`).
UNREAD: Any = _Unread()


def partial(cls: type[Any], values: dict[str, Any]) -> Any:
    """An instance of ``cls`` with the fields that could be read, without any checks;
    missing fields are :data:`UNREAD`. Only for running cross-field rules on it."""
    obj = object.__new__(cls)
    for field in attrs.fields(cls):
        object.__setattr__(obj, field.name, values.get(field.name, UNREAD))
    return obj


def cross_field_issues(obj: Any) -> list[Issue]:
    """The cross-field issues of a partly read record ``obj`` (see :func:`partial`).

    Runs the class's cross-field check (of :func:`invariants`, or a plain
    ``__attrs_post_init__`` that raises :class:`ValidationError`) on the fields that were
    read. A check that needs a field that could not be read is skipped: its issues show
    once that field is fixed, all others are reported now.
    """
    post_init = getattr(type(obj), "__attrs_post_init__", None)
    if post_init is None:
        return []
    check = getattr(post_init, "__sozialraum_check__", None)

    def run() -> list[Issue]:
        try:
            if check is not None:
                return list(check(obj))
            post_init(obj)
        except ValidationError as err:
            return list(err.issues)
        return []

    runs = []
    saved = _MODE.truth, _MODE.budget
    try:
        for truth in (True, False):
            _MODE.truth, _MODE.budget = truth, _MAX_USES
            runs.append(run())
    except Exception:  # noqa: BLE001 - a rule that trips over a partial record is skipped
        return []
    finally:
        _MODE.truth, _MODE.budget = saved
    second = {(i.path, i.code) for i in runs[1]}
    unread = {
        "/" + escape_pointer_token(f.name)
        for f in attrs.fields(type(obj))
        if getattr(obj, f.name) is UNREAD
    }
    # an issue at an unread field repeats what its field error says already
    return [i for i in runs[0] if (i.path, i.code) in second and _top(i.path) not in unread]


def _top(path: str) -> str:
    parts = path.split("/", 2)
    return "/" + parts[1] if len(parts) > 1 else ""


def _distinct(issues: list[Issue]) -> list[Issue]:
    """``issues`` without repeats of the same code at the same path (a class's own rule
    may repeat a generic one, such as a finite number)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for issue in issues:
        if (issue.path, issue.code) not in seen:
            seen.add((issue.path, issue.code))
            out.append(issue)
    return out


def unique_ids(items: Sequence[Any], field: str, what: str) -> list[Issue]:
    """Issues for every item whose ``id`` repeats an earlier one."""
    if len(items) < 2:  # nothing can repeat (the common case: checked without a set)
        return []
    seen: set[str] = set()
    issues = []
    for i, item in enumerate(items):
        if item.id in seen:
            issues.append(Issue.of(f"/{field}/{i}/id", "id.duplicate#named", what=what))
        seen.add(item.id)
    return issues
