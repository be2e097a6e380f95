"""No personal data in repr, str, errors, logs or default exports (issue 11, D10).

Distinctive values are planted into every free-text field (notes, justifications, goal
texts and level descriptions) of every record type and lifecycle event, and into keys and
every string leaf of documents; birth dates are tracked as they are. Then every ``repr``,
``str``, error message (both languages), captured log line at DEBUG and default export
(metrics, statistics, simulation, diagrams, the HTML report) is searched for them. The
planted values must still survive ``unstructure``/``structure``: hidden, not lost.
"""

from __future__ import annotations

import copy
import importlib
import logging
import pkgutil
import re
import typing
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import fuzzing

import sozialraum
from sozialraum import records, schema
from sozialraum.data import Sample, load_sample
from sozialraum.errors import SozialraumError, TransitionError, ValidationError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    CaseFile,
    Correction,
    Event,
    case_file_from_dict,
    case_file_to_dict,
    example_history,
    to_dot,
    to_mermaid,
)
from sozialraum.lifecycle.sgb8 import HelpGranted
from sozialraum.model import Goal, HelpPlan, YearMonth
from sozialraum.periods import Period

PLANT = "Lena Schmidt PLANTED"
#: What must never show: the planted text or any recognisable part of it.
NEEDLES = ("Lena Schmidt", "Schmidt", "PLANTED")

#: Free-text fields (any class): planted with :data:`PLANT`.
FREE_TEXT = frozenset(
    {"note", "text", "young_adult_justification", "justification_beyond_21", "levels"}
)
#: Names of personal fields: every attrs class in the package must keep them out of repr.
PERSONAL = re.compile(
    r"(^|_)(note|notes|comment|remarks?|justification|birth|birth_date|gender|sex|"
    r"danger_from|family_young_people|residence_before|family_situation|whereabouts_after)"
    r"($|_)"
)
#: Fields that carry the library's own words, not a free text: an allocation step's
#: rendered sentence, a metric row's machine note (``"cell.suppressed"``).
_NOT_FREE_TEXT = {
    ("sozialraum.budget.allocation", "Step", "text"),
    ("sozialraum.metrics.rows", "Row", "note"),
}


def _attrs_classes() -> Iterator[type[Any]]:
    seen: set[type[Any]] = set()
    for info in pkgutil.walk_packages(sozialraum.__path__, "sozialraum."):
        if info.name.endswith(("distributed", "plot")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value not in seen:
                seen.add(value)
                yield value


def test_every_personal_or_free_text_field_is_left_out_of_repr() -> None:
    """The class, not the example: a new ``note``, ``birth`` or goal text field anywhere in
    the package must be declared ``repr=False`` (the model's mechanism)."""
    shown = []
    checked = 0
    for cls in _attrs_classes():
        for field in attrs.fields(cls):
            name = field.name
            personal = PERSONAL.search(name) or name == "text"
            if personal and (cls.__module__, cls.__name__, name) not in _NOT_FREE_TEXT:
                checked += 1
                if field.repr is not False:
                    shown.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert not shown
    assert checked >= 30  # the audit really saw the personal fields


# -- planting -------------------------------------------------------------------------------


def _is_str_type(cls: type[Any], name: str) -> bool:
    hint = typing.get_type_hints(cls)[name]
    args = typing.get_args(hint)
    return hint is str or str in args or (typing.get_origin(hint) is tuple and str in args)


def plant(value: Any) -> Any:
    """``value`` with :data:`PLANT` in every free-text field of every nested attrs object
    (a field whose invariant refuses the text keeps its value)."""
    if isinstance(value, tuple):
        return tuple(plant(v) for v in value)
    if not attrs.has(type(value)) or isinstance(value, CaseFile):
        return value
    cls = type(value)
    changes: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        current = getattr(value, field.name)
        if field.name in FREE_TEXT and _is_str_type(cls, field.name):
            changes[field.name] = (PLANT,) * 5 if field.name == "levels" else PLANT
        else:
            new = plant(current)
            if new is not current:
                changes[field.name] = new
    if not changes:
        return value
    try:
        return attrs.evolve(value, **changes)
    except ValidationError as err:  # an invariant refuses: the error must not tell
        assert_clean(str(err), repr(err))
        free = {k: v for k, v in changes.items() if k not in FREE_TEXT}
        return attrs.evolve(value, **free) if free else value


def _texts_of(day: date) -> set[str]:
    return {day.isoformat(), f"{day.day:02d}.{day.month:02d}.{day.year}", repr(day)[9:]}


def _birth_needles(values: Any) -> set[str]:
    """The birth dates found in ``values`` as ISO text, German text and ``repr``, except
    those that are also another (non-personal) date of ``values``, such as an opening day."""
    births: set[str] = set()
    others: set[str] = set()

    def walk(value: Any, personal: bool) -> None:
        if isinstance(value, date):
            (births if personal else others).update(_texts_of(value))
        elif isinstance(value, YearMonth):
            return
        elif isinstance(value, tuple | list):
            for v in value:
                walk(v, personal)
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name), field.name in ("birth", "birth_date"))

    walk(values, False)
    return births - others


def assert_clean(*texts: str, extra: set[str] | frozenset[str] = frozenset()) -> None:
    for text in texts:
        for needle in (*NEEDLES, *extra):
            assert needle not in text, (needle, text[:2000])


def _objects(value: Any) -> Iterator[Any]:
    if isinstance(value, tuple | list):
        for v in value:
            yield from _objects(v)
    elif attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _objects(getattr(value, field.name))


def _contains(data: Any, text: str) -> bool:
    if isinstance(data, str):
        return text in data
    if isinstance(data, dict):
        return any(_contains(v, text) for v in data.values())
    if isinstance(data, list):
        return any(_contains(v, text) for v in data)
    return False


# -- every record type: repr, str and the round trip ----------------------------------------


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_planted_values_never_show_in_repr_and_survive_the_round_trip(
    name: str, data: st.DataObject
) -> None:
    cls = records.RECORD_TYPES[name]
    value = schema.structure(data.draw(fuzzing.valid_documents(name)), cls)
    planted = plant(value)
    births = _birth_needles(planted)
    for obj in [planted, *_objects(planted)]:
        assert_clean(repr(obj), str(obj), extra=births)
    document = schema.unstructure(planted)
    back = schema.structure(document, cls)
    assert back == planted
    if planted != value:  # something was planted: it was kept, only hidden
        assert _contains(document, PLANT)


# -- errors: planted into every string leaf and as an unknown key --------------------------


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _error_texts(issues: tuple[Any, ...]) -> list[str]:
    out = []
    for issue in issues:
        out += [str(issue), repr(issue), issue.message_in("de"), str(issue.to_dict())]
    return out


@pytest.mark.parametrize("name", fuzzing.RECORD_NAMES)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_errors_never_echo_planted_values(name: str, data: st.DataObject) -> None:
    cls = records.RECORD_TYPES[name]
    doc = data.draw(fuzzing.valid_documents(name))
    leaves = [p for p in _leaves(doc) if p]
    everywhere = copy.deepcopy(doc)
    for path in leaves:  # every leaf at once: many issues of every kind
        parent = everywhere
        for k in path[:-1]:
            parent = parent[k]
        parent[path[-1]] = PLANT
    one = copy.deepcopy(doc)
    if leaves:  # one leaf: the cross-field rules still run
        path = data.draw(st.sampled_from(leaves))
        parent = one
        for k in path[:-1]:
            parent = parent[k]
        parent[path[-1]] = PLANT
    if isinstance(one, dict):
        one[PLANT] = PLANT
    for bad in (everywhere, one):
        issues = schema.validate(bad, cls)
        assert_clean(*_error_texts(issues))
        try:
            schema.structure(bad, cls)
        except SozialraumError as err:
            assert_clean(str(err), repr(err))
            if isinstance(err, ValidationError):
                assert_clean(*_error_texts(err.issues))
        else:  # planted text where text is allowed
            assert not issues


# -- lifecycle events, case files and refusals ----------------------------------------------


def _value_for(cls: type[Any], field: attrs.Attribute[Any]) -> Any:
    hint = typing.get_type_hints(cls)[field.name]
    base = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    if field.name in FREE_TEXT:
        return PLANT
    code_list = field.metadata.get("code_list")
    if code_list == "help_types":
        return "31"
    if code_list:
        return sozialraum.catalog.code_list(code_list).codes[0]
    kind = base[0]
    if kind is date:
        return date(2024, 3, 1)
    if kind is int:
        return field.metadata.get("minimum", 1)
    if isinstance(kind, type) and issubclass(kind, str) and hasattr(kind, "__members__"):
        return next(iter(kind.__members__.values()))
    if field.name == "state":
        return "clarification"
    return "x1"


def _events() -> list[Event]:
    out = []
    for cls in sorted({*DEFAULT_PROCESS.events, Correction}, key=lambda c: c.__name__):
        values = {f.name: _value_for(cls, f) for f in attrs.fields(cls)}
        out.append(cls(**values))
    return out


def test_every_event_hides_its_free_text() -> None:
    events = _events()
    assert len(events) == len({*DEFAULT_PROCESS.events, Correction}) > 15
    for event in events:
        assert event.note == PLANT
        assert_clean(repr(event), str(event))
    granted = next(e for e in events if isinstance(e, HelpGranted))
    assert granted.young_adult_justification == PLANT


def _planted_file() -> CaseFile:
    history = [
        attrs.evolve(
            e,
            note=PLANT,
            **({"young_adult_justification": PLANT} if isinstance(e, HelpGranted) else {}),
        )
        for e in example_history()
    ]
    context = CaseContext(birth_date=date(2011, 4, 5))
    return DEFAULT_PROCESS.replay(history, case_id="F-1", context=context)


def test_case_files_hide_notes_justifications_and_the_birth_date() -> None:
    f = _planted_file()
    births = {"2011-04-05", "2011, 4, 5", "05.04.2011"}
    for obj in (f, f.context, *f.events):
        assert_clean(repr(obj), str(obj), extra=births)
    document = case_file_to_dict(f)
    assert _contains(document, PLANT)
    assert _contains(document, "2011-04-05")
    back = case_file_from_dict(document, DEFAULT_PROCESS)
    assert back.events == f.events
    assert back.context == f.context


def test_refusals_and_type_errors_never_echo_planted_values() -> None:
    f = _planted_file()
    refused = HelpGranted(
        on=date(2025, 1, 1),
        help_type="41",
        decided_by="youth_office",
        expected_months=6,
        note=PLANT,
        young_adult_justification=PLANT,
    )
    start = DEFAULT_PROCESS.start("F-2")
    for file, event in ((start, refused), (f, refused)):
        with pytest.raises(SozialraumError) as info:
            DEFAULT_PROCESS.apply(file, event)
        err = info.value
        assert_clean(str(err), repr(err))
        if isinstance(err, TransitionError):
            assert_clean(err.message_in("de") if hasattr(err, "message_in") else "")
    with pytest.raises(ValidationError) as bad:
        HelpGranted(
            on=PLANT,  # type: ignore[arg-type]
            help_type=PLANT,
            decided_by="youth_office",
            expected_months=6,
            note=PLANT,
        )
    assert_clean(str(bad.value), repr(bad.value), *_error_texts(bad.value.issues))


# -- default exports and logs of a planted municipality -------------------------------------


def _planted_sample() -> tuple[Sample, set[str]]:
    sample = load_sample()
    cases = tuple(plant(c) for c in sample.cases)
    assert any(g.text == PLANT for c in cases for p in c.help_plans for g in p.goals)
    assert any(h.justification_beyond_21 == PLANT for c in cases for h in c.helps)
    planted = Sample(municipality=sample.municipality, cases=cases, work=sample.work)
    return planted, _birth_needles(planted)


def test_default_exports_and_logs_never_show_planted_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from sozialraum.metrics import metrics_report, render_report
    from sozialraum.report import build_report
    from sozialraum.simulation import simulate, text_table
    from sozialraum.simulation import to_csv as simulation_csv
    from sozialraum.simulation import to_json as simulation_json
    from sozialraum.statistics import (
        CSV_FILES,
        plausibility,
        reconciliation_tables,
        statistics_records,
        to_json,
    )
    from sozialraum.statistics import to_csv as statistics_csv

    caplog.set_level(logging.DEBUG)
    sample, births = _planted_sample()
    assert len(births) > 100  # most birth dates are searched for
    texts: list[str] = []
    table = metrics_report(
        sample.municipality,
        sample.cases,
        sample.work,
        period=Period.year(2025),
        as_of=date(2026, 1, 1),
    )
    texts += [table.to_csv(), table.to_json(), render_report(table), repr(table)]
    stats = statistics_records(sample.cases, 2025, municipality=sample.municipality)
    for record_type in CSV_FILES:
        rows = {
            "HelpRecord": stats.helps,
            "RiskAssessmentRecord": stats.risk_assessments,
            "CustodyRecord": stats.protective_custodies,
        }[record_type.__name__]
        texts.append(statistics_csv(rows, record_type))
    texts += [str(to_json(stats)), repr(stats)]
    texts += [str(i) for i in plausibility(stats)]
    texts += [t.to_csv() + t.render() for t in reconciliation_tables(stats)]
    result = simulate(runs=2, seed=1, years=1, municipality=sample.municipality, cases=sample.cases)
    texts += [simulation_csv(result), simulation_json(result), text_table(result)]
    texts += [to_mermaid(DEFAULT_PROCESS), to_dot(DEFAULT_PROCESS)]
    html = build_report(sample, year=2025, lang="en")
    assert html.count("<table") > 3  # the whole report was rendered
    assert len(stats.helps) > 50  # and the records hold the planted cases' helps
    texts.append(html)
    texts += [r.getMessage() for r in caplog.records]
    texts.append(caplog.text)
    assert_clean(*texts, extra=births)


def test_the_planting_reaches_the_fields_it_claims() -> None:
    """The planting helper itself: goal texts, level descriptions and justifications."""
    goal = plant(Goal(id="G1", text="ok"))
    assert goal.text == PLANT
    assert goal.levels == (PLANT,) * 5
    plan = plant(HelpPlan(id="P1", agreed_on=date(2024, 1, 1), goals=(Goal(id="G1", text="a"),)))
    assert plan.goals[0].text == PLANT
    event = plant(example_history()[0])
    assert event.note == PLANT


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["human", "json"])
def test_the_command_line_never_prints_planted_values(tmp_path: Any, fmt: str) -> None:
    import io

    from sozialraum.cli import main

    lines = [
        # a planted unknown key, twice (a duplicate), and planted values in wrong places
        '{"id": "C1", "space_id": "S", "opened": "Lena Schmidt PLANTED", '
        '"Lena Schmidt PLANTED": 1, "Lena Schmidt PLANTED": 2, '
        '"young_person": {"id": "P", "birth": "2011-04-05", "gender": "Lena Schmidt PLANTED"}, '
        '"closing_reason": "Lena Schmidt PLANTED", '
        '"help_plans": [{"id": "HP", "agreed_on": "2024-01-01", '
        '"goals": [{"id": "G", "text": "Lena Schmidt PLANTED", "weight": "x"}]}]}',
        '{"id": "C2", "space_id": "S", "opened": "2024-01-01", "closed": "2023-01-01", '
        '"closing_reason": "planned", '
        '"young_person": {"id": "P2", "birth": "2011-04-05"}, '
        '"help_plans": [{"id": "HP", "agreed_on": "2024-01-01", '
        '"goals": [{"id": "G", "text": "Lena Schmidt PLANTED", "levels": ["Lena Schmidt"]}]}]}',
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang in ("en", "de"):
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["validate", str(path), "--type", "case", "--format", fmt, "--lang", lang],
            stdout=out,
            stderr=err,
        )
        assert code == 1
        assert out.getvalue()  # issues were reported
        assert_clean(out.getvalue(), err.getvalue(), extra={"2011-04-05", "05.04.2011"})
