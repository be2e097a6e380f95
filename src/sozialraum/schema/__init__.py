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

The JSON Schema files of every record type ship inside the package
(``sozialraum/schemas/<record>.schema.json``) and are generated from the same definitions:

>>> schema.json_schema("help")["$id"]
'https://sozialraum.readthedocs.io/schemas/1.0/help.schema.json'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs

from ..budget import RuleSet
from ..errors import Issue, UnknownCodeError, ValidationError
from ..lifecycle import CaseFile, Process
from ..model import (
    Case,
    CaseIndependentWork,
    Help,
    HelpPlan,
    Municipality,
    Provider,
    RiskAssessment,
    SocialSpace,
    SocialSpaceTeam,
    YoungPerson,
)
from ..simulation.parameters import ModelParameters
from ..simulation.scenario import Study
from . import _lifecycle
from ._converter import make_converter
from ._issues import issues_from_exception
from ._jsonschema import SCHEMA_BASE_URI, SCHEMA_VERSION
from ._jsonschema import json_schema as _json_schema

__all__ = [
    "RECORD_TYPES",
    "SCHEMA_BASE_URI",
    "SCHEMA_VERSION",
    "converter",
    "json_schema",
    "record_type",
    "register_record_type",
    "shipped_schema",
    "structure",
    "unstructure",
    "validate",
    "write_schemas",
]

T = TypeVar("T")

#: The preconfigured cattrs converter (fast mode) — use it to add hooks of your own.
converter: cattrs.Converter = make_converter(detailed=False)
_detailed: cattrs.Converter = make_converter(detailed=True)

#: Top-level record types by their published name (file name of their JSON Schema).
RECORD_TYPES: dict[str, type[Any]] = {
    "municipality": Municipality,
    "social_space": SocialSpace,
    "provider": Provider,
    "social_space_team": SocialSpaceTeam,
    "young_person": YoungPerson,
    "case": Case,
    "help": Help,
    "help_plan": HelpPlan,
    "risk_assessment": RiskAssessment,
    "case_independent_work": CaseIndependentWork,
    "budget_rule_set": RuleSet,
    "simulation_study": Study,
    "simulation_parameters": ModelParameters,
}


@attrs.frozen
class _Custom:
    """A record type read and written by functions of its own (not field by field)."""

    structure: Callable[[Any], Any]
    unstructure: Callable[[Any], Any]
    body: Callable[[Any], dict[str, Any]]


_CUSTOM: dict[type[Any], _Custom] = {}


def register_record_type(name: str, cl: type[Any]) -> None:
    """Publish the attrs class ``cl`` as a record type called ``name``.

    It can then be validated (also with ``sozialraum validate --type NAME``) and gets a
    JSON Schema file of its own.
    """
    RECORD_TYPES[name] = cl


def _register_custom(name: str, cl: type[Any], custom: _Custom) -> None:
    RECORD_TYPES[name] = cl
    _CUSTOM[cl] = custom


_register_custom(
    "case_file",
    CaseFile,
    _Custom(
        _lifecycle.structure_case_file,
        _lifecycle.unstructure_case_file,
        _lifecycle.case_file_json_schema,
    ),
)
_register_custom(
    "process",
    Process,
    _Custom(
        lambda data: _lifecycle.structure_process(data, structure),
        _lifecycle.unstructure_process,
        _lifecycle.process_json_schema,
    ),
)


def record_type(name: str) -> type[Any]:
    """The record class published as ``name``.

    :raises UnknownCodeError: for an unknown name, with a suggestion.
    """
    try:
        return RECORD_TYPES[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(RECORD_TYPES), n=1)
        raise UnknownCodeError("record_types", name, close[0] if close else None) from None


def _collect(data: Any, cl: type[Any]) -> tuple[Issue, ...]:
    try:
        _detailed.structure(data, cl)
    except Exception as exc:  # noqa: BLE001 - every failure is turned into issues
        return tuple(issues_from_exception(exc))
    return ()


def structure(data: Any, cl: type[T]) -> T:
    """Turn JSON-like ``data`` into an instance of ``cl``.

    :raises ValidationError: listing *every* problem of the document.
    """
    custom = _CUSTOM.get(cl)
    if custom is not None:
        built: T = custom.structure(data)
        return built
    try:
        result: T = converter.structure(data, cl)
    except Exception as exc:  # noqa: BLE001 - re-run in detailed mode to collect all issues
        issues = _collect(data, cl)
        if not issues:  # pragma: no cover - both modes disagree: report what we have
            issues = tuple(issues_from_exception(exc))
        raise ValidationError(issues) from None
    return result


def validate(data: Any, cl: type[Any]) -> tuple[Issue, ...]:
    """Every problem of ``data`` as a record of type ``cl``; empty when it is valid."""
    if cl in _CUSTOM:
        try:
            _CUSTOM[cl].structure(data)
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


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the record type ``name``, generated now."""
    cl = record_type(name)
    custom = _CUSTOM.get(cl)
    return _json_schema(cl, name, custom.body if custom is not None else None)


def shipped_schema(name: str) -> dict[str, Any]:
    """The JSON Schema file of ``name`` as shipped inside the installed package."""
    record_type(name)
    text = (
        resources.files("sozialraum")
        .joinpath("schemas", f"{name}.schema.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_text(document: Mapping[str, Any]) -> str:
    """The canonical file text of a schema document (sorted keys are *not* used, so the
    field order of the classes is kept; two-space indent, final newline)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: str | Path) -> list[Path]:
    """Write ``<name>.schema.json`` for every record type into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(RECORD_TYPES):
        path = out / f"{name}.schema.json"
        path.write_text(schema_text(json_schema(name)), encoding="utf-8")
        written.append(path)
    return written
