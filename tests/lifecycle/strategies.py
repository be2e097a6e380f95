"""Hypothesis strategies for lifecycle events and histories of the default SGB VIII process.

Import as ``from tests.lifecycle import strategies as ls``. (Candidates for the shared
``tests/strategies.py``.)
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from sozialraum.catalog import (
    CASE_CLOSING_REASONS,
    ENDING_REASONS,
    HELP_TYPES,
    INITIATING_INSTITUTIONS,
    RISK_ASSESSMENT_RESULTS,
)
from sozialraum.errors import TransitionError
from sozialraum.lifecycle import CaseContext, CaseFile, Correction, Event, Process
from sozialraum.lifecycle import sgb8 as s

__all__ = ["contexts", "event_of", "events", "histories", "mixed_events", "walks"]

MIN = date(2015, 1, 1)
MAX = date(2030, 12, 31)


# Events that move a case forward; walks prefer them so they reach every state.
_FORWARD = {
    "ReferralReceived",
    "ClarificationStarted",
    "PlanningStarted",
    "HelpPlanAgreed",
    "SpecialistStatementRecorded",
    "HelpGranted",
    "PlanReviewed",
    "RiskAssessed",
    "CustodyEnded",
    "TransferCancelled",
}


def _maybe_bad(codes: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly valid codes, sometimes an invalid one (to exercise refusals)."""
    return st.one_of(st.sampled_from(codes), st.just("99"))


def event_of(cls: type[Event], on: date) -> st.SearchStrategy[Event]:
    """An event of class ``cls`` dated ``on`` with a random (mostly valid) payload."""
    by = st.sampled_from([None, "asd-1", "asd-2", "youth_office"])
    if cls is s.ReferralReceived:
        initiator = st.one_of(st.none(), _maybe_bad(INITIATING_INSTITUTIONS.codes))
        return st.builds(cls, on=st.just(on), by=by, initiator=initiator)
    if cls is s.RiskAssessed:
        return st.builds(
            cls, on=st.just(on), by=by, result=_maybe_bad(RISK_ASSESSMENT_RESULTS.codes)
        )
    if cls is s.CustodyTaken:
        return st.builds(cls, on=st.just(on), by=by, paragraph=st.sampled_from(["42", "42a"]))
    if cls is s.HelpProposed:
        return st.builds(cls, on=st.just(on), by=by, help_type=st.sampled_from(sorted(HELP_TYPES)))
    if cls is s.HelpGranted:
        return st.builds(
            cls,
            on=st.just(on),
            by=by,
            help_type=st.one_of(st.just("31"), st.sampled_from([*sorted(HELP_TYPES), "99"])),
            decided_by=st.sampled_from(["youth_office"] * 4 + ["provider"]),
            expected_months=st.one_of(st.integers(1, 6), st.integers(0, 36)),
            young_adult_justification=st.one_of(st.none(), st.just("Verselbständigung")),
        )
    if cls is s.PlanReviewed:
        nxt = st.one_of(st.none(), st.dates(on, on + timedelta(days=400)))
        return st.builds(cls, on=st.just(on), by=by, next_review_on=nxt)
    if cls is s.HelpEnded:
        return st.builds(cls, on=st.just(on), by=by, ending_reason=_maybe_bad(ENDING_REASONS.codes))
    if cls is s.CaseClosed:
        return st.builds(cls, on=st.just(on), by=by, reason=_maybe_bad(CASE_CLOSING_REASONS.codes))
    return st.builds(cls, on=st.just(on), by=by)


def contexts() -> st.SearchStrategy[CaseContext]:
    """Contexts with or without a birth date (ages 0 to 30 over the date range)."""
    return st.builds(CaseContext, birth_date=st.one_of(st.none(), st.dates(date(1990, 1, 1), MAX)))


@st.composite
def events(draw: st.DrawFn, process: Process = s.DEFAULT_PROCESS, n: int = 30) -> list[Event]:
    """Arbitrary sequences of events (any type, non-decreasing dates): many are refused."""
    classes = [c for c in process.events if c.__name__ != "Correction"]
    day = draw(st.dates(MIN, MAX - timedelta(days=3000)))
    out = []
    for _ in range(draw(st.integers(0, n))):
        day += timedelta(days=draw(st.integers(0, 90)))
        out.append(draw(event_of(draw(st.sampled_from(classes)), day)))
    return out


@st.composite
def walks(
    draw: st.DrawFn, process: Process = s.DEFAULT_PROCESS, steps: int = 40
) -> tuple[CaseFile, CaseContext, list[tuple[CaseFile, Event, CaseFile | None]]]:
    """A random walk: at each step an event the table allows in the current state (with a
    random payload, so guards may refuse). Returns the final file, the context and every
    step as ``(before, event, after or None if refused)``.
    """
    context = draw(contexts())
    case_file = process.start("C-1", context)
    day = draw(st.dates(MIN, MAX - timedelta(days=4000)))
    trace: list[tuple[CaseFile, Event, CaseFile | None]] = []
    for _ in range(draw(st.integers(0, steps))):
        options = process.allowed_events(case_file, context)
        if not options:
            break
        names = [o.event for o in options]
        forward = [n for n in names if n in _FORWARD]
        if forward and draw(st.integers(0, 9)) < 7:
            names = forward
        name = draw(st.sampled_from(names))
        cls = next(c for c in process.events if c.__name__ == name)
        day += timedelta(days=draw(st.integers(0, 120)))
        event = draw(event_of(cls, day))
        try:
            after: CaseFile | None = process.apply(case_file, event, context)
        except TransitionError:
            after = None
        trace.append((case_file, event, after))
        if after is not None:
            case_file = after
    return case_file, context, trace


def histories(
    process: Process = s.DEFAULT_PROCESS,
) -> st.SearchStrategy[tuple[CaseFile, CaseContext]]:
    """Valid case files (built by a random walk) with the context they were built with."""
    return walks(process).map(lambda w: (w[0], w[1]))


@st.composite
def mixed_events(draw: st.DrawFn, process: Process = s.DEFAULT_PROCESS, n: int = 40) -> list[Event]:
    """Sequences that reach parallel helps, returns, routes and corrections: mostly a walk
    (an event the table allows in the current state, the help events with ids from a
    small pool or none, so several helps run at once), sometimes any event, sometimes a
    correction (now and then unaudited, to an unknown state or dated before the file).
    Many events are refused; the walk goes on from the last accepted one."""
    by_name = {c.__name__: c for c in process.events if c.__name__ != "Correction"}
    everything = list(by_name.values())
    states = [state.name for state in process.states]
    case_file = process.start("C-1")
    day = draw(st.dates(MIN, MAX - timedelta(days=5000)))
    out: list[Event] = []
    for _ in range(draw(st.integers(0, n))):
        day += timedelta(days=draw(st.integers(0, 40)))
        kind = draw(st.integers(0, 19))
        event: Event
        if kind == 0:
            audited = draw(st.integers(0, 4)) > 0
            event = Correction(
                on=day - timedelta(days=draw(st.integers(0, 200))),
                state=draw(st.sampled_from([*states, "nowhere"])),
                by="asd-1" if audited else None,
                note="audit" if audited else None,
            )
        else:
            names = [o.event for o in process.allowed_events(case_file)]
            if kind < 3 or not names:
                cls = draw(st.sampled_from(everything))
            else:
                forward = [name for name in names if name in _FORWARD]
                helps = [name for name in names if name in ("HelpGranted", "HelpEnded")]
                pool = helps if helps and kind > 15 else forward if forward and kind < 10 else names
                cls = by_name[draw(st.sampled_from(pool))]
            event = draw(event_of(cls, day))
            if "help_id" in attrs.fields_dict(type(event)):
                running = list(s.running_helps(case_file.events))
                ids = [None, "A", "B", "A", "B", "C"]
                if running and isinstance(event, (s.HelpEnded, s.PlanReviewed)):
                    ids = [*ids, *running, *running]
                help_id = draw(st.sampled_from(ids))
                event = attrs.evolve(event, help_id=help_id)  # type: ignore[misc]
        out.append(event)
        with contextlib.suppress(TransitionError):
            case_file = process.apply(case_file, event)
    return out
