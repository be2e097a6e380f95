"""``sozialraum migrate FILE... --type T [--out F]``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.schema.test_migrate import CASE_1_0

from sozialraum import schema
from sozialraum.cli import main
from sozialraum.model import Case


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_migrate_json_lines_to_a_file(tmp_path: Path):
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(CASE_1_0) + "\n" + json.dumps(CASE_1_0) + "\n", "utf-8")
    target = tmp_path / "cases-2.0.jsonl"
    code, out, err = run("migrate", str(source), "--type", "case", "--out", str(target))
    assert code == 0
    assert out == ""
    docs = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert len(docs) == 2
    assert all(schema.validate(d, Case) == () for d in docs)
    assert f"{source}: line 1: /reasons/4:" in err
    assert "[migrate.reasons_excess]" in err
    assert err.endswith("2 case records migrated to schema 2.0: 16 issues, 0 invalid\n")


def test_migrate_one_json_document_to_stdout_and_to_json(tmp_path: Path):
    source = tmp_path / "case.json"
    source.write_text(json.dumps(CASE_1_0), "utf-8")
    code, out, _ = run("migrate", str(source), "--type", "case")
    assert code == 0
    assert schema.validate(json.loads(out), Case) == ()
    target = tmp_path / "case-2.0.json"
    assert run("migrate", str(source), "--type", "case", "--out", str(target))[0] == 0
    assert json.loads(target.read_text("utf-8"))["helps"][0]["help_type"] == "27-out-of-home"


def test_migrate_reports_invalid_documents(tmp_path: Path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "C1"}\nnot json\n', "utf-8")
    code, _, err = run("migrate", str(source), "--type", "case")
    assert code == 1
    assert "line 1: /space_id: this key is required [key.missing]" in err
    assert "line 2:" in err
    assert "[json.invalid]" in err


def test_migrate_usage_errors(tmp_path: Path):
    assert run("migrate", str(tmp_path / "none.json"), "--type", "case")[0] == 2
    source = tmp_path / "case.json"
    source.write_text("{}", "utf-8")
    code, _, err = run("migrate", str(source), "--type", "cases")
    assert code == 2
    assert "did you mean 'case'" in err
