"""Benchmark: replay case histories through the default SGB VIII process.

Replays 1,000,000 events across 10,000 case files (100 events each) with guards and history
and prints events/s, then, measured in the same run:

* a hand-written dict-table loop (the pure-Python floor: one dict look-up per event, no
  guards, no history);
* the ``transitions`` package driving an equivalent machine (same states, same guards as
  conditions, history kept in the model), if it is installed (``pip install transitions``;
  it is *not* a dependency of sozialraum). ``transitions`` needs one machine per case, so
  its set-up is measured separately; it runs on ``--transitions-cases`` files (default
  1,000) because it is slow, and the per-event figures are compared.

Run::

    python benchmarks/bench_lifecycle.py            # full size
    python benchmarks/bench_lifecycle.py --quick    # 1,000 files, for a smoke test
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sozialraum.lifecycle import DEFAULT_PROCESS, PREVIOUS, CaseContext, Event, Process
from sozialraum.lifecycle import sgb8 as s

EVENTS_PER_FILE = 100


def make_history(rng: random.Random, case_no: int) -> tuple[list[Event], CaseContext]:
    """A valid 100-event history: intake, planning, a granted help with reviews, § 8a
    assessments during the help, the help ending and the case closing."""
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
    help_type = rng.choice(
        ["31", "34", "35a-ambulant", "30-erziehungsbeistand", "33-general", "32"]
    )
    birth = day - timedelta(days=365 * (19 if help_type.startswith("41") else 10))
    events: list[Event] = [
        s.ReferralReceived(on=day, initiator=rng.choice("12345678"), by="asd-1"),
        s.ClarificationStarted(on=day, by="asd-1"),
        s.TeamConsulted(on=day, by="srt-1"),
        s.SpecialistStatementRecorded(on=day),
        s.PlanningStarted(on=day, by="asd-1"),
        s.HelpProposed(on=day, help_type=help_type, by="provider"),
        s.HelpPlanAgreed(on=day, by="asd-1"),
        s.HelpGranted(
            on=day,
            help_type=help_type,
            decided_by="youth_office",
            expected_months=rng.choice([3, 6, 12, 24]),
            young_adult_justification=None,
        ),
    ]
    while len(events) < EVENTS_PER_FILE - 2:
        day += timedelta(days=rng.randrange(1, 20))
        if rng.random() < 0.1 and len(events) < EVENTS_PER_FILE - 4:
            events.append(s.RiskConcernRaised(on=day))
            events.append(s.RiskAssessed(on=day, result=rng.choice(["latent", "help_needed"])))
        else:
            events.append(s.PlanReviewed(on=day, by="asd-1"))
    events.append(s.HelpEnded(on=day, ending_reason=rng.choice(["10", "20", "21"])))
    events.append(s.CaseClosed(on=day, reason=rng.choice(["planned", "not_as_planned"])))
    assert len(events) == EVENTS_PER_FILE, case_no
    return events, CaseContext(birth_date=birth)


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn) for _ in range(repeat))


# ----------------------------------------------------------------------------- contenders


def run_sozialraum(process: Process, data: Sequence[tuple[list[Event], CaseContext]]) -> None:
    replay = process.replay
    for i, (events, context) in enumerate(data):
        replay(events, case_id=str(i), context=context)


def run_apply(process: Process, data: Sequence[tuple[list[Event], CaseContext]]) -> None:
    apply = process.apply
    for i, (events, context) in enumerate(data):
        case_file = process.start(str(i))
        for event in events:
            case_file = apply(case_file, event, context)


def floor_table(process: Process) -> dict[tuple[str, type[Event]], str | None]:
    """``(state, event class) -> target``; ``None`` for a return to the previous state."""
    returning = {t.event for t in process.transitions if t.target == PREVIOUS}
    routed = {
        (t.source, t.event): t.target for t in process.transitions if getattr(t, "routes", ())
    }
    return {
        (src, cls): (None if cls in returning else routed.get((src, cls), tgt))
        for src, cls, tgt, _g in process.edges()
    }


def run_floor(
    table: dict[tuple[str, type[Event]], str | None],
    data: Sequence[tuple[list[Event], CaseContext]],
) -> None:
    for events, _context in data:
        state, previous = "start", "start"
        for event in events:
            target = table[(state, type(event))]
            if target is None:
                target = previous
            if target != state:
                previous = state
            state = target


def build_transitions_machine_factory(process: Process) -> Callable[[CaseContext], Any]:
    """An equivalent ``transitions`` machine: triggers named after event classes, guards as
    conditions, returns to the previous state as one conditional transition per source."""
    from transitions import Machine

    params = process.parameters

    class Model:
        def __init__(self, context: CaseContext) -> None:
            self.context = context
            self.history: list[Event] = []
            self.previous = "start"

    specs: list[dict[str, Any]] = []
    for src, cls, tgt, guards in process.edges():
        conditions = [
            (
                lambda check: (
                    lambda ed: (
                        check(ed.kwargs["event"], ed.model.history, ed.model.context, params)
                        is None
                    )
                )
            )(g.check)
            for g in guards
        ]
        row = next(t for t in process.transitions if t.event is cls)
        if row.target == PREVIOUS:
            conditions.append((lambda back: lambda ed: ed.model.previous == back)(tgt))
        specs.append(
            {"trigger": cls.__name__, "source": src, "dest": tgt, "conditions": conditions}
        )

    def remember(ed: Any) -> None:
        model = ed.model
        if ed.transition.source != ed.transition.dest:
            model.previous = ed.transition.source
        model.history.append(ed.kwargs["event"])

    states = [st.name for st in process.states]

    def new_case(context: CaseContext) -> Any:
        model = Model(context)
        Machine(
            model=model,
            states=states,
            transitions=specs,
            initial="start",
            auto_transitions=False,
            send_event=True,
            after_state_change=remember,
        )
        return model

    return new_case


def run_transitions(
    new_case: Callable[[CaseContext], Any],
    data: Sequence[tuple[list[Event], CaseContext]],
    models: list[Any],
) -> None:
    for (events, _context), model in zip(data, models, strict=True):
        for event in events:
            if not model.trigger(type(event).__name__, event=event):
                raise RuntimeError("transitions refused a valid event")


# ----------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--transitions-cases", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1,000 files, 200 for transitions")
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.transitions_cases, args.repeat = 1_000, 200, 1

    rng = random.Random(20240101)
    data = [make_history(rng, i) for i in range(args.files)]
    n_events = sum(len(events) for events, _ in data)
    process = DEFAULT_PROCESS
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"{args.files:,} case files, {n_events:,} events (best of {args.repeat})\n")

    def report(name: str, seconds: float, events: int) -> float:
        per = seconds / events * 1e6
        print(f"{name:<44} {events / seconds:>12,.0f} events/s  {per:7.3f} µs/event")
        return per

    ours = report(
        "sozialraum replay (guards + history)",
        best_of(args.repeat, lambda: run_sozialraum(process, data)),
        n_events,
    )
    table = floor_table(process)
    floor = report(
        "hand-written dict-table loop (floor)",
        best_of(args.repeat, lambda: run_floor(table, data)),
        n_events,
    )
    small = data[: max(1, args.files // 10)]
    small_events = sum(len(e) for e, _ in small)
    applied = report(
        "sozialraum apply, one event at a time",
        best_of(args.repeat, lambda: run_apply(process, small)),
        small_events,
    )
    start_cost = best_of(args.repeat, lambda: [process.start(str(i)) for i in range(10_000)])
    print(
        f"{'sozialraum set-up per case (Process.start)':<44} {start_cost / 10_000 * 1e6:>29.3f} µs"
    )

    print(f"\nratio sozialraum replay / floor: {ours / floor:.1f}x the floor's time")
    print(f"apply vs replay: {applied / ours:.1f}x (a new immutable file per event)")

    try:
        import transitions
    except ImportError:
        print("\n`transitions` is not installed: pip install transitions (for comparison only)")
        return
    new_case = build_transitions_machine_factory(process)
    sub = data[: args.transitions_cases]
    sub_events = sum(len(e) for e, _ in sub)
    gc.collect()
    t0 = time.perf_counter()
    models = [new_case(context) for _events, context in sub]
    setup = (time.perf_counter() - t0) / len(sub) * 1e6
    theirs = report(
        f"transitions {transitions.__version__} ({len(sub):,} files)",
        timed(lambda: run_transitions(new_case, sub, models)),
        sub_events,
    )
    print(f"{'transitions set-up per case (Machine)':<44} {setup:>29.3f} µs")
    print(f"\nsozialraum replay is {theirs / ours:.1f}x faster per event than transitions")


if __name__ == "__main__":
    main()
