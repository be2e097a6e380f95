"""``sozialraum statistics --year Y [DATA_DIR] --out DIR``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sozialraum.cli import main
from sozialraum.statistics import HelpRecord, from_csv


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_statistics_of_the_sample(tmp_path: Path) -> None:
    code, out, err = run("statistics", "--year", "2024", "--out", str(tmp_path))
    assert (code, err) == (0, "")
    assert "21 ended in the year, 124 running on 31 December" in out
    assert "§ 8a assessments concluded: 27" in out
    assert "§ 42/§ 42a measures ended: 8" in out
    assert "wrote 9 files" in out
    helps = from_csv((tmp_path / "helps.csv").read_text("utf-8"), HelpRecord)
    assert len(helps) == 145
    doc = json.loads((tmp_path / "records.json").read_text("utf-8"))
    assert (doc["year"], len(doc["helps"])) == (2024, 145)
    issues = json.loads((tmp_path / "plausibility.json").read_text("utf-8"))["issues"]
    assert issues
    assert set(issues[0]) == {"path", "code", "message"}
    table = list(csv.reader(io.StringIO((tmp_path / "table_helps_by_type.csv").read_text())))
    assert table[0] == ["line", "begun", "ended", "running", "ended_and_running", "young_adults"]
    assert table[-1][:4] == ["total", "145", "21", "124"]


def test_statistics_of_a_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("sample", "--out", str(data))[0] == 0
    code, out, _ = run("statistics", str(data), "--year", "2025", "--out", str(tmp_path / "o"))
    assert code == 0
    assert "federal statistics 2025" in out
    assert (tmp_path / "o" / "table_risk_assessments.csv").is_file()


def test_statistics_with_an_office_catalogue(tmp_path: Path) -> None:
    office = tmp_path / "office.toml"
    office.write_text(
        'name = "office-2024"\nsource = "Erhebungsbogen 2024"\nvalid_from = 2024\n'
        '[[code_lists]]\nname = "places_of_delivery"\nversion = "2024"\n'
        'source = "Erhebungsbogen 2024"\ntitle_de = "Ort"\ntitle_en = "place"\n'
        '[[code_lists.entries]]\ncode = "A"\nlabel_de = "a"\nlabel_en = "a"\n',
        encoding="utf-8",
    )
    code, out, _ = run(
        "statistics", "--year", "2024", "--catalog", str(office), "--out", str(tmp_path / "o")
    )
    assert code == 0
    assert "catalogue office-2024" in out
    assert "statistics.unknown_code" in out
    code, out, _ = run("statistics", "--year", "2023", "--catalog", str(office), "--out", "x")
    assert code == 1


def test_statistics_usage_errors(tmp_path: Path) -> None:
    assert run("statistics", "--out", str(tmp_path))[0] == 2  # no --year
    code, _, err = run("statistics", str(tmp_path / "nope"), "--year", "2024", "--out", "x")
    assert code == 2
    assert "no such folder" in err
    code, _, err = run("statistics", "--year", "2024", "--catalog", "nope.json", "--out", "x")
    assert (code, "no such file" in err) == (2, True)
    code, _, err = run("statistics", "--year", "1800", "--out", str(tmp_path))
    assert code == 1
    assert "statistics.year" in err
