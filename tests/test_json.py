"""The safe JSON reader of the edges: duplicates, depth, encoding, round trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum._json import MAX_DEPTH, depth, loads, too_deep
from sozialraum.errors import ValidationError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def codes(text: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        loads(text)
    return [(i.path, i.code) for i in info.value.issues]


@given(json_values)
def test_round_trip_equals_the_standard_parser(value):
    text = json.dumps(value)
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == value


@given(json_values)
def test_depth_counts_nesting_not_brackets_in_strings(value):
    def nesting(v):
        if isinstance(v, list):
            return 1 + max((nesting(x) for x in v), default=0)
        if isinstance(v, dict):
            return 1 + max((nesting(x) for x in v.values()), default=0)
        return 0

    assert depth(json.dumps(value)) == nesting(value)


def test_duplicate_keys_are_reported_with_their_paths():
    text = '{"a": 1, "b": [{"c": 1, "c": 2, "c": 3}], "a": 2}'
    assert sorted(codes(text)) == [("/a", "json.duplicate_key"), ("/b/0/c", "json.duplicate_key")]


def test_duplicate_key_paths_are_escaped():
    # not of the form of a field name: shortened like an unknown key, then escaped
    assert codes('{"x/y": 1, "x/y": 2}') == [("/x~1y…(3)", "json.duplicate_key")]


def test_duplicate_keys_that_may_be_personal_data_are_shortened():
    text = '{"Lena Schmidt": 1, "Lena Schmidt": 2, "help_type": 1, "help_type": 2}'
    assert sorted(codes(text)) == [
        ("/Len…(12)", "json.duplicate_key"),
        ("/help_type", "json.duplicate_key"),
    ]


@pytest.mark.parametrize("n", [MAX_DEPTH + 1, 1100, 100_000])
def test_deep_nesting_is_an_issue_not_a_recursion_error(n):
    assert codes("[" * n + "]" * n) == [("", "json.too_deep")]
    assert codes('{"a":' * n + "1" + "}" * n) == [("", "json.too_deep")]


def test_nesting_at_the_limit_is_read():
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_brackets_inside_strings_do_not_count():
    assert loads(json.dumps({"x": "[" * 500 + '\\"{'})) == {"x": "[" * 500 + '\\"{'}


def test_encoding_and_syntax_errors():
    assert codes(b"\xff\xfe") == [("", "json.encoding")]
    assert codes("{") == [("", "json.invalid")]
    assert codes("") == [("", "json.invalid")]


def test_a_byte_order_mark_is_ignored():
    assert loads("\ufeff[1]") == [1]
    assert loads("\ufeff[1]".encode()) == [1]


def test_multi_line_syntax_errors_name_the_line():
    with pytest.raises(ValidationError) as info:
        loads('{\n"a": 1,\n}', what="the file")
    assert "line 3" in info.value.issues[0].message


@given(
    st.text(alphabet='[]{}"\\ ,:a1', max_size=200) | json_values.map(json.dumps),
    st.integers(0, 8),
)
def test_the_bracket_count_pre_scan_decides_as_the_full_depth_scan(text, limit):
    assert too_deep(text, limit) == (depth(text) > limit)


def test_duplicates_are_found_per_document_when_threads_parse_at_once():
    from concurrent.futures import ThreadPoolExecutor

    texts = ['{"a": 1, "a": 2}', '{"a": 1, "b": [{"c": 2}]}'] * 200

    def outcome(text: str) -> object:
        try:
            return loads(text)
        except ValidationError as err:
            return [(i.path, i.code) for i in err.issues]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(outcome, texts))
    assert results == [[("/a", "json.duplicate_key")], {"a": 1, "b": [{"c": 2}]}] * 200
