"""``sozialraum simulate``: the subcommand as a function (wired into the CLI by its owner)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from sozialraum.simulation import cli

STUDY = """
name = "CLI"
start_year = 2026
years = 2

[budget]
total = "7000000.00"

[[scenarios]]
name = "more prevention"
changes = [{ parameter = "resolved_share", operation = "add", value = 0.05 }]
"""


def simulate(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="sozialraum")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["simulate", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = args.run(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_default_prints_a_table():
    code, out, err = simulate("--runs", "5", "--years", "1", "--seed", "3")
    assert code == 0, err
    assert out.splitlines()[0].split()[:3] == ["scenario", "year", "spending"]
    assert "5 runs, seed 3" in out


def test_scenario_file_and_csv(tmp_path: Path):
    study = tmp_path / "study.toml"
    study.write_text(STUDY, encoding="utf-8")
    target = tmp_path / "results.csv"
    code, out, _ = simulate(str(study), "--runs", "4", "--out", str(target))
    assert code == 0
    assert out.startswith(f"wrote {target}")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["scenario"] for r in rows} == {"baseline", "more prevention"}
    assert {r["year"] for r in rows} == {"2026", "2027"}


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_json_with_raw_runs_and_workers(tmp_path: Path):
    target = tmp_path / "results.json"
    code, _, _ = simulate(
        "--runs", "4", "--years", "1", "--workers", "2", "--out", str(target), "--raw"
    )
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["completed_runs"] == 4
    assert data["interrupted"] is False
    assert len(data["raw"]["records"]["baseline"]) == 4
    in_process = tmp_path / "one.json"
    simulate("--runs", "4", "--years", "1", "--out", str(in_process), "--raw")
    assert json.loads(in_process.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs must be at least 1"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--years", "0"], "--years must be from 1 to 50"),
        (["--chunk-size", "0"], "--chunk-size must be at least 1"),
        (["--out", "x.xlsx"], "--out must name a .json or .csv file"),
        (["--raw"], "--raw needs --out"),
        (["--dask", "tcp://x:1", "--workers", "2"], "either --workers or --dask"),
        (["missing.toml"], "no such file: missing.toml"),
    ],
)
def test_usage_errors(argv: list[str], message: str):
    code, out, err = simulate(*argv)
    assert code == 2
    assert message in err
    assert err.startswith("sozialraum simulate: error: ")
    assert out == ""


def test_invalid_scenario_file(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "start_year": 2026, "budget": {"total": 5}}', encoding="utf-8")
    code, _, err = simulate(str(bad), "--runs", "1")
    assert code == 1
    assert "/budget/total" in err
    assert "[money.type]" in err


def test_missing_extras_are_usage_errors(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None)
    code, _, err = simulate("--runs", "1", "--plot", "x.png")
    assert code == 2
    assert "pip install 'sozialraum[plot]'" in err
    code, _, err = simulate("--runs", "1", "--dask", "tcp://127.0.0.1:1")
    assert code == 2
    assert "pip install 'sozialraum[dask]'" in err


def test_plot(tmp_path: Path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "spending.png"
    code, out, _ = simulate("--runs", "3", "--years", "2", "--plot", str(target))
    assert code == 0
    assert target.read_bytes()[:4] == b"\x89PNG"
    assert f"wrote {target}" in out


def test_interrupted_run_writes_partial_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from sozialraum.simulation import montecarlo

    real = montecarlo.run_chunk
    calls = []

    def flaky(plan, first, stop):
        calls.append(first)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(plan, first, stop)

    monkeypatch.setattr(montecarlo, "run_chunk", flaky)
    target = tmp_path / "partial.json"
    code, _, err = simulate("--runs", "20", "--chunk-size", "5", "--out", str(target))
    assert code == 130
    assert "interrupted after 5 of 20 runs" in err
    assert json.loads(target.read_text(encoding="utf-8"))["interrupted"] is True


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal():
    from sozialraum._terminal import Progress

    bar = Progress(_Terminal())
    report = cli._reporter(bar)
    report(5, 10)
    report(10, 10)
    bar.done()
    text = bar.stream.getvalue()
    assert "simulate: 5/10 runs (50 %)" in text
    assert text.endswith("\r\033[K")
