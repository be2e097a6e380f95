"""Seeds and mutations for the attack tests: a valid document of every record type, and
hypothesis strategies that break it (type swaps, deletions, unknown keys, huge values, deep
nesting)."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st
from tests import strategies as s

from sozialraum import records, schema

#: Values that are wrong almost anywhere: every JSON type, limits of numbers and dates.
HOSTILE: list[Any] = [
    None, [], {}, [[]], [None], True, False, 0, -1, 1.5, 10**16, -(10**16), 10**400,
    1e308, -1e308, 5e-324, float("nan"), float("inf"), "", "   ", "x", "Lena Schmidt",
    "9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2024-02-30", "2024-13-01",
    "1e999999", "1" * 5000, "0." + "1" * 300, "-5", "-1", "١٢٣", "12\n", "\ud800x",
    {"type": []}, {"a": 1}, [1, 2], "2024-01", "9999-12",
]  # fmt: skip


@functools.cache
def seeds() -> dict[str, Any]:
    """A valid document of every published record type (JSON-ready)."""
    from sozialraum.budget.demo import musterstadt_rules
    from sozialraum.lifecycle import DEFAULT_PROCESS, case_file_to_dict, example_history
    from sozialraum.simulation.calibration import sample_parameters

    docs: dict[str, Any] = {
        "budget_rule_set": schema.unstructure(musterstadt_rules().entries[0].value),
        "simulation_parameters": schema.unstructure(sample_parameters()),
        "process": schema.unstructure(DEFAULT_PROCESS),
        "case_file": case_file_to_dict(DEFAULT_PROCESS.replay(example_history(), case_id="F")),
        "simulation_study": {
            "name": "Test",
            "start_year": 2026,
            "years": 2,
            "budget": {"total": "7000000.00", "growth": "0.02"},
            "scenarios": [
                {"name": "nothing", "changes": []},
                {
                    "name": "more prevention",
                    "changes": [
                        {"parameter": "case_independent_share", "operation": "add", "value": "0.1"}
                    ],
                },
            ],
        },
    }
    return docs


def _paths(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*path, i))


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with one to three random mutations."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        if not path:
            continue
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        op = draw(st.sampled_from(["replace", "replace", "delete", "key", "nest"]))
        if op == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif op == "key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["zz", "Lena Schmidt", "\ud800x", "~/"]))] = 1
        elif op == "nest":
            parent[path[-1]] = draw(st.sampled_from([[[[[1]]]], {"a": {"b": {"c": [None]}}}]))
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
    return doc


def valid_documents(name: str) -> st.SearchStrategy[Any]:
    """Valid documents of ``name``: drawn entities, or the fixed seed."""
    if name in s.records:
        return s.records[name].map(schema.unstructure)
    return st.just(seeds()[name])


def mutated_documents(name: str) -> st.SearchStrategy[Any]:
    """Documents of ``name`` mutated from valid ones."""
    return valid_documents(name).flatmap(mutated)


RECORD_NAMES = sorted(records.RECORD_TYPES)
