"""Migration of schema 1.0 documents to 2.0: nothing lost, everything else an issue."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from tests.schema import strategies_1_0 as v1

from sozialraum import records, schema
from sozialraum.model import Case, Help, RiskAssessment

_V1 = {
    name: Draft202012Validator(v1.frozen_schema(name))
    for name in ("case", "help", "risk_assessment")
}


def _cents(text: str | None) -> int:
    if text is None:
        return 0
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0") or 0)


def _totals(doc: dict[str, Any]) -> tuple[int, int, int]:
    helps = doc.get("helps", [])
    cents = sum(_cents(h["monthly_cost"]) + _cents(h.get("day_rate")) for h in helps)
    days = 0
    for h in helps:
        end = h["period"].get("end")
        if end is not None:
            days += (date.fromisoformat(end) - date.fromisoformat(h["period"]["start"])).days
    return len(helps), cents, days


def codes(issues: tuple[Any, ...]) -> list[tuple[str, str]]:
    return [(i.path, i.code) for i in issues]


# --------------------------------------------------------------------------- properties


@given(v1.case_docs())
def test_every_1_0_case_migrates_to_a_valid_2_0_case_with_equal_totals(doc: dict[str, Any]):
    assert not list(_V1["case"].iter_errors(doc))  # the strategy produces 1.0 documents
    before = copy.deepcopy(doc)
    migrated, issues = schema.migrate(doc, "case")
    assert doc == before  # the input is never changed
    assert schema.validate(migrated, Case) == ()
    assert _totals(migrated) == _totals(doc)
    assert all(i.code.startswith("migrate.") for i in issues)
    case = schema.structure(migrated, Case)
    # nothing of the case-level fields is lost silently
    if doc.get("reasons"):
        kept = list(dict.fromkeys(doc["reasons"]))[:3]
        if case.helps:
            assert all(h.reasons == tuple(kept) for h in case.helps)
        else:
            assert ("/reasons", "migrate.reasons_without_help") in codes(issues)
        dropped = len(doc["reasons"]) - len(kept)
        lost = [
            i for i in issues if i.code in ("migrate.reasons_excess", "migrate.reasons_repeated")
        ]
        assert len(lost) == (dropped if case.helps else 0)
    if doc.get("initiated_by") is not None:
        if case.helps:
            assert {h.initiated_by for h in case.helps} == {doc["initiated_by"]}
        else:
            assert ("/initiated_by", "migrate.initiator_without_help") in codes(issues)
    # a 1.0 § 41 help is a young adult's help in 2.0
    for old, new in zip(doc.get("helps", []), case.helps, strict=True):
        if old["help_type"].startswith("41-"):
            assert case.is_young_adult_help(new)


@given(v1.help_docs())
def test_every_1_0_help_migrates_to_a_valid_2_0_help(doc: dict[str, Any]):
    assert not list(_V1["help"].iter_errors(doc))
    migrated, issues = schema.migrate(doc, "help")
    assert schema.validate(migrated, Help) == ()
    assert migrated["period"] == doc["period"]
    assert migrated["monthly_cost"] == doc["monthly_cost"]
    changed = migrated["help_type"] != doc["help_type"]
    assert bool(issues) == (changed and doc["help_type"] not in ("27-2", "27-2-residential"))


@given(v1.risk_docs())
def test_every_1_0_risk_assessment_migrates(doc: dict[str, Any]):
    assert not list(_V1["risk_assessment"].iter_errors(doc))
    migrated, issues = schema.migrate(doc, "risk_assessment")
    assert schema.validate(migrated, RiskAssessment) == ()
    assert ("notified_by" in migrated) == (doc.get("initiated_by") is not None)
    assert len(issues) == (1 if doc.get("initiated_by") is not None else 0)


# --------------------------------------------------------------------------- examples

CASE_1_0: dict[str, Any] = {
    "id": "C1",
    "space_id": "S1",
    "opened": "2024-01-01",
    "young_person": {"id": "P1", "birth": "2005-03-01"},
    "initiated_by": "3",
    "reasons": ["13", "15", "13", "18", "11"],
    "helps": [
        {"id": "H1", "help_type": "41-residential", "provider_id": "T1",
         "period": {"start": "2024-02-01"}, "monthly_cost": "5000.00"},
        {"id": "H2", "help_type": "28", "provider_id": "T1",
         "period": {"start": "2024-02-01", "end": "2024-05-01"}, "monthly_cost": "300.00",
         "ending_reason": "10"},
    ],
    "risk_assessments": [
        {"id": "R1", "concluded_on": "2024-01-05", "result": "latent", "initiated_by": "7"}
    ],
}  # fmt: skip


def test_case_level_reasons_and_initiator_become_each_helps():
    migrated, issues = schema.migrate(CASE_1_0, "case")
    case = schema.structure(migrated, Case)
    assert [h.reasons for h in case.helps] == [("13", "15", "18")] * 2
    assert [h.initiated_by for h in case.helps] == ["3", "3"]
    assert codes(issues) == [
        ("/helps/0/help_type", "migrate.young_adult_help_type"),
        ("/helps/1/help_type", "migrate.help_type_refined"),
        ("/helps/1/young_adult", "migrate.young_adult_derived"),
        ("/reasons/2", "migrate.reasons_repeated"),
        ("/reasons/4", "migrate.reasons_excess"),
        ("/reasons", "migrate.reasons_moved"),
        ("/initiated_by", "migrate.initiator_moved"),
        ("/risk_assessments/0/notified_by", "migrate.notifier_mapped"),
    ]
    assert case.risk_assessments[0].notified_by == "acquaintances_neighbours"


def test_old_41_codes_become_the_help_type_plus_legal_basis():
    migrated, _ = schema.migrate(CASE_1_0, "case")
    case = schema.structure(migrated, Case)
    h = case.helps[0]
    assert h.help_type == "27-out-of-home"
    assert h.young_adult is True
    assert case.is_young_adult_help(h)
    assert case.legal_basis(h) == ("§ 27 SGB VIII", "§ 41 SGB VIII")


def test_issue_messages_name_codes_not_data():
    _, issues = schema.migrate(CASE_1_0, "case")
    for issue in issues:
        assert "2005" not in issue.message
        assert "C1" not in issue.message
    refined = next(i for i in issues if i.code == "migrate.help_type_refined")
    assert dict(refined.params) == {"old": "28", "new": "28-family"}


def test_a_case_without_helps_reports_its_reasons_and_initiator():
    doc = {k: v for k, v in CASE_1_0.items() if k not in ("helps", "risk_assessments")}
    migrated, issues = schema.migrate(doc, "case")
    assert "reasons" not in migrated
    assert "initiated_by" not in migrated
    assert codes(issues) == [
        ("/reasons", "migrate.reasons_without_help"),
        ("/initiated_by", "migrate.initiator_without_help"),
    ]
    assert schema.validate(migrated, Case) == ()


def test_an_adult_without_justification_keeps_the_1_0_meaning():
    doc = {
        "id": "C1", "space_id": "S1", "opened": "2024-01-01",
        "young_person": {"id": "P1", "birth": "2000-01"},
        "helps": [{"id": "H1", "help_type": "34", "provider_id": "T1",
                   "period": {"start": "2024-02-01"}, "monthly_cost": "0"}],
    }  # fmt: skip
    migrated, issues = schema.migrate(doc, "case")
    assert migrated["helps"][0]["young_adult"] is False
    assert codes(issues) == [("/helps/0/young_adult", "migrate.young_adult_kept_off")]
    assert schema.validate(migrated, Case) == ()


def test_lists_of_help_types_stand_for_every_form():
    study = {"changes": [{"help_types": ["28", "30", "41-ambulant", "31"]}]}
    migrated, issues = schema.migrate(study, "simulation_study")
    assert migrated["changes"][0]["help_types"] == [
        "28-family", "28-parents", "28-young-person",
        "30-erziehungsbeistand", "30-betreuungshelfer", "27-ambulant", "31",
    ]  # fmt: skip
    assert codes(issues) == [("/changes/0/help_types/2", "migrate.young_adult_help_type")]


def test_process_parameters_per_help_type():
    process = {"parameters": {"direct_access:28": 1, "review_interval_months:41-ambulant": 3,
                              "long_term_months": 6}}  # fmt: skip
    migrated, issues = schema.migrate(process, "process")
    assert migrated["parameters"] == {
        "direct_access:28-family": 1,
        "direct_access:28-parents": 1,
        "direct_access:28-young-person": 1,
        "long_term_months": 6,
    }
    assert codes(issues) == [
        ("/parameters/review_interval_months:41-ambulant", "migrate.parameter_dropped")
    ]


def test_unchanged_record_types_and_versions():
    doc = {"id": "T1", "name": "x", "kind": "24"}
    assert schema.migrate(doc, "provider") == (doc, ())
    assert schema.migrate(doc, "provider", from_version="2.0") == (doc, ())
    migrated, issues = schema.migrate(doc, "provider", from_version="0.9")
    assert migrated == doc
    assert codes(issues) == [("", "migrate.version_unknown")]
    assert schema.migrate(CASE_1_0, "case", from_version="2.0")[0] == CASE_1_0


def test_garbage_never_crashes():
    for bad in (None, 1, "x", [], [1, {"help_type": "28"}], {"helps": "x", "reasons": 3}):
        for name in records.RECORD_TYPES:
            _migrated, issues = schema.migrate(bad, name)
            assert all(i.code.startswith("migrate.") for i in issues)


def test_register_migration_chains_and_checks_versions(monkeypatch: pytest.MonkeyPatch):
    from sozialraum.schema import _migrate

    monkeypatch.setattr(_migrate, "_MIGRATIONS", dict(_migrate._MIGRATIONS))
    calls = []

    def fn(doc: Any) -> tuple[Any, tuple[Any, ...]]:
        calls.append(doc)
        return {**doc, "seen": True}, ()

    schema.register_migration("test_record", "1.0", "2.0", fn)
    assert schema.migrate({"a": 1}, "test_record") == ({"a": 1, "seen": True}, ())
    with pytest.raises(ValueError, match="older to a newer"):
        schema.register_migration("test_record", "2.0", "1.0", fn)
    with pytest.raises(ValueError, match="unknown schema version"):
        schema.register_migration("test_record", "1.0", "3.0", fn)


def test_the_1_0_sample_migrates_without_loss():
    """The Musterstadt cases as shipped with schema 1.0 (frozen copy)."""
    path = v1.SCHEMAS.parent / "musterstadt-cases-1.0.jsonl"
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(docs) == 420
    helps_41 = 0
    for doc in docs:
        migrated, issues = schema.migrate(doc, "case")
        assert schema.validate(migrated, Case) == (), doc["id"]
        assert _totals(migrated) == _totals(doc)
        assert ("/reasons", "migrate.reasons_moved") in codes(issues) or not doc.get("helps")
        helps_41 += sum(h["help_type"].startswith("41-") for h in doc.get("helps", []))
    assert helps_41 > 0


def test_case_file_events_get_the_new_help_type_codes():
    doc = {"events": [{"type": "HelpGranted", "help_type": "41-ambulant"},
                      {"type": "HelpGranted", "help_type": "33"}]}  # fmt: skip
    migrated, issues = schema.migrate(doc, "case_file")
    assert [e["help_type"] for e in migrated["events"]] == ["27-ambulant", "33-general"]
    assert "young_adult" not in migrated["events"][0]  # events have no such field
    assert codes(issues) == [
        ("/events/0/help_type", "migrate.young_adult_help_type"),
        ("/events/1/help_type", "migrate.help_type_refined"),
    ]
