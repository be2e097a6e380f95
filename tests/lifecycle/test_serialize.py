"""Plain-dict round trips and the errors reading them back."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

from sozialraum.errors import ProcessDefinitionError, ValidationError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    Correction,
    Event,
    State,
    Transition,
    case_file_from_dict,
    case_file_to_dict,
    event_from_dict,
    event_to_dict,
    example_history,
    process_from_dict,
    process_to_dict,
)
from sozialraum.lifecycle.sgb8 import GUARDS, HelpGranted, PlanReviewed

P = DEFAULT_PROCESS


def test_event_round_trip_with_optional_dates():
    e = PlanReviewed(on=date(2024, 1, 1), next_review_on=date(2024, 4, 1), by="asd-1")
    data = event_to_dict(e)
    assert data == {"type": "PlanReviewed", "on": "2024-01-01", "by": "asd-1",
                    "next_review_on": "2024-04-01"}  # fmt: skip
    assert event_from_dict(data, P) == e
    assert event_from_dict(data, P.events) == e


def test_event_errors_are_located_and_data_free():
    with pytest.raises(ValidationError) as info:
        event_from_dict({"type": "Nope", "on": "2024-01-01"}, P, path="/events/3")
    assert info.value.issues[0].path == "/events/3/type"
    assert info.value.codes == ("event.unknown_type",)
    bad = {"type": "HelpGranted", "on": "2024-13-01", "decided_by": "Frau Muster", "x": 1,
           "help_type": "31"}  # fmt: skip
    with pytest.raises(ValidationError) as info:
        event_from_dict(bad, P)
    paths = {i.path: i.code for i in info.value.issues}
    # events go through the schema converter: the same codes as every other record
    assert paths["/on"] == "date.invalid"
    assert paths["/decided_by"] == "code.unknown"
    assert paths["/expected_months"] == "key.missing"
    assert paths["/x…(1)"] == "key.unknown"  # not a field name: shown shortened
    assert "Muster" not in str(info.value)
    assert "2024-13" not in str(info.value)
    with pytest.raises(ValidationError) as info:
        event_from_dict(["not", "a", "dict"], P)  # type: ignore[arg-type]
    assert info.value.codes == ("event.type",)
    with pytest.raises(ValidationError):
        event_from_dict({"type": "PlanReviewed", "on": 20240101}, P)


def test_case_file_round_trip_with_correction():
    f = P.replay(example_history(), case_id="F-1")
    f = P.apply(f, Correction(on=date(2024, 8, 1), state="help_active", by="asd-1", note="n"))
    data = case_file_to_dict(f)
    assert data["states"][-1] == "help_active"
    assert data["events"][-1]["type"] == "Correction"
    assert case_file_from_dict(data, P) == f
    data.pop("states")
    assert case_file_from_dict(data, P) == f


def test_case_file_errors():
    data = case_file_to_dict(P.replay(example_history(), case_id="F-1"))
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "process": "other"}, P)
    assert info.value.codes == ("case_file.process",)
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "case_id": 5}, P)
    assert info.value.codes == ("case_file.case_id",)
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "events": {}}, P)
    assert info.value.codes == ("case_file.events",)
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "states": ["x"] * len(data["states"])}, P)
    assert info.value.codes == ("case_file.states_mismatch",)
    events = [dict(e) for e in data["events"]]
    events[1]["on"] = "nope"
    events[4]["type"] = "Nope"
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "events": events}, P)
    assert [i.path for i in info.value.issues] == ["/events/1/on", "/events/4/type"]


def test_case_file_refused_event_is_located():
    data = case_file_to_dict(P.replay(example_history(), case_id="F-1"))
    events = [dict(e) for e in data["events"]]
    events[6]["decided_by"] = "provider"
    with pytest.raises(ValidationError) as info:
        case_file_from_dict({**data, "events": events, "states": None}, P)
    assert info.value.issues[0].path == "/events/6"
    assert info.value.codes == ("case_file.refused",)
    # without guards the stored history is accepted as it is
    f = case_file_from_dict({**data, "events": events, "states": None}, P, check_guards=False)
    assert f.state == "help_active"


def test_case_file_needs_the_context_of_its_guards():
    grant = HelpGranted(
        on=date(2024, 3, 1), help_type="34", decided_by="youth_office", expected_months=3
    )
    events = [*example_history()[:6], grant]
    ctx = CaseContext(birth_date=date(2005, 1, 1))  # 19: a young adult's help, allowed
    f = P.replay(events, case_id="F-1", context=ctx)
    data = case_file_to_dict(f)
    assert data["context"] == {"birth_date": "2005-01-01"}
    assert case_file_from_dict(data, P, ctx) == f
    # the context is saved with the file: a reloaded file replays the same
    back = case_file_from_dict(json.loads(json.dumps(data)), P)
    assert back == f
    assert back.context == ctx
    # read with a context under which the § 41 guard refuses (22, no justification)
    with pytest.raises(ValidationError) as info:
        case_file_from_dict(data, P, CaseContext(birth_date=date(2002, 1, 1)))
    assert info.value.codes == ("case_file.refused",)


def test_a_saved_context_is_validated_with_the_rest():
    data = case_file_to_dict(P.replay(example_history(), case_id="F-1"))
    data["context"] = {"birth_date": "2005-13-01", "name": "x"}
    data["case_id"] = None
    with pytest.raises(ValidationError) as info:
        case_file_from_dict(data, P)
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/case_id", "case_file.case_id"),
        ("/context/birth_date", "date.invalid"),
        ("/context/nam…(4)", "key.unknown"),  # not a field name: shortened
    ]
    assert "2005-13" not in str(info.value)


@attrs.frozen(kw_only=True)
class TeamMeeting(Event):
    topic: str = ""


def test_custom_process_round_trip_with_registries():
    custom = P.derive(
        name="custom",
        add_states=[State(name="team", label_de="Sozialraumteam")],
        add_transitions=[
            Transition(source="clarification", event=TeamMeeting, target="team"),
            Transition(source="team", event=TeamMeeting, target="clarification"),
        ],
    )
    data = process_to_dict(custom)
    with pytest.raises(ProcessDefinitionError) as info:
        process_from_dict(data)
    assert set(info.value.codes) == {"event.unknown_type"}
    back = process_from_dict(data, events=[*P.events, TeamMeeting], guards=GUARDS)
    assert back == custom
    assert (
        process_from_dict(data, events=[*P.events, TeamMeeting], guards=GUARDS.values()) == custom
    )


def test_process_from_dict_errors():
    data = process_to_dict(P)
    data["transitions"][0]["guards"] = ["nope"]
    with pytest.raises(ProcessDefinitionError) as info:
        process_from_dict(data)
    assert info.value.issues[0].path == "/transitions/0/guards/0"
    assert info.value.codes == ("guard.unknown",)
    with pytest.raises(ProcessDefinitionError) as info:
        process_from_dict({**process_to_dict(P), "states": [{"kind": "active"}]})
    assert info.value.codes == ("process.states",)
    broken = process_to_dict(P)
    broken["transitions"][0]["target"] = "nowhere"
    with pytest.raises(ProcessDefinitionError) as info:
        process_from_dict(broken)
    assert "transition.unknown_target" in info.value.codes


def test_dates_in_documents_must_be_iso_strings():
    e = event_from_dict({"type": "PlanReviewed", "on": "2024-01-01"}, P)
    assert e == PlanReviewed(on=date(2024, 1, 1))
    with pytest.raises(ValidationError) as info:
        event_from_dict({"type": "PlanReviewed", "on": date(2024, 1, 1)}, P)
    assert info.value.codes == ("date.invalid",)
