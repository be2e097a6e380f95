"""The embedded synthetic sample municipality *Musterstadt*.

The files in this package are **synthetic**: invented by a documented generator
(:mod:`sozialraum.data.generate`), describing no real person, case or provider. They serve
the demo, the tutorial, tests and benchmarks.

>>> sample = load_sample()
>>> sample.municipality.name
'Jugendamt Musterstadt (synthetic)'
>>> len(sample.municipality.social_spaces), len(sample.municipality.providers)
(4, 4)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from ..model import Case, CaseIndependentWork, Municipality

__all__ = ["SAMPLE_FILES", "Sample", "load_sample", "sample_documents", "sample_file"]

#: The files of the sample, by the record type their documents have.
SAMPLE_FILES: dict[str, str] = {
    "municipality": "municipality.json",
    "case": "cases.jsonl",
    "case_independent_work": "case_independent_work.jsonl",
}


@attrs.frozen(kw_only=True)
class Sample:
    """The sample municipality with its cases and case-independent work."""

    municipality: Municipality
    cases: tuple[Case, ...]
    work: tuple[CaseIndependentWork, ...]


def sample_file(name: str) -> Traversable:
    """The packaged file ``name`` of the sample (``"cases.jsonl"`` …)."""
    return resources.files(__name__).joinpath("musterstadt", name)


def sample_documents(record: str) -> Iterator[Any]:
    """The raw JSON documents of one record type of the sample."""
    text = sample_file(SAMPLE_FILES[record]).read_text(encoding="utf-8")
    if SAMPLE_FILES[record].endswith(".jsonl"):
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)
    else:
        yield json.loads(text)


def load_sample() -> Sample:
    """Load and validate the embedded sample (raises ValidationError if it were broken)."""
    from ..schema import structure

    (municipality,) = (structure(d, Municipality) for d in sample_documents("municipality"))
    cases = tuple(structure(d, Case) for d in sample_documents("case"))
    work = tuple(
        structure(d, CaseIndependentWork) for d in sample_documents("case_independent_work")
    )
    return Sample(municipality=municipality, cases=cases, work=work)
