"""The exception tree and Issue: every error is also the builtin a user expects."""

from __future__ import annotations

import pickle

import pytest

from sozialraum import errors
from sozialraum.errors import (
    AllocationError,
    Issue,
    MissingDependencyError,
    OutOfRangeError,
    ProcessDefinitionError,
    SozialraumError,
    TieError,
    TransitionError,
    UnknownCodeError,
    ValidationError,
    escape_pointer_token,
    join_pointer,
)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (ValidationError, ValueError),
        (ProcessDefinitionError, ValidationError),
        (UnknownCodeError, LookupError),
        (OutOfRangeError, LookupError),
        (TransitionError, ValueError),
        (AllocationError, ValueError),
        (TieError, AllocationError),
        (MissingDependencyError, ImportError),
    ],
)
def test_every_error_is_a_sozialraum_error_and_its_builtin(cls, builtin):
    assert issubclass(cls, SozialraumError)
    assert issubclass(cls, builtin)


def test_the_tree_drawn_in_the_module_docstring_names_every_error():
    doc = errors.__doc__
    assert doc is not None
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert name in doc


@pytest.mark.parametrize(
    ("token", "escaped"),
    [("a", "a"), ("a/b", "a~1b"), ("a~b", "a~0b"), ("~/", "~0~1"), ("~1", "~01"), (3, "3")],
)
def test_escape_pointer_token_follows_rfc_6901(token, escaped):
    assert escape_pointer_token(token) == escaped


def test_join_pointer():
    assert join_pointer("", "helps", 0, "period") == "/helps/0/period"
    assert join_pointer("/a") == "/a"
    assert join_pointer("", "") == "/"  # the empty key is a valid token
    assert join_pointer("/x", "a/b", "c~d") == "/x/a~1b/c~0d"


def test_issue_is_frozen_and_has_value_semantics():
    i = Issue("/a", "x.y", "msg")
    assert i == Issue("/a", "x.y", "msg")
    assert hash(i) == hash(Issue("/a", "x.y", "msg"))
    with pytest.raises(AttributeError):
        i.path = "/b"  # type: ignore[misc]


def test_issue_prefixed_to_dict_and_str():
    i = Issue("/end", "period.end_before_start", "the end must not be before the start")
    assert i.prefixed("/helps/2/period").path == "/helps/2/period/end"
    assert i.prefixed("").path == "/end"
    assert i.to_dict() == {
        "path": "/end",
        "code": "period.end_before_start",
        "message": "the end must not be before the start",
    }
    assert str(i) == "/end: the end must not be before the start [period.end_before_start]"
    assert str(Issue("", "type.object", "expected an object")) == (
        "/: expected an object [type.object]"
    )


def test_validation_error_collects_issues_and_formats_them():
    issues = [Issue("/a", "c.one", "first"), Issue("/b", "c.two", "second")]
    err = ValidationError(iter(issues))  # any iterable
    assert err.issues == tuple(issues)
    assert err.codes == ("c.one", "c.two")
    assert str(err) == "2 issues:\n  /a: first [c.one]\n  /b: second [c.two]"
    assert str(ValidationError.single("", "x", "y")) == "1 issue:\n  /: y [x]"
    assert str(ValidationError([])) == "0 issues:"


def test_validation_error_prefixed_keeps_its_class():
    err = ProcessDefinitionError([Issue("/states/0", "c", "m")]).prefixed("/process")
    assert type(err) is ProcessDefinitionError
    assert err.issues[0].path == "/process/states/0"


def test_validation_error_can_be_caught_as_value_error():
    with pytest.raises(ValueError, match=r"\[c\]"):
        raise ValidationError.single("/x", "c", "m")


def test_unknown_code_error():
    err = UnknownCodeError("help_types", "99")
    assert (err.code_list, err.code, err.suggestion) == ("help_types", "99", None)
    assert str(err) == "unknown code in code list 'help_types'"
    hinted = UnknownCodeError("help_types", "3l", "31")
    assert str(hinted) == "unknown code in code list 'help_types'; did you mean '31'?"
    # the (possibly personal) code looked up is not in the message
    assert "3l" not in str(hinted)
    with pytest.raises(LookupError):
        raise hinted


def test_out_of_range_error():
    err = OutOfRangeError("share", "parameter 'share' has no value on 2023-06-01")
    assert err.parameter == "share"
    assert str(err) == "parameter 'share' has no value on 2023-06-01"


def test_transition_error_names_state_event_and_guard():
    err = TransitionError(
        state="open", event="GrantHelp", guard="has_plan", code="guard.refused", reason="no plan"
    )
    assert (err.state, err.event, err.guard, err.code, err.reason) == (
        "open",
        "GrantHelp",
        "has_plan",
        "guard.refused",
        "no plan",
    )
    assert (
        str(err) == "GrantHelp refused in state 'open' by guard 'has_plan': no plan [guard.refused]"
    )
    no_guard = TransitionError(
        state="closed", event="Reopen", guard=None, code="transition.not_allowed", reason="r"
    )
    assert str(no_guard) == "Reopen refused in state 'closed': r [transition.not_allowed]"


def test_allocation_and_tie_error():
    err = TieError("largest_remainder", "tie.refused", "two spaces tie for the last cent")
    assert (err.rule, err.code) == ("largest_remainder", "tie.refused")
    assert str(err) == "largest_remainder: two spaces tie for the last cent [tie.refused]"
    assert isinstance(err, AllocationError)


def test_missing_dependency_error_names_the_extra():
    err = MissingDependencyError("matplotlib", "plot", "plotting")
    assert (err.package, err.extra) == ("matplotlib", "plot")
    assert "pip install 'sozialraum[plot]'" in str(err)
    assert "'matplotlib'" in str(err)
    with pytest.raises(ImportError):
        raise err


def test_validation_error_pickles():
    err = ValidationError([Issue("/a", "c", "m")])
    back = pickle.loads(pickle.dumps(err))
    assert back.issues == err.issues
