"""Keep case histories in your own database: one table of events, optimistic locking.

A case-management system stores each case's lifecycle as its events, one row per event,
numbered by the case file's version (its event count after the event). The primary key
``(case_id, version)`` is the lock: two caseworkers who both saw version ``n`` both try to
write row ``n + 1``, and the database lets exactly one of them in. The other gets a
:class:`~sozialraum.errors.ConcurrencyError`, reloads the case and decides again.

Only the standard library's :mod:`sqlite3` is used; any SQL database with a unique
constraint works the same way. Run::

    python examples/lifecycle_sqlite.py
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from sozialraum import schema
from sozialraum.errors import ConcurrencyError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    CaseFile,
    Event,
    Process,
    event_from_dict,
    event_to_dict,
)
from sozialraum.lifecycle import sgb8 as s

SCHEMA = """
CREATE TABLE IF NOT EXISTS case_event (
    case_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),  -- the file's version after the event
    event   TEXT NOT NULL,                          -- the event as JSON (event_to_dict)
    PRIMARY KEY (case_id, version)                  -- UNIQUE: the optimistic lock
);
CREATE TABLE IF NOT EXISTS case_context (
    case_id TEXT PRIMARY KEY,
    context TEXT NOT NULL                           -- the guard context as JSON
);
"""


class CaseStore:
    """Case files in an SQLite database (one connection per caseworker or thread)."""

    def __init__(self, connection: sqlite3.Connection, process: Process = DEFAULT_PROCESS):
        self.connection = connection
        self.process = process
        connection.executescript(SCHEMA)

    def create(self, case_id: str, context: CaseContext) -> CaseFile:
        """A new, empty case file with its context."""
        with self.connection:
            self.connection.execute(
                "INSERT INTO case_context (case_id, context) VALUES (?, ?)",
                (case_id, json.dumps(schema.unstructure(context))),
            )
        return self.process.start(case_id, context)

    def load(self, case_id: str) -> CaseFile:
        """The case file as stored: its events replayed through the process."""
        row = self.connection.execute(
            "SELECT context FROM case_context WHERE case_id = ?", (case_id,)
        ).fetchone()
        context = schema.structure(json.loads(row[0]), CaseContext) if row else None
        rows = self.connection.execute(
            "SELECT event FROM case_event WHERE case_id = ? ORDER BY version", (case_id,)
        ).fetchall()
        events: list[Event] = [event_from_dict(json.loads(r[0]), self.process) for r in rows]
        return self.process.replay(events, case_id=case_id, context=context)

    def append(self, case_file: CaseFile, event: Event) -> CaseFile:
        """Apply ``event`` to the file as the caller saw it and store it.

        :raises TransitionError: if the process refuses the event (nothing is stored).
        :raises ConcurrencyError: if another update was stored first.
        """
        seen = case_file.version
        after = self.process.apply(case_file, event, expected_version=seen)
        try:
            with self.connection:  # one transaction: committed, or rolled back on error
                self.connection.execute(
                    "INSERT INTO case_event (case_id, version, event) VALUES (?, ?, ?)",
                    (case_file.case_id, seen + 1, json.dumps(event_to_dict(event))),
                )
        except sqlite3.IntegrityError:  # row seen + 1 exists: someone else came first
            raise ConcurrencyError(expected=seen, actual=None) from None
        return after


def connect(path: Path) -> sqlite3.Connection:
    """A connection that waits for the other writer instead of failing at once."""
    return sqlite3.connect(path, timeout=30, check_same_thread=False)


def main() -> dict[str, Any]:
    """Two caseworkers append to the same case; the second one has to reload."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.sqlite"
        office = CaseStore(connect(path))
        f = office.create("F-2024-001", CaseContext(birth_date=date(2012, 5, 17)))
        for event in s.example_history()[:4]:
            f = office.append(f, event)

        anna, ben = CaseStore(connect(path)), CaseStore(connect(path))
        seen_by_anna, seen_by_ben = anna.load("F-2024-001"), ben.load("F-2024-001")
        anna.append(seen_by_anna, s.TeamConsulted(on=date(2024, 2, 2), by="srt-nord"))
        proposal = s.HelpProposed(on=date(2024, 2, 5), help_type="31", help_id="FH")
        try:
            ben.append(seen_by_ben, proposal)
        except ConcurrencyError as err:
            print(f"Ben: {err}")
            latest = ben.load("F-2024-001")  # reload, look at what changed, then retry
            ben.append(latest, proposal)

        final = office.load("F-2024-001")
        result = {
            "version": final.version,
            "state": final.state,
            "last_two": [type(e).__name__ for e in final.events[-2:]],
        }
        for store in (office, anna, ben):
            store.connection.close()
    print(result)
    return result


if __name__ == "__main__":
    main()
