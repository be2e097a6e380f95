"""Case lifecycle: an auditable, table-driven state machine for the SGB VIII case process.

* :class:`Process` — states, a transition table with named guards, and parameters, all as
  data; validated when built; :meth:`Process.derive` customises it.
* :class:`CaseFile` — the immutable history of one case; ``Process.apply`` returns a new
  file (in constant time: the versions share a :class:`History`), ``Process.replay``
  rebuilds one, ``CaseFile.state_at`` answers "where did the case stand on that day",
  ``Process.allowed_events`` "what may happen next".
* :mod:`sozialraum.lifecycle.sgb8` — the default SGB VIII process;
  :mod:`~sozialraum.lifecycle.reviews` — due and overdue plan reviews;
  :mod:`~sozialraum.lifecycle.diagram` — Mermaid and Graphviz export;
  :mod:`~sozialraum.lifecycle.serialize` — plain-dict round trips.

>>> from datetime import date
>>> from sozialraum.lifecycle import DEFAULT_PROCESS, CaseContext, example_history, overdue
>>> f = DEFAULT_PROCESS.replay(example_history(), case_id="F-1", context=CaseContext())
>>> f.state, f.state_at(date(2024, 2, 10))
('help_active', 'help_planning')
>>> [r.due_on for r in overdue([f], date(2025, 3, 1))]
[datetime.date(2025, 2, 28)]
"""

from . import _schema  # noqa: F401 - registers the case file and process readers
from ._migrate import case_file_v1_to_v2
from .casefile import CaseFile
from .diagram import to_dot, to_mermaid
from .events import Correction, Event, Guard, GuardCheck, Language, Refusal
from .history import History, fold
from .process import Process
from .reviews import (
    ReviewDue,
    due_reviews,
    help_reviews,
    next_review,
    overdue,
    process_of,
    review_interval,
)
from .serialize import (
    case_file_from_dict,
    case_file_to_dict,
    event_from_dict,
    event_to_dict,
    process_from_dict,
    process_to_dict,
)
from .sgb8 import DEFAULT_PARAMETERS, DEFAULT_PROCESS, CaseContext, example_history
from .table import (
    ANY_ACTIVE,
    PREVIOUS,
    EventOption,
    Route,
    RouteCheck,
    State,
    StateKind,
    Transition,
)

__all__ = [
    "ANY_ACTIVE",
    "DEFAULT_PARAMETERS",
    "DEFAULT_PROCESS",
    "PREVIOUS",
    "CaseContext",
    "CaseFile",
    "Correction",
    "Event",
    "EventOption",
    "Guard",
    "GuardCheck",
    "History",
    "Language",
    "Process",
    "Refusal",
    "ReviewDue",
    "Route",
    "RouteCheck",
    "State",
    "StateKind",
    "Transition",
    "case_file_from_dict",
    "case_file_to_dict",
    "case_file_v1_to_v2",
    "due_reviews",
    "event_from_dict",
    "event_to_dict",
    "example_history",
    "fold",
    "help_reviews",
    "next_review",
    "overdue",
    "process_from_dict",
    "process_of",
    "process_to_dict",
    "review_interval",
    "to_dot",
    "to_mermaid",
]
