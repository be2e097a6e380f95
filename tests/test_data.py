"""The embedded synthetic sample and its generator."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from sozialraum import catalog, schema
from sozialraum.data import SAMPLE_FILES, load_sample, sample_file
from sozialraum.data._generate import AS_OF, generate_cases, generate_work
from sozialraum.data.generate import main, render
from sozialraum.model import Case, CaseIndependentWork


def test_shipped_files_are_current() -> None:
    for name, text in render().items():
        assert sample_file(name).read_text("utf-8") == text, (
            f"{name} is stale: run `python -m sozialraum.data.generate`"
        )


def test_generator_is_deterministic_for_a_seed() -> None:
    assert list(generate_cases(50, seed=3)) == list(generate_cases(50, seed=3))
    assert list(generate_cases(50, seed=3)) != list(generate_cases(50, seed=4))


@pytest.mark.parametrize("seed", [0, 1, 2, 99])
def test_generated_cases_are_valid_for_any_seed(seed: int) -> None:
    for doc in generate_cases(1500, seed=seed):
        assert schema.validate(doc, Case) == (), doc["id"]


def test_generated_work_is_valid() -> None:
    for doc in generate_work(seed=5):
        assert schema.validate(doc, CaseIndependentWork) == ()


def test_sample_matches_its_description() -> None:
    sample = load_sample()
    m = sample.municipality
    assert len(m.social_spaces) == 4
    assert len([p for p in m.providers if not p.is_public]) == 4
    population = sum(s.total_population for s in m.social_spaces)
    assert 55_000 <= population <= 65_000
    assert 300 <= len(sample.cases) <= 500
    opened = [c.opened for c in sample.cases]
    assert min(opened) >= date(2024, 1, 1)
    assert max(opened) < AS_OF
    assert all("synthetic" in p.name for p in m.providers)


def test_sample_help_mix_is_realistic() -> None:
    helps = [h for c in load_sample().cases for h in c.helps]
    by_setting = Counter(catalog.help_type(h.help_type).setting for h in helps)
    # ambulant help dominates, as in the federal statistics; residential help exists
    assert by_setting[catalog.Setting.AMBULANT] > len(helps) / 2
    assert by_setting[catalog.Setting.RESIDENTIAL] > 0
    assert {"28", "31", "34", "33", "42"} <= {h.help_type for h in helps}


def test_sample_files_table_matches_package() -> None:
    for name in SAMPLE_FILES.values():
        assert sample_file(name).is_file()


def test_generate_main_writes_files(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "out"
    assert main([str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(render())
    assert "wrote" in capsys.readouterr().out
