"""Sphinx configuration for the sozialraum documentation.

Build with warnings as errors, HTML and doctests::

    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the source tree even when the package is not installed (src layout).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import sozialraum

# -- Project information -------------------------------------------------------------------
project = "sozialraum"
author = "The sozialraum developers"
copyright = "the sozialraum developers; licensed under the EUPL-1.2"
release = sozialraum.__version__
version = ".".join(release.split(".")[:2])
language = "en"

# -- General configuration -----------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "sphinx.ext.graphviz",
]
# No intersphinx: documentation builds run without network access.

exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []
root_doc = "index"
nitpicky = False
today_fmt = "%Y-%m-%d"

# -- autodoc / napoleon --------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
# Each reference page says ``:members:`` itself; the package page lists re-exports only.
autodoc_default_options = {"show-inheritance": True}
autodoc_class_signature = "mixed"
napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_param = True
napoleon_use_rtype = True


# -- generated diagrams -------------------------------------------------------------------
# The lifecycle page draws the default process from the code itself (its DOT export, rendered
# to static SVG by Graphviz when the docs are built: no script, no CDN, readable offline), so
# the picture can never disagree with the library. The build needs Graphviz's ``dot``.
graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=sans-serif", "-Nfontname=sans-serif", "-Efontname=sans-serif"]


def _write_process_diagrams() -> None:
    from sozialraum.lifecycle import to_dot
    from sozialraum.lifecycle.sgb8 import DEFAULT_PROCESS

    out = Path(__file__).parent / "_generated"
    out.mkdir(exist_ok=True)
    for lang in ("en", "de"):
        text = to_dot(DEFAULT_PROCESS, language=lang, guards=False, self_loops=False)
        target = out / f"sgb8-{lang}.dot"
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")


_write_process_diagrams()

# -- doctest -------------------------------------------------------------------------------
doctest_global_setup = """
from datetime import date
from decimal import Decimal

try:  # optional extras: examples that need them are skipped without them
    import pandas
except ImportError:
    pandas = None
try:
    import pyarrow
except ImportError:
    pyarrow = None
"""
# Only ``.. doctest::`` directives in the .rst pages run here. Docstring examples are run by
# pytest (``--doctest-modules``) in their module's namespace, where they belong; as plain
# blocks pulled in by autodoc they would lack that namespace.
doctest_test_doctest_blocks = ""

# -- HTML output ---------------------------------------------------------------------------
html_theme = "furo"
html_title = f"sozialraum {release}"
html_static_path = ["_static"]
html_css_files = ["sozialraum.css"]
html_show_sourcelink = False
