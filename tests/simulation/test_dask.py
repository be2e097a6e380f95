"""Dask equivalence: a local cluster of two worker processes gives the in-process result."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from sozialraum.simulation import cli, simulate


def run_cli(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="sozialraum")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["simulate", *argv])
    out, err = io.StringIO(), io.StringIO()
    return args.run(args, out, err), out.getvalue(), err.getvalue()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_local_dask_cluster_equals_in_process(tmp_path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = client.get_executor()
        on_dask = simulate(runs=12, seed=21, years=2, executor=executor, chunk_size=3)
        # the command line, connecting to the same scheduler
        args = ["--runs", "6", "--years", "1", "--seed", "21", "--raw"]
        code, _, err = run_cli(
            *args, "--dask", cluster.scheduler_address, "--out", str(tmp_path / "d.json")
        )
        assert code == 0, err
    in_process = simulate(runs=12, seed=21, years=2)
    assert on_dask.run_ids == in_process.run_ids
    assert on_dask.records == in_process.records
    run_cli(*args, "--out", str(tmp_path / "p.json"))
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8")) == json.loads(
        (tmp_path / "p.json").read_text(encoding="utf-8")
    )


def test_dask_executor_helper():
    pytest.importorskip("distributed")
    from sozialraum.simulation import dask_executor

    assert callable(dask_executor)
