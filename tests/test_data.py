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
    assert {"28-family", "31", "34", "33-general", "42"} <= {h.help_type for h in helps}


def test_sample_fills_the_statistics_fields() -> None:
    cases = load_sample().cases
    helps = [(c, h) for c in cases for h in c.helps]
    statistical = [h for _, h in helps if h.type.hze or h.type.eingliederungshilfe]
    # every help of the Teil I statistics has a main reason, an initiator and a place
    assert all(h.main_reason and h.initiated_by and h.place_of_delivery for h in statistical)
    assert any(len(h.further_reasons) == 2 for h in statistical)
    # young adults are reported under their own help type, derived from the age at start
    young_adults = [h for c, h in helps if c.is_young_adult_help(h)]
    assert young_adults
    assert {h.help_type for h in young_adults} <= set(catalog.HZE_PLUS.codes)
    # family helps list the family's young people; some § 27 helps are family-oriented
    assert all(h.family_young_people for _, h in helps if h.help_type == "31")
    assert any(h.family_oriented for _, h in helps)
    # § 42 measures carry their § 99(2) record; § 8a assessments their § 99(6) fields
    custodies = [m for c in cases for m in c.protective_custodies]
    assert custodies
    assert all(m.ground for m in custodies)
    risks = [r for c in cases for r in c.risk_assessments]
    assert risks
    assert all(r.notified_by for r in risks)
    assert any(r.danger_from for r in risks)
    # ended helps record what followed
    assert all(h.whereabouts_after for _, h in helps if h.end is not None and h.type.hze)


def test_sample_files_table_matches_package() -> None:
    for name in SAMPLE_FILES.values():
        assert sample_file(name).is_file()


def test_generate_main_writes_files(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "out"
    assert main([str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(render())
    assert "wrote" in capsys.readouterr().out


def test_sample_documents_are_canonical() -> None:
    """Every sample case reads and writes back to the very same document (no defaults)."""
    import json

    from sozialraum import schema
    from sozialraum.model import Case

    for line in sample_file(SAMPLE_FILES["case"]).read_text("utf-8").splitlines():
        doc = json.loads(line)
        assert schema.unstructure(schema.structure(doc, Case)) == doc
