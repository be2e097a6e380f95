"""Optimistic locking against a real database: two connections to an SQLite file race to
append to the same case file; exactly one append wins, the other gets ConcurrencyError and
succeeds after reloading. Uses ``examples/lifecycle_sqlite.py`` (the documented pattern)."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from sozialraum.errors import ConcurrencyError
from sozialraum.lifecycle import CaseContext, CaseFile, Event
from sozialraum.lifecycle import sgb8 as s

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lifecycle_sqlite.py"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lifecycle_sqlite", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def path(tmp_path: Path, example: ModuleType) -> Path:
    db = tmp_path / "cases.sqlite"
    store = example.CaseStore(example.connect(db))
    f = store.create("F-1", CaseContext(birth_date=date(2012, 5, 17)))
    for event in s.example_history():
        f = store.append(f, event)
    store.connection.close()
    return db


def _race(example: ModuleType, path: Path, events: list[Event]) -> list[object]:
    """Each thread loads the file, waits until all have loaded, then appends its event."""
    loaded, go = threading.Barrier(len(events)), threading.Barrier(len(events))
    results: list[object] = [None] * len(events)

    def worker(i: int) -> None:
        store = example.CaseStore(example.connect(path))
        try:
            seen = store.load("F-1")
            loaded.wait()
            go.wait()
            try:
                results[i] = store.append(seen, events[i])
            except ConcurrencyError as err:
                results[i] = err
        finally:
            store.connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(events))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_exactly_one_of_two_racing_appends_wins(example: ModuleType, path: Path):
    n = len(s.example_history())
    for round_ in range(5):
        day = date(2024, 9, 1) + timedelta(days=round_)
        events: list[Event] = [
            s.PlanReviewed(on=day, by="asd-1"),
            s.TeamConsulted(on=day, by="srt-1"),
        ]
        results = _race(example, path, events)
        winners = [r for r in results if isinstance(r, CaseFile)]
        losers = [r for r in results if isinstance(r, ConcurrencyError)]
        assert len(winners) == 1, results
        assert len(losers) == 1, results
        assert losers[0].expected == n + 2 * round_
        # the loser reloads and retries on the version it now sees
        store = example.CaseStore(example.connect(path))
        latest = store.load("F-1")
        assert latest == winners[0]
        loser_event = events[results.index(losers[0])]
        retried = store.append(latest, loser_event)
        assert retried.version == n + 2 * round_ + 2
        assert store.load("F-1") == retried
        store.connection.close()


def test_a_stale_file_is_refused_before_the_database_is_asked(example: ModuleType, path: Path):
    store = example.CaseStore(example.connect(path))
    seen = store.load("F-1")
    store.append(seen, s.PlanReviewed(on=date(2024, 9, 1)))
    with pytest.raises(ConcurrencyError):
        store.append(seen, s.PlanReviewed(on=date(2024, 9, 2)))
    # the stored history is intact and the context came back with it
    back = store.load("F-1")
    assert back.version == seen.version + 1
    assert back.context == CaseContext(birth_date=date(2012, 5, 17))
    store.connection.close()


def test_the_unique_constraint_is_what_locks(example: ModuleType, path: Path):
    connection = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "INSERT INTO case_event (case_id, version, event) VALUES ('F-1', 1, '{}')"
        )
    connection.close()


def test_the_example_runs(example: ModuleType, capsys: pytest.CaptureFixture[str]):
    result = example.main()
    assert result == {
        "version": 6,
        "state": "help_planning",
        "last_two": ["TeamConsulted", "HelpProposed"],
    }
    assert "concurrency.conflict" in capsys.readouterr().out
