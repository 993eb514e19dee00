"""Accessible SVG line charts, made in Python (no chart library, no CDN).

:func:`line_chart` draws one series of ``(x, y)`` points with ``y`` a rate
(fraction of 1; ``None`` breaks the line there, e.g. over days without
orders), an optional horizontal target line and optional marked points. Every text is escaped; the SVG carries ``role="img"``, a ``<title>``
and a ``<desc>`` for screen readers, and labelled axes. Colours are presentation attributes with classes
(``cr-chart-line``, ``target``, ``cr-chart-mark``) that the site's CSS
re-colours for the dark palette.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

# A small canvas, so that text stays readable when a phone scales the chart to ~300 px.
WIDTH, HEIGHT = 420, 280
LEFT, RIGHT, TOP, BOTTOM = 60, 14, 20, 52


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    points: Sequence[tuple[float, float | None]],
    x_ticks: Sequence[tuple[float, str]],
    y_max: float,
    y_tick_format: Callable[[float], str],
    target: tuple[float, str] | None = None,
    marked: Sequence[tuple[float, float]] = (),
    x_range: tuple[float, float] | None = None,
) -> str:
    """An SVG line chart. ``x_ticks`` are ``(x, label)``; ``target`` is ``(y, label)``; ``x_range``
    fixes the horizontal axis (default: the points' extent)."""
    xs = [x for x, y in points if y is not None] or [0.0, 1.0]
    x_min, x_max = x_range if x_range is not None else (min(xs), max(xs))
    if x_max == x_min:
        x_max = x_min + 1
    y_max = y_max if y_max > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x_min) / (x_max - x_min) * plot_w

    def sy(y: float) -> float:
        return TOP + plot_h - min(max(y, 0.0), y_max) / y_max * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="cr-svg-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<g class="axis" stroke="currentColor" stroke-opacity="0.5">'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/></g>',
    ]
    for i in range(5):
        y = y_max * i / 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{_fmt(sy(y) + 4)}" text-anchor="end" font-size="13" fill="currentColor">'
            f"{escape(y_tick_format(y))}</text>"
        )
    for x, label in x_ticks:
        parts.append(
            f'<text x="{_fmt(sx(x))}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="13" '
            f'fill="currentColor">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="14" '
        f'fill="currentColor">{escape(x_label)}</text>'
        f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle" font-size="14" '
        f'fill="currentColor">{escape(y_label)}</text>'
    )
    if target is not None:
        ty, tlabel = target
        parts.append(
            f'<g class="target"><line x1="{LEFT}" y1="{_fmt(sy(ty))}" x2="{LEFT + plot_w}" y2="{_fmt(sy(ty))}" '
            f'stroke="#c62828" stroke-dasharray="6 4"/>'
            f'<text x="{LEFT + plot_w - 4}" y="{_fmt(sy(ty) - 6)}" text-anchor="end" font-size="13" '
            f'fill="#c62828">{escape(tlabel)}</text></g>'
        )
    segments: list[list[str]] = [[]]
    for x, y in points:
        if y is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(f"{_fmt(sx(x))},{_fmt(sy(y))}")
    path = " ".join(
        "M" + " L".join(seg) + (" l0.1,0" if len(seg) == 1 else "")  # a lone point still shows as a dot
        for seg in segments
        if seg
    )
    if path:
        parts.append(
            f'<path class="cr-chart-line" d="{path}" fill="none" stroke="#3f51b5" stroke-width="2" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    for x, y in marked:
        parts.append(f'<circle cx="{_fmt(sx(x))}" cy="{_fmt(sy(y))}" r="3.5" class="cr-chart-mark" fill="#c62828"/>')
    parts.append("</svg>")
    return "".join(parts)
