"""The suppressed report of the sample municipality: complete, and free of personal data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sozialraum.data import load_sample
from sozialraum.metrics import Status, metrics_report, render_report, use_rates
from sozialraum.periods import Period


@pytest.fixture(scope="module")
def report() -> tuple[object, ...]:
    s = load_sample()
    table = metrics_report(
        s.municipality, s.cases, s.work, period=Period.year(2025), as_of=date(2026, 1, 1)
    )
    return s, table


def test_report_has_every_topic(report: tuple[object, ...]) -> None:
    _, table = report
    metrics = set(table.metrics)  # type: ignore[attr-defined]
    for name in (
        "use_rate_u21",
        "spending_per_resident_u21",
        "duration_ended_mean",
        "ended_as_planned_share",
        "duration_running_mean",
        "setting_share",
        "time_to_help_median",
        "resolved_in_space_share",
        "re_referral_share",
        "risk_assessments",
        "work_hours",
        "gas_t_mean",
    ):
        assert name in metrics, name


def test_small_cells_are_withheld(report: tuple[object, ...]) -> None:
    _, table = report
    withheld = [r for r in table if r.status is Status.SUPPRESSED]  # type: ignore[attr-defined]
    assert withheld
    assert all(r.value is None and r.numerator is None for r in withheld)
    for r in table:  # type: ignore[attr-defined]
        if r.status is Status.OK and r.support is not None:
            assert r.support == 0 or r.support > 2


def test_no_personal_data_in_any_output(report: tuple[object, ...]) -> None:
    sample, table = report
    outputs = [
        table.to_csv(),  # type: ignore[attr-defined]
        table.to_json(),  # type: ignore[attr-defined]
        render_report(table),  # type: ignore[arg-type]
    ]
    ids = re.compile(r"\b(C|P|H|HP|R|W)-\d{5}")
    births = {str(c.young_person.birth) for c in sample.cases}  # type: ignore[attr-defined]
    for text in outputs:
        assert not ids.search(text)
        assert not any(b in text for b in births)
        assert "Synthetic goal" not in text


def test_threshold_zero_switches_suppression_off() -> None:
    s = load_sample()
    table = metrics_report(
        s.municipality,
        s.cases,
        s.work,
        period=Period.year(2025),
        as_of=date(2026, 1, 1),
        threshold=0,
    )
    assert not [r for r in table if r.status is Status.SUPPRESSED]
    text = render_report(table, title="Musterstadt")
    assert text.startswith("Musterstadt\n")


def test_render_only_what_is_there() -> None:
    s = load_sample()
    text = render_report(use_rates(s.cases, s.municipality, Period.year(2025)))
    assert "Use of help" in text
    assert "Spending" not in text
    assert "§ 8a" not in text
    assert "work" not in text.lower().split("'.'")[0]
    missing = render_report(use_rates(s.cases, s.municipality, Period.year(2025), by=()))
    assert "–" in missing  # rows without a space dimension have no line per space
