"""The generic engine: validation, apply/replay, corrections, previous-state returns, derive."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sozialraum.errors import ProcessDefinitionError, TransitionError, ValidationError
from sozialraum.lifecycle import (
    ANY_ACTIVE,
    PREVIOUS,
    CaseFile,
    Correction,
    Event,
    Guard,
    Process,
    Refusal,
    State,
    StateKind,
    Transition,
)

D = date(2024, 1, 10)


@attrs.frozen(kw_only=True)
class Open(Event):
    pass


@attrs.frozen(kw_only=True)
class Pause(Event):
    pass


@attrs.frozen(kw_only=True)
class Resume(Event):
    pass


@attrs.frozen(kw_only=True)
class Close(Event):
    code: str = "ok"


@attrs.frozen(kw_only=True)
class Note(Event):
    pass


@attrs.frozen(kw_only=True)
class LateClose(Close):
    """A subclass of a table event: matched through its base class."""


def _ok_code(event, history, context, parameters):
    return None if event.code == "ok" else Refusal("close.bad_code", "the code is not allowed")


OK_CODE = Guard(name="ok_code", check=_ok_code, description="closing code is ok")

STATES = (
    State(name="new", kind=StateKind.INITIAL),
    State(name="open", label_de="offen"),
    State(name="paused"),
    State(name="done", kind=StateKind.FINAL),
)
ROWS = (
    Transition(source="new", event=Open, target="open"),
    Transition(source="open", event=Note, target="open"),
    Transition(source=ANY_ACTIVE, event=Pause, target="paused"),
    Transition(source="paused", event=Resume, target=PREVIOUS),
    Transition(source="open", event=Close, target="done", guards=(OK_CODE,)),
)
P = Process(name="toy", states=STATES, transitions=ROWS, parameters={"x": 1})


def test_start_is_empty_in_the_initial_state():
    f = P.start("T-1")
    assert (f.state, f.events, f.states, f.last_on, f.opened_on) == ("new", (), (), None, None)
    assert P.return_state(f) == "new"
    assert f.entered_on() is None
    assert len(f) == 0


def test_apply_returns_a_new_file_and_keeps_the_old_one():
    f0 = P.start("T-1")
    f1 = P.apply(f0, Open(on=D))
    assert f0.state == "new"
    assert f1.state == "open"
    assert f1.events == (Open(on=D),)
    assert f1.states == ("open",)
    assert list(f1) == [(Open(on=D), "open")]


def test_not_allowed_names_state_event_and_code():
    with pytest.raises(TransitionError) as info:
        P.apply(P.start("T-1"), Close(on=D))
    err = info.value
    assert (err.state, err.event, err.guard, err.code) == (
        "new",
        "Close",
        None,
        "transition.not_allowed",
    )
    assert isinstance(err, ValueError)


def test_guard_refusal_names_the_guard():
    f = P.apply(P.start("T-1"), Open(on=D))
    with pytest.raises(TransitionError) as info:
        P.apply(f, Close(on=D, code="bad"))
    assert (info.value.guard, info.value.code) == ("ok_code", "close.bad_code")
    assert "ok_code" in str(info.value)
    assert "bad" not in str(info.value).replace("bad_code", "")
    assert P.check(f, Close(on=D)) is None


def test_events_cannot_go_back_in_time():
    f = P.apply(P.start("T-1"), Open(on=D))
    with pytest.raises(TransitionError) as info:
        P.apply(f, Note(on=date(2024, 1, 9)))
    assert info.value.code == "history.out_of_order"
    with pytest.raises(TransitionError) as info:
        P.replay([Open(on=D), Note(on=date(2024, 1, 9))], case_id="T-1")
    assert info.value.code == "history.out_of_order"
    assert P.apply(f, Note(on=D)).state == "open"  # the same day is fine


def test_subclass_of_a_table_event_uses_the_base_row():
    f = P.apply(P.start("T-1"), Open(on=D))
    assert P.apply(f, LateClose(on=D)).state == "done"
    assert P.replay([Open(on=D), LateClose(on=D)], case_id="T-1").state == "done"


def test_any_active_row_and_return_to_previous():
    f = P.replay([Open(on=D), Pause(on=D)], case_id="T-1")
    assert f.state == "paused"
    assert P.return_state(f) == "open"
    f = P.apply(f, Resume(on=date(2024, 2, 1)))
    assert f.state == "open"
    replayed = P.replay(f.events, case_id="T-1")
    assert replayed == f


def test_self_transition_does_not_count_as_entering():
    f = P.replay([Open(on=D), Note(on=date(2024, 1, 11))], case_id="T-1")
    assert f.entered_on() == D
    assert P.return_state(f) == "new"


def test_process_mismatch_is_refused():
    # CaseFile is not an attrs class (its versions share their history), so no evolve
    other = CaseFile(case_id="T-1", process="other", initial=P.initial)
    with pytest.raises(TransitionError) as info:
        P.apply(other, Open(on=D))
    assert info.value.code == "process.mismatch"


# ----------------------------------------------------------------------------- corrections


def _audited(**kw):
    return Correction(by="asd-1", note="wrong file", **kw)


def test_correction_may_be_backdated_and_rewrites_the_timeline():
    f = P.replay([Open(on=D), Close(on=date(2024, 3, 1))], case_id="T-1")
    f = P.apply(f, _audited(on=date(2024, 2, 1), state="open"))
    assert f.state == "open"
    assert f.state_at(date(2024, 3, 15)) == "open"
    assert f.state_at(date(2024, 1, 31)) == "open"
    assert f.timeline() == ((D, "open"),)
    assert P.replay(f.events, case_id="T-1") == f
    # after a correction, the next event may be dated from the correction's date on
    assert P.apply(f, Note(on=date(2024, 2, 2))).state == "open"


def test_correction_to_another_state_from_its_day():
    f = P.replay([Open(on=D), Note(on=date(2024, 3, 1))], case_id="T-1")
    f = P.apply(f, _audited(on=date(2024, 2, 1), state="paused"))
    assert f.state_at(date(2024, 1, 31)) == "open"
    assert f.state_at(date(2024, 2, 1)) == "paused"
    assert f.state_at(date(2024, 3, 1)) == "paused"


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([Correction(on=D, state="open", by="a", note="n")], "correction.empty_history"),
        ([Open(on=D), Correction(on=D, state="open", note="n")], "correction.unaudited"),
        ([Open(on=D), Correction(on=D, state="open", by="a")], "correction.unaudited"),
        ([Open(on=D), Correction(on=D, state="nowhere", by="a", note="n")],
         "correction.unknown_state"),
        ([Open(on=D), Correction(on=date(2023, 1, 1), state="open", by="a", note="n")],
         "correction.before_opening"),
    ],
)  # fmt: skip
def test_corrections_must_be_audited_and_sensible(events, code):
    with pytest.raises(TransitionError) as info:
        P.replay(events, case_id="T-1")
    assert info.value.code == code


# ----------------------------------------------------------------------------- allowed events


def test_allowed_events_lists_table_rows_and_checks_candidates():
    f = P.apply(P.start("T-1"), Open(on=D))
    options = {o.event: o for o in P.allowed_events(f)}
    assert set(options) == {"Close", "Note", "Pause"}
    assert options["Note"].allowed is True
    assert options["Note"].target == "open"
    assert options["Close"].allowed is None
    assert options["Close"].guards == ("ok_code",)
    checked = {
        o.event: o for o in P.allowed_events(f, candidates=[Close(on=D, code="bad"), Open(on=D)])
    }
    assert checked["Close"].allowed is False
    assert (checked["Close"].guard, checked["Close"].code) == ("ok_code", "close.bad_code")
    assert checked["Open"].allowed is False
    assert checked["Open"].code == "transition.not_allowed"
    good = {o.event: o for o in P.allowed_events(f, candidates=[Close(on=D)])}
    assert good["Close"].allowed is True


def test_allowed_events_resolves_previous_targets():
    f = P.replay([Open(on=D), Pause(on=D)], case_id="T-1")
    (option,) = P.allowed_events(f)
    assert (option.event, option.target) == ("Resume", "open")


def test_final_state_allows_nothing():
    f = P.replay([Open(on=D), Close(on=D)], case_id="T-1")
    assert P.allowed_events(f) == ()


# ----------------------------------------------------------------------------- validation


def _codes(**changes):
    with pytest.raises(ProcessDefinitionError) as info:
        Process(**{"name": "bad", "states": STATES, "transitions": ROWS, **changes})
    assert isinstance(info.value, ValidationError)
    return info.value.codes


def test_validation_reports_every_problem_at_once():
    codes = _codes(
        states=(*STATES, State(name="island"), State(name="open")),
        transitions=(
            *ROWS,
            Transition(source="nowhere", event=Open, target="void"),
            Transition(source="done", event=Open, target="open"),
            Transition(source="open", event=Note, target="open"),
        ),
    )
    assert set(codes) >= {
        "state.duplicate",
        "transition.unknown_source",
        "transition.unknown_target",
        "state.final_has_exit",
        "transition.duplicate",
        "state.unreachable",
    }


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"states": STATES[1:]}, "process.initial_count"),
        ({"states": (*STATES, State(name="x", kind=StateKind.INITIAL))}, "process.initial_count"),
        ({"states": (*STATES, State(name="*"))}, "state.name"),
        ({"states": (*STATES, "open")}, "state.type"),
        ({"transitions": (*ROWS, "row")}, "transition.type"),
        ({"transitions": (*ROWS, Transition(source="open", event=int, target="done"))},
         "transition.event_type"),
        ({"transitions": (*ROWS, Transition(source="open", event=Correction, target="done"))},
         "transition.event_type"),
        ({"transitions": (*ROWS, Transition(source="open", event=Resume, target="done",
                                            guards=(Guard(name="g", check=None),)))},
         "guard.not_callable"),
        ({"transitions": (*ROWS, Transition(source="new", event=Resume, target=PREVIOUS))},
         "transition.no_previous"),
        ({"transitions": (*ROWS, Transition(source=ANY_ACTIVE, event=Resume, target=PREVIOUS))},
         "transition.no_previous"),
        ({"parameters": {"x": "6"}}, "parameter.type"),
        ({"parameters": {"x": True}}, "parameter.type"),
        ({"name": ""}, "process.name"),
        ({"states": (*STATES, State(name="limbo")),
          "transitions": (*[r for r in ROWS if r.source != ANY_ACTIVE],
                          Transition(source="open", event=Resume, target="limbo"),
                          Transition(source="limbo", event=Note, target="limbo"))},
         "state.dead_end"),
    ],
)  # fmt: skip
def test_each_definition_problem_has_a_code(changes, code):
    assert code in _codes(**changes)


def test_event_name_clash_is_reported():
    @attrs.frozen(kw_only=True)
    class Note(Event):  # same name as the module's Note
        pass

    rows = (*ROWS, Transition(source="paused", event=Note, target="paused"))
    assert "event.name_clash" in _codes(transitions=rows)


def test_introspection():
    assert P.initial == "new"
    assert P.state("open").label("de") == "offen"
    assert P.state("open").label("en") == "offen"  # falls back to the other language
    assert P.state("paused").label("de") == "paused"
    assert P.events == (Open, Note, Pause, Resume, Close, Correction)
    assert P.guards == {"ok_code": OK_CODE}
    edges = {(s, e.__name__, t) for s, e, t, _g in P.edges()}
    assert ("paused", "Resume", "open") in edges
    assert ("open", "Pause", "paused") in edges
    assert ("paused", "Pause", "paused") not in edges


# ----------------------------------------------------------------------------- derive


def _strict(event, history, context, parameters):
    return Refusal("close.strict", "strict closing") if event.code != "ok" else None


def test_derive_adds_states_rows_guards_and_parameters():
    review = State(name="review", label_en="team review")
    strict = Guard(name="strict", check=_strict)
    extra = Guard(name="always", check=lambda e, h, c, p: None)
    d = P.derive(
        name="toy-2",
        add_states=[review, State(name="open", label_en="opened")],
        add_transitions=[
            Transition(source="open", event=Note, target="review"),  # replaces the row
            Transition(source="review", event=Resume, target="open"),
        ],
        replace_guards={"ok_code": strict},
        add_guards=[("new", Open, extra)],
        parameters={"y": 2},
    )
    assert d.name == "toy-2"
    assert d.parameters == {"x": 1, "y": 2}
    assert d.state("open").label_en == "opened"
    f = d.replay([Open(on=D), Note(on=D)], case_id="T-1")
    assert f.state == "review"
    with pytest.raises(TransitionError) as info:
        d.apply(d.apply(f, Resume(on=D)), Close(on=D, code="x"))
    assert info.value.guard == "strict"
    assert [g.name for g in d.transitions[0].guards] == ["always"]
    assert P.state("open").label_en == ""  # the original is unchanged


def test_derive_can_remove_rows_and_guards():
    d = P.derive(name="toy-3", replace_guards={"ok_code": None})
    f = d.replay([Open(on=D), Close(on=D, code="anything")], case_id="T-1")
    assert f.state == "done"
    with pytest.raises(ProcessDefinitionError) as info:
        P.derive(name="toy-4", remove_transitions=[("open", Close)])
    assert "state.unreachable" in info.value.codes


def test_derive_reports_unknown_guards_and_rows():
    with pytest.raises(ProcessDefinitionError) as info:
        P.derive(
            name="toy-5",
            replace_guards={"nope": OK_CODE},
            add_guards=[("open", Open, OK_CODE)],
            remove_transitions=[("paused", Close)],
        )
    assert info.value.codes == (
        "derive.unknown_guard",
        "derive.unknown_transition",
        "derive.unknown_transition",
    )


def test_non_events_give_a_located_validation_error():
    from datetime import date as _date

    from sozialraum.errors import ValidationError
    from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS, ReferralReceived

    with pytest.raises(ValidationError) as info:
        DEFAULT_PROCESS.replay([ReferralReceived(on=_date(2024, 1, 1)), "x"], case_id="F")
    assert [(i.path, i.code) for i in info.value.issues] == [("/1", "type.invalid")]
    with pytest.raises(ValidationError) as info:
        DEFAULT_PROCESS.apply(DEFAULT_PROCESS.start("F"), 3)  # type: ignore[arg-type]
    assert info.value.codes == ("type.invalid",)
