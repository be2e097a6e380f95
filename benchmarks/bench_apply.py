"""Benchmark: appending one event at a time (``Process.apply``) against replaying.

A case-management system calls ``Process.apply`` once per new event; the cost of that call
must not grow with the case's history. This benchmark prints, measured in the same run:

* ``replay`` µs/event over the files (the baseline: one pass, one file at the end);
* ``apply`` µs/event, one ``apply`` at a time, for 1,000 files × 100 events (short files)
  and for 10 files × 10,000 events (long-running cases), with guards and history;
* the ratio apply / replay for both (goal: at most 2.0 for both, and roughly equal to each
  other: appending costs the same whatever the history length).

Times are CPU time of this process (``time.process_time``), best of ``--repeat`` runs with
replay and apply alternating, so both see the same machine.

Two kinds of history are measured: ``single`` (one help, reviews without help ids, § 8a
assessments that return to the help) and ``parallel`` (two helps with ids running at once,
every review and ending naming its help, so the per-help guards run on every review).

Run::

    python benchmarks/bench_apply.py            # full size, best of 5
    python benchmarks/bench_apply.py --quick    # a smoke test (smaller, best of 1)
    python benchmarks/bench_apply.py --floor    # also the least an apply can cost in Python

``--floor`` adds the ratio of :func:`floor_apply` (the look-up, the order check, the guards,
the append and one new version object, nothing else) to replay: the part of ``apply``'s
cost that the interpreter's cost of a call and of a new object alone comes to.
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

from sozialraum.lifecycle import DEFAULT_PROCESS, CaseContext, Event, Process
from sozialraum.lifecycle import sgb8 as s

Data = Sequence[tuple[list[Event], CaseContext]]


def single_help(rng: random.Random, length: int) -> tuple[list[Event], CaseContext]:
    """Intake, planning, one granted help with reviews and § 8a assessments, end, close."""
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(3000))
    help_type = rng.choice(["31", "34", "35a-ambulant", "30-erziehungsbeistand", "32"])
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
        ),
    ]
    while len(events) < length - 2:
        day += timedelta(days=rng.randrange(0, 2))
        if rng.random() < 0.1 and len(events) < length - 4:
            events.append(s.RiskConcernRaised(on=day))
            events.append(s.RiskAssessed(on=day, result=rng.choice(["latent", "help_needed"])))
        else:
            events.append(s.PlanReviewed(on=day, by="asd-1"))
    events.append(s.HelpEnded(on=day, ending_reason=rng.choice(["10", "20", "21"])))
    events.append(s.CaseClosed(on=day, reason=rng.choice(["planned", "not_as_planned"])))
    return events, CaseContext(birth_date=date(1995, 1, 1))


def parallel_helps(rng: random.Random, length: int) -> tuple[list[Event], CaseContext]:
    """Two helps with ids running at once; every review and ending names its help."""
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(3000))
    events: list[Event] = [
        s.ReferralReceived(on=day, initiator=rng.choice("12345678"), by="asd-1"),
        s.ClarificationStarted(on=day, by="asd-1"),
        s.PlanningStarted(on=day, by="asd-1"),
        s.HelpProposed(on=day, help_type="31", by="provider", help_id="FH"),
        s.HelpPlanAgreed(on=day, by="asd-1", help_id="FH"),
        s.HelpGranted(
            on=day, help_type="31", decided_by="youth_office", expected_months=12, help_id="FH"
        ),
        s.SpecialistStatementRecorded(on=day, help_id="EH"),
        s.HelpPlanAgreed(on=day, by="asd-1", help_id="EH"),
        s.HelpGranted(
            on=day,
            help_type="35a-ambulant",
            decided_by="youth_office",
            expected_months=12,
            help_id="EH",
        ),
    ]
    while len(events) < length - 3:
        day += timedelta(days=rng.randrange(0, 2))
        if rng.random() < 0.1 and len(events) < length - 5:
            events.append(s.RiskConcernRaised(on=day))
            events.append(s.RiskAssessed(on=day, result=rng.choice(["latent", "help_needed"])))
        else:
            events.append(s.PlanReviewed(on=day, by="asd-1", help_id=rng.choice(["FH", "EH"])))
    events.append(s.HelpEnded(on=day, ending_reason="10", help_id="FH"))
    events.append(s.HelpEnded(on=day, ending_reason="10", help_id="EH"))
    events.append(s.CaseClosed(on=day, reason="planned"))
    return events, CaseContext(birth_date=date(1995, 1, 1))


def timed(fn: Callable[[], Any]) -> float:
    """The CPU time of ``fn()`` in seconds: on a shared machine the wall clock also counts
    the time the process waits for a core (several ms at a time), CPU time does not."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def run_replay(process: Process, data: Data) -> None:
    replay = process.replay
    for i, (events, context) in enumerate(data):
        replay(events, case_id=str(i), context=context)


def run_apply(process: Process, data: Data) -> None:
    """One ``apply`` at a time, each on the file the previous one returned."""
    apply = process.apply
    for i, (events, context) in enumerate(data):
        case_file = process.start(str(i), context)
        for event in events:
            case_file = apply(case_file, event)


def floor_apply(process: Process) -> Callable[[Any, Event], Any]:
    """The least an ``apply`` can do in Python (``--floor``): one dict look-up, the date
    order check, the guard calls, one append and one new version object, and nothing else
    (no process, version or context checks, no thread safety, no error paths: only the
    common case of this benchmark's events, and only on files ``process.start`` made;
    events with routed rows, a few per file, go to the real ``apply``).
    It shows what part of ``apply``'s cost the interpreter's per-call and per-object costs
    alone come to; it reads private slots, so it follows the layout of ``CaseFile``."""
    from sozialraum.lifecycle.casefile import CaseFile

    new_object = object.__new__
    params = process.parameters
    by_state = process._by_state

    def apply(case_file: Any, event: Event) -> Any:
        phase = case_file._phase
        row = phase[1].get(type(event))
        if row is None:  # routed rows (a few events per file): the real apply
            return process.apply(case_file, event)
        buffer = case_file._buffer
        n = case_file._n
        on = event.on
        if on < case_file._last_on:
            raise AssertionError("out of order")
        context = phase[3].context
        for check in row[2]:
            if check(event, buffer, context, params) is not None:
                raise AssertionError("refused")
        target = row[0]
        after = phase
        if target is None:
            target, returns = phase[2]
            after = (target, by_state[target], returns, phase[3])
        elif target != phase[0]:
            after = (target, by_state[target], (phase[0], phase[2]), phase[3])
        buffer.append(event)
        if after is not phase:
            buffer.changes.append((n, target))
        new = new_object(CaseFile)
        new._buffer = buffer
        new._n = n + 1
        new._last_on = on
        new._phase = after
        return new

    return apply


def run_floor(process: Process, data: Data) -> None:
    apply = floor_apply(process)
    for i, (events, context) in enumerate(data):
        case_file = process.start(str(i), context)
        for event in events:
            case_file = apply(case_file, event)


def check_same(process: Process, data: Data) -> None:
    """The benchmark's precondition: applying one at a time gives the replayed file."""
    for i, (events, context) in enumerate(data[:3]):
        case_file = process.start(str(i), context)
        for event in events:
            case_file = process.apply(case_file, event)
        assert case_file == process.replay(events, case_id=str(i), context=context)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, best of 1")
    parser.add_argument(
        "--kind", choices=["single", "parallel", "both"], default="both", help="history kind"
    )
    parser.add_argument(
        "--long-events", type=int, default=10_000, help="events per long file (10 files)"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time the least an apply can do in Python (see floor_apply)",
    )
    args = parser.parse_args(argv)
    shapes = [(1_000, 100), (10, args.long_events)]
    if args.quick:
        args.repeat = 1
        shapes = [(300, 100), (3, 3_000)]
    kinds = ["single", "parallel"] if args.kind == "both" else [args.kind]
    process = DEFAULT_PROCESS
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"best of {args.repeat}; µs per event\n")
    floor_head = f" {'floor':>9} {'floor/replay':>13}" if args.floor else ""
    print(
        f"{'history':<9} {'files × events':>16} {'replay':>9} {'apply':>9} {'apply/replay':>13}"
        + floor_head
    )
    ratios: dict[str, list[float]] = {}
    for kind in kinds:
        make = single_help if kind == "single" else parallel_helps
        for files, length in shapes:
            rng = random.Random(20240101 + length)
            data = [make(rng, length) for _ in range(files)]
            check_same(process, data)
            n = sum(len(e) for e, _ in data)
            # alternate the two, best of each: both see the same machine load
            replays, applies, floors = [], [], []
            for _ in range(args.repeat):
                replays.append(timed(lambda data=data: run_replay(process, data)))
                applies.append(timed(lambda data=data: run_apply(process, data)))
                if args.floor:
                    floors.append(timed(lambda data=data: run_floor(process, data)))
            replay, apply = min(replays) / n * 1e6, min(applies) / n * 1e6
            ratio = apply / replay
            ratios.setdefault(kind, []).append(ratio)
            shape = f"{files:,} × {length:,}"
            tail = ""
            if floors:
                floor = min(floors) / n * 1e6
                tail = f" {floor:9.3f} {floor / replay:12.2f}x"
            print(f"{kind:<9} {shape:>16} {replay:9.3f} {apply:9.3f} {ratio:12.2f}x" + tail)
    print()
    for kind, (short, long) in ratios.items():
        verdict = "meets" if max(short, long) <= 2.0 else "misses"
        print(
            f"{kind}: apply/replay {short:.2f}x (short files), {long:.2f}x (long files); "
            f"long/short {long / short:.2f} -> {verdict} the goal (<= 2.0 for both)"
        )


if __name__ == "__main__":
    main()
