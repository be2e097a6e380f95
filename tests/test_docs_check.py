"""``docs/check_html.py`` finds the boxes that ``sphinx-build -W`` lets through."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_html", ROOT / "docs" / "check_html.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page(tmp_path: Path, body: str) -> Path:
    (tmp_path / "page.html").write_text(f"<html><body>{body}</body></html>", "utf-8")
    return tmp_path


def test_clean_pages_pass(tmp_path: Path) -> None:
    root = page(
        tmp_path,
        '<nav class="contents this-will-duplicate-information-and-it-is-'
        'still-useful-here"></nav><a href="https://example.org">link</a>'
        '<object data="_images/x.svg" type="image/svg+xml"></object>',
    )
    assert checker().main([str(root)]) == 0


def test_error_boxes_and_remote_loads_fail(tmp_path: Path) -> None:
    check = checker()
    for body, what in (
        ('<div class="system-message"><p>ERROR</p></div>', "docutils error box"),
        ('<a class="problematic" href="#x">x</a>', "docutils error box"),
        ('<nav class="contents local" id="on-this-page"></nav>', "contents"),
        ('<pre class="mermaid">stateDiagram-v2</pre>', "Mermaid"),
        ('<script src="https://cdn.example.org/m.js"></script>', "another host"),
        ('<link rel="stylesheet" href="//cdn.example.org/a.css">', "another host"),
    ):
        found = check.check(page(tmp_path, body))
        assert len(found) == 1, body
        assert what in found[0]
        assert check.main([str(tmp_path)]) == 1


def test_no_pages(tmp_path: Path) -> None:
    assert checker().main([str(tmp_path / "none")]) == 2


def test_the_built_docs_if_present() -> None:
    built = ROOT / "docs" / "_build" / "html"
    if not (built / "index.html").is_file():
        pytest.skip("the docs are not built (CI runs docs/check_html.py after the build)")
    assert checker().check(built) == []
