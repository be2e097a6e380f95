"""Regenerate the sample files: ``python -m sozialraum.data.generate [DIR]``.

Without ``DIR`` the files inside the installed package are rewritten (for developers
working on an editable install). See :mod:`sozialraum.data._generate` for the model.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._generate import generate_cases, generate_municipality, generate_work

__all__ = ["main", "render"]


def _jsonl(docs: Iterable[Any]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n" for d in docs)


def render() -> dict[str, str]:
    """The sample files' names and texts, exactly as shipped."""
    return {
        "municipality.json": json.dumps(generate_municipality(), ensure_ascii=False, indent=2)
        + "\n",
        "cases.jsonl": _jsonl(generate_cases()),
        "case_independent_work.jsonl": _jsonl(generate_work()),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the sample files into the directory given (default: the package's)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).parent / "musterstadt"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
