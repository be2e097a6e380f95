"""Check the built HTML docs for what ``sphinx-build -W`` lets through.

Run after the HTML build (``.ci/run`` does)::

    python docs/check_html.py docs/_build/html

It fails (exit 1, one line per finding) when a page shows

* a docutils error box (``system-message``, ``problematic``) rendered into the page;
* a ``.. contents::`` table of contents under furo, which the theme replaces with a red
  "ERROR: Adding a table of contents …" box (furo has its own "On this page");
* a Mermaid diagram (drawn by a script from a CDN: raw text offline), or any script,
  stylesheet or image loaded from another host — the docs must read offline.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

#: furo's escape hatch for a deliberate table of contents
ESCAPE_HATCH = "this-will-duplicate-information-and-it-is-still-useful-here"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        if classes & {"system-message", "problematic"}:
            self.findings.append(f"docutils error box <{tag} class={values['class']!r}>")
        if "contents" in classes and tag in ("nav", "div", "aside") and ESCAPE_HATCH not in classes:
            self.findings.append(f"'.. contents::' under furo (shown as an ERROR box) <{tag}>")
        if "mermaid" in classes:
            self.findings.append("a Mermaid diagram (needs a script from a CDN)")
        for name in ("src", "href", "data"):
            url = values.get(name, "")
            loads = tag in ("script", "img", "iframe", "object", "embed") or (
                tag == "link" and "stylesheet" in values.get("rel", "")
            )
            if loads and re.match(r"\s*(https?:)?//", url):
                self.findings.append(f"<{tag} {name}={url!r}> loads from another host")


def check(root: Path) -> list[str]:
    """Every finding as ``"page: what"``."""
    findings = []
    for page in sorted(root.rglob("*.html")):
        parser = _Page()
        parser.feed(page.read_text("utf-8", errors="replace"))
        findings += [f"{page.relative_to(root)}: {f}" for f in parser.findings]
    return findings


def main(argv: list[str]) -> int:
    """Check the folder ``argv[0]``; print the findings; 1 if any, 2 if no HTML there."""
    root = Path(argv[0] if argv else "docs/_build/html")
    if not any(root.rglob("*.html")):
        print(f"{root}: no HTML pages (build the docs first)", file=sys.stderr)
        return 2
    findings = check(root)
    for line in findings:
        print(line, file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
