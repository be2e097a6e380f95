"""The optional numpy kernel: the same results as the pure-Python core, or a clear error."""

from __future__ import annotations

import builtins
import importlib
import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.budget import TiePolicy, split_whole
from sozialraum.budget.vectorised import largest_remainder_batch, numpy_module
from sozialraum.errors import AllocationError, MissingDependencyError, TieError


def test_missing_numpy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = importlib.import_module

    def refuse(name: str, package: str | None = None) -> object:
        if name == "numpy":
            raise ImportError("no numpy here")
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(MissingDependencyError) as info:
        largest_remainder_batch(10, [[1, 2]])
    assert "pip install 'sozialraum[numpy]'" in str(info.value)
    assert isinstance(info.value, ImportError)
    assert builtins.__import__  # the builtin import machinery is untouched


needs_numpy = pytest.mark.skipif(
    importlib.util.find_spec("numpy") is None, reason="numpy is an optional extra"
)

rows_of_weights = st.integers(1, 6).flatmap(
    lambda n: st.lists(
        st.lists(st.integers(0, 10**6), min_size=n, max_size=n).filter(any),
        min_size=1,
        max_size=20,
    )
)


@needs_numpy
@given(st.integers(0, 10**13), rows_of_weights, st.integers(0, 2**32))
def test_batch_equals_the_pure_python_core(total: int, rows: list[list[int]], seed: int) -> None:
    policy = TiePolicy.lot(seed)
    keys = [f"k{i}" for i in range(len(rows[0]))]
    batch = largest_remainder_batch(total, rows, keys=keys, ties=policy)
    for got, weights in zip(batch.tolist(), rows, strict=True):
        assert got == split_whole(total, weights, keys, ties=policy, rule="r")[0]


@needs_numpy
def test_batch_errors_and_ties() -> None:
    np = importlib.import_module("numpy")
    assert numpy_module() is np
    with pytest.raises(TieError):
        largest_remainder_batch(1, [[1, 1]])
    for total, weights, code in [
        (-1, [[1]], "total.negative"),
        (1, [1, 2], "weight.type"),
        (1, [[1.5, 2.0]], "weight.type"),
        (1, [[-1, 2]], "weight.negative"),
        (1, [[0, 0]], "weights.all_zero"),
    ]:
        with pytest.raises(AllocationError) as info:
            largest_remainder_batch(total, weights)
        assert info.value.code == code
    assert largest_remainder_batch(5, [[3], [7]]).tolist() == [[5], [5]]
    huge = largest_remainder_batch(10**19, [[1, 2], [3, 4]])
    assert huge.sum(axis=1).tolist() == [10**19, 10**19]


@needs_numpy
def test_batch_without_any_remainder_to_place() -> None:
    assert largest_remainder_batch(10, [[1, 1], [2, 3]]).tolist() == [[5, 5], [4, 6]]
