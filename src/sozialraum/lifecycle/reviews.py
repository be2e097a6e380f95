"""Plan reviews (Fortschreibung des Hilfeplans): when the next one is due, what is overdue.

The law only says the plan is to be reviewed regularly (§ 36 Abs. 2 S. 2 SGB VIII); a
6-month cycle is common practice, so every interval is a process parameter (see
:mod:`sozialraum.lifecycle.sgb8`). The next review is due ``interval`` calendar months after
the last review, or after the help's start if there has been none; a help granted without a
help plan (such as counselling in direct access, § 36a Abs. 2) has no review due. Month
ends are clamped (python-dateutil), so a help starting on 31 August is first reviewed on
28 (or 29) February.
A :class:`~sozialraum.lifecycle.sgb8.PlanReviewed` event may fix the next date itself, and
so may the :class:`~sozialraum.lifecycle.sgb8.HelpPlanAgreed` event for the first review.
Reviews are per help plan: with several helps running, each has its own
(:func:`help_reviews`; :class:`ReviewDue` names the ``help_id``).

>>> from datetime import date
>>> from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS, example_history
>>> f = DEFAULT_PROCESS.replay(example_history(), case_id="F-1")
>>> r = next_review(f)
>>> r.help_start, r.last_review, r.due_on
(datetime.date(2024, 3, 1), datetime.date(2024, 8, 29), datetime.date(2025, 2, 28))
>>> due_reviews([f], date(2025, 2, 1)) == (r,), overdue([f], date(2025, 2, 1))
(True, ())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import attrs

from .. import messages
from ..errors import Issue, ValidationError
from ..periods import add_months, months_between
from .casefile import CaseFile
from .process import Process
from .sgb8 import DEFAULT_PROCESS, HelpGranted, PlanReviewed, helps
from .table import StateKind

__all__ = [
    "ReviewDue",
    "due_reviews",
    "help_reviews",
    "next_review",
    "overdue",
    "process_of",
    "review_interval",
]


@attrs.frozen(kw_only=True)
class ReviewDue:
    """The next plan review of a running help.

    :param case_id: the case file's id.
    :param help_id: the id of the help (implied ids ``"1"``, ``"2"`` … for histories
        without help ids, see :mod:`sozialraum.lifecycle.sgb8.helps`).
    :param help_type: the help type code of the running help.
    :param help_start: the day the help was granted.
    :param last_review: the last review of this help, ``None`` if none yet.
    :param due_on: the day the next review is due.

    >>> from datetime import date
    >>> r = ReviewDue(case_id="F-1", help_type="31", help_start=date(2024, 3, 1),
    ...               last_review=None, due_on=date(2024, 9, 1))
    >>> r.days_overdue(date(2024, 9, 11)), r.days_overdue(date(2024, 8, 1))
    (10, 0)
    """

    case_id: str
    help_id: str | None = None
    help_type: str
    help_start: date
    last_review: date | None
    due_on: date

    def days_overdue(self, today: date) -> int:
        """Days past the due date on ``today`` (0 if not overdue)."""
        return max(0, (today - self.due_on).days)


def review_interval(help_type: str, months_into_help: int, parameters: Mapping[str, int]) -> int:
    """The review interval in months for a help of ``help_type`` whose last review (or
    start) was ``months_into_help`` whole months after its start.

    >>> p = {"review_interval_months": 6, "review_interval_months:34": 4,
    ...      "early_phase_months": 6, "early_review_interval_months": 3}
    >>> review_interval("31", 0, p), review_interval("31", 6, p), review_interval("34", 9, p)
    (3, 6, 4)
    """
    interval = parameters.get(
        f"review_interval_months:{help_type}", parameters.get("review_interval_months", 6)
    )
    if months_into_help < parameters.get("early_phase_months", 0):
        interval = min(interval, parameters.get("early_review_interval_months", interval))
    return interval


_MISMATCH = messages.define(
    "case_file.process_mismatch", "the case file belongs to another process than the one given"
)
_UNKNOWN_PROCESS = messages.define(
    "case_file.process_unknown",
    "the process of the case file is not known here; pass it as process=",
)


def process_of(case_file: CaseFile, process: Process | None = None) -> Process:
    """The process whose rules apply to ``case_file``: the one that built it (or the
    default SGB VIII process for a file of that name), or ``process`` if given.

    :raises ValidationError: ``case_file.process_mismatch`` if ``process`` is given and the
        file belongs to another process; ``case_file.process_unknown`` if no process is
        given and the file's process is not at hand.
    """
    if process is not None:
        if process.name != case_file.process:
            raise ValidationError([Issue.of("/process", _MISMATCH)])
        return process
    built_by = case_file.built_by
    if built_by is not None and built_by.name == case_file.process:
        return built_by
    if case_file.process == DEFAULT_PROCESS.name:
        return DEFAULT_PROCESS
    raise ValidationError([Issue.of("/process", _UNKNOWN_PROCESS)])


def help_reviews(case_file: CaseFile, process: Process | None = None) -> tuple[ReviewDue, ...]:
    """The next review of every help running in ``case_file`` (one per help plan),
    earliest first; empty in a final state. A help granted without a help plan (such as
    counselling in direct access, § 36a Abs. 2) has no review due.

    :raises ValidationError: if ``process`` is given and is not the file's process.
    """
    process = process_of(case_file, process)
    if process.state(case_file.state).kind is StateKind.FINAL:
        return ()
    out = []
    for track in helps(case_file.events).values():
        if track.grant is None or track.ended_on is not None:
            continue
        review = track.reviews[-1] if track.reviews else None
        if review is None and track.plan is None:
            continue
        agreed = track.plan.next_review_on if track.plan is not None else None
        out.append(_due(case_file.case_id, track.help_id, track.grant, review, agreed, process))
    out.sort(key=lambda r: (r.due_on, r.help_id or ""))
    return tuple(out)


def next_review(
    case_file: CaseFile, process: Process | None = None, *, help_id: str | None = None
) -> ReviewDue | None:
    """The next review of the help ``help_id`` (default: the earliest of every running
    help) in ``case_file``; ``None`` if no such help runs (none granted, it ended, the
    file is in a final state) or it has no help plan.

    The intervals are the parameters of the file's own process (see :func:`process_of`).

    :raises ValidationError: if ``process`` is given and is not the file's process.
    """
    for review in help_reviews(case_file, process):
        if help_id is None or review.help_id == help_id:
            return review
    return None


def _due(
    case_id: str,
    help_id: str,
    grant: HelpGranted,
    review: PlanReviewed | None,
    agreed: date | None,
    process: Process,
) -> ReviewDue:
    start = grant.on
    fixed = agreed if review is None else review.next_review_on
    if fixed is not None:
        due = fixed
    else:
        base = start if review is None else review.on
        interval = review_interval(grant.help_type, months_between(start, base), process.parameters)
        due = add_months(base, interval)
    return ReviewDue(
        case_id=case_id,
        help_id=help_id,
        help_type=grant.help_type,
        help_start=start,
        last_review=None if review is None else review.on,
        due_on=due,
    )


def _reviews(case_files: Iterable[CaseFile], process: Process | None) -> list[ReviewDue]:
    out = [r for f in case_files for r in help_reviews(f, process)]
    out.sort(key=lambda r: (r.due_on, r.case_id, r.help_id or ""))
    return out


def due_reviews(
    case_files: Iterable[CaseFile],
    today: date,
    *,
    within_days: int = 30,
    process: Process | None = None,
) -> tuple[ReviewDue, ...]:
    """Reviews due from ``today`` to before ``today + within_days`` (not yet overdue),
    earliest first. Overdue reviews are answered by :func:`overdue`.

    Each file is read with its own process; ``process``, if given, must be every file's.
    """
    horizon = today + timedelta(days=within_days)
    return tuple(r for r in _reviews(case_files, process) if today <= r.due_on < horizon)


def overdue(
    case_files: Iterable[CaseFile], today: date, *, process: Process | None = None
) -> tuple[ReviewDue, ...]:
    """Reviews whose due date is before ``today``, most overdue first.

    Each file is read with its own process; ``process``, if given, must be every file's.
    """
    return tuple(r for r in _reviews(case_files, process) if r.due_on < today)
