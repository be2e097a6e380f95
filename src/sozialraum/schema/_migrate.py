"""Migrations between schema versions: read old documents into the current record types.

A migration is a function ``fn(doc) -> (new_doc, issues)`` from one schema version of one
record type to the next; :func:`register_migration` records it and :func:`migrate` chains
them up to :data:`~sozialraum.schema.SCHEMA_VERSION`. A record type without a migration for
a version step is unchanged by it. What a migration cannot carry over is reported as an
:class:`~sozialraum.errors.Issue` (codes ``migrate.*``), never dropped silently. The input
document is never changed.

>>> from sozialraum import schema
>>> doc, issues = schema.migrate({"id": "H1", "help_type": "41-residential",
...     "provider_id": "T1", "period": {"start": "2024-01-01"}, "monthly_cost": "0"}, "help")
>>> doc["help_type"], doc["young_adult"]
('27-out-of-home', True)
>>> [i.code for i in issues]
['migrate.young_adult_help_type']
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .. import messages
from ..errors import Issue
from ._jsonschema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSIONS", "Migration", "migrate", "register_migration"]

#: The published schema versions, oldest first.
SCHEMA_VERSIONS: tuple[str, ...] = ("1.0", "2.0")

#: A migration of one record type from one schema version to the next.
Migration = Callable[[Any], tuple[Any, tuple[Issue, ...]]]

_VERSION_UNKNOWN = messages.define(
    "migrate.version_unknown", "unknown schema version; known versions: {versions}"
)
_VERSION_ORDER = messages.define(
    "migrate.version_order", "a migration goes from an older to a newer version"
)

_MIGRATIONS: dict[tuple[str, str], tuple[str, Migration]] = {}


def register_migration(
    record_type_name: str, from_version: str, to_version: str, fn: Migration
) -> None:
    """Record ``fn`` as the migration of ``record_type_name`` from ``from_version`` to
    ``to_version``.

    ``fn(doc)`` gets a copy of the document it may change and returns the migrated
    document and the issues of what it could not carry over. Registering again for the
    same record type and version replaces the earlier function.

    :raises ValueError: if a version is unknown or ``to_version`` is not newer.
    """
    for version in (from_version, to_version):
        if version not in SCHEMA_VERSIONS:
            raise ValueError(f"unknown schema version {version!r}")
    if SCHEMA_VERSIONS.index(to_version) <= SCHEMA_VERSIONS.index(from_version):
        raise ValueError("a migration goes from an older to a newer version")
    _MIGRATIONS[(record_type_name, from_version)] = (to_version, fn)


def migrate(doc: Any, record_type: str, from_version: str = "1.0") -> tuple[Any, tuple[Issue, ...]]:
    """``doc``, a ``record_type`` document of schema ``from_version``, in the current schema.

    Returns the migrated document (a new object) and every issue of what could not be
    carried over. The result is not validated: use :func:`~sozialraum.schema.validate`.
    """
    if from_version not in SCHEMA_VERSIONS:
        issue = Issue.of("", _VERSION_UNKNOWN, versions=", ".join(SCHEMA_VERSIONS))
        return copy.deepcopy(doc), (issue,)
    target = SCHEMA_VERSIONS.index(SCHEMA_VERSION)
    if SCHEMA_VERSIONS.index(from_version) > target:
        return copy.deepcopy(doc), (Issue.of("", _VERSION_ORDER),)
    version = from_version
    issues: list[Issue] = []
    result = copy.deepcopy(doc)
    while version != SCHEMA_VERSION:
        step = _MIGRATIONS.get((record_type, version))
        if step is None:  # the record type did not change in this step
            version = SCHEMA_VERSIONS[SCHEMA_VERSIONS.index(version) + 1]
            continue
        version, fn = step
        result, found = fn(result)
        issues += found
    return result, tuple(issues)
