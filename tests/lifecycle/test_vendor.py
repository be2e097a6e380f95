"""What a case-management system needs: versions and optimistic locking, refusals that
list the allowed events, the guard context saved with the file, and defects of issue 11."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from tests.lifecycle import strategies as ls

from sozialraum import records, schema
from sozialraum.cli import main
from sozialraum.errors import (
    ConcurrencyError,
    SozialraumError,
    ValidationError,
)
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    CaseFile,
    Process,
    case_file_from_dict,
    case_file_to_dict,
    due_reviews,
    example_history,
    next_review,
    overdue,
    process_of,
)
from sozialraum.lifecycle import sgb8 as s

P = DEFAULT_PROCESS
CASE_FILE = records.RECORD_TYPES["case_file"]


# ------------------------------------------------------------------ versions and locking


def test_the_version_is_the_number_of_events():
    f = P.start("F-1")
    assert f.version == 0
    f = P.apply(f, s.ReferralReceived(on=date(2024, 1, 8)), expected_version=0)
    assert f.version == 1
    assert P.replay(example_history(), case_id="F-1").version == len(example_history())


def test_a_stale_expected_version_is_refused_and_nothing_is_applied():
    seen = P.replay(example_history()[:2], case_id="F-1")
    # another caseworker appended first
    latest = P.apply(seen, s.TeamConsulted(on=date(2024, 1, 24)), expected_version=seen.version)
    mine = s.PlanningStarted(on=date(2024, 2, 1))
    with pytest.raises(ConcurrencyError) as info:
        P.apply(latest, mine, expected_version=seen.version)
    err = info.value
    assert isinstance(err, SozialraumError)
    assert isinstance(err, RuntimeError)
    assert (err.expected, err.actual, err.code) == (2, 3, "concurrency.conflict")
    assert "another update came first" in str(err)
    # reload, check, retry with the version now seen
    assert P.apply(latest, mine, expected_version=latest.version).version == 4


def test_the_version_is_checked_before_the_event():
    f = P.start("F-1")
    with pytest.raises(ConcurrencyError):
        P.apply(f, "not an event", expected_version=3)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as info:
        P.apply(f, s.ReferralReceived(on=date(2024, 1, 8)), expected_version="0")  # type: ignore[arg-type]
    assert info.value.codes == ("type.integer",)
    with pytest.raises(ValidationError):
        P.apply(f, s.ReferralReceived(on=date(2024, 1, 8)), expected_version=True)  # type: ignore[arg-type]


@given(ls.histories(), ls.events(n=2))
def test_expected_version_either_matches_or_changes_nothing(history, events):
    case_file, context = history
    for event in events:
        for expected in (case_file.version - 1, case_file.version + 1):
            with pytest.raises(ConcurrencyError):
                P.apply(case_file, event, context, expected_version=expected)
        if P.check(case_file, event, context) is None:
            after = P.apply(case_file, event, context, expected_version=case_file.version)
            assert after.version == case_file.version + 1


# ------------------------------------------------------------------ refusals list options


def test_a_refusal_lists_the_events_allowed_in_the_state():
    f = P.replay(example_history()[:4], case_id="F-1")
    grant = s.HelpGranted(
        on=date(2024, 3, 1), help_type="31", decided_by="provider", expected_months=3
    )
    err = P.check(f, grant)
    assert err is not None
    assert err.allowed == tuple(o.event for o in P.allowed_events(f))
    assert "HelpGranted" in err.allowed
    assert "CaseClosed" in err.allowed
    assert f"(allowed in this state: {', '.join(err.allowed)})" in str(err)
    late = P.check(f, s.PlanReviewed(on=date(2024, 8, 1)))
    assert late is not None
    assert late.code == "transition.not_allowed"
    assert "PlanReviewed" not in late.allowed


@given(ls.histories(), ls.events(n=3))
def test_every_refusal_names_what_allowed_events_lists(history, events):
    case_file, context = history
    options = tuple(o.event for o in P.allowed_events(case_file, context))
    for event in events:
        err = P.check(case_file, event, context)
        if err is not None:
            assert err.allowed == options


def test_a_refusal_in_a_final_state_lists_nothing():
    f = P.replay(
        [
            s.ReferralReceived(on=date(2024, 1, 8)),
            s.CaseClosed(on=date(2024, 1, 9), reason="planned"),
        ],
        case_id="F-1",
    )
    err = P.check(f, s.ClarificationStarted(on=date(2024, 2, 1)))
    assert err is not None
    assert err.allowed == ()
    assert "(allowed in this state: none)" in str(err)
    mismatch = P.check(
        attrs_evolve(f, process="other"), s.ClarificationStarted(on=date(2024, 2, 1))
    )
    assert mismatch is not None
    assert mismatch.code == "process.mismatch"
    assert mismatch.allowed == ()


def attrs_evolve(f: CaseFile, **changes: object) -> CaseFile:
    """``f`` with some fields changed (CaseFile is not an attrs class: its versions share
    their history, so it is rebuilt from its fields)."""
    fields = {
        "case_id": f.case_id,
        "process": f.process,
        "initial": f.initial,
        "events": f.events,
        "states": f.states,
        "context": f.context,
        "built_by": f.built_by,
    }
    return CaseFile(**{**fields, **changes})  # type: ignore[arg-type]


# ------------------------------------------------------------------ context kept and saved


BIRTH = date(2005, 1, 1)


def _young_adult_file() -> tuple[CaseFile, CaseContext]:
    grant = s.HelpGranted(
        on=date(2024, 3, 1),
        help_type="30-erziehungsbeistand",
        decided_by="youth_office",
        expected_months=3,
    )
    ctx = CaseContext(birth_date=BIRTH)
    return P.replay([*example_history()[:6], grant], case_id="F-1", context=ctx), ctx


def test_the_context_is_kept_with_the_file_and_used_by_apply():
    f, ctx = _young_adult_file()
    assert f.context == ctx
    ended = P.apply(f, s.HelpEnded(on=date(2024, 5, 1), ending_reason="10"))
    assert ended.context == ctx
    planning = P.apply(ended, s.PlanningStarted(on=date(2024, 5, 2)))
    # § 41(2) gives young adults no § 32 help: the guard reads the kept birth date (19)
    again = s.HelpGranted(
        on=date(2024, 5, 3), help_type="32", decided_by="youth_office", expected_months=3
    )
    assert P.check(planning, again).code == "young_adult.type_not_in_41"  # type: ignore[union-attr]
    assert P.check(attrs_evolve(planning, context=None), again) is None


def test_a_saved_file_replays_the_same_after_a_json_round_trip():
    f, ctx = _young_adult_file()
    text = json.dumps(schema.unstructure(f))
    back = schema.structure(json.loads(text), CASE_FILE)
    assert back == f
    assert back.context == ctx
    assert schema.validate(json.loads(text), CASE_FILE) == ()


def test_the_case_file_schema_describes_the_context():
    body = records.json_schema("case_file")
    assert body["properties"]["context"] == {"$ref": "#/$defs/CaseContext"}
    assert set(body["$defs"]["CaseContext"]["properties"]) == {"birth_date"}


def test_the_birth_date_never_shows_in_a_repr():
    f, ctx = _young_adult_file()
    for text in (repr(ctx), str(ctx), repr(f), str(f)):
        assert "2005" not in text
    # personal fields are left out of the repr, as in the model (the same mechanism)
    assert repr(ctx) == "CaseContext()"
    assert ctx.birth_date is not None


def test_a_context_checks_its_types():
    with pytest.raises(ValidationError) as info:
        CaseContext(birth_date="2005-01-01")  # type: ignore[arg-type]
    assert info.value.codes == ("type.invalid",)
    assert "2005" not in str(info.value)


# ------------------------------------------------------------------ reviews use the file's process


FAST = P.derive(name="fast", parameters={"review_interval_months:34": 3})


def _home_care(process: Process) -> CaseFile:
    grant = s.HelpGranted(
        on=date(2025, 2, 3), help_type="34", decided_by="youth_office", expected_months=12
    )
    return process.replay([*example_history()[:6], grant], case_id="F-34")


def test_reviews_use_the_case_files_own_process():
    f = _home_care(FAST)
    assert f.process == "fast"
    assert next_review(f).due_on == date(2025, 5, 3)  # type: ignore[union-attr]
    assert next_review(_home_care(P)).due_on == date(2025, 8, 3)  # type: ignore[union-attr]
    assert [r.case_id for r in overdue([f], date(2025, 6, 1))] == ["F-34"]
    assert [r.case_id for r in due_reviews([f], date(2025, 4, 20))] == ["F-34"]
    assert next_review(f, FAST) == next_review(f)


def test_passing_another_process_than_the_files_is_an_error():
    f = _home_care(FAST)
    for call in (
        lambda: next_review(f, P),
        lambda: overdue([f], date(2025, 6, 1), process=P),
        lambda: due_reviews([f], date(2025, 6, 1), process=P),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.codes == ("case_file.process_mismatch",)


def test_a_file_without_its_process_at_hand_needs_it_passed():
    built = _home_care(FAST)
    loose = CaseFile(
        case_id=built.case_id,
        process=built.process,
        initial=built.initial,
        events=built.events,
        states=built.states,
    )
    with pytest.raises(ValidationError) as info:
        next_review(loose)
    assert info.value.codes == ("case_file.process_unknown",)
    assert process_of(loose, FAST) is FAST
    assert next_review(loose, FAST) == next_review(built)
    default = CaseFile(case_id="F", process="sgb8", initial="start")
    assert process_of(default) is P


# ------------------------------------------------------------------ events check their types


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"on": "2025-02-03"}, "/on"),
        ({"expected_months": "3"}, "/expected_months"),
        ({"help_type": 31}, "/help_type"),
        ({"by": 17}, "/by"),
        ({"young_adult_justification": ["x"]}, "/young_adult_justification"),
    ],
)
def test_events_check_their_field_types_at_construction(fields, path):
    good = {"on": date(2025, 2, 3), "help_type": "31", "decided_by": "youth_office",
            "expected_months": 3}  # fmt: skip
    with pytest.raises(ValidationError) as info:
        s.HelpGranted(**{**good, **fields})
    assert [(i.path, i.code) for i in info.value.issues] == [(path, "type.invalid")]
    for value in fields.values():
        assert str(value) not in str(info.value)


def test_a_datetime_is_not_a_date_and_bools_are_not_integers():
    with pytest.raises(ValidationError):
        s.PlanReviewed(on=__import__("datetime").datetime(2025, 1, 1))
    with pytest.raises(ValidationError):
        s.HelpGranted(on=date(2025, 1, 1), help_type="31", decided_by="youth_office",
                      expected_months=True)  # fmt: skip


def test_events_with_annotations_that_cannot_be_checked_still_work():
    from typing import Any

    import attrs

    from sozialraum.lifecycle import Event

    @attrs.frozen(kw_only=True)
    class Loose(Event):
        payload: Any = None

    assert Loose(on=date(2024, 1, 1), payload={"a": 1}).payload == {"a": 1}


# ------------------------------------------------------------------ D14 and D1: all problems


D14 = {
    "process": "other",
    "events": [{"type": "Nope"}, {"type": "HelpGranted", "on": "2024-13-01"}],
}


def test_case_file_validation_reports_every_problem_of_a_document():
    found = [(i.path, i.code) for i in schema.validate(D14, CASE_FILE)]
    for expected in [
        ("/case_id", "case_file.case_id"),
        ("/process", "case_file.process"),
        ("/events/0/type", "event.unknown_type"),
        ("/events/1/on", "date.invalid"),
        ("/events/1/help_type", "key.missing"),
    ]:
        assert expected in found
    with pytest.raises(ValidationError) as info:
        case_file_from_dict(D14, P)
    assert [(i.path, i.code) for i in info.value.issues] == found


@pytest.mark.parametrize("tag", [[], {}, 5, None, True, 1.5])
def test_an_event_type_that_is_not_a_string_is_an_issue(tag):
    doc = {"case_id": "F", "process": "sgb8", "events": [{"type": tag}]}
    assert [(i.path, i.code) for i in schema.validate(doc, CASE_FILE)] == [
        ("/events/0/type", "event.unknown_type")
    ]
    with pytest.raises(ValidationError):
        schema.structure(doc, CASE_FILE)


def test_the_cli_reports_a_non_string_event_type(tmp_path: Path):
    path = tmp_path / "files.jsonl"
    path.write_text(json.dumps({"case_id": "F", "process": "sgb8", "events": [{"type": []}]}))
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", str(path), "--type", "case_file"], stdout=out, stderr=err)
    assert code == 1
    assert "/events/0/type" in out.getvalue()
    assert "event.unknown_type" in out.getvalue()
    assert "Traceback" not in err.getvalue()


def test_stored_states_of_the_wrong_shape_are_an_issue():
    data = case_file_to_dict(P.replay(example_history(), case_id="F-1"))
    for states in (5, "help_active", [1, 2]):
        with pytest.raises(ValidationError) as info:
            case_file_from_dict({**data, "states": states}, P)
        assert info.value.codes == ("type.array",)
    with pytest.raises(ValidationError) as info:
        case_file_from_dict(["not", "an", "object"], P)  # type: ignore[arg-type]
    assert info.value.codes == ("type.object",)


def test_a_non_object_parameters_says_an_object_was_expected():
    doc = {**schema.unstructure(P), "parameters": [1, 2]}
    assert [(i.path, i.code) for i in schema.validate(doc, Process)] == [
        ("/parameters", "type.object")
    ]
    doc["states"] = []
    codes = [i.code for i in schema.validate(doc, Process)]
    assert codes[0] == "type.object"
    assert "process.initial_count" in codes
