"""The published record types: their names, their classes and their JSON Schema files.

This module stands above every domain package and lists what sozialraum publishes, so the
generic door (:mod:`sozialraum.schema`) imports nothing above the model and every import
arrow points down. A name here is the file name of the record's JSON Schema and the
``--type`` of ``sozialraum validate``.

>>> from sozialraum import records
>>> records.record_type("help").__name__
'Help'
>>> records.json_schema("help")["$id"]
'https://sozialraum.readthedocs.io/schemas/2.0/help.schema.json'
>>> records.shipped_schema("help") == records.json_schema("help")
True
"""

from __future__ import annotations

import difflib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from . import schema
from .budget import RuleSet
from .catalog import CatalogVersion
from .errors import UnknownCodeError
from .lifecycle import CaseFile, Process
from .model import (
    Case,
    CaseIndependentWork,
    Help,
    HelpPlan,
    Municipality,
    ProtectiveCustody,
    Provider,
    RiskAssessment,
    SocialSpace,
    SocialSpaceTeam,
    YoungPerson,
)
from .simulation.parameters import ModelParameters
from .simulation.scenario import Study

__all__ = [
    "RECORD_TYPES",
    "json_schema",
    "record_type",
    "register_record_type",
    "shipped_schema",
    "write_schemas",
]

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
    "protective_custody": ProtectiveCustody,
    "case_independent_work": CaseIndependentWork,
    "budget_rule_set": RuleSet,
    "simulation_study": Study,
    "simulation_parameters": ModelParameters,
    "case_file": CaseFile,
    "process": Process,
    "catalog_version": CatalogVersion,
}


def register_record_type(name: str, cl: type[Any]) -> None:
    """Publish the attrs class ``cl`` as a record type called ``name``.

    It can then be validated (also with ``sozialraum validate --type NAME``) and gets a
    JSON Schema file of its own.
    """
    RECORD_TYPES[name] = cl


def record_type(name: str) -> type[Any]:
    """The record class published as ``name``.

    :raises UnknownCodeError: for an unknown name, with a suggestion.
    """
    try:
        return RECORD_TYPES[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(RECORD_TYPES), n=1)
        raise UnknownCodeError("record_types", name, close[0] if close else None) from None


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the record type ``name``, generated now."""
    return schema.json_schema_of(record_type(name), name)


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


def write_schemas(directory: str | Path) -> list[Path]:
    """Write ``<name>.schema.json`` for every record type into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(RECORD_TYPES):
        path = out / f"{name}.schema.json"
        path.write_text(schema.schema_text(json_schema(name)), encoding="utf-8")
        written.append(path)
    return written
