"""The rules of a data set, as tables of data, and the checks that read them.

Each table row names a record type and JSON pointers into its records (``"*"`` stands for
every item of an array). To follow a change of the model (a field renamed, a new
reference), edit a row; the checks below read the tables and need no change.

The checks remember what they need between records in an :class:`_Index`: ids with the
line they were first seen on and, per case, its space and two dates, never entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from .. import messages
from ..errors import Issue, escape_pointer_token

__all__ = [
    "AGE_LIMITS",
    "BIRTH_DATES",
    "CASE_DATES",
    "CASE_LINKS",
    "DATE_ORDER",
    "DATE_RANGES",
    "DEFINED_IDS",
    "RECORD_RULES",
    "REFERENCES",
    "SAME_PERSON",
    "UNIQUE_IDS",
]

# -- the rules, as tables ------------------------------------------------------------------
# Pointers are JSON pointers into one record; "*" stands for every item of an array.

#: The plausible range of dates of case work ``[start, end)``: from the day SGB VIII came
#: into force (3 October 1990, in the new Länder) to before 2100.
CASE_DATES = (date(1990, 10, 3), date(2100, 1, 1))
#: The plausible range of dates of birth.
BIRTH_DATES = (date(1900, 1, 1), date(2100, 1, 1))

#: Ids the municipality defines, which other records refer to: (index, pointer).
DEFINED_IDS = (
    ("social_space", "/social_spaces/*/id"),
    ("provider", "/providers/*/id"),
    ("team", "/teams/*/id"),
)

#: Ids unique in the whole data set: (record type, pointer, index). Duplicates within one
#: record are the record's own rule (``id.duplicate``).
UNIQUE_IDS = (
    ("case", "/id", "case"),
    ("case", "/helps/*/id", "help"),
    ("case", "/help_plans/*/id", "help_plan"),
    ("case", "/risk_assessments/*/id", "risk_assessment"),
    ("case_independent_work", "/id", "case_independent_work"),
)

#: References that must resolve: (record type, pointer, index, code). References to the
#: municipality are checked when it could be read; references to cases when the set has
#: a case file.
REFERENCES = (
    ("case", "/space_id", "social_space", "dataset.unknown_space"),
    ("case", "/helps/*/provider_id", "provider", "dataset.unknown_provider"),
    ("case_independent_work", "/space_id", "social_space", "dataset.unknown_space"),
    ("case_independent_work", "/provider_id", "provider", "dataset.unknown_provider"),
    ("case_independent_work", "/case_ids/*", "case", "dataset.unknown_case"),
)

#: Dates that must lie in a plausible range: (record type, pointer, range).
DATE_RANGES = (
    ("case", "/young_person/birth", BIRTH_DATES),
    ("case", "/opened", CASE_DATES),
    ("case", "/closed", CASE_DATES),
    ("case", "/helps/*/period/start", CASE_DATES),
    ("case", "/helps/*/period/end", CASE_DATES),
    ("case", "/helps/*/planned_end", CASE_DATES),
    ("case", "/helps/*/specialist_statement_on", CASE_DATES),
    ("case", "/help_plans/*/agreed_on", CASE_DATES),
    ("case", "/help_plans/*/reviews/*", CASE_DATES),
    ("case", "/help_plans/*/next_review", CASE_DATES),
    ("case", "/risk_assessments/*/concluded_on", CASE_DATES),
    ("case_independent_work", "/period/start", CASE_DATES),
    ("case_independent_work", "/period/end", CASE_DATES),
)

#: Dates in order: (record type, earlier, later, code, the pointer reported). Array
#: positions ("*") present in both pointers refer to the same item.
DATE_ORDER = (
    ("case", "/young_person/birth", "/opened", "dataset.birth_after_opened", "earlier"),
    ("case", "/opened", "/help_plans/*/agreed_on", "dataset.plan_before_case", "later"),
)

#: Oldest age at a date: (record type, birth, date, age, code). A young person
#: (*junger Mensch*, § 7(1) no. 4 SGB VIII) is under 27.
AGE_LIMITS = (("case", "/young_person/birth", "/opened", 27, "dataset.too_old"),)

#: A young person named in several records has one date of birth: (record type, id
#: pointer, birth pointer, code).
SAME_PERSON = (("case", "/young_person/id", "/young_person/birth", "dataset.person_conflict"),)

#: Case-overarching work that names a case: the case is in the same space and open during
#: the work: (record type, pointer of the case ids, space pointer, period pointer).
CASE_LINKS = (("case_independent_work", "/case_ids/*", "/space_id", "/period"),)

#: Rules of single records that a data set relies on (checked by the model, listed here so
#: the whole set of rules can be read in one place): (record type, code, rule).
RECORD_RULES = (
    ("case", "help.before_case", "a help starts on or after the day its case opens"),
    ("case", "help.after_case", "a help of a closed case ends by the closing day"),
    ("case", "plan.review_order", "reviews come after the plan is agreed, in date order"),
    ("case", "reference.unknown", "help plans name helps of their case"),
    ("municipality", "reference.unknown", "providers and teams name known spaces/providers"),
)

messages.define("dataset.file_missing", "the data set has no file {file}")
messages.define("dataset.municipality_twice", "a data set has one municipality")
messages.define(
    "dataset.duplicate_id", "this {record} id is already used in {file}, line {first_line}"
)
messages.define("dataset.unknown_space", "no social space with this id in the municipality")
messages.define("dataset.unknown_provider", "no provider with this id in the municipality")
messages.define("dataset.unknown_case", "no case with this id in the data set")
messages.define(
    "dataset.date_implausible",
    "the date is outside the plausible range from {start} to before {end}",
)
messages.define("dataset.birth_after_opened", "the young person is born after the case is opened")
messages.define("dataset.plan_before_case", "the help plan is agreed before the case is opened")
messages.define("dataset.too_old", "the young person is {age} or older when the case is opened")
messages.define(
    "dataset.person_conflict",
    "this young person has another date of birth in {file}, line {first_line}",
)
messages.define("dataset.case_other_space", "the case named is in another social space")
messages.define("dataset.case_not_open", "the case named is not open during the work")

# -- the checks that read the tables -----------------------------------------------------


def _select(doc: Any, pattern: str) -> Iterator[tuple[str, tuple[int, ...], Any]]:
    """``(pointer, array positions, value)`` for each value at ``pattern`` in ``doc``."""
    found: list[tuple[Any, str, tuple[int, ...]]] = [(doc, "", ())]
    for token in pattern.split("/")[1:]:
        step = []
        for node, pointer, at in found:
            if token == "*":
                if isinstance(node, list):
                    step += [(v, f"{pointer}/{i}", (*at, i)) for i, v in enumerate(node)]
            elif isinstance(node, dict) and token in node:
                step.append((node[token], f"{pointer}/{escape_pointer_token(token)}", at))
        found = step
    return ((pointer, at, value) for value, pointer, at in found)


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _days(value: Any) -> tuple[date, date] | None:
    """The earliest and latest day a date (``YYYY-MM-DD``) or month (``YYYY-MM``) means."""
    day = _day(value)
    if day is not None:
        return day, day
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        first = _day(value + "-01")
        if first is not None:
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1)
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _matching(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


class _Index:
    """What the set checks remember between records: ids and a few dates, no entities.

    ``ids[index][id]`` is the (file number, line) where the id was first seen;
    ``people[id]`` the first date of birth seen with its (file number, line);
    ``cases[id]`` the case's space and its open days as ordinals ``[opened, closed]``.
    """

    def __init__(self) -> None:
        self.files: list[str] = []
        self.ids: dict[str, dict[str, tuple[int, int]]] = {}
        self.people: dict[str, tuple[str, int, int]] = {}
        self.cases: dict[str, tuple[str, int, int | None]] = {}
        self.defined: dict[str, frozenset[str]] = {}
        self.have_municipality = False
        self.have_cases = False

    def known(self, index: str) -> bool:
        if index == "case":
            return self.have_cases
        return self.have_municipality

    def contains(self, index: str, value: str) -> bool:
        if index == "case":
            return value in self.cases or value in self.ids.get("case", {})
        return value in self.defined.get(index, frozenset())

    def where(self, file_no: int, line: int) -> dict[str, str | int]:
        return {"file": self.files[file_no], "first_line": line}


def _check_municipality(doc: Any, index: _Index) -> None:
    index.have_municipality = isinstance(doc, dict)
    for name, pattern in DEFINED_IDS:
        index.defined[name] = frozenset(
            v for _, _, v in _select(doc, pattern) if isinstance(v, str)
        )


def _set_issues(kind: str, doc: Any, file_no: int, line: int, index: _Index) -> list[Issue]:
    """The issues of one record against the set, and the record added to the index."""
    if not isinstance(doc, dict):
        return []
    issues: list[Issue] = []
    for record, pattern, name, code in REFERENCES:
        if record == kind and index.known(name):
            for pointer, _, value in _select(doc, pattern):
                if isinstance(value, str) and not index.contains(name, value):
                    issues.append(Issue.of(pointer, code))
    for record, pattern, (start, end) in DATE_RANGES:
        if record == kind:
            for pointer, _, value in _select(doc, pattern):
                days = _days(value)
                if days is not None and (days[0] < start or days[1] >= end):
                    issues.append(
                        Issue.of(
                            pointer,
                            "dataset.date_implausible",
                            start=start.isoformat(),
                            end=end.isoformat(),
                        )
                    )
    for record, earlier, later, code, reported in DATE_ORDER:
        if record == kind:
            for e_pointer, e_at, e_value in _select(doc, earlier):
                e_days = _days(e_value)
                for l_pointer, l_at, l_value in _select(doc, later):
                    l_days = _days(l_value)
                    if e_days and l_days and _matching(e_at, l_at) and e_days[0] > l_days[1]:
                        issues.append(
                            Issue.of(e_pointer if reported == "earlier" else l_pointer, code)
                        )
    for record, birth, on, age, code in AGE_LIMITS:
        if record == kind:
            for b_pointer, _, b_value in _select(doc, birth):
                for _, _, on_value in _select(doc, on):
                    b_days, on_day = _days(b_value), _day(on_value)
                    if b_days and on_day and _add_years(b_days[1], age) <= on_day:
                        issues.append(Issue.of(b_pointer, code, age=age))
    for record, id_pattern, birth, code in SAME_PERSON:
        if record == kind:
            for _, _, person in _select(doc, id_pattern):
                births = [(p, v) for p, _, v in _select(doc, birth) if isinstance(v, str)]
                if not isinstance(person, str) or len(births) != 1:
                    continue
                b_pointer, b_value = births[0]
                known = index.people.setdefault(person, (b_value, file_no, line))
                if known[0] != b_value:
                    issues.append(Issue.of(b_pointer, code, **index.where(known[1], known[2])))
    for record, ids, space, period in CASE_LINKS:
        if record == kind and index.have_cases:
            issues += _case_links(doc, ids, space, period, index)
    for record, pattern, name in UNIQUE_IDS:
        if record == kind:
            seen = index.ids.setdefault(name, {})
            for pointer, _, value in _select(doc, pattern):
                if not isinstance(value, str):
                    continue
                first = seen.setdefault(value, (file_no, line))
                if first != (file_no, line):
                    where = index.where(*first)
                    issues.append(Issue.of(pointer, "dataset.duplicate_id", record=name, **where))
    if kind == "case":
        _remember_case(doc, index)
    return issues


def _remember_case(doc: dict[str, Any], index: _Index) -> None:
    case_id, space = doc.get("id"), doc.get("space_id")
    opened, closed = _day(doc.get("opened")), _day(doc.get("closed"))
    if not isinstance(case_id, str) or not isinstance(space, str) or opened is None:
        return
    if case_id not in index.cases:  # the first case with an id is the one referred to
        index.cases[case_id] = (space, opened.toordinal(), closed.toordinal() if closed else None)


def _case_links(
    doc: dict[str, Any], ids: str, space: str, period: str, index: _Index
) -> list[Issue]:
    issues: list[Issue] = []
    spaces = [v for _, _, v in _select(doc, space)]
    periods = [v for _, _, v in _select(doc, period) if isinstance(v, dict)]
    start = _day(periods[0].get("start")) if periods else None
    end = _day(periods[0].get("end")) if periods else None
    for pointer, _, case_id in _select(doc, ids):
        facts = index.cases.get(case_id) if isinstance(case_id, str) else None
        if facts is None:
            continue
        case_space, opened, closed = facts
        if spaces and spaces[0] != case_space:
            issues.append(Issue.of(pointer, "dataset.case_other_space"))
        if start is not None and (
            (end is not None and end.toordinal() <= opened)
            or (closed is not None and closed < start.toordinal())
        ):
            issues.append(Issue.of(pointer, "dataset.case_not_open"))
    return issues
