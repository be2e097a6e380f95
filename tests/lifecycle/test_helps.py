"""Parallel helps: help ids on events, the state of each help, per-help guards and reviews,
and the migration of single-help (version 1) case files."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.lifecycle import strategies as ls

from sozialraum import records, schema
from sozialraum.errors import ProcessDefinitionError, TransitionError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    CaseFile,
    Route,
    State,
    Transition,
    case_file_from_dict,
    case_file_to_dict,
    example_history,
    help_reviews,
    next_review,
    overdue,
    process_from_dict,
    process_to_dict,
    to_mermaid,
)
from sozialraum.lifecycle import sgb8 as s
from sozialraum.lifecycle._migrate import case_file_v1_to_v2

P = DEFAULT_PROCESS
EDGES = {(src, cls, tgt) for src, cls, tgt, _g in P.edges()}


def grant(on: date, help_type: str, help_id: str | None = None, months: int = 12) -> s.HelpGranted:
    return s.HelpGranted(
        on=on, help_type=help_type, decided_by="youth_office", expected_months=months,
        help_id=help_id,
    )  # fmt: skip


def family_help() -> CaseFile:
    """A running § 31 help with explicit id "FH"."""
    events = [
        *example_history()[:4],
        s.HelpProposed(on=date(2024, 2, 5), help_type="31", help_id="FH"),
        s.HelpPlanAgreed(on=date(2024, 2, 20), help_id="FH"),
        grant(date(2024, 3, 1), "31", "FH"),
    ]
    return P.replay(events, case_id="F-1")


def with_integration_help(f: CaseFile) -> CaseFile:
    """A § 35a help "EH" granted while "FH" runs."""
    for event in (
        s.SpecialistStatementRecorded(on=date(2024, 4, 2), help_id="EH"),
        s.HelpProposed(on=date(2024, 4, 2), help_type="35a-ambulant", help_id="EH"),
        s.HelpPlanAgreed(on=date(2024, 4, 10), help_id="EH", next_review_on=date(2024, 7, 1)),
        grant(date(2024, 4, 15), "35a-ambulant", "EH"),
    ):
        f = P.apply(f, event)
    return f


# ------------------------------------------------------------------ parallel helps


def test_a_second_help_runs_while_the_first_one_does():
    f = with_integration_help(family_help())
    assert f.state == "help_active"
    assert s.running_helps(f.events) == ("FH", "EH")
    tracks = s.helps(f.events)
    assert [(t.help_id, t.help_type, t.status) for t in tracks.values()] == [
        ("FH", "31", "running"),
        ("EH", "35a-ambulant", "running"),
    ]


def test_help_ended_names_the_help_and_the_case_stays_while_others_run():
    f = with_integration_help(family_help())
    f = P.apply(f, s.HelpEnded(on=date(2024, 6, 30), ending_reason="10", help_id="FH"))
    assert f.state == "help_active"
    assert s.running_helps(f.events) == ("EH",)
    assert s.helps(f.events)["FH"].ended_on == date(2024, 6, 30)
    f = P.apply(f, s.HelpEnded(on=date(2024, 9, 30), ending_reason="10", help_id="EH"))
    assert f.state == "clarification"
    assert s.running_helps(f.events) == ()
    # the replay agrees with the step-by-step file
    assert P.replay(f.events, case_id=f.case_id) == f


def test_reviews_are_per_help_plan():
    f = with_integration_help(family_help())
    reviews = help_reviews(f)
    assert [(r.help_id, r.help_type, r.due_on) for r in reviews] == [
        ("EH", "35a-ambulant", date(2024, 7, 1)),  # fixed by its plan
        ("FH", "31", date(2024, 9, 1)),  # six months after its start
    ]
    assert next_review(f) == reviews[0]
    assert next_review(f, help_id="FH") == reviews[1]
    assert next_review(f, help_id="nope") is None
    f = P.apply(f, s.PlanReviewed(on=date(2024, 7, 1), help_id="EH"))
    assert next_review(f, help_id="EH").due_on == date(2025, 1, 1)  # type: ignore[union-attr]
    assert next_review(f, help_id="FH").due_on == date(2024, 9, 1)  # type: ignore[union-attr]
    assert [(r.help_id, r.due_on) for r in overdue([f], date(2024, 9, 10))] == [
        ("FH", date(2024, 9, 1))
    ]
    f = P.apply(f, s.HelpEnded(on=date(2024, 8, 1), ending_reason="10", help_id="FH"))
    assert [r.help_id for r in help_reviews(f)] == ["EH"]


def test_ids_name_running_helps_and_new_helps_new_ids():
    f = with_integration_help(family_help())
    err = P.check(f, s.PlanReviewed(on=date(2024, 5, 1), help_id="XX"))
    assert err is not None
    assert (err.guard, err.code) == ("help_running", "help.not_running")
    err = P.check(f, s.HelpEnded(on=date(2024, 5, 1), ending_reason="10", help_id="XX"))
    assert err is not None
    assert err.code == "help.not_running"
    err = P.check(f, grant(date(2024, 5, 1), "31", "FH", months=3))
    assert err is not None
    assert (err.guard, err.code) == ("help_id_free", "help.already_granted")
    ended = P.apply(f, s.HelpEnded(on=date(2024, 5, 1), ending_reason="10", help_id="FH"))
    err = P.check(ended, grant(date(2024, 5, 2), "31", "FH", months=3))
    assert err is not None
    assert err.code == "help.already_granted"
    assert P.check(ended, s.PlanReviewed(on=date(2024, 5, 2), help_id="FH")) is not None


def test_the_plan_rule_is_per_help():
    f = family_help()  # FH has a plan; a new long help needs its own
    err = P.check(f, grant(date(2024, 4, 1), "32", "DG", months=12))
    assert err is not None
    assert err.code == "help_plan.missing"
    f = P.apply(f, s.HelpPlanAgreed(on=date(2024, 4, 1), help_id="DG"))
    assert P.apply(f, grant(date(2024, 4, 1), "32", "DG", months=12)).state == "help_active"
    # a short help needs no plan
    assert P.check(f, grant(date(2024, 4, 1), "31", "SH", months=3)) is None


def test_the_specialist_statement_is_per_help():
    f = family_help()
    f = P.apply(f, s.HelpPlanAgreed(on=date(2024, 4, 1), help_id="EH"))
    err = P.check(f, grant(date(2024, 4, 2), "35a-ambulant", "EH"))
    assert err is not None
    assert err.code == "specialist_statement.missing"
    other = P.apply(f, s.SpecialistStatementRecorded(on=date(2024, 4, 2), help_id="OTHER"))
    assert P.check(other, grant(date(2024, 4, 2), "35a-ambulant", "EH")) is not None
    mine = P.apply(f, s.SpecialistStatementRecorded(on=date(2024, 4, 2), help_id="EH"))
    assert P.check(mine, grant(date(2024, 4, 2), "35a-ambulant", "EH")) is None
    anyone = P.apply(f, s.SpecialistStatementRecorded(on=date(2024, 4, 2)))
    assert P.check(anyone, grant(date(2024, 4, 2), "35a-ambulant", "EH")) is None


def test_the_young_adult_rule_applies_to_each_help():
    ctx = CaseContext(birth_date=date(2003, 1, 1))  # 21 in 2024
    f = P.replay(family_help().events[:4], case_id="F-1", context=ctx)
    young_adult = s.HelpGranted(
        on=date(2024, 4, 1), help_type="30-erziehungsbeistand", decided_by="youth_office",
        expected_months=3, help_id="YA",
    )  # fmt: skip
    err = P.check(f, young_adult)
    assert err is not None
    assert err.code == "young_adult.justification_missing"
    ok = attrs.evolve(young_adult, young_adult_justification="Verselbständigung")
    f = P.apply(f, ok)
    second = attrs.evolve(ok, on=date(2024, 5, 1), help_id="YB", young_adult_justification=None)
    err = P.check(f, second)  # the rule is checked again for the second help's start
    assert err is not None
    assert err.code == "young_adult.justification_missing"
    f = P.apply(f, attrs.evolve(second, young_adult_justification="Verselbständigung"))
    assert s.running_helps(f.events) == ("YA", "YB")


def test_custody_and_closing_end_the_running_helps():
    f = with_integration_help(family_help())
    f = P.apply(f, s.CustodyTaken(on=date(2024, 5, 1)))
    assert s.running_helps(f.events) == ("FH", "EH")  # custody interrupts, it does not end
    f = P.apply(f, s.CustodyEnded(on=date(2024, 5, 20)))
    assert f.state == "clarification"
    assert s.running_helps(f.events) == ()
    assert help_reviews(f) == ()


def test_a_risk_assessment_during_parallel_helps_returns_to_them():
    f = with_integration_help(family_help())
    f = P.apply(f, s.RiskConcernRaised(on=date(2024, 5, 1)))
    f = P.apply(f, s.RiskAssessed(on=date(2024, 5, 2), result="latent"))
    assert f.state == "help_active"
    assert s.running_helps(f.events) == ("FH", "EH")


# ------------------------------------------------------------------ single-help histories


def test_single_help_histories_keep_working_with_implied_ids():
    f = P.replay(example_history(), case_id="F-1")
    assert s.help_ids(f.events) == (None, None, None, None, "1", "1", "1", "1")
    f = P.apply(f, s.HelpEnded(on=date(2024, 9, 30), ending_reason="10"))
    assert f.state == "clarification"
    f = P.apply(f, s.PlanningStarted(on=date(2024, 10, 1)))
    f = P.apply(f, grant(date(2024, 10, 2), "28-family", months=3))
    assert s.help_ids(f.events)[-1] == "2"
    assert [(t.help_id, t.status) for t in s.helps(f.events).values()] == [
        ("1", "ended"),
        ("2", "running"),
    ]


def test_a_help_ended_without_id_ends_the_help_phase():
    f = with_integration_help(family_help())
    f = P.apply(f, s.HelpEnded(on=date(2024, 6, 1), ending_reason="10"))
    assert f.state == "clarification"
    assert s.running_helps(f.events) == ()


def test_an_implied_review_concerns_the_help_granted_last():
    f = with_integration_help(family_help())
    f = P.apply(f, s.PlanReviewed(on=date(2024, 6, 1)))
    assert s.help_ids(f.events)[-1] == "EH"


# ------------------------------------------------------------------ routes in the table


def test_routes_show_in_edges_diagrams_and_round_trips():
    assert ("help_active", s.HelpEnded, "help_active") in EDGES
    assert ("help_active", s.HelpEnded, "clarification") in EDGES
    text = to_mermaid(P)
    assert "help_active --> help_active :" in text
    assert "help ended" in text
    assert "help_active --> clarification : help ended" in to_mermaid(P, self_loops=False)
    data = process_to_dict(P)
    ended = next(t for t in data["transitions"] if t["event"] == "HelpEnded")
    assert ended["routes"] == ["other_helps_running"]
    assert process_from_dict(data) == P
    assert schema.structure(json.loads(json.dumps(data)), type(P)) == P
    ended["routes"] = ["nope"]
    with pytest.raises(ProcessDefinitionError) as info:
        process_from_dict(data)
    assert info.value.codes == ("route.unknown",)
    issues = schema.validate(data, type(P))
    assert [i.code for i in issues] == ["route.unknown"]


def test_a_route_to_an_unknown_state_is_a_definition_error():
    bad = Route(name="r", target="nowhere", check=lambda *a: True)
    with pytest.raises(ProcessDefinitionError) as info:
        P.derive(
            name="x",
            add_transitions=[
                Transition(
                    source="help_active", event=s.HelpEnded, target="clarification", routes=[bad]
                )
            ],
        )
    assert "transition.unknown_target" in info.value.codes
    with pytest.raises(ProcessDefinitionError) as info:
        P.derive(
            name="x",
            add_transitions=[
                Transition(
                    source="help_active",
                    event=s.HelpEnded,
                    target="clarification",
                    routes=[Route(name="r", target="help_active", check=None)],
                )
            ],
        )
    assert "route.not_callable" in info.value.codes


def test_a_route_can_reach_a_state_nothing_else_reaches():
    paused = P.derive(
        name="paused",
        add_states=[State(name="help_paused")],
        add_transitions=[
            Transition(
                source="help_active", event=s.HelpEnded, target="clarification",
                routes=[Route(name="pause", target="help_paused",
                              check=lambda e, h, c, p: e.ending_reason == "99")],
            ),
            Transition(source="help_paused", event=s.PlanningStarted, target="help_planning"),
        ],
    )  # fmt: skip
    f = paused.replay(example_history(), case_id="F-1", check_guards=False)
    assert paused.apply(f, s.HelpEnded(on=date(2024, 9, 1), ending_reason="10")).state == (
        "clarification"
    )


# ------------------------------------------------------------------ migration v1 -> v2


def _v1(f: CaseFile) -> dict:
    return json.loads(json.dumps(case_file_to_dict(f)))


def test_migration_makes_implied_ids_explicit_and_replays_the_same():
    f = P.replay(example_history(), case_id="F-1")
    f = P.apply(f, s.HelpEnded(on=date(2024, 9, 30), ending_reason="10"))
    f = P.apply(f, s.PlanningStarted(on=date(2024, 10, 1)))
    f = P.apply(f, grant(date(2024, 10, 2), "28-family", months=3))
    v1 = _v1(f)
    before = copy.deepcopy(v1)
    v2, issues = case_file_v1_to_v2(v1)
    assert issues == ()
    assert v1 == before  # pure
    assert [e.get("help_id") for e in v2["events"]] == [
        None, None, None, None, "1", "1", "1", "1", "1", None, "2"
    ]  # fmt: skip
    back = case_file_from_dict(v2, P)
    assert back.states == f.states
    assert help_reviews(back) == help_reviews(f)
    assert schema.validate(v2, records.RECORD_TYPES["case_file"]) == ()
    assert case_file_v1_to_v2(v2) == (v2, ())  # idempotent


def test_migration_reports_what_it_cannot_read():
    assert case_file_v1_to_v2("nope")[1][0].code == "migrate.case_file_object"  # type: ignore[arg-type]
    doc = {"case_id": "F", "process": "sgb8", "events": {}}
    assert case_file_v1_to_v2(doc) == (doc, case_file_v1_to_v2(doc)[1])
    assert case_file_v1_to_v2(doc)[1][0].code == "migrate.case_file_events"
    bad = {"case_id": "F", "process": "sgb8", "events": [{"type": []}, {"type": "Nope"}]}
    out, issues = case_file_v1_to_v2(bad)
    assert out == bad
    assert [(i.path, i.code) for i in issues] == [
        ("/events/0/type", "event.unknown_type"),
        ("/events/1/type", "event.unknown_type"),
    ]


@given(ls.histories())
def test_migrated_histories_replay_to_the_same_states_and_reviews(history):
    case_file, context = history
    v2, issues = case_file_v1_to_v2(_v1(case_file))
    assert issues == ()
    back = case_file_from_dict(v2, P, context)
    assert back.states == case_file.states
    assert help_reviews(back) == help_reviews(case_file)
    ids = s.help_ids(case_file.events)
    for item, event, help_id in zip(v2["events"], case_file.events, ids, strict=True):
        if not hasattr(event, "help_id"):
            assert "help_id" not in item
        elif not isinstance(event, s.HelpEnded):
            assert item.get("help_id") == help_id


# ------------------------------------------------------------------ properties with ids


@st.composite
def parallel_walks(draw: st.DrawFn, steps: int = 40):
    """Random walks whose help events carry ids from a small pool (or none)."""
    context = draw(ls.contexts())
    f = P.start("C-1", context)
    day = draw(st.dates(ls.MIN, ls.MAX - timedelta(days=4000)))
    trace = []
    for _ in range(draw(st.integers(0, steps))):
        options = [o.event for o in P.allowed_events(f)]
        if not options:
            break
        name = draw(st.sampled_from(options))
        cls = next(c for c in P.events if c.__name__ == name)
        day += timedelta(days=draw(st.integers(0, 60)))
        event = draw(ls.event_of(cls, day))
        if hasattr(event, "help_id"):
            event = attrs.evolve(event, help_id=draw(st.sampled_from([None, "A", "B", "C"])))
        try:
            after: CaseFile | None = P.apply(f, event)
        except TransitionError:
            after = None
        trace.append((f, event, after))
        if after is not None:
            f = after
    return f, trace


@given(parallel_walks())
def test_parallel_walks_take_only_table_edges_and_replay_the_same(walk):
    final, trace = walk
    for before, event, after in trace:
        if after is None:
            assert P.check(before, event) is not None
            continue
        assert (before.state, type(event), after.state) in EDGES
        if isinstance(event, s.HelpEnded) and before.state == "help_active":
            still = s.running_helps(after.events)
            assert (after.state == "help_active") == bool(still and event.help_id is not None)
        if isinstance(event, s.PlanReviewed | s.HelpEnded) and event.help_id is not None:
            assert event.help_id in s.running_helps(before.events)
        if isinstance(event, s.HelpGranted) and event.help_id is not None:
            assert s.helps(before.events).get(event.help_id, None) is None or (
                s.helps(before.events)[event.help_id].grant is None
            )
    assert P.replay(final.events, case_id=final.case_id, context=final.context) == final
    running = s.running_helps(final.events)
    tracks = s.helps(final.events)
    assert all(tracks[h].status == "running" for h in running)
    assert {r.help_id for r in help_reviews(final)} <= set(running)


def test_the_schema_migration_of_case_files_adds_the_help_ids():
    v1 = _v1(P.replay(example_history(), case_id="F-1"))
    v1["events"][4]["help_type"] = "31"
    migrated, issues = schema.migrate(copy.deepcopy(v1), "case_file", "1.0")
    assert issues == ()
    assert [e.get("help_id") for e in migrated["events"]][4:] == ["1", "1", "1", "1"]
    assert (
        case_file_from_dict(migrated, P).states == P.replay(example_history(), case_id="F-1").states
    )
