"""The one door for untrusted data: structure, validate and unstructure records.

JSON-like data (dicts, lists, strings, numbers, as :func:`json.loads` returns them) becomes
entities through :func:`structure`, or a complete list of problems through
:func:`validate`. Dates are ISO strings (``"2024-05-01"``), amounts are decimal strings
(``"1450.00"``), codes are strings of their code list. Unknown keys are refused with a
suggestion; every problem of a document is reported, each as an
:class:`~sozialraum.errors.Issue` with a JSON pointer, a stable code and a message that
never repeats the data.

>>> from sozialraum import schema
>>> from sozialraum.model import Help
>>> doc = {"id": "H1", "help_type": "31", "provider_id": "T1",
...        "period": {"start": "2024-01-01"}, "monthly_cost": "1450.00"}
>>> schema.structure(doc, Help).monthly_cost
Money('1450.00')
>>> schema.unstructure(schema.structure(doc, Help)) == doc
True
>>> bad = {"id": "H1", "help_typ": "31", "provider_id": "T1",
...        "period": {"start": "2024-13-01"}, "monthly_cost": 1450}
>>> for issue in schema.validate(bad, Help):
...     print(issue)
/help_type: this key is required [key.missing]
/period/start: not a valid calendar date [date.invalid]
/monthly_cost: write amounts as a decimal string such as "1450.00" [money.type]
/help_typ: unknown key for Help; did you mean 'help_type'? [key.unknown]

A data set (a municipality with its cases and case-independent work, in the files of the
embedded sample) is checked record by record and then as a set, with references and
dates across records, by :func:`validate_dataset` (or, streaming, :func:`iter_dataset`).
Documents of an older schema version are read with :func:`migrate` (issues for what cannot
be carried over); domain packages register migrations of their record types with
:func:`register_migration`.

The module is generic: it knows classes, not the published record names. Those are
listed in :mod:`sozialraum.records`, which also writes the JSON Schema files that ship
inside the package (``sozialraum/schemas/<record>.schema.json``), generated from the same
definitions:

>>> schema.json_schema_of(Help, "help")["$id"]
'https://sozialraum.readthedocs.io/schemas/2.0/help.schema.json'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from ..errors import Issue, ValidationError
from ..messages import check_lang
from . import _migrate_v1  # noqa: F401 - registers the 1.0 -> 2.0 migrations
from ._converter import make_converter
from ._dataset import DATASET_FILES, DataFile, DatasetIssue, iter_dataset, validate_dataset
from ._issues import issues_from_exception
from ._jsonschema import SCHEMA_BASE_URI, SCHEMA_VERSION
from ._jsonschema import json_schema as _json_schema
from ._migrate import SCHEMA_VERSIONS, Migration, migrate, register_migration

__all__ = [
    "DATASET_FILES",
    "SCHEMA_BASE_URI",
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "DataFile",
    "DatasetIssue",
    "Migration",
    "converter",
    "iter_dataset",
    "json_schema_of",
    "migrate",
    "register_migration",
    "register_reader",
    "schema_text",
    "structure",
    "unstructure",
    "validate",
    "validate_dataset",
]

T = TypeVar("T")

#: The preconfigured cattrs converter (fast mode) — use it to add hooks of your own.
converter: cattrs.Converter = make_converter(detailed=False)
_detailed: cattrs.Converter = make_converter(detailed=True)


@attrs.frozen
class _Custom:
    """A record type read and written by functions of its own (not field by field)."""

    structure: Callable[[Any], Any]
    unstructure: Callable[[Any], Any]
    body: Callable[[Any], dict[str, Any]]


_CUSTOM: dict[type[Any], _Custom] = {}


def register_reader(
    cl: type[Any],
    *,
    structure: Callable[[Any], Any],
    unstructure: Callable[[Any], Any],
    body: Callable[[Any], dict[str, Any]],
) -> None:
    """Let records of ``cl`` be read and written by functions of their own.

    A domain package whose records are not read field by field (the lifecycle's case files
    replay their events) registers its reader here when it is imported, so this module
    never imports the packages above it. ``structure`` raises
    :class:`~sozialraum.errors.ValidationError` with every issue; ``body`` builds the top
    of the record's JSON Schema with the generator it is given.
    """
    _CUSTOM[cl] = _Custom(structure, unstructure, body)


def _collect(data: Any, cl: type[Any]) -> tuple[Issue, ...]:
    try:
        _detailed.structure(data, cl)
    except Exception as exc:  # noqa: BLE001 - every failure is turned into issues
        return tuple(issues_from_exception(exc))
    return ()


def _custom_structure(custom: _Custom, data: Any) -> Any:
    """Run a registered reader; whatever it raises reaches the caller as a ValidationError."""
    try:
        return custom.structure(data)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader's slip is still the data's issue
        issues = tuple(issues_from_exception(exc))
        raise ValidationError(issues) from None


def structure(data: Any, cl: type[T], *, lang: str = "en") -> T:
    """Turn JSON-like ``data`` into an instance of ``cl``.

    :param lang: the language of the error's messages, ``"en"`` or ``"de"``.
    :raises ValidationError: listing *every* problem of the document.

    >>> from sozialraum.model import Help
    >>> structure({"id": "H1"}, Help, lang="de")
    Traceback (most recent call last):
    ...
    sozialraum.errors.ValidationError: 4 Probleme:
      /help_type: dieser Schlüssel ist erforderlich [key.missing]
      /provider_id: dieser Schlüssel ist erforderlich [key.missing]
      /period: dieser Schlüssel ist erforderlich [key.missing]
      /monthly_cost: dieser Schlüssel ist erforderlich [key.missing]
    """
    check_lang(lang)
    custom = _CUSTOM.get(cl)
    try:
        if custom is not None:
            built: T = _custom_structure(custom, data)
            return built
        try:
            result: T = converter.structure(data, cl)
        except Exception as exc:  # noqa: BLE001 - re-run in detailed mode to collect all issues
            issues = _collect(data, cl)
            if not issues:  # pragma: no cover - both modes disagree: report what we have
                issues = tuple(issues_from_exception(exc))
            raise ValidationError(issues) from None
    except ValidationError as err:
        if lang == "en":
            raise
        raise err.in_language(lang) from None
    return result


def validate(data: Any, cl: type[Any], *, lang: str = "en") -> tuple[Issue, ...]:
    """Every problem of ``data`` as a record of type ``cl``; empty when it is valid.

    :param lang: the language of the issues' messages, ``"en"`` or ``"de"``.

    >>> from sozialraum.model import Help
    >>> print(validate({"id": "H1", "help_type": 31}, Help, lang="de")[0])
    /help_type: erwartet eine Zeichenkette [type.string]
    """
    issues = _validate(data, cl)
    if lang == "en" or not issues:
        check_lang(lang)
        return issues
    check_lang(lang)
    return tuple(i.in_language(lang) for i in issues)


def _validate(data: Any, cl: type[Any]) -> tuple[Issue, ...]:
    if cl in _CUSTOM:
        try:
            _custom_structure(_CUSTOM[cl], data)
        except ValidationError as err:
            return err.issues
        return ()
    try:
        converter.structure(data, cl)
    except Exception:  # noqa: BLE001
        return _collect(data, cl)
    return ()


def unstructure(obj: Any) -> Any:
    """Turn an entity into JSON-ready data (ISO dates, amounts as decimal strings).

    Fields at their default value are left out, so documents stay small;
    ``structure(unstructure(x), type(x)) == x`` always holds.
    """
    custom = _CUSTOM.get(type(obj))
    if custom is not None:
        return custom.unstructure(obj)
    return converter.unstructure(obj)


def json_schema_of(cl: type[Any], name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of records of class ``cl`` published as ``name``.

    The published record types and their names are listed in :mod:`sozialraum.records`.
    """
    custom = _CUSTOM.get(cl)
    return _json_schema(cl, name, custom.body if custom is not None else None)


def schema_text(document: Mapping[str, Any]) -> str:
    """The canonical file text of a schema document (sorted keys are *not* used, so the
    field order of the classes is kept; two-space indent, final newline)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
