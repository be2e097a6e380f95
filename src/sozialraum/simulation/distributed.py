"""Executors for :func:`~sozialraum.simulation.simulate`: processes and Dask.

Any :class:`concurrent.futures.Executor` works; these helpers build the two common ones.
Dask is the ``[dask]`` extra (``dask[distributed]``), imported only when asked for:

>>> from sozialraum.simulation import simulate
>>> with process_executor(2) as pool:  # doctest: +SKIP
...     result = simulate(runs=10_000, seed=1, executor=pool)
>>> with dask_executor("tcp://scheduler:8786") as pool:  # doctest: +SKIP
...     result = simulate(runs=100_000, seed=1, executor=pool)
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from ..errors import MissingDependencyError
from .montecarlo import ignore_interrupts

__all__ = ["dask_client", "dask_executor", "process_executor"]


def process_executor(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes that leave Ctrl-C to the parent.

    >>> pool = process_executor(1)
    >>> pool.shutdown()
    """
    return ProcessPoolExecutor(max_workers=workers, initializer=ignore_interrupts)


def dask_client(address: str | None = None, **kwargs: Any) -> Any:
    """A ``dask.distributed.Client`` connected to ``address`` (a local cluster if ``None``).

    :raises MissingDependencyError: when dask.distributed is not installed.
    """
    try:
        module = importlib.import_module("dask.distributed")
    except ImportError:
        raise MissingDependencyError("distributed", "dask", "running on Dask") from None
    return module.Client(address, **kwargs)


@contextlib.contextmanager
def dask_executor(address: str | None = None, **kwargs: Any) -> Iterator[Executor]:
    """A context manager giving ``Client.get_executor()`` of a client for ``address``; the
    client is closed on exit."""
    client = dask_client(address, **kwargs)
    try:
        executor: Executor = client.get_executor()
        yield executor
    finally:
        client.close()
