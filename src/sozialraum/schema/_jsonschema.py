"""JSON Schema (draft 2020-12) generated from the attrs definitions of the records.

The generator reads the same class definitions the converter structures, plus field
metadata the model declares (``code_list``, ``minimum``, ``maximum``), so the published
schema and the library cannot drift apart. Cross-field rules (an end not before its start,
a § 41 help for a young adult …) are checked by the library only; the schema's
``description`` says so.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from .. import catalog
from .._limits import MAX_DECIMAL_TEXT, MAX_INTEGER
from ..model import YearMonth
from ..model._base import is_non_blank_field
from ..money import Money

__all__ = ["SCHEMA_BASE_URI", "SCHEMA_VERSION", "json_schema"]

#: Version of the published schemas; part of every ``$id``. Bump on incompatible change.
SCHEMA_VERSION = "2.0"
#: Where the schemas are published (their ``$id`` prefix).
SCHEMA_BASE_URI = f"https://sozialraum.readthedocs.io/schemas/{SCHEMA_VERSION}/"

# dates of the supported range only: years 1900 to 2199 (sozialraum.periods.MIN_DATE …)
_YEAR = "(?:19|20|21)[0-9]{2}"
_DATE = {"type": "string", "format": "date", "pattern": rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$(?!\n)"}
_EUROS = "[0-9]{1,15}"  # amounts below 10**15 euros (sozialraum.money.MAX_CENTS)
_NON_BLANK = r"\S"


def _integers_up_to(m: int) -> str:
    """A regular expression for the integers 0 … ``m`` written without leading zeros.

    >>> import re
    >>> pattern = re.compile(f"^{_integers_up_to(167)}$")
    >>> [n for n in range(1000) if pattern.match(str(n))] == list(range(168))
    True
    """
    digits = str(m)
    width = len(digits)
    alternatives = []
    if width > 1:
        alternatives.append(r"[0-9]")
        alternatives += [rf"[1-9][0-9]{{{k - 1}}}" for k in range(2, width)]
    for i, char in enumerate(digits):
        low = 1 if i == 0 and width > 1 else 0
        if int(char) > low:
            rest = width - i - 1
            tail = rf"[0-9]{{{rest}}}" if rest else ""
            alternatives.append(f"{digits[:i]}[{low}-{int(char) - 1}]{tail}")
    alternatives.append(digits)
    return "(?:" + "|".join(alternatives) + ")"


def _up_to(maximum: int | None, fraction: str, zeros: str) -> str:
    """Unsigned decimal text of at most ``maximum`` (any size when ``None``)."""
    if maximum is None:
        return rf"[0-9]+(?:\.{fraction})?"
    below = _integers_up_to(maximum - 1) if maximum > 0 else None
    top = rf"0*{maximum}(?:\.{zeros})?"
    return top if below is None else rf"0*{below}(?:\.{fraction})?|{top}"


def _decimal_pattern(meta: typing.Mapping[str, Any], fraction: str = "[0-9]+") -> str:
    """Decimal strings within the field's integer bounds: a minimum of 0, a negative minimum
    as large as the maximum, an exclusive negative minimum, or none.

    >>> import re
    >>> growth = re.compile(_decimal_pattern({"minimum": -1, "maximum": 10,
    ...                                       "exclusive_minimum": True}))
    >>> [bool(growth.match(t)) for t in ("-1", "-1.0", "-0.99", "0", "10", "10.5", "-00.5")]
    [False, False, True, True, True, False, True]
    """
    # the size limit of every number, 10**15, when no maximum is given
    minimum, maximum = meta.get("minimum"), meta.get("maximum", MAX_INTEGER)
    zeros = fraction.replace("[0-9]", "0")
    if minimum is None:
        return rf"^-?(?:{_up_to(maximum, fraction, zeros)})$(?!\n)"
    positive = _up_to(maximum, fraction, zeros)
    if minimum == 0:
        negative = rf"-0+(?:\.{zeros})?"  # negative zero is not below 0
    elif minimum < 0 and meta.get("exclusive_minimum"):
        negative = rf"-0*{_integers_up_to(-minimum - 1)}(?:\.{fraction})?"
    else:
        assert minimum == -(maximum or 0), "bounds that cannot be written as a pattern"
        negative = f"-(?:{positive})"
    return rf"^(?:{positive}|{negative})$(?!\n)"


def _codes(name: str) -> list[str]:
    if name == "help_types":
        return list(catalog.HELP_TYPES)
    return list(catalog.code_list(name).codes)


def _summary(cl: type[Any]) -> str:
    doc = inspect.getdoc(cl) or cl.__name__
    return doc.split("\n\n", 1)[0].replace("\n", " ")


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def for_type(self, t: Any, meta: typing.Mapping[str, Any], name: str) -> dict[str, Any]:
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if origin in (typing.Union, types.UnionType):
            if set(args) == {date, YearMonth}:
                return {
                    "type": "string",
                    "anyOf": [
                        {"format": "date", "pattern": _DATE["pattern"]},
                        {"pattern": rf"^{_YEAR}-(0[1-9]|1[0-2])$(?!\n)"},
                    ],
                }
            inner = [a for a in args if a is not type(None)]
            assert len(inner) == 1, t
            return {"anyOf": [self.for_type(inner[0], meta, name), {"type": "null"}]}
        if origin is tuple:
            array: dict[str, Any] = {"type": "array", "items": self.for_type(args[0], meta, name)}
            if "lengths" in meta:
                array["anyOf"] = [{"minItems": n, "maxItems": n} for n in meta["lengths"]]
            return array
        if origin is dict:
            return {"type": "object", "additionalProperties": self.for_type(args[1], meta, name)}
        if "code_list" in meta and t is str:
            return {"type": "string", "enum": _codes(meta["code_list"])}
        if t is str:
            if is_non_blank_field(name):
                return {"type": "string", "pattern": _NON_BLANK}
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return self._bounded({"type": "integer"}, meta)
        if t is date:
            return dict(_DATE)
        if t is Money:
            if "maximum" in meta or meta.get("minimum") not in (None, 0):
                return {"type": "string", "pattern": _decimal_pattern(meta, "[0-9]{1,2}")}
            if meta.get("minimum") == 0:  # "-0.00" is zero, not negative
                pattern = rf"^(?:{_EUROS}(?:\.[0-9]{{1,2}})?|-0{{1,15}}(?:\.0{{1,2}})?)$(?!\n)"
            else:
                pattern = rf"^-?{_EUROS}(?:\.[0-9]{{1,2}})?$(?!\n)"
            return {"type": "string", "pattern": pattern}
        if t is Decimal:
            return {
                "anyOf": [
                    self._bounded({"type": "number"}, meta),
                    {
                        "type": "string",
                        "maxLength": MAX_DECIMAL_TEXT,
                        "pattern": _decimal_pattern(meta),
                    },
                ]
            }
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"type": "string", "enum": [m.value for m in t]}
        if attrs.has(t):
            self.define(t)
            return {"$ref": f"#/$defs/{t.__name__}"}
        raise TypeError(f"no JSON Schema mapping for {t!r}")  # pragma: no cover

    @staticmethod
    def _bounded(schema: dict[str, Any], meta: typing.Mapping[str, Any]) -> dict[str, Any]:
        # every number is within 10**15 in size (sozialraum._limits), unless bound tighter
        if meta.get("exclusive_minimum"):
            schema["exclusiveMinimum"] = meta["minimum"]
        else:
            schema["minimum"] = meta.get("minimum", -MAX_INTEGER)
        schema["maximum"] = meta.get("maximum", MAX_INTEGER)
        return schema

    def object_schema(self, cl: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cl)
        props: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cl):
            if not field.init:  # derived (e.g. a code list's index), never in documents
                continue
            props[field.name] = self.for_type(hints[field.name], field.metadata, field.name)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "type": "object",
            "description": _summary(cl),
            "properties": props,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def define(self, cl: type[Any]) -> None:
        if cl.__name__ in self.defs:
            return
        self.defs[cl.__name__] = {}  # reserve: recursion guard
        self.defs[cl.__name__] = self.object_schema(cl)


def json_schema(
    cl: type[Any], name: str, body: Callable[[Any], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The JSON Schema document (draft 2020-12) for records of class ``cl``.

    ``name`` is the record name used in the file name and ``$id``; ``body``, if given,
    builds the top-level schema with the generator instead of the class's fields.
    """
    gen = _Generator()
    top = body(gen) if body is not None else gen.object_schema(cl)
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URI}{name}.schema.json",
        "title": f"sozialraum {cl.__name__}",
        **top,
        "$comment": (
            f"Generated by sozialraum from {cl.__module__}.{cl.__qualname__}; schema version "
            f"{SCHEMA_VERSION}. Rules across fields (dates in order, references, age rules) "
            "are checked by the library's validate(), not by this schema."
        ),
    }
    if gen.defs:
        document["$defs"] = {k: gen.defs[k] for k in sorted(gen.defs)}
    return document
