"""German and English per call: validation, structuring, the lifecycle's refusals, the
budget's explanations, the demo and every subcommand of the command line."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from tests.lifecycle.test_from_model import _case, _help

from sozialraum import schema
from sozialraum.budget.demo import musterstadt_allocation, render_budget_demo
from sozialraum.cli import main
from sozialraum.errors import TransitionError, ValidationError
from sozialraum.lifecycle.from_model import case_file_from_case
from sozialraum.model import Help

BAD_HELP = {"id": "H1", "help_type": 31, "provider_id": "T1", "period": {"start": "2024-02-30"}}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# -- the library --------------------------------------------------------------------------


def test_validate_in_german_keeps_codes_and_paths():
    english = schema.validate(BAD_HELP, Help)
    german = schema.validate(BAD_HELP, Help, lang="de")
    assert [(i.path, i.code) for i in german] == [(i.path, i.code) for i in english]
    messages = {i.path: i.message for i in german}
    assert messages["/help_type"] == "erwartet eine Zeichenkette"
    assert messages["/period/start"] == "kein gültiges Kalenderdatum"
    assert messages["/monthly_cost"] == "dieser Schlüssel ist erforderlich"
    assert [i.message_in("en") for i in german] == [i.message for i in english]


def test_validate_refuses_an_unknown_language():
    with pytest.raises(ValidationError) as info:
        schema.validate(BAD_HELP, Help, lang="fr")
    assert info.value.codes == ("lang.unknown",)


def test_structure_in_german():
    with pytest.raises(ValidationError) as info:
        schema.structure(BAD_HELP, Help, lang="de")
    text = str(info.value)
    assert text.startswith("3 Probleme:\n")
    assert "/period/start: kein gültiges Kalenderdatum [date.invalid]" in text
    assert info.value.message_in("en").startswith("3 issues:\n")


def test_a_refusal_of_the_lifecycle_in_german():
    long_without_plan = _case(helps=(_help(planned_end=date(2025, 2, 1)),))
    with pytest.raises(TransitionError) as info:
        case_file_from_case(long_without_plan)
    err = info.value
    assert err.code == "help_plan.missing"
    german = err.message_in("de")
    assert "von der Prüfregel 'long_term_needs_plan' abgelehnt" in german
    assert "braucht einen vereinbarten Hilfeplan (§ 36 Abs. 2 SGB VIII)" in german
    assert german.endswith("[help_plan.missing]")
    assert "needs an agreed help plan" in str(err)


def test_the_explanation_of_an_allocation_in_german():
    allocation = musterstadt_allocation()
    english = allocation.explain()
    german = allocation.explain(lang="de")
    assert english == allocation.explain(lang="en")
    assert german.startswith("Verteilung nach dem Regelwerk 'Musterstadt 2025'")
    assert "(gültig ab 01.01.2025)" in german.splitlines()[0]
    assert "Sozialräume:" in german
    assert "genaue Zielwerte auf ganze Cent gerundet" in german
    # shares with the decimal comma, amounts the same in both languages
    assert re.search(r"Anteile [\w-]+ \d+,\d{4} %", german)
    assert re.search(r"shares [\w-]+ \d+\.\d{4} %", english)
    assert len(german.splitlines()) == len(english.splitlines())
    space = allocation.spaces[0].space_id
    assert allocation.explain(space, lang="de").count("\n") < german.count("\n")


def test_the_steps_keep_their_english_text_and_data():
    allocation = musterstadt_allocation()
    for step in allocation.steps:
        assert step.text == step.text_in("en")
    data = allocation.explain_data()
    assert data["steps"][0]["text"] == allocation.steps[0].text


def test_budget_demo_in_german():
    text = render_budget_demo(lang="de")
    assert text.startswith("Sozialraumbudget 2025 (synthetische Beispieldaten)")
    assert "Monitoring und Jahresendprognose zum 01.10.2025" in text


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "helps.jsonl"
    path.write_text(json.dumps(BAD_HELP) + "\n" + "{not json\n", "utf-8")
    return path


def test_validate_with_lang_de(bad_file: Path):
    code, out, _ = run("validate", str(bad_file), "--type", "help", "--lang", "de")
    assert code == 1
    assert f"{bad_file}: Zeile 1: /period/start: kein gültiges Kalenderdatum [date.invalid]" in out
    assert f'{bad_file}: Zeile 2: "": diese Zeile ist kein JSON [json.invalid]' in out
    assert out.strip().endswith("2 Datensätze vom Typ help geprüft: 2 ungültig (4 Probleme)")


def test_validate_defaults_to_the_language_of_the_environment(bad_file, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    _, german, _ = run("validate", str(bad_file), "--type", "help")
    assert "Zeile 1" in german
    _, english, _ = run("validate", str(bad_file), "--type", "help", "--lang", "en")
    assert "line 1: /period/start: not a valid calendar date" in english
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    _, overridden, _ = run("validate", str(bad_file), "--type", "help")
    assert "line 1" in overridden


def test_validate_json_output_in_german(bad_file: Path):
    _, out, _ = run("validate", str(bad_file), "--type", "help", "--format", "json", "--lang", "de")
    doc = json.loads(out)
    assert doc["issues"][0]["message"] == "erwartet eine Zeichenkette"
    assert doc["issues"][0]["record"] == 1
    assert set(doc["summary"]) == {"records", "invalid", "issues", "type"}


def test_usage_errors_in_german(tmp_path: Path):
    code, _, err = run("validate", str(tmp_path / "none.json"), "--type", "help", "--lang", "de")
    assert code == 2
    assert err == f"sozialraum validate: Fehler: Datei nicht gefunden: {tmp_path / 'none.json'}\n"
    code, _, err = run("validate", "x.json", "--type", "helpp", "--lang", "de")
    assert code == 2
    assert "unbekannter Code in der Codeliste 'record_types'; meinten Sie 'help'?" in err
    code, _, err = run("simulate", "--runs", "0", "--lang", "de")
    assert (code, err) == (2, "sozialraum simulate: Fehler: --runs muss mindestens 1 sein\n")


def test_every_subcommand_takes_lang(capsys):
    for command in ("demo", "validate", "schema", "diagram", "simulate", "report", "sample"):
        code, _, _ = run(command, "--help")
        assert code == 0
        assert "--lang {de,en}" in capsys.readouterr().out, command


def test_schema_listing_in_german():
    code, out, _ = run("schema", "--lang", "de")
    assert code == 0
    assert out.startswith("Datensatztypen: ")


def test_diagram_follows_the_environment(monkeypatch):
    _, english, _ = run("diagram")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    _, german, _ = run("diagram")
    assert german != english
    assert german == run("diagram", "--lang", "de")[1]


def test_report_stays_german_unless_english_is_asked_for(monkeypatch):
    from sozialraum import cli

    parsed = cli._parser().parse_args(["report"])
    assert cli._language(parsed) == "de"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert cli._language(parsed) == "en"
    parsed = cli._parser().parse_args(["demo"])
    assert cli._language(parsed) == "en"


@pytest.fixture(scope="module")
def demo_de() -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["demo", "--lang", "de"], stdout=out, stderr=err) == 0
    return out.getvalue()


def test_demo_in_german(demo_de: str):
    for heading in (
        "Sozialräume",
        "Träger",
        "Hilfen nach Setting und Art",
        "Kosten",
        "Fallverlauf (Prozess nach SGB VIII",
        "Überfällige Überprüfungen",
        "Verteilung nach dem Regelwerk",
        "Monitoring und Jahresendprognose zum 01.10.2025",
        "Abgeschlossene Fälle nach Grund",
        "sekundäre Geheimhaltung",
        "Inanspruchnahme (HzE, je 10.000 Einwohner unter 21)",
        "Fallübergreifende und fallunspezifische Arbeit",
        "Prognose",
    ):
        assert heading in demo_de, heading
    assert "Sozialpädagogische Familienhilfe" in demo_de
    assert "Angaben „am Ende“ beziehen sich auf den 31.12.2025." in demo_de
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", demo_de)  # dates the German way
    assert not re.search(r"\b\d+\.\d+ %", demo_de)  # shares with the decimal comma
    assert re.search(r"\b\d+,\d %", demo_de)


def test_metrics_report_in_german_keeps_the_suppression_marks():
    from sozialraum.data import load_sample
    from sozialraum.metrics import metrics_report, render_report
    from sozialraum.periods import Period

    s = load_sample()
    table = metrics_report(
        s.municipality, s.cases, s.work, period=Period.year(2025), as_of=date(2026, 1, 1)
    )
    english = render_report(table)
    german = render_report(table, lang="de")
    assert german.splitlines()[0] == "Inanspruchnahme (HzE, je 10.000 Einwohner unter 21)"
    import re

    rate = re.search(r"\b\d+\.\d\b", english).group()  # a use rate with one decimal
    assert rate.replace(".", ",") in german
    assert german.count(" . ") + german.count(" .\n") == english.count(" . ") + english.count(
        " .\n"
    )
    assert len(german.splitlines()) == len(english.splitlines())
