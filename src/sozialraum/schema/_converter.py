"""The cattrs converters: strict hooks for every leaf type, shared by both modes.

Two converters are built from the same hooks:

* the *fast* one (``detailed_validation=False``) structures valid documents quickly. Its
  class hooks first try a function generated for the class (:mod:`._fast`), and run the
  cattrs-generated reference function for every document that one does not accept;
* the *detailed* one collects every problem of a document. It runs only after the fast one
  failed, so valid data never pays for error collection.
"""

from __future__ import annotations

import enum
import re
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .. import messages
from .._limits import (
    MAX_DATE,
    MAX_DECIMAL_TEXT,
    MAX_INTEGER,
    MIN_DATE,
    date_problem,
    decimal_problem,
    integer_problem,
)
from .._suggest import hinted
from ..errors import Issue, ValidationError
from ..model import YearMonth
from ..model._base import UNREAD, cross_field_issues, field_checker, field_problems, partial
from ..money import Money
from ..periods import Period
from ._fast import FAST, OWN, cached, fast_structure

messages.define("value.invalid#field_rule", "a field breaks its rule")

__all__ = ["LeafError", "make_converter"]

messages.define("type.number#decimal", 'expected a number or a decimal string such as "12.5"')
messages.define("type.string", "expected a string")
messages.define("type.integer", "expected an integer")
messages.define("type.boolean", "expected true or false")
messages.define("date.invalid", "expected a date written as YYYY-MM-DD")
messages.define("money.type", 'write amounts as a decimal string such as "1450.00"')
messages.define("money.format", 'an amount is written like "1450.00" (at most two decimals)')
messages.define("money.format#digits", "the amount has too many digits")
messages.define("money.format#plain", 'write amounts as a decimal string such as "1450.00"')
messages.define("type.number", "expected a number")
messages.define("date.invalid#date_or_month", "expected YYYY-MM-DD or YYYY-MM")
messages.define("code.unknown", "not one of the {codes} codes")
messages.define("code.unknown#allowed", "not one of the {codes} codes; allowed: {allowed}")
messages.define("code.unknown#suggest", "not one of the {codes} codes; did you mean {suggestion}?")
messages.define("date.invalid#calendar", "not a valid calendar date")
messages.define("number.not_finite#number", "the number must be finite")
messages.define("type.array", "expected an array")
messages.define("type.object", "expected an object")


# ASCII digits only ([0-9], not \d) and no trailing newline (fullmatch, not $)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONEY = re.compile(r"(-?)([0-9]+)(?:\.([0-9]{1,2}))?")
_MANY_DECIMALS = re.compile(r"-?[0-9]+\.[0-9]{3,}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


#: Whole euros of an amount have at most this many digits (amounts below 10**15 euros).
MONEY_DIGITS = 15

_KEY_TYPE = messages.define("key.type", "keys of this object must be strings")


class LeafError(ValueError):
    """A leaf value (string, date, amount …) is not acceptable: carries its :class:`Issue`,
    located relative to the value (``subpath``).

    ``key`` is a message key of :mod:`sozialraum.messages`; ``params`` fill in its template.
    A ``message`` written by hand (``LeafError(code, message)``) is still accepted.
    """

    def __init__(
        self, key: str, message: str | None = None, subpath: str = "", **params: messages.Param
    ) -> None:
        if message is None:
            self.issue = Issue.of(subpath, key, **params)
        else:
            self.issue = Issue(subpath, key, message)
        super().__init__(self.issue.message)

    @classmethod
    def of_issue(cls, issue: Issue) -> LeafError:
        """The leaf error that reports ``issue``."""
        err = cls.__new__(cls)
        err.issue = issue
        ValueError.__init__(err, issue.message)
        return err

    @property
    def code(self) -> str:
        """The issue code."""
        return self.issue.code


def _limit_error(problem: tuple[str, dict[str, str | int]]) -> LeafError:
    return LeafError.of_issue(Issue.of("", problem[0], **problem[1]))


# -- leaf hooks ---------------------------------------------------------------------------


def _str(value: Any, t: Any) -> Any:
    if t is not str:
        return _enum(value, t)
    if value.__class__ is not str and not isinstance(value, str):
        raise LeafError("type.string")
    return value


def _int(value: Any, t: Any) -> Any:
    if t is not int:
        return _enum(value, t)
    if value.__class__ is not int and (not isinstance(value, int) or isinstance(value, bool)):
        raise LeafError("type.integer")
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise _limit_error(integer_problem(value) or ("number.too_large", {}))
    return value


_ENUM_MEMBERS: dict[type[enum.Enum], dict[Any, enum.Enum]] = {}


def _enum(value: Any, t: type[enum.Enum]) -> enum.Enum:
    members = _ENUM_MEMBERS.get(t)
    if members is None:
        members = _ENUM_MEMBERS[t] = {m.value: m for m in t}
    try:
        return members[value]
    except (KeyError, TypeError):
        key, hint = hinted("code.unknown", value, members)
        raise LeafError(key, codes=t.__name__, **hint) from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _enums_in(t: Any) -> Iterator[type[enum.Enum]]:
    if isinstance(t, type) and issubclass(t, enum.Enum):
        yield t
    for arg in typing.get_args(t):
        yield from _enums_in(arg)


def _bool(value: Any, _t: Any) -> bool:
    if not isinstance(value, bool):
        raise LeafError("type.boolean")
    return value


def _date(value: Any, _t: Any) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise LeafError("date.invalid")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise LeafError("date.invalid#calendar") from None
    problem = date_problem(day)
    if problem is not None:
        raise _limit_error(problem)
    return day


def _money(value: Any, _t: Any) -> Money:
    if not isinstance(value, str):
        raise LeafError("money.type")
    match = _MONEY.fullmatch(value)
    if match is None:
        if _MANY_DECIMALS.fullmatch(value):
            raise LeafError("money.format")
        # e.g. "1.234,56 €" (which Money.parse reads): the schema wants the plain form
        raise LeafError("money.format#plain")
    sign, whole, frac = match.groups()
    if len(whole) > MONEY_DIGITS:  # as the schema's pattern: at most 15 digits of euros
        raise LeafError("number.too_large", limit=f"10**{MONEY_DIGITS}")
    cents = int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
    return Money(cents=-cents if sign else cents)


def _decimal(value: Any, _t: Any) -> Decimal:
    if isinstance(value, bool):
        raise LeafError("type.number")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise LeafError("number.not_finite#number")
        number = Decimal(repr(value))
    elif isinstance(value, str) and len(value) > MAX_DECIMAL_TEXT:
        raise LeafError("text.too_long", limit=MAX_DECIMAL_TEXT)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value):
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise LeafError("type.number") from None
    else:
        raise LeafError("type.number#decimal")
    problem = decimal_problem(number)
    if problem is not None:
        raise _limit_error(problem)
    return number


def _decimal_text(value: Decimal) -> str:
    # fixed-point, never exponent notation ("100", not "1E+2"): what _decimal accepts
    return format(value, "f")


def _birth(value: Any, _t: Any) -> date | YearMonth:
    if isinstance(value, str) and len(value) == 7:
        try:
            month = YearMonth.fromisoformat(value)
        except ValueError:
            raise LeafError("date.invalid#date_or_month") from None
        if not MIN_DATE.year <= month.year <= MAX_DATE.year:
            raise _limit_error(date_problem(date(month.year, 1, 1)) or ("date.range", {}))
        return month
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise LeafError("date.invalid#date_or_month")
    return _date(value, date)


#: The attribute of an exception that carries what could be read of the failed value.
PARTIAL = "_sozialraum_partial"


class _Frames(threading.local):
    """Per thread: the fields read so far of each record being structured (innermost last)."""

    def __init__(self) -> None:
        self.stack: list[dict[str, Any]] = []


_FRAMES = _Frames()


def _recording(
    name: str, hook: Callable[[Any, Any], Any], t: Any, rule: Callable[[Any], list[Any]] | None
) -> Callable[[Any, Any], Any]:
    """``hook`` for field ``name`` that remembers what it read (even when ``rule`` then
    fails), so the cross-field rules of a broken record can run on the fields that read."""

    def structure(value: Any, _t: Any) -> Any:
        frame = _FRAMES.stack[-1]
        try:
            result = hook(value, t)
        except Exception as exc:
            frame[name] = getattr(exc, PARTIAL, UNREAD)
            raise
        frame[name] = result
        if rule is None:
            return result
        problems = rule(result)
        if len(problems) == 1:
            raise LeafError.of_issue(problems[0])
        if problems:
            raise ValidationError(problems)
        return result

    return structure


def _unstructure_period(period: Period) -> dict[str, str]:
    if period.end is None:
        return {"start": period.start.isoformat()}
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _is_optional(t: Any) -> bool:
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _constructed(exc: ClassValidationError) -> bool:
    """Whether the class was built (and so ran its own rules) before ``exc`` was raised."""
    for sub in exc.exceptions:
        located = any(isinstance(n, AttributeValidationNote) for n in getattr(sub, "__notes__", ()))
        if not located and not isinstance(sub, ForbiddenExtraKeysError):
            return True
    return False


def _is_dict(t: Any) -> bool:
    return typing.get_origin(t) is dict and len(typing.get_args(t)) == 2


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def make_converter(*, detailed: bool, fast: bool = True) -> cattrs.Converter:
    """Build a converter; ``detailed=True`` collects every error (slower).

    ``fast=False`` leaves out the generated fast path of valid documents (see
    :mod:`sozialraum.schema._fast`): the reference the tests hold it to.
    """
    conv = cattrs.Converter(
        forbid_extra_keys=True, detailed_validation=detailed, omit_if_default=True
    )
    # Class hooks serve subclasses too (cattrs dispatches along the MRO): a StrEnum reaches
    # the str hook and an IntEnum the int hook, which hand them on to the enum rules.
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(enum.Enum, _enum)
    conv.register_unstructure_hook(enum.Enum, _enum_value)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(Money, _money)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(date | YearMonth, _birth)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(Money, str)
    conv.register_unstructure_hook(Decimal, _decimal_text)
    conv.register_unstructure_hook(YearMonth, YearMonth.isoformat)
    conv.register_unstructure_hook(Period, _unstructure_period)
    leaf_hooks: dict[str, Any] = {
        "str": _str,
        "int": _int,
        "bool": _bool,
        "money": _money,
        "decimal": _decimal,
        "cache:decimal": cached(_decimal, 10_000),
        "enum": {_str, _int, _enum},
        f"cache:{id(_date)}": cached(_date),
        f"cache:{id(_birth)}": cached(_birth),
    }

    def optional_factory(t: Any) -> Callable[[Any, Any], Any]:
        inner_t = next(a for a in typing.get_args(t) if a is not type(None))
        inner = conv.get_structure_hook(inner_t)

        def structure(value: Any, _t: Any) -> Any:
            return None if value is None else inner(value, inner_t)

        setattr(structure, OWN, True)
        return structure

    def tuple_factory(t: Any) -> Callable[[Any, Any], Any]:
        elem_t = typing.get_args(t)[0]
        elem = conv.get_structure_hook(elem_t)

        def structure(value: Any, _t: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise LeafError("type.array")
            if not detailed:
                return tuple([elem(v, elem_t) for v in value])
            out, errors = [], []
            for i, v in enumerate(value):
                try:
                    out.append(elem(v, elem_t))
                except Exception as exc:  # noqa: BLE001 - collected and re-raised as a group
                    out.append(getattr(exc, PARTIAL, UNREAD))
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"Structuring {t} @ index {i}", i, elem_t),
                    ]
                    errors.append(exc)
            if errors:
                error = IterableValidationError(f"While structuring {t!r}", errors, t)
                setattr(error, PARTIAL, tuple(out))
                raise error
            return tuple(out)

        setattr(structure, OWN, True)
        return structure

    def dict_factory(t: Any) -> Callable[[Any, Any], Any]:
        key_t, value_t = typing.get_args(t)
        key_hook, value_hook = conv.get_structure_hook(key_t), conv.get_structure_hook(value_t)

        def structure(value: Any, _t: Any) -> dict[Any, Any]:
            if not isinstance(value, Mapping):
                raise LeafError("type.object")
            out, errors = {}, []
            for k, v in value.items():
                try:
                    if not isinstance(k, str):
                        raise LeafError(_KEY_TYPE)
                    out[key_hook(k, key_t)] = value_hook(v, value_t)
                except Exception as exc:
                    if not detailed:
                        raise
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"Structuring {t} @ key", str(k), value_t),
                    ]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return out

        return structure

    def class_factory(cl: type[Any]) -> Callable[[Any, Any], Any]:
        overrides: dict[str, Any] = {}
        fields = attrs.fields(cl)
        if detailed:  # single-field rules per field, so all of them are reported
            hints = typing.get_type_hints(cl)
            for field in fields:
                hint = hints[field.name]
                rule = field_checker(field, hint)
                hook = _recording(field.name, conv.get_structure_hook(hint), hint, rule)
                overrides[field.name] = override(struct_hook=hook)
        generated = make_dict_structure_fn(cl, conv, **overrides)
        if not detailed:
            post_init = getattr(cl, "__attrs_post_init__", None)
            reference: Callable[[Any, Any], Any] = generated
            if post_init is None or not hasattr(post_init, "__sozialraum_check__"):

                def checked(value: Any, _t: Any) -> Any:
                    # the class does not check its field rules itself: the door does
                    obj = generated(value, cl)
                    if field_problems(obj):
                        raise LeafError("value.invalid#field_rule")
                    return obj

                reference = checked

            # a non-mapping fails inside (TypeError); the detailed run then names it
            fast_fn = fast_structure(conv, cl, leaf_hooks) if fast else None
            if fast_fn is None:
                return reference

            def structure_fast(value: Any, _t: Any) -> Any:
                # valid documents pass the generated function; all others (and anything
                # it does not know) take the reference path, which raises the errors
                try:
                    return fast_fn(value)
                except Exception:  # noqa: BLE001 - Miss, or any slip: the reference decides
                    return reference(value, cl)

            setattr(structure_fast, FAST, fast_fn)
            return structure_fast

        def defaults() -> dict[str, Any]:
            out = {}
            for field in fields:
                if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                    if not field.default.takes_self:
                        out[field.name] = field.default.factory()
                elif field.default is not attrs.NOTHING:
                    out[field.name] = field.default
            return out

        def structure(value: Any, _t: Any) -> Any:
            if not isinstance(value, Mapping):
                raise LeafError("type.object")
            frame: dict[str, Any] = {}
            _FRAMES.stack.append(frame)
            try:
                return generated(value, cl)
            except Exception as exc:
                read = partial(cl, {**defaults(), **frame})
                if isinstance(exc, ClassValidationError) and not _constructed(exc):
                    # field errors: run the cross-field rules on the fields that did read
                    cross = cross_field_issues(read)
                    if cross:
                        exc = ClassValidationError(
                            exc.message, [*exc.exceptions, ValidationError(cross)], cl
                        )
                setattr(exc, PARTIAL, read)
                raise exc from None
            finally:
                _FRAMES.stack.pop()

        return structure

    conv.register_structure_hook_factory(_is_optional, optional_factory)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    conv.register_structure_hook_factory(attrs.has, class_factory)

    def unstructure_factory(cl: type[Any]) -> Callable[[Any], Any]:
        # A StrEnum would otherwise be dispatched as a plain str and kept as the member;
        # give each enum of the class's fields its own hook, so documents hold the value.
        for t in typing.get_type_hints(cl).values():
            for enum_cls in _enums_in(t):
                conv.register_unstructure_hook(enum_cls, _enum_value)
        return make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True)

    conv.register_unstructure_hook_factory(
        lambda t: attrs.has(t) and t is not Period and t is not Money and t is not YearMonth,
        unstructure_factory,
    )
    return conv
