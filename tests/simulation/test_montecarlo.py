"""Determinism: the same seed gives the same runs, whatever the order, chunking or executor."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sozialraum.errors import ValidationError
from sozialraum.simulation import (
    Plan,
    process_executor,
    run_chunk,
    simulate,
    stream_seed,
    summarise,
)

RUNS = 12


@pytest.fixture(scope="module")
def in_process():
    return simulate(runs=RUNS, seed=5, years=2, chunk_size=7)


def test_same_seed_same_records(in_process):
    again = simulate(runs=RUNS, seed=5, years=2, chunk_size=7)
    assert again.records == in_process.records
    assert summarise(again) == summarise(in_process)


def test_other_seed_other_records(in_process):
    assert simulate(runs=RUNS, seed=6, years=2).records != in_process.records


def test_chunk_size_does_not_matter(in_process):
    for size in (1, 5):
        assert simulate(runs=RUNS, seed=5, years=2, chunk_size=size).records == (in_process.records)


def test_runs_do_not_depend_on_their_neighbours(plan: Plan):
    _, _, whole = run_chunk(plan, 0, 6)
    _, _, tail = run_chunk(plan, 4, 6)
    size = len(tail[0]) // 2
    assert whole[0][-2 * size :] == tail[0]
    assert whole[1][-2 * size :] == tail[1]


def test_thread_executor_equals_in_process(in_process):
    with ThreadPoolExecutor(max_workers=3) as pool:
        result = simulate(runs=RUNS, seed=5, years=2, executor=pool, chunk_size=5)
    assert result.records == in_process.records
    assert result.run_ids == tuple(range(RUNS))


# Python 3.12+ warns when forking a process that runs threads (pytest may have some).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("workers", [1, 2])
def test_process_pool_equals_in_process(in_process, workers):
    with process_executor(workers) as pool:
        result = simulate(runs=RUNS, seed=5, years=2, executor=pool, chunk_size=4)
    assert result.records == in_process.records


def test_progress_is_reported_per_chunk():
    calls: list[tuple[int, int]] = []
    simulate(runs=10, seed=1, years=1, chunk_size=4, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(4, 10), (8, 10), (10, 10)]


def test_interruption_returns_the_completed_runs():
    def stop_after_first(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    result = simulate(runs=12, seed=1, years=1, chunk_size=4, progress=stop_after_first)
    assert result.interrupted
    assert result.run_ids == (0, 1, 2, 3)
    full = simulate(runs=4, seed=1, years=1)
    assert result.records == full.records


def test_interruption_with_an_executor_cancels_pending_chunks():
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with ThreadPoolExecutor(max_workers=1) as pool:
        result = simulate(runs=40, seed=1, years=1, chunk_size=2, executor=pool, progress=stop)
    assert result.interrupted
    assert 0 < result.completed < 40
    assert summarise(result)[0].estimate.n == result.completed


def test_streams_differ_by_run_and_space():
    seeds = {stream_seed(1, run, space) for run in range(50) for space in ("A", "B")}
    assert len(seeds) == 100


def test_zero_runs_give_an_empty_result():
    result = simulate(runs=0, seed=1, years=1)
    assert result.completed == 0
    assert summarise(result) == ()


def test_negative_runs_are_refused():
    with pytest.raises(ValidationError):
        simulate(runs=-1, seed=1)


def test_raw_records_per_run(in_process):
    raw = in_process.raw("baseline")
    assert len(raw) == RUNS
    assert len(raw[0]) == 2 * in_process.plan.layout.stride
    with pytest.raises(LookupError):
        in_process.raw("nonexistent")


def test_the_package_imports_its_parts_on_first_use():
    import sozialraum.simulation as package

    assert "simulate" in dir(package)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        package.nothing  # noqa: B018
