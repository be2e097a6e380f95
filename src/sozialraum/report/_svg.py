"""Dependency-free inline SVG charts: horizontal bar charts and line charts.

Each chart is one ``<svg role="img">`` element with a ``<title>`` and ``<desc>`` (its text
alternative, referenced by ``aria-labelledby``); every text in it is escaped. Values are
floats for the geometry only; the labels written next to bars and in the legend are
formatted by the caller (exact, in the report's language). A missing value (``None``:
withheld or not defined) draws no bar but its label (``.`` or ``x``).

>>> svg = bar_chart("c1", "Use <rate>", "per space", ["Nord", "Süd"],
...                 [("2025", [10.0, None], ["10,0", "."])])
>>> svg.startswith('<svg id="c1" class="chart" role="img"'), "Use &lt;rate&gt;" in svg
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .._html import esc

__all__ = ["PALETTE", "bar_chart", "line_chart"]

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

#: One series: its name, a value per category (``None``: none drawn) and the labels.
Series = tuple[str, Sequence[float | None], Sequence[str]]

_FONT = "font-family:system-ui,'Segoe UI',Arial,sans-serif;font-size:12px"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    cid = esc(chart_id)
    return [
        f'<svg id="{cid}" class="chart" role="img" '
        f'aria-labelledby="{cid}-t {cid}-d" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="{_FONT}">',
        f'<title id="{cid}-t">{esc(title)}</title>',
        f'<desc id="{cid}-d">{esc(desc)}</desc>',
    ]


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    out = []
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        out.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{y:.1f}">{esc(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return out


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    reference: tuple[str, float] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars: one group per category, one bar per series, labelled at its end.

    :param reference: a labelled dashed vertical line (e.g. the city average).
    """
    label_w = min(200, 16 + 7 * max((len(c) for c in categories), default=4))
    bar_h, gap = 14, 10
    group_h = bar_h * len(series) + gap
    top = 28 if len(series) > 1 or reference else 8
    height = top + group_h * len(categories) + 24
    values = [v for _, vs, _ in series for v in vs if v is not None]
    if reference is not None:
        values.append(reference[1])
    top_value = max([*values, 0.0]) or 1.0
    longest = max((len(t) for _, _, labels in series for t in labels), default=4)
    plot_w = width - label_w - 12 - 7 * longest
    scale = plot_w / top_value
    out = _open(chart_id, width, height, title, desc)
    if len(series) > 1:
        out += _legend([name for name, _, _ in series], label_w, 14)
    for g, category in enumerate(categories):
        y0 = top + g * group_h
        out.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2 - gap / 2 + 4:.1f}" '
            f'text-anchor="end">{esc(category)}</text>'
        )
        for s, (_, vals, labels) in enumerate(series):
            y = y0 + s * bar_h
            value = vals[g]
            w = max(0.0, value * scale) if value is not None else 0.0
            if value is not None:
                out.append(
                    f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                    f'fill="{PALETTE[s % len(PALETTE)]}"/>'
                )
            out.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}">{esc(labels[g])}</text>'
            )
    axis_y = top + group_h * len(categories)
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{axis_y}" stroke="#333"/>')
    if reference is not None:
        name, value = reference
        x = label_w + value * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#222" '
            f'stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{esc(name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    tick: Callable[[float], str],
    width: int = 640,
    height: int = 260,
) -> str:
    """Lines over ``x_labels`` (years), one per series, with points, a y axis from zero
    labelled by ``tick`` and a legend. Missing values break the line."""
    left, right, top, bottom = 64, 16, 30, 28
    values = [v for _, vs in series for v in vs if v is not None]
    top_value = _nice(max(values, default=0.0))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(x_labels) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (i * step if len(x_labels) > 1 else plot_w / 2)
        return x, top + plot_h - v / top_value * plot_h

    out = _open(chart_id, width, height, title, desc)
    out += _legend([name for name, _ in series], left, 14)
    for k in range(5):
        level = top_value * k / 4
        _, y = xy(0, level)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{esc(tick(level))}</text>'
        )
    for i, label in enumerate(x_labels):
        x, _ = xy(i, 0)
        out.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{esc(label)}</text>')
    for s, (_, vals) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        run: list[str] = []
        for i, v in enumerate(vals):
            if v is None:
                if len(run) > 1:
                    out.append(_polyline(run, colour))
                run = []
                continue
            x, y = xy(i, v)
            run.append(f"{x:.1f},{y:.1f}")
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        if len(run) > 1:
            out.append(_polyline(run, colour))
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#333"/>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _polyline(points: list[str], colour: str) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _nice(value: float) -> float:
    """The smallest "round" axis maximum (1, 2, 2.5 or 5 times a power of ten, times 4)
    at or above ``value``.

    >>> _nice(309.0), _nice(0.0), _nice(7.0)
    (400.0, 4.0, 8.0)
    """
    if value <= 0:
        return 4.0
    step = value / 4
    power = 10.0 ** math.floor(math.log10(step))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= step:
            return 4 * factor * power
    return 40 * power  # pragma: no cover - the loop always returns
