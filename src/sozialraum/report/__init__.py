"""The Sozialraumbericht: one self-contained HTML report per municipality and year.

An adapter at the edge: it reads the metrics (:mod:`sozialraum.metrics`), the budget
(:mod:`sozialraum.budget`) and the data (:mod:`sozialraum.data`) and writes HTML with
inline CSS and inline SVG charts, in German (default) or English. Nothing in the library
imports it except the command line (``sozialraum report``).

>>> from sozialraum.report import build_report
>>> html = build_report(year=2025, lang="de")
>>> "Sozialraumbericht 2025" in html, "http://" in html or "https://" in html
(True, False)
"""

from .data import ReportData, default_year, load_dataset, report_data
from .html import CSP, INDICATORS, build_report, format_row, render_html, write_report

__all__ = [
    "CSP",
    "INDICATORS",
    "ReportData",
    "build_report",
    "default_year",
    "format_row",
    "load_dataset",
    "render_html",
    "report_data",
    "write_report",
]
