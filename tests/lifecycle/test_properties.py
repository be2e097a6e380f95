"""Hypothesis properties of the lifecycle engine on the default SGB VIII process."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from tests.lifecycle import strategies as ls

from sozialraum.errors import TransitionError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseFile,
    Correction,
    process_from_dict,
    process_to_dict,
)
from sozialraum.lifecycle.serialize import case_file_from_dict, case_file_to_dict

P = DEFAULT_PROCESS
EDGES = {(src, cls, tgt) for src, cls, tgt, _g in P.edges()}


@given(ls.events(), ls.contexts())
def test_random_sequences_only_take_edges_of_the_table(events, context):
    case_file = P.start("C-1")
    for event in events:
        err = P.check(case_file, event, context)
        if err is not None:
            assert (err.state, err.event) == (case_file.state, type(event).__name__)
            continue
        after = P.apply(case_file, event, context)
        assert (case_file.state, type(event), after.state) in EDGES
        case_file = after


@given(ls.walks())
def test_walk_steps_follow_the_table_and_refusals_change_nothing(walk):
    _final, context, trace = walk
    for before, event, after in trace:
        snapshot = (before.events, before.states)
        if after is None:
            assert (before.events, before.states) == snapshot
            assert P.check(before, event, context) is not None
        else:
            assert (before.state, type(event), after.state) in EDGES
            assert after.events == (*before.events, event)


@given(ls.histories())
def test_replay_of_history_equals_the_case_file(history):
    case_file, context = history
    assert P.replay(case_file.events, case_id=case_file.case_id, context=context) == case_file
    unchecked = P.replay(case_file.events, case_id="C-1", check_guards=False)
    assert (unchecked.events, unchecked.states) == (case_file.events, case_file.states)


@given(ls.histories(), st.integers(-30, 30), st.data())
def test_state_at_equals_replaying_the_prefix(history, shift, data):
    case_file, context = history
    if not case_file.events:
        return
    days = [e.on for e in case_file.events]
    day = data.draw(st.sampled_from(days)) + timedelta(days=shift)
    prefix = [e for e in case_file.events if e.on <= day]
    expected = P.replay(prefix, case_id="C-1", context=context).state
    assert case_file.state_at(day) == expected


@given(ls.histories())
def test_state_at_the_last_day_is_the_current_state(history):
    case_file, _context = history
    if case_file.events:
        assert case_file.state_at(case_file.events[-1].on) == case_file.state
        assert case_file.state_at(case_file.events[0].on - timedelta(days=1)) == P.initial


@given(ls.histories())
def test_case_files_round_trip_through_dicts(history):
    case_file, context = history
    assert case_file_from_dict(case_file_to_dict(case_file), P, context) == case_file


@given(ls.histories(), ls.events(n=3), ls.contexts())
def test_a_refused_event_leaves_the_file_unchanged(history, events, context):
    case_file, _ctx = history
    frozen = CaseFile(
        case_id=case_file.case_id,
        process=case_file.process,
        initial=case_file.initial,
        events=case_file.events,
        states=case_file.states,
        context=case_file.context,
    )
    for event in events:
        with contextlib.suppress(TransitionError):
            P.apply(case_file, event, context)
        assert case_file == frozen


def test_the_default_process_round_trips():
    assert process_from_dict(process_to_dict(P)) == P


@given(ls.histories(), st.data())
def test_corrections_replay_and_rewrite_the_timeline_from_their_day(history, data):
    case_file, context = history
    if not case_file.events:
        return
    first, last = case_file.events[0].on, case_file.events[-1].on
    day = data.draw(st.dates(first, last))
    state = data.draw(st.sampled_from([s.name for s in P.states]))
    fixed = P.apply(case_file, Correction(on=day, state=state, by="asd-1", note="audit"), context)
    assert fixed.state == state
    assert fixed.state_at(day) == state
    assert fixed.state_at(last) == state
    if day > first:
        before = day - timedelta(days=1)
        assert fixed.state_at(before) == case_file.state_at(before)
    assert P.replay(fixed.events, case_id=fixed.case_id, context=context) == fixed
