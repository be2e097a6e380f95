"""A fast path for valid documents: one generated function per record class.

The converter's class hook first tries :func:`fast_structure`'s function, generated once per
attrs class from its field types and field metadata (like cattrs' own ``gen`` functions):
plain code that reads each key, checks the exact JSON type, parses dates, amounts and codes
inline, checks the single-field rules (``code_field``, ``bounded``, ``sized``, non-blank
names) as one expression, builds the instance without re-checking the field types, and
runs the class's cross-field rules.

It only ever *accepts*: whenever anything is unusual (a key missing or unknown, a type that
is not exactly the JSON one, a rule broken) it raises :class:`Miss` (or lets whatever was
raised through), and the hook runs the reference path (the cattrs-generated function and
the class's own checks), which builds the same value or raises the same error. So the
issues reported for a document never depend on the fast path; it only decides how quickly
a valid document passes. ``tests/schema/test_fast.py`` holds both paths to the same answers.

Nested records call each other's fast functions directly; a hook registered on the
converter in place of one of the library's own is called as it is, never bypassed. Dates,
dates of birth and decimal texts are remembered by their text in bounded tables
(:data:`CACHE_SIZE` entries each), so memory stays bounded on any stream of documents.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from .._limits import MAX_INTEGER
from ..model._base import _rule_expr
from ..money import Money

__all__ = ["Miss", "fast_structure"]

#: The attribute of a converter hook that holds its fast function.
FAST = "__sozialraum_fast__"
#: The attribute that marks the converter's own hooks of optional values and tuples.
OWN = "__sozialraum_own__"


class Miss(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a fast function when the document needs the reference path."""


#: How many distinct texts of dates are remembered (about 150 bytes each: bounded).
CACHE_SIZE = 50_000

Hook = Callable[[Any, Any], Any]


def cached(hook: Hook, size: int = CACHE_SIZE) -> Callable[[Any], Any]:
    """``hook`` (a pure function of a string giving an immutable value, such as a date)
    with its results remembered for up to ``size`` distinct strings."""
    memo: dict[str, Any] = {}

    def parse(text: Any) -> Any:
        value = hook(text, None)  # raises for what it refuses: nothing is remembered then
        if len(memo) < size and text.__class__ is str:
            memo[text] = value
        return value

    parse.memo = memo  # type: ignore[attr-defined]
    return parse


def _money(text: Any) -> Money:
    """A plain amount such as ``"1450.00"`` (at most 15 digits of euros, two decimals);
    raises :class:`Miss` for anything else (which the reference hook then describes)."""
    if text.__class__ is not str:
        raise Miss
    amount: int | None
    if text.isascii() and len(text) > 3 and text[-3] == ".":  # the usual "1450.00"
        whole, cents = text[:-3], text[-2:]
        if len(whole) <= 15 and whole.isdigit() and cents.isdigit():
            money = object.__new__(Money)
            object.__setattr__(money, "cents", int(whole + cents))
            return money
    amount = _amount(text)
    if amount is None:
        raise Miss
    money = object.__new__(Money)
    object.__setattr__(money, "cents", amount)
    return money


def _amount(text: str) -> int | None:
    whole, dot, cents = text.partition(".")
    negative = whole.startswith("-")
    if negative:
        whole = whole[1:]
    if not (0 < len(whole) <= 15 and whole.isascii() and whole.isdigit()):
        return None
    if dot:
        if not (0 < len(cents) <= 2 and cents.isascii() and cents.isdigit()):
            return None
        amount = int(whole) * 100 + int(cents.ljust(2, "0"))
    else:
        amount = int(whole) * 100
    return -amount if negative else amount


class _Source:
    """The lines and names of one generated function."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.lines: list[str] = []
        self.names = names

    def name(self, value: Any, prefix: str = "_g") -> str:
        key = f"{prefix}{len(self.names)}"
        self.names[key] = value
        return key

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)


def _eligible(cl: type[Any]) -> bool:
    """Whether instances of ``cl`` can be built field by field without ``__init__``."""
    if not attrs.has(cl) or hasattr(cl, "__attrs_pre_init__"):
        return False
    init = getattr(cl.__init__, "__code__", None)
    if init is None or not init.co_filename.startswith("<attrs generated"):
        return False
    fields = attrs.fields(cl)
    names = {f.name for f in fields}
    for field in fields:
        if field.converter is not None or field.validator is not None or not field.init:
            return False
        if field.alias != field.name:
            return False
        default = field.default
        if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            return False
    slots: set[str] = set()
    for klass in cl.__mro__:
        slots.update(getattr(klass, "__slots__", ()))
    return slots - {"__weakref__", "__dict__"} <= names


def _slot_setter(cl: type[Any], name: str) -> Callable[[Any, Any], None] | None:
    """The ``__set__`` of the slot ``name`` of ``cl`` (``None`` if it is not a slot)."""
    for klass in cl.__mro__:
        if name in vars(klass):
            member = vars(klass)[name]
            if isinstance(member, types.MemberDescriptorType):
                setter: Callable[[Any, Any], None] = member.__set__
                return setter
            return None
    return None


def _leaf(
    src: _Source,
    conv: Any,
    t: Any,
    value: str,
    out: str,
    indent: int,
    hooks: dict[str, Any],
    depth: int = 0,
) -> None:
    """Lines that set ``out`` to the structured ``value`` of type ``t`` (or raise Miss)."""
    args = typing.get_args(t)
    origin = typing.get_origin(t)
    hook = conv.get_structure_hook(t)
    own = getattr(hook, OWN, False)  # not a hook registered in place of the library's
    if own and len(args) == 2 and type(None) in args and origin is not tuple:
        inner = next(a for a in args if a is not type(None))
        src.add(indent, f"if {value} is None:")
        src.add(indent + 1, f"{out} = None")
        src.add(indent, "else:")
        _leaf(src, conv, inner, value, out, indent + 1, hooks, depth)
        return
    if own and origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        src.add(indent, f"if {value}.__class__ is not list:")
        src.add(indent + 1, "raise Miss")
        elem_t = args[0]
        elem_hook = conv.get_structure_hook(elem_t)
        elem_fast = getattr(elem_hook, FAST, None)
        if elem_fast is not None:
            elem = src.name(elem_fast, "_f")
            src.add(indent, f"{out} = tuple([{elem}(_e) for _e in {value}])")
            return
        if attrs.has(elem_t):
            elem = src.name(elem_hook, "_h")
            src.add(indent, f"{out} = tuple([{elem}(_e, None) for _e in {value}])")
            return
        if elem_t is str and conv.get_structure_hook(str) is hooks["str"]:
            src.add(indent, f"for _e in {value}:")
            src.add(indent + 1, "if _e.__class__ is not str:")
            src.add(indent + 2, "raise Miss")
            src.add(indent, f"{out} = tuple({value})")
            return
        items, item, each = f"_l{depth}", f"_i{depth}", f"_x{depth}"
        src.add(indent, f"{items} = []")
        src.add(indent, f"for {each} in {value}:")
        _leaf(src, conv, elem_t, each, item, indent + 1, hooks, depth + 1)
        src.add(indent + 1, f"{items}.append({item})")
        src.add(indent, f"{out} = tuple({items})")
        return
    if isinstance(t, type) and issubclass(t, enum.Enum) and hook in hooks["enum"]:
        members = src.name({m.value: m for m in t}, "_m")
        src.add(indent, f"if {value}.__class__ is str or {value}.__class__ is int:")
        src.add(indent + 1, f"{out} = {members}.get({value})")
        src.add(indent + 1, f"if {out} is None:")
        src.add(indent + 2, "raise Miss")
        src.add(indent, "else:")
        src.add(indent + 1, "raise Miss")
        return
    if t is str and hook is hooks["str"]:
        src.add(indent, f"if {value}.__class__ is not str:")
        src.add(indent + 1, "raise Miss")
        src.add(indent, f"{out} = {value}")
        return
    if t is bool and hook is hooks["bool"]:
        src.add(indent, f"if {value}.__class__ is not bool:")
        src.add(indent + 1, "raise Miss")
        src.add(indent, f"{out} = {value}")
        return
    if t is int and hook is hooks["int"]:
        src.names["_MAXI"] = MAX_INTEGER
        src.add(indent, f"if {value}.__class__ is not int or not -_MAXI <= {value} <= _MAXI:")
        src.add(indent + 1, "raise Miss")
        src.add(indent, f"{out} = {value}")
        return
    if t is Money and hook is hooks["money"]:
        src.names["_money"] = _money
        src.add(indent, f"{out} = _money({value})")
        return
    if t is Decimal and hook is hooks["decimal"]:
        # an integer within the limits is always a valid decimal; texts are remembered
        src.names["_MAXI"], src.names["_Decimal"] = MAX_INTEGER, Decimal
        cache = hooks["cache:decimal"]
        memo, parse = src.name(cache.memo, "_d"), src.name(cache, "_p")
        src.add(indent, f"if {value}.__class__ is int and -_MAXI <= {value} <= _MAXI:")
        src.add(indent + 1, f"{out} = _Decimal({value})")
        src.add(indent, "else:")
        src.add(indent + 1, f"{out} = {memo}.get({value}) if {value}.__class__ is str else None")
        src.add(indent + 1, f"if {out} is None:")
        src.add(indent + 2, f"{out} = {parse}({value})")
        return
    nested = getattr(hook, FAST, None)
    if nested is not None:  # a record of ours: its fast function, raising Miss
        src.add(indent, f"{out} = {src.name(nested, '_f')}({value})")
        return
    cache = hooks.get(f"cache:{id(hook)}")
    if cache is not None:  # dates (and dates of birth): remembered by their text
        memo = src.name(cache.memo, "_d")
        parse = src.name(cache, "_p")
        src.add(indent, f"{out} = {memo}.get({value}) if {value}.__class__ is str else None")
        src.add(indent, f"if {out} is None:")
        src.add(indent + 1, f"{out} = {parse}({value})")
        return
    # anything else (a nested record, decimals, mappings): the reference hook itself
    name = src.name(hook, "_h")
    typ = src.name(t, "_t")
    src.add(indent, f"{out} = {name}({value}, {typ})")


def fast_structure(conv: Any, cl: type[Any], hooks: dict[str, Any]) -> Callable[[Any], Any] | None:
    """The generated fast function of ``cl`` (``None`` if ``cl`` needs its ``__init__``).

    ``hooks`` names the converter's own leaf hooks (``"str"``, ``"int"``, ``"bool"``,
    ``"money"``, ``"enum"`` as a set, and ``"cache:<id of hook>"`` for the cached ones), so
    that a hook a user registered instead is called as it is, never bypassed.
    """
    if not _eligible(cl):
        return None
    try:
        hints = typing.get_type_hints(cl)
    except Exception:  # noqa: BLE001 - unresolvable annotations: the reference path only
        return None
    fields = attrs.fields(cl)
    names: dict[str, Any] = {"Miss": Miss, "_cl": cl, "_new": object.__new__}
    names["_setter"] = object.__setattr__.__get__
    src = _Source(names)
    src.add(0, "def fast(d):")
    src.add(1, "if d.__class__ is not dict:")
    src.add(2, "raise Miss")
    required = sum(f.default is attrs.NOTHING for f in fields)
    src.add(1, f"n = {required}")
    for i, field in enumerate(fields):
        key = repr(field.name)
        local = f"f{i}"
        if field.default is attrs.NOTHING:
            src.add(1, f"v = d[{key}]")
            _leaf(src, conv, hints[field.name], "v", local, 1, hooks)
            continue
        src.add(1, f"if {key} in d:")
        src.add(2, f"v = d[{key}]")
        src.add(2, "n += 1")
        _leaf(src, conv, hints[field.name], "v", local, 2, hooks)
        src.add(1, "else:")
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            src.add(2, f"{local} = {src.name(default.factory)}()")
        else:
            src.add(2, f"{local} = {src.name(default)}")
    src.add(1, "if n != len(d):")
    src.add(2, "raise Miss")
    rules = [
        _rule_expr(f, hints[f.name], names, f"f{i}", limits=False) for i, f in enumerate(fields)
    ]
    body = " and ".join(r for r in rules if r)
    if body:
        src.add(1, f"if not ({body}):")
        src.add(2, "raise Miss")
    src.add(1, "o = _new(_cl)")
    setters = [_slot_setter(cl, f.name) for f in fields]
    if None in setters:
        src.add(1, "s = _setter(o)")
    for i, (field, setter) in enumerate(zip(fields, setters, strict=True)):
        if setter is None:
            src.add(1, f"s({field.name!r}, f{i})")
        else:  # the slot's own descriptor: what object.__setattr__ would find and call
            src.add(1, f"{src.name(setter, '_s')}(o, f{i})")
    post_init = getattr(cl, "__attrs_post_init__", None)
    check = getattr(post_init, "__sozialraum_check__", None)
    if check is not None:
        names["_check"] = check
        src.add(1, "if _check(o):")
        src.add(2, "raise Miss")
    elif post_init is not None:
        names["_post"] = post_init
        src.add(1, "_post(o)")
    src.add(1, "return o")
    namespace: dict[str, Any] = {}
    text = "\n".join(src.lines) + "\n"
    code = compile(text, f"<sozialraum fast structure {cl.__qualname__}>", "exec")
    exec(code, names, namespace)  # generated from the class's own fields and rules
    fast: Callable[[Any], Any] = namespace["fast"]
    fast.source = text  # type: ignore[attr-defined]
    return fast
