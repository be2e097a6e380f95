"""Seeded Monte Carlo over scenarios, on any :class:`concurrent.futures.Executor`.

:func:`simulate` compiles every scenario of a :class:`~sozialraum.simulation.scenario.Study`
once, cuts the runs into chunks and runs them in-process (the default) or on an executor:
a :class:`~concurrent.futures.ProcessPoolExecutor` for all cores, or Dask's
``Client.get_executor()`` for a cluster (:func:`sozialraum.simulation.distributed.dask_executor`).
Each run depends only on ``(seed, run index)``, so the result is the same for every
executor, worker count and chunk size.

Progress is reported through a callback after every chunk; a :class:`KeyboardInterrupt`
(Ctrl-C) while waiting cancels the chunks not yet started and returns the runs completed
so far, marked :attr:`SimulationResult.interrupted`.

>>> result = simulate(runs=4, seed=7, years=2)
>>> result.completed, result.interrupted, result.scenario_names
(4, False, ('baseline', 'prevention'))
>>> simulate(runs=4, seed=7, years=2).raw("baseline") == result.raw("baseline")
True
"""

from __future__ import annotations

import signal
from array import array
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from datetime import date
from typing import Any, Literal

import attrs

from .. import messages
from ..errors import MissingDependencyError, ValidationError
from ..model import Case, Municipality
from .batch import numpy_or_none, run_batch
from .calibration import calibrate, initial_helps, sample_study
from .checks import study_issues
from .compiled import CompiledScenario, Layout, compile_scenario
from .engine import InitialHelp, run_once, run_seeds
from .parameters import ModelParameters
from .scenario import Scenario, Study

__all__ = [
    "Engine",
    "Plan",
    "Progress",
    "SimulationResult",
    "ignore_interrupts",
    "make_plan",
    "run_chunk",
    "simulate",
]

messages.define("simulation.space_missing", "every space needs parameters")
messages.define(
    "simulation.space_without_provider",
    "every space needs a provider that serves it or a provider weight",
)
messages.define("number.range#runs", "runs must not be negative")
messages.define("simulation.engine_unknown", "the engine must be auto, numpy or python")


#: ``progress(completed_runs, total_runs)``, called after each chunk.
Progress = Callable[[int, int], None]


@attrs.frozen(kw_only=True)
class Plan:
    """Everything a worker needs: the layout, the compiled scenarios, the running helps at
    the start, and the master seed. Plain data, cheap to pickle."""

    study: Study
    layout: Layout
    scenarios: tuple[CompiledScenario, ...]
    initial: tuple[tuple[InitialHelp, ...], ...]
    seed: int


def make_plan(
    study: Study | None = None,
    *,
    seed: int,
    municipality: Municipality | None = None,
    cases: Sequence[Case] = (),
    parameters: ModelParameters | None = None,
    years: int | None = None,
) -> Plan:
    """Compile a study; without arguments, the embedded sample and default scenario.

    Parameters come from ``parameters``, else the study's own, else calibration on
    ``cases`` (opened before the first simulated year), else the sample's. The helps of
    ``cases`` running on 1 January of the first year are the initial stock.
    """
    default_study, sample_params, sample_municipality = sample_study()
    if municipality is None:
        from ..data import load_sample

        municipality = sample_municipality
        cases = load_sample().cases
    study = study if study is not None else default_study
    if years is not None:
        study = study.with_years(years)
    start = date(study.start_year, 1, 1)
    if parameters is None:
        parameters = study.parameters
    if parameters is None:
        if municipality is sample_municipality:
            parameters = sample_params
        else:
            parameters = calibrate(municipality, cases, as_of=start)
    missing = [s.id for s in municipality.social_spaces if _no_space(parameters, s.id)]
    if missing:
        raise ValidationError.single("/parameters/spaces", "simulation.space_missing")
    layout = Layout.of(parameters, municipality)
    served = {s for s, _ in layout.cells}
    if len(served) < len(layout.space_ids):
        raise ValidationError.single("/parameters/spaces", "simulation.space_without_provider")
    issues = study_issues(study, parameters, municipality)
    if issues:
        raise ValidationError(issues)
    compiled = tuple(
        _compile(study, s, parameters, municipality, layout) for s in study.all_scenarios()
    )
    initial = initial_helps(cases, layout, start)
    return Plan(study=study, layout=layout, scenarios=compiled, initial=initial, seed=seed)


def _compile(
    study: Study,
    scenario: Scenario,
    parameters: ModelParameters,
    municipality: Municipality,
    layout: Layout,
) -> CompiledScenario:
    """Compile one scenario; its problems located in the study file."""
    try:
        return compile_scenario(study, scenario, parameters, municipality, layout)
    except ValidationError as exc:
        for i, s in enumerate(study.scenarios):
            if s is scenario:
                raise exc.prefixed(f"/scenarios/{i}") from None
        if exc.codes == ("study.allocation_failed",):  # the baseline's rule
            raise exc.prefixed("/budget") from None
        raise


def _no_space(parameters: ModelParameters, space_id: str) -> bool:
    try:
        parameters.space(space_id)
    except LookupError:
        return True
    return False


#: ``"auto"``: the numpy kernel when numpy is installed, else pure Python.
Engine = Literal["auto", "numpy", "python"]
_ENGINES = ("auto", "numpy", "python")


def run_chunk(
    plan: Plan, first: int, stop: int, engine: Engine = "auto"
) -> tuple[int, int, tuple[bytes, ...]]:
    """Runs ``first … stop − 1`` of every scenario; returns ``(first, stop, records)`` with
    one packed ``array('q')`` of run records per scenario (a module-level function, so it
    pickles for process pools and Dask).

    :param engine: ``"python"`` runs :func:`~sozialraum.simulation.engine.run_once` run by
        run; ``"numpy"`` the vectorised kernel :func:`~sozialraum.simulation.batch.run_batch`
        (the same records, bit for bit); ``"auto"`` numpy when it is installed.
    :raises MissingDependencyError: for ``"numpy"`` without numpy (extra ``numpy``).
    """
    np = None if engine == "python" else numpy_or_none()
    if np is None and engine == "numpy":
        raise MissingDependencyError("numpy", "numpy", "the numpy simulation engine")
    if np is not None:  # run_batch keeps its arrays small itself
        rows = run_batch(np, plan.scenarios, plan.layout, plan.initial, plan.seed, first, stop)
        return first, stop, tuple(r.tobytes() for r in rows)
    layout = plan.layout
    packed = [array("q") for _ in plan.scenarios]
    for run in range(first, stop):
        seeds = run_seeds(plan.seed, run, layout.space_ids)
        for k, scenario in enumerate(plan.scenarios):
            packed[k].extend(run_once(scenario, layout, plan.initial, seeds))
    return first, stop, tuple(a.tobytes() for a in packed)


def ignore_interrupts() -> None:
    """Worker initializer: leave Ctrl-C to the parent, which cancels cleanly.

    Use it as ``ProcessPoolExecutor(initializer=ignore_interrupts)``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@attrs.frozen(kw_only=True, eq=False)
class SimulationResult:
    """The raw run records of every scenario, ordered by run index.

    :param run_ids: the completed runs, ascending (``0 … runs − 1`` unless interrupted).
    :param records: per scenario, the packed records of the runs in ``run_ids`` order.
    """

    plan: Plan
    runs: int
    run_ids: tuple[int, ...]
    records: tuple[array[int], ...]
    interrupted: bool = False

    @property
    def completed(self) -> int:
        """The number of completed runs."""
        return len(self.run_ids)

    def _repr_html_(self) -> str:
        """The totals per scenario and year as an HTML table, for Jupyter."""
        from .._html import simulation_html

        return simulation_html(self)

    def to_dataframe(self, *, by: Literal["space", "provider"] = "space") -> Any:
        """Every run as a tidy ``pandas.DataFrame`` (scenario, run, year, space — and
        provider with ``by="provider"`` — as columns; money in integer cents), see
        :func:`~sozialraum.simulation.frames.runs_frame`.

        :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
        """
        from .frames import runs_frame

        return runs_frame(self, by=by)

    def summary_dataframe(self, *, exact: bool = False) -> Any:
        """The summary (:func:`~sozialraum.simulation.summary.summarise`) as a
        ``pandas.DataFrame``, see :func:`~sozialraum.simulation.frames.summary_frame`.

        :raises MissingDependencyError: if pandas is not installed (extra ``pandas``).
        """
        from .frames import summary_frame

        return summary_frame(self, exact=exact)

    @property
    def scenario_names(self) -> tuple[str, ...]:
        """Baseline first, then the study's scenarios."""
        return tuple(s.name for s in self.plan.scenarios)

    def scenario_index(self, name: str) -> int:
        """Position of the scenario called ``name`` (:class:`LookupError` if unknown)."""
        try:
            return self.scenario_names.index(name)
        except ValueError:
            raise LookupError(f"no scenario {name!r}") from None

    def raw(self, scenario: str) -> list[list[int]]:
        """One record per completed run (see :func:`~sozialraum.simulation.engine.run_once`)."""
        data = self.records[self.scenario_index(scenario)]
        size = len(self.plan.scenarios[0].years) * self.plan.layout.stride
        return [data[i * size : (i + 1) * size].tolist() for i in range(self.completed)]

    def column(self, scenario: int, year: int, offset: int) -> array[int]:
        """The value at ``offset`` of year index ``year`` across the completed runs."""
        size = len(self.plan.scenarios[0].years) * self.plan.layout.stride
        return self.records[scenario][year * self.plan.layout.stride + offset :: size]


def _chunks(runs: int, size: int) -> Iterable[tuple[int, int]]:
    for first in range(0, runs, size):
        yield first, min(runs, first + size)


def simulate(
    study: Study | None = None,
    *,
    runs: int,
    seed: int,
    years: int | None = None,
    municipality: Municipality | None = None,
    cases: Sequence[Case] = (),
    parameters: ModelParameters | None = None,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    engine: Engine = "auto",
) -> SimulationResult:
    """Run ``runs`` seeded Monte Carlo runs of every scenario of ``study``.

    :param executor: any :class:`concurrent.futures.Executor`; ``None`` runs in-process.
        The executor is not shut down (its owner decides).
    :param chunk_size: runs per task (default: about 8 tasks per worker, 10 to 250 runs).
    :param progress: called as ``progress(completed, runs)`` after each chunk.
    :param engine: ``"auto"`` (numpy when installed), ``"numpy"`` or ``"python"``: the
        same records, bit for bit (see :func:`run_chunk`).
    """
    if runs < 0:
        raise ValidationError.single("/runs", "number.range#runs")
    if engine not in _ENGINES:
        raise ValidationError.single("/engine", "simulation.engine_unknown")
    if engine == "numpy" and numpy_or_none() is None:
        raise MissingDependencyError("numpy", "numpy", "the numpy simulation engine")
    plan = make_plan(
        study,
        seed=seed,
        municipality=municipality,
        cases=cases,
        parameters=parameters,
        years=years,
    )
    workers = getattr(executor, "_max_workers", 2) if executor is not None else 1
    size = chunk_size or max(10, min(250, -(-runs // (8 * max(1, workers)))))
    extra = () if engine == "auto" else (engine,)
    done: dict[int, tuple[int, tuple[bytes, ...]]] = {}
    completed = 0
    interrupted = False
    if executor is None:
        try:
            for first, stop in _chunks(runs, size):
                _, _, packed = run_chunk(plan, first, stop, *extra)
                done[first] = (stop, packed)
                completed += stop - first
                if progress is not None:
                    progress(completed, runs)
        except KeyboardInterrupt:
            interrupted = True
    else:
        pending: set[Future[tuple[int, int, tuple[bytes, ...]]]] = {
            executor.submit(run_chunk, plan, first, stop, *extra)
            for first, stop in _chunks(runs, size)
        }
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    first, stop, packed = future.result()
                    done[first] = (stop, packed)
                    completed += stop - first
                if progress is not None:
                    progress(completed, runs)
        except KeyboardInterrupt:
            interrupted = True
            for future in pending:
                future.cancel()
    return _assemble(plan, runs, done, interrupted)


def _assemble(
    plan: Plan, runs: int, done: dict[int, tuple[int, tuple[bytes, ...]]], interrupted: bool
) -> SimulationResult:
    records: list[array[int]] = [array("q") for _ in plan.scenarios]
    run_ids: list[int] = []
    for first in sorted(done):
        stop, packed = done[first]
        run_ids.extend(range(first, stop))
        for k, raw in enumerate(packed):
            records[k].frombytes(raw)
    return SimulationResult(
        plan=plan,
        runs=runs,
        run_ids=tuple(run_ids),
        records=tuple(records),
        interrupted=interrupted,
    )
