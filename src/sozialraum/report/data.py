"""What the Sozialraumbericht shows, computed before anything is laid out.

:func:`report_data` gathers, for one municipality and reporting year, the suppressed
indicator tables of that year and of up to two previous years
(:func:`sozialraum.metrics.metrics_report`), the budget allocation, the year's spending
against it and a year-end forecast (:mod:`sozialraum.budget`). The HTML renders from this
:class:`ReportData` only, so a test can hold the report's numbers against the metrics API.

:func:`load_dataset` reads a data folder as written by ``sozialraum sample --out DIR``
(``municipality.json``, ``cases.jsonl``, ``case_independent_work.jsonl``, optionally
``budget.json``) through the schema door.

>>> data = report_data(year=2025)
>>> sorted(data.tables), data.allocation is not None
([2024, 2025], True)
>>> data.tables[2025].get("helps_active", space="*").value
297
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from .. import _json, messages
from ..budget import Allocation, Forecast, SpendReport, forecast, spend
from ..catalog import HelpScope
from ..data import Sample, load_sample
from ..errors import Issue, ValidationError
from ..metrics import DEFAULT_THRESHOLD, MetricTable, metrics_report, suppress
from ..model import Case
from ..money import Money
from ..periods import Period

__all__ = ["ReportData", "default_year", "known_on", "load_dataset", "protect", "report_data"]

messages.define("report.no_helps", "the data holds no helps")
messages.define("report.year", "the year is a number 1900–9999")
messages.define("folder.missing", "the data folder does not exist")
messages.define("file.missing", "the folder has no municipality.json")
messages.define("type.object#budget", "the budget is an object")
messages.define("type.integer#year", "the year is a number")
messages.define("type.object#previous_budgets", "previous budgets are an object")
messages.define("file.unreadable#utf8", "the file cannot be read as UTF-8 text")
messages.define("json.invalid#file", "the file is not JSON")


#: How many years before the reporting year the report compares with (where there is data).
PREVIOUS_YEARS = 2


@attrs.frozen(kw_only=True)
class ReportData:
    """Everything the report shows (exact values; suppression already applied).

    :param tables: per year (the reporting year and earlier ones with data), the
        :func:`~sozialraum.metrics.metrics_report`, suppressed by :func:`protect`.
    :param allocation: the budget allocation of the year, if there is one.
    :param actual: spending in the whole year against the allocation.
    :param outlook: the forecast as of :attr:`forecast_on`, from the cases as they were
        known that day (:func:`known_on`).
    """

    sample: Sample
    year: int
    as_of: date
    threshold: int
    tables: Mapping[int, MetricTable]
    allocation: Allocation | None = None
    actual: SpendReport | None = None
    outlook: Forecast | None = None
    forecast_on: date | None = None
    synthetic: bool = False

    @property
    def years(self) -> tuple[int, ...]:
        """The years shown, oldest first."""
        return tuple(sorted(self.tables))

    @property
    def table(self) -> MetricTable:
        """The reporting year's table."""
        return self.tables[self.year]


def protect(table: MetricTable, threshold: int = DEFAULT_THRESHOLD) -> MetricTable:
    """Suppress ``table`` (unsuppressed, as from ``metrics_report(threshold=0)``) with
    :func:`sozialraum.metrics.suppress`: all its metrics as one system, the out-of-home
    share counted as the same cell as the residential setting share
    (:data:`~sozialraum.metrics.suppression.SAME_CELLS`), so that the one never reveals
    the other where it is withheld.

    >>> from datetime import date
    >>> from sozialraum.data import load_sample
    >>> s = load_sample()
    >>> t = protect(metrics_report(s.municipality, s.cases, s.work, period=Period.year(2025),
    ...                            as_of=date(2026, 1, 1), threshold=0))
    >>> all(t.get("out_of_home_share", space=sp).status
    ...     == t.get("setting_share", space=sp, setting="residential").status
    ...     for sp in ("S-NORD", "S-MITTE", "S-SUED", "S-WEST", "*"))
    True
    """
    if not threshold:
        return table
    return suppress(table, threshold=threshold)


def known_on(cases: Sequence[Case], day: date) -> tuple[Case, ...]:
    """The cases as they were known on ``day``, for a forecast made that day: helps that
    begin on or after ``day`` are not known yet, helps that end after it are still running
    (their end and ending reason unknown, their planned end kept), and cases closed after
    it are open.

    >>> from sozialraum.data import load_sample
    >>> cases = known_on(load_sample().cases, date(2025, 10, 1))
    >>> any(h.period.start >= date(2025, 10, 1) for c in cases for h in c.helps)
    False
    """
    out = []
    for case in cases:
        if case.opened >= day:
            continue
        helps = tuple(
            h
            if h.period.end is None or h.period.end <= day
            else attrs.evolve(
                h,
                period=Period(h.period.start, None),
                ending_reason=None,
                whereabouts_after=None,
                subsequent_help=None,
            )
            for h in case.helps
            if h.period.start < day
        )
        custodies = tuple(
            m
            if m.period.end is None or m.period.end <= day
            else attrs.evolve(m, period=Period(m.period.start, None), ending=None, follow_up=None)
            for m in case.protective_custodies
            if m.period.start < day
        )
        closed = case.closed is not None and case.closed <= day
        unchanged = helps == case.helps and custodies == case.protective_custodies
        if unchanged and (closed or case.closed is None):
            out.append(case)
            continue
        known = {h.id for h in helps}
        out.append(
            attrs.evolve(
                case,
                helps=helps,
                protective_custodies=custodies,
                help_plans=tuple(p for p in case.help_plans if set(p.help_ids) <= known),
                closed=case.closed if closed else None,
                closing_reason=case.closing_reason if closed else None,
            )
        )
    return tuple(out)


def _first_year(sample: Sample) -> int | None:
    starts = [h.period.start.year for c in sample.cases for h in c.helps]
    return min(starts) if starts else None


def default_year(sample: Sample) -> int:
    """The last year any help of ``sample`` ran in (the sample: 2025).

    >>> default_year(load_sample())
    2025
    """
    years = [
        (h.period.end.year if h.period.end is not None else h.period.start.year)
        for c in sample.cases
        for h in c.helps
    ]
    years += [h.period.start.year for c in sample.cases for h in c.helps]
    if not years:
        raise ValidationError.single("/cases", "report.no_helps")
    return max(years)


def report_data(
    sample: Sample | None = None,
    *,
    year: int | None = None,
    as_of: date | None = None,
    allocation: Allocation | None = None,
    forecast_on: date | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    scope: str | HelpScope = "hze",
) -> ReportData:
    """Compute what the report for ``year`` shows.

    ``scope`` names the helps of the help tables (default ``"hze"``, the Destatis total
    §§ 27–35 plus § 41; :data:`~sozialraum.catalog.SCOPES`).

    Without ``sample`` the embedded Musterstadt is used, and for 2025 its illustrative
    Sozialraumbudget (:func:`sozialraum.budget.demo.musterstadt_allocation`).
    ``as_of`` (default: 1 January after ``year``) is the day the data is complete up to;
    ``forecast_on`` (default: 1 October of ``year``) the day of the year-end forecast.
    """
    synthetic = sample is None
    s = sample if sample is not None else load_sample()
    if year is None:
        year = default_year(s)
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValidationError.single("/year", "report.year")
    complete = as_of if as_of is not None else date(year + 1, 1, 1)
    first = _first_year(s)
    years = [y for y in range(year - PREVIOUS_YEARS, year + 1) if first is None or y >= first]
    years = years or [year]
    tables = {
        y: protect(
            metrics_report(
                s.municipality,
                s.cases,
                s.work,
                period=Period.year(y),
                as_of=complete,
                threshold=0,
                scope=scope,
            ),
            threshold,
        )
        for y in years
    }
    if allocation is None and synthetic and year == 2025:
        from ..budget.demo import musterstadt_allocation

        allocation = musterstadt_allocation(s)
    actual = outlook = None
    on = None
    if allocation is not None:
        period = Period.year(year)
        on = forecast_on if forecast_on is not None else date(year, 10, 1)
        end = min(complete, date(year + 1, 1, 1))
        actual = spend(allocation, s.cases, s.work, period=Period(period.start, end))
        outlook = forecast(
            allocation, known_on(s.cases, on), s.work, budget_period=period, today=on
        )
    return ReportData(
        sample=s,
        year=year,
        as_of=complete,
        threshold=threshold,
        tables=tables,
        allocation=allocation,
        actual=actual,
        outlook=outlook,
        forecast_on=on,
        synthetic=synthetic,
    )


def _read_json(path: Path, lines: bool) -> list[Any]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise ValidationError.single(f"/{path.name}", "file.unreadable#utf8") from None
    try:  # the safe reader of the edges: depth limit, duplicate keys
        if lines:
            return [_json.loads(line) for line in raw.splitlines() if line.strip()]
        return [_json.loads(raw)]
    except ValidationError as err:
        if err.codes[0] in ("json.too_deep", "json.duplicate_key"):
            raise err.prefixed(f"/{path.name}") from None
        raise ValidationError.single(f"/{path.name}", "json.invalid#file") from None


def load_dataset(folder: str | Path) -> tuple[Sample, Allocation | None, int | None]:
    """Read a data folder: the municipality, its cases and work, and (if the folder has a
    ``budget.json`` ``{"year", "total", "rule_set", "previous"}``) the allocation of that
    budget with the year it is for.

    :raises ValidationError: with the file name as the first part of each issue's path.
    """
    from ..budget import allocate
    from ..budget.inputs import provider_inputs, space_inputs
    from ..budget.rules import RuleSet
    from ..model import Case, CaseIndependentWork, Municipality
    from ..schema import structure

    root = Path(folder)
    if not root.is_dir():
        raise ValidationError.single("", "folder.missing")

    def load(name: str, cl: type[Any], lines: bool) -> list[Any]:
        path = root / name
        if not path.is_file():
            return []
        out = []
        issues: list[Issue] = []
        for i, doc in enumerate(_read_json(path, lines)):
            try:
                out.append(structure(doc, cl))
            except ValidationError as exc:
                prefix = f"/{name}/{i}" if lines else f"/{name}"
                issues += [attrs.evolve(x, path=prefix + x.path) for x in exc.issues]
        if issues:
            raise ValidationError(issues)
        return out

    found = load("municipality.json", Municipality, False)
    if not found:
        raise ValidationError.single("/municipality.json", "file.missing")
    sample = Sample(
        municipality=found[0],
        cases=tuple(load("cases.jsonl", Case, True)),
        work=tuple(load("case_independent_work.jsonl", CaseIndependentWork, True)),
    )
    budget_path = root / "budget.json"
    if not budget_path.is_file():
        return sample, None, None
    (doc,) = _read_json(budget_path, False)
    if not isinstance(doc, dict):
        raise ValidationError.single("/budget.json", "type.object#budget")
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError.single("/budget.json/year", "type.integer#year")
    total = Money.parse(doc.get("total"))
    rules = structure(doc.get("rule_set"), RuleSet)
    previous_doc = doc.get("previous") or {}
    if not isinstance(previous_doc, dict):
        raise ValidationError.single("/budget.json/previous", "type.object#previous_budgets")
    previous = {str(k): Money.parse(v) for k, v in previous_doc.items()}
    allocation = allocate(
        total,
        space_inputs(sample.municipality, previous=previous or None),
        rules,
        providers=provider_inputs(sample.cases, sample.work, period=Period.year(year - 1)),
    )
    return sample, allocation, year
