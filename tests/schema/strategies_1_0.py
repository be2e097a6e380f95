"""Documents of schema 1.0, frozen: valid 1.0 case, help and risk-assessment documents.

The codes come from the frozen 1.0 JSON Schema files (``tests/data/schemas-1.0``), the
rules are the 1.0 model's (a § 41 help for a person of 18 or older at its start, from 21
with a justification; § 35a with a specialist statement; ended helps with a reason …), so
these documents stay what 1.0 accepted, whatever the current model says.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas-1.0"


def frozen_schema(name: str) -> dict[str, Any]:
    """The frozen 1.0 JSON Schema of record type ``name``."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


_CASE = frozen_schema("case")
_DEFS = _CASE["$defs"]
HELP_TYPES: list[str] = _DEFS["Help"]["properties"]["help_type"]["enum"]
ENDING_REASONS: list[str] = _DEFS["Help"]["properties"]["ending_reason"]["anyOf"][0]["enum"]
REASONS: list[str] = _CASE["properties"]["reasons"]["items"]["enum"]
INITIATORS: list[str] = _CASE["properties"]["initiated_by"]["anyOf"][0]["enum"]
CLOSING: list[str] = _CASE["properties"]["closing_reason"]["anyOf"][0]["enum"]
RESULTS: list[str] = _DEFS["RiskAssessment"]["properties"]["result"]["enum"]
DANGERS: list[str] = _DEFS["RiskAssessment"]["properties"]["danger_forms"]["items"]["enum"]
YOUNG_ADULT_TYPES = [c for c in HELP_TYPES if c.startswith("41-")]


def _iso(day: date) -> str:
    return day.isoformat()


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@st.composite
def help_docs(
    draw: st.DrawFn,
    *,
    start_min: date = date(2000, 1, 1),
    start_max: date = date(2040, 1, 1),
    end_max: date | None = None,
    birth: date | None = None,
    n: int = 0,
) -> dict[str, Any]:
    """A valid 1.0 help document (a § 41 type only when ``birth`` makes it valid)."""
    start = draw(st.dates(start_min, start_max))
    types = HELP_TYPES
    if birth is not None and _age(birth, start) < 18:
        types = [c for c in HELP_TYPES if c not in YOUNG_ADULT_TYPES]
    code = draw(st.sampled_from(types))
    doc: dict[str, Any] = {
        "id": f"H{n}",
        "help_type": code,
        "provider_id": draw(st.sampled_from(["T1", "T2"])),
        "period": {"start": _iso(start)},
        "monthly_cost": f"{draw(st.integers(0, 10**6)) / 100:.2f}",
    }
    if end_max is not None or draw(st.booleans()):
        limit = end_max if end_max is not None else start + timedelta(days=900)
        end = draw(st.dates(start, max(start, limit)))
        doc["period"]["end"] = _iso(end)
        doc["ending_reason"] = draw(st.sampled_from(ENDING_REASONS))
    if draw(st.booleans()):
        doc["day_rate"] = f"{draw(st.integers(0, 40000)) / 100:.2f}"
    if draw(st.booleans()):
        doc["hours_per_week"] = str(draw(st.integers(0, 40)))
    if draw(st.booleans()):
        doc["planned_end"] = _iso(start + timedelta(days=draw(st.integers(0, 700))))
    if code.startswith("35a"):
        doc["specialist_statement_on"] = _iso(start - timedelta(days=draw(st.integers(0, 90))))
    needs_justification = birth is not None and _age(birth, start) >= 21
    if (code in YOUNG_ADULT_TYPES and needs_justification) or draw(st.integers(0, 4)) == 0:
        doc["justification_beyond_21"] = "Verselbständigung"
    return doc


@st.composite
def risk_docs(draw: st.DrawFn, n: int = 0) -> dict[str, Any]:
    """A valid 1.0 § 8a assessment document (with the help statistic's initiator list)."""
    result = draw(st.sampled_from(RESULTS))
    doc: dict[str, Any] = {
        "id": f"R{n}",
        "concluded_on": _iso(draw(st.dates(date(2000, 1, 1), date(2040, 1, 1)))),
        "result": result,
    }
    if draw(st.booleans()):
        doc["initiated_by"] = draw(st.sampled_from(INITIATORS))
    if result in ("acute", "latent") and draw(st.booleans()):
        doc["danger_forms"] = draw(st.lists(st.sampled_from(DANGERS), unique=True, max_size=2))
    return doc


@st.composite
def case_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid 1.0 case document: reasons and initiator on the case, § 41 help types."""
    opened = draw(st.dates(date(2000, 1, 1), date(2035, 1, 1)))
    birth = draw(st.dates(opened - timedelta(days=26 * 365), opened))
    month = draw(st.booleans())
    if month:
        birth = birth.replace(day=1)
    closed = draw(st.none() | st.dates(opened, opened + timedelta(days=1000)))
    start_max = closed if closed is not None else opened + timedelta(days=1000)
    helps = [
        draw(help_docs(start_min=opened, start_max=start_max, end_max=closed, birth=birth, n=i))
        for i in range(draw(st.integers(0, 3)))
    ]
    doc: dict[str, Any] = {
        "id": "C1",
        "space_id": "S1",
        "opened": _iso(opened),
        "young_person": {"id": "P1", "birth": _iso(birth)[:7] if month else _iso(birth)},
    }
    if draw(st.booleans()):
        doc["initiated_by"] = draw(st.sampled_from(INITIATORS))
    if draw(st.booleans()):
        doc["reasons"] = draw(st.lists(st.sampled_from(REASONS), max_size=5))
    if helps:
        doc["helps"] = helps
    if helps and draw(st.booleans()):
        ids = [h["id"] for h in helps]
        doc["help_plans"] = [
            {
                "id": "HP1",
                "agreed_on": _iso(opened),
                "help_ids": draw(st.lists(st.sampled_from(ids), unique=True)),
            }
        ]
    if draw(st.booleans()):
        doc["risk_assessments"] = [draw(risk_docs(n=i)) for i in range(draw(st.integers(1, 2)))]
    if closed is not None:
        doc["closed"] = _iso(closed)
        doc["closing_reason"] = draw(st.sampled_from(CLOSING))
    return doc
