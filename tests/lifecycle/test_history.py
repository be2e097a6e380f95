"""Appending in constant time: the shared history, its folds, and apply == replay.

``Process.apply`` shares the history of the given file with the new one (an append-only
buffer) and carries the derived state the guards need (the return stack, the helps fold),
so these tests check that nothing of that leaks: applying one event at a time gives what a
replay gives (states, history, version, the same refusals), and no older version ever
changes when a later one is applied, also when two versions branch off the same file.
"""

from __future__ import annotations

import pickle
import sys
import threading
import weakref
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.lifecycle import strategies as ls

from sozialraum.errors import ConcurrencyError, TransitionError, ValidationError
from sozialraum.lifecycle import DEFAULT_PROCESS, CaseFile, Correction, Event, History, fold
from sozialraum.lifecycle import sgb8 as s
from sozialraum.lifecycle.sgb8.helps import _scan, _scan_of

P = DEFAULT_PROCESS
D = date(2024, 1, 8)

# ----------------------------------------------------------------------------- History


def test_a_history_is_a_read_only_sequence_equal_to_its_tuple():
    h = History.of(["a", "b", "c"])
    assert (len(h), h[0], h[-1], h[1:], list(h), list(reversed(h))) == (
        3,
        "a",
        "c",
        ("b", "c"),
        ["a", "b", "c"],
        ["c", "b", "a"],
    )
    assert h == ("a", "b", "c")
    assert h == ("a", "b", "c")
    assert h != ("a", "b")
    assert h != ["a", "b", "c"]  # like a tuple, never equal to a list
    assert hash(h) == hash(("a", "b", "c"))
    assert (*h, "d") == ("a", "b", "c", "d")
    assert ("z", *h) == ("z", "a", "b", "c")
    assert h.index("b") == 1
    assert h.count("c") == 1
    assert "a" in h
    assert repr(h) == "History(('a', 'b', 'c'))"
    assert pickle.loads(pickle.dumps(h)) == h
    assert not History.of([])
    assert History.of(h) is h
    for bad in (3, -4):
        with pytest.raises(IndexError):
            h[bad]
    with pytest.raises(AttributeError):
        h.append("d")  # type: ignore[attr-defined]


def test_a_view_never_sees_what_is_appended_after_it():
    buffer = ["a", "b"]
    view = History(buffer, 2)
    buffer.append("c")
    assert tuple(view) == ("a", "b")
    assert len(view) == 2
    assert view[-1] == "b"
    assert view == History(["a", "b"], 2)
    assert view != History(buffer, 3)
    with pytest.raises(IndexError):
        view[2]


def _count_a(total: int, item: str) -> int:
    return total + (item == "a")


def test_folds_are_cached_per_version_and_agree_with_a_plain_fold():
    f = P.start("F-1")
    files = [f]
    for i in range(600):  # past two checkpoints
        f = P.apply(f, s.ReferralReceived(on=D) if i == 0 else s.TeamConsulted(on=D))
        if i == 0:
            f = P.apply(f, s.ClarificationStarted(on=D))
        files.append(f)

    def count(total: int, event: Event) -> int:
        return total + isinstance(event, s.TeamConsulted)

    # newest first, then older versions (from the checkpoints), then a plain tuple
    for g in [files[-1], files[300], files[5], files[0], files[-2]]:
        expected = sum(isinstance(e, s.TeamConsulted) for e in g.events)
        assert fold(g.events, "test.count", 0, count) == expected
        assert fold(tuple(g.events), "test.count", 0, count) == expected


# ----------------------------------------------------------------------------- the file


def test_a_case_file_is_read_only_and_pickles():
    f = P.replay(s.example_history(), case_id="F-1", context=s.CaseContext())
    for name in ("state", "case_id", "events", "version"):
        with pytest.raises(AttributeError):
            setattr(f, name, None)
    assert weakref.ref(f)() is f  # as an attrs class with slots was
    back = pickle.loads(pickle.dumps(f))
    assert back == f
    assert hash(back) == hash(f)
    assert back.state == f.state
    assert P.apply(back, s.PlanReviewed(on=date(2025, 1, 2))) == P.apply(
        f, s.PlanReviewed(on=date(2025, 1, 2))
    )
    with pytest.raises(ValidationError, match="one state per event"):
        CaseFile(case_id="F", process="sgb8", initial="start", events=f.events, states=())


def test_a_file_built_directly_applies_like_a_replayed_one():
    history = [
        *s.example_history(),
        s.RiskConcernRaised(on=date(2024, 9, 2)),
        s.RiskAssessed(on=date(2024, 9, 3), result="latent"),
    ]
    replayed = P.replay(history[:-1], case_id="F-1")
    loose = CaseFile(
        case_id="F-1",
        process="sgb8",
        initial="start",
        events=replayed.events,
        states=replayed.states,
    )
    after = P.apply(loose, history[-1])  # the return stack is read from the history
    assert after == P.replay(history, case_id="F-1")
    assert after.state == "help_active"


def test_check_builds_nothing_so_check_then_apply_appends_in_place():
    f = P.replay(s.example_history(), case_id="F-1")
    review = s.PlanReviewed(on=date(2025, 1, 2))
    assert P.check(f, review) is None
    assert P.allowed_events(f, candidates=[review])
    assert len(f._buffer) == f.version  # nothing was appended for the check
    after = P.apply(f, review)
    assert after._buffer is f._buffer  # shared, not copied


def test_a_branch_copies_once_and_leaves_both_versions_intact():
    f = P.replay(s.example_history(), case_id="F-1")
    one = P.apply(f, s.PlanReviewed(on=date(2025, 1, 2), note="one"))
    two = P.apply(f, s.PlanReviewed(on=date(2025, 1, 3), note="two"))
    assert one._buffer is f._buffer
    assert two._buffer is not f._buffer
    assert one.events[-1].note == "one"
    assert two.events[-1].note == "two"
    assert (one.version, two.version, f.version) == (9, 9, 8)
    three = P.apply(two, s.PlanReviewed(on=date(2025, 1, 4)))
    assert three._buffer is two._buffer
    assert three == P.replay([*two.events, three.events[-1]], case_id="F-1")


def test_expected_version_on_the_fast_path():
    f = P.replay(s.example_history(), case_id="F-1")
    review = s.PlanReviewed(on=date(2025, 1, 2))
    assert P.apply(f, review, expected_version=8).version == 9
    with pytest.raises(ConcurrencyError):
        P.apply(f, review, expected_version=7)
    with pytest.raises(ValueError, match="expected_version"):
        P.apply(f, review, expected_version=True)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- properties


def _refusal(err: TransitionError) -> tuple[object, ...]:
    return (err.state, err.event, err.guard, err.code, err.reason)


def _snapshot(f: CaseFile) -> tuple[object, ...]:
    return (
        tuple(f.events),
        tuple(f.states),
        f.state,
        f.version,
        P.return_state(f),
        s.running_helps(f.events),
        f.last_on,
    )


@settings(max_examples=150, deadline=None)
@given(ls.mixed_events(), ls.contexts())
def test_applying_one_at_a_time_equals_replaying(events, context):
    f = P.start("C-1", context)
    accepted: list[Event] = []
    for event in events:
        check = P.check(f, event)
        if check is not None:
            with pytest.raises(TransitionError) as applied:
                P.apply(f, event)
            with pytest.raises(TransitionError) as replayed_err:
                P.replay([*accepted, event], case_id="C-1", context=context)
            assert _refusal(applied.value) == _refusal(check)
            assert _refusal(replayed_err.value) == _refusal(check)
            continue
        after = P.apply(f, event)
        accepted.append(event)
        replayed = P.replay(accepted, case_id="C-1", context=context)
        assert after == replayed
        assert (after.state, after.version, after.states) == (
            replayed.state,
            replayed.version,
            replayed.states,
        )
        assert P.return_state(after) == P.return_state(replayed)
        # the carried derived state equals a full scan of the history
        carried, scanned = _scan_of(after.events), _scan(tuple(after.events))[0]
        assert (carried.builds, carried.running, carried.slot, carried.free_statement) == (
            scanned.builds,
            scanned.running,
            scanned.slot,
            scanned.free_statement,
        )
        f = after


@settings(max_examples=100, deadline=None)
@given(ls.mixed_events(n=30), st.data())
def test_older_versions_never_change_and_branches_replay_the_same(events, data):
    f = P.start("C-1")
    versions: list[CaseFile] = [f]
    for event in events:
        try:
            f = P.apply(f, event)
        except TransitionError:
            continue
        versions.append(f)
    snapshots = [_snapshot(v) for v in versions]
    # apply more events to random older versions (branches) and to their branches
    for extra in data.draw(st.lists(st.tuples(st.integers(0, 10**6), ls.mixed_events(n=3)))):
        at, more = extra
        g = versions[at % len(versions)]
        for event in more:
            try:
                g = P.apply(g, event)
            except TransitionError:
                continue
            assert g == P.replay(g.events, case_id="C-1")
            versions.append(g)
            snapshots.append(_snapshot(g))
    assert [_snapshot(v) for v in versions] == snapshots


@settings(max_examples=60, deadline=None)
@given(ls.walks(steps=25))
def test_corrections_after_walks_apply_like_replay(walk):
    case_file, context, _trace = walk
    if not case_file.events:
        return
    fixed = P.apply(
        case_file,
        Correction(on=case_file.events[0].on + timedelta(days=1), state="clarification",
                   by="asd-1", note="audit"),
    )  # fmt: skip
    assert fixed == P.replay(fixed.events, case_id=fixed.case_id, context=context)
    again = P.apply(fixed, s.TeamConsulted(on=fixed.events[-1].on + timedelta(days=1)))
    assert again == P.replay(again.events, case_id=again.case_id, context=context)


# ----------------------------------------------------------------------------- interleaving


def test_an_append_during_the_guards_is_detected_and_both_versions_stay_right():
    """A guard that appends to the same version (what another thread could do between two
    steps of apply) must not make the outer apply see that event in its history."""
    seen: list[int] = []
    state: dict[str, object] = {}

    def meddling(event, history, context, params):
        seen.append(len(history))
        if "inner" not in state:  # once: apply another event to the same version
            state["inner"] = None
            state["inner"] = P_MEDDLE.apply(state["file"], s.TeamConsulted(on=D, note="inner"))
        return

    from sozialraum.lifecycle import Guard

    P_MEDDLE = P.derive(
        name="meddle",
        add_guards=[("clarification", s.TeamConsulted, Guard(name="meddling", check=meddling))],
    )
    f = P_MEDDLE.replay([s.ReferralReceived(on=D), s.ClarificationStarted(on=D)], case_id="F-1")
    state["file"] = f
    outer = P_MEDDLE.apply(f, s.TeamConsulted(on=D, note="outer"))
    inner = state["inner"]
    assert isinstance(inner, CaseFile)
    assert seen[0] == 2  # the guards never see a history longer than the version's
    assert all(n == 2 for n in seen)
    assert [e.note for e in outer.events[2:]] == ["outer"]
    assert [e.note for e in inner.events[2:]] == ["inner"]
    assert f.version == 2
    assert tuple(f.events) == tuple(outer.events[:2]) == tuple(inner.events[:2])
    for g in (outer, inner):
        assert g == P_MEDDLE.replay(g.events, case_id="F-1")


def test_a_guard_decides_on_the_version_s_history_even_if_the_buffer_grew_meanwhile():
    from sozialraum.lifecycle import Guard, Refusal

    state: dict[str, object] = {}

    def meddling(event, history, context, params):
        if event.note == "outer" and "inner" not in state:
            state["inner"] = None
            state["inner"] = P_MEDDLE.apply(state["file"], s.TeamConsulted(on=D, note="inner"))
        return

    def judge(event, history, context, params):
        # refuses the outer event on the right history (two events); a history that
        # wrongly includes the inner event would let it through
        if event.note == "outer" and len(history) == 2:
            return Refusal("test.refused", "refused on the version's own history")
        return None

    P_MEDDLE = P.derive(
        name="meddle",
        add_guards=[
            ("clarification", s.TeamConsulted, Guard(name="meddling", check=meddling)),
            ("clarification", s.TeamConsulted, Guard(name="judge", check=judge)),
        ],
    )
    f = P_MEDDLE.replay([s.ReferralReceived(on=D), s.ClarificationStarted(on=D)], case_id="F")
    state["file"] = f
    with pytest.raises(TransitionError) as info:
        P_MEDDLE.apply(f, s.TeamConsulted(on=D, note="outer"))
    assert info.value.code == "test.refused"
    inner = state["inner"]
    assert isinstance(inner, CaseFile)
    assert inner == P_MEDDLE.replay(inner.events, case_id="F")
    assert f.version == 2


def _race(worker: Callable[[int], None], workers: int) -> None:
    """``worker(0)`` … ``worker(workers - 1)`` in threads at once, switching between them
    as often as the interpreter allows."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)


def test_threads_appending_to_the_same_version_each_get_their_own_file():
    """Rounds of four threads applying an event each to the same newest version at once:
    whichever wins the shared buffer, every thread gets a file with its own event."""
    import time

    from sozialraum.lifecycle import Guard

    def yielding(event, history, context, params):
        time.sleep(0.0001)  # let the other threads run while this one is in its guards
        return

    P = DEFAULT_PROCESS.derive(
        name="sgb8",
        add_guards=[("help_active", s.PlanReviewed, Guard(name="yielding", check=yielding))],
    )
    context = s.CaseContext()
    history = list(s.example_history())
    rounds, workers = 100, 4
    barrier = threading.Barrier(workers)
    shared: list[CaseFile] = [P.replay(history, case_id="F-1", context=context)]
    results: list[tuple[CaseFile, CaseFile, int]] = []

    def worker(k: int) -> None:
        for r in range(rounds):
            if barrier.wait() == 0:  # one thread makes a fresh newest version per round
                shared[0] = P.replay(history, case_id="F-1", context=context)
            barrier.wait()
            base = shared[0]
            day = date(2025, 1, 1) + timedelta(days=r)
            results.append((base, P.apply(base, s.PlanReviewed(on=day, note=f"t{k}")), k))

    _race(worker, workers)
    assert len(results) == rounds * workers
    for base, after, k in results:
        assert base.version == len(history)
        assert tuple(base.events) == tuple(history)
        assert after.version == len(history) + 1
        assert after.events[-1].note == f"t{k}"
        assert after == P.replay(after.events, case_id="F-1", context=context)


# ------------------------------------------------------ states recorded as changes only


def _states_by_hand(f: CaseFile) -> tuple[str, ...]:
    """The state after each event, by replaying every prefix: the slow, obvious reference."""
    return tuple(
        P.replay(f.events[: i + 1], case_id=f.case_id, context=f.context).state
        for i in range(len(f))
    )


def test_states_are_written_out_when_read_and_agree_at_every_version():
    """The buffer records only the changes of state; reading ``states`` (or ``state``) of
    any version, in any order, before or after later versions were applied, gives the
    state after each of its events."""
    history = [
        *s.example_history(),
        s.PlanReviewed(on=date(2024, 9, 1)),
        s.RiskConcernRaised(on=date(2024, 9, 2)),
        s.RiskAssessed(on=date(2024, 9, 3), result="latent"),
        s.PlanReviewed(on=date(2024, 9, 4)),
        s.HelpEnded(on=date(2024, 9, 5), ending_reason="10"),
        s.CaseClosed(on=date(2024, 9, 6), reason="planned"),
    ]
    versions = [P.start("F-1")]
    for event in history:
        versions.append(P.apply(versions[-1], event))
    # read an old version's states first (a partial write-out), then the newest, then all
    assert tuple(versions[5].states) == _states_by_hand(versions[5])
    assert tuple(versions[-1].states) == _states_by_hand(versions[-1])
    for v in versions:
        assert tuple(v.states) == _states_by_hand(v)
        assert v.state == (v.states[-1] if len(v) else "start")
    # a branch from an old version after the newest was read: its own states
    branch = P.apply(versions[9], s.PlanReviewed(on=date(2024, 9, 2), note="b"))
    assert tuple(branch.states) == _states_by_hand(branch)
    assert branch._buffer is not versions[9]._buffer


def test_a_file_built_directly_keeps_its_states_and_adds_the_changes_after_them():
    replayed = P.replay(s.example_history(), case_id="F-1")
    loose = CaseFile(
        case_id="F-1",
        process="sgb8",
        initial="start",
        events=replayed.events,
        states=replayed.states,
    )
    after = loose
    for event in (
        s.RiskConcernRaised(on=date(2024, 9, 2)),
        s.RiskAssessed(on=date(2024, 9, 3), result="latent"),
        s.PlanReviewed(on=date(2024, 9, 4)),
    ):
        after = P.apply(after, event)
    assert after.states[len(loose) :] == ("risk_assessment", "help_active", "help_active")
    assert tuple(after.states[: len(loose)]) == tuple(replayed.states)
    assert after == P.replay(after.events, case_id="F-1")


def test_threads_changing_state_and_reading_states_at_once_see_the_right_states():
    """Threads apply state-changing events to the same versions and read ``states`` of
    every version they see while others write states out: every file's states are those
    of its own history."""
    history = list(s.example_history())
    base = P.replay(history, case_id="F-1")
    steps = [
        s.RiskConcernRaised(on=date(2025, 1, 1)),
        s.RiskAssessed(on=date(2025, 1, 2), result="latent"),
        s.PlanReviewed(on=date(2025, 1, 3)),
    ]
    rounds, workers = 60, 4
    barrier = threading.Barrier(workers)
    shared = [base]
    seen: list[CaseFile] = []

    def worker(k: int) -> None:
        for _ in range(rounds):
            if barrier.wait() == 0:
                shared[0] = P.replay(history, case_id="F-1")
            barrier.wait()
            f = shared[0]
            for event in steps:
                f = P.apply(f, event)
                tuple(f.states)  # write out while the other threads append and read
                seen.append(f)

    _race(worker, workers)
    assert len(seen) == rounds * workers * len(steps)
    alone = P.replay([*history, *steps], case_id="F-1").states  # one thread, no races
    expected = {len(history) + i + 1: alone[: len(history) + i + 1] for i in range(len(steps))}
    for f in seen:
        assert f.states == expected[len(f)]
        assert f == P.replay(f.events, case_id="F-1")
