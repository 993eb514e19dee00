"""Accessible SVG line charts, made in Python (no chart library, no CDN).

:func:`line_chart` draws one series of ``(x, y)`` points with ``y`` a rate
(fraction of 1; ``None`` breaks the line there, e.g. over days without
orders), an optional horizontal target line and optional marked points. Every text is escaped; the SVG carries ``role="img"``, a ``<title>``
and a ``<desc>`` for screen readers, and labelled axes. Colours are presentation attributes with classes
(``cr-chart-line``, ``target``, ``cr-chart-mark``) that the site's CSS
re-colours for the dark palette.

Sizes, fonts and the SVG's class come from a :class:`ChartStyle` (the
calculators use the default; the site's pictures pass their own), and a
caller adds its own marks through ``overlay``, which receives the chart's
:class:`Scale`: nothing rewrites the SVG afterwards.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape

# A small canvas, so that text stays readable when a phone scales the chart to ~300 px: a 390 px phone
# shows a calculator's chart about 298 px wide, so 17 units of font are 17 × 298 / 420 = 12 px on screen.
WIDTH, HEIGHT = 420, 280
LEFT, RIGHT, TOP, BOTTOM = 60, 14, 20, 56
FONT_SIZE = 17
TICK_GAP = 0.6
"""Room kept between two x tick labels, in ems of their font."""


@dataclass(frozen=True)
class ChartStyle:
    """The canvas (``width`` × ``height`` with the plot inside the margins), font sizes and the SVG's class."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    tick_font_size: int = FONT_SIZE
    """Axis tick labels."""
    label_font_size: int = FONT_SIZE
    """The two axis titles."""
    target_font_size: int = FONT_SIZE
    """The target line's label."""
    y_label_x: float = 14
    """Where the rotated y-axis title stands (its centre line)."""
    svg_class: str = "cr-svg-chart"

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom


@dataclass(frozen=True)
class Scale:
    """Data coordinates to SVG coordinates: ``x(v)`` and ``y(v)`` (``y`` clipped to ``0..y_max``)."""

    style: ChartStyle
    x_min: float
    x_max: float
    y_max: float

    def x(self, value: float) -> float:
        return self.style.left + (value - self.x_min) / (self.x_max - self.x_min) * self.style.plot_width

    def y(self, value: float) -> float:
        clipped = min(max(value, 0.0), self.y_max)
        return self.style.top + self.style.plot_height - clipped / self.y_max * self.style.plot_height


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def text_width(text: str, font_size: float) -> float:
    """A text's width, estimated without a font: a wide (CJK, full-width) character is 1 em, a digit or
    Latin letter 0.6 em, punctuation and spaces 0.35 em; an upper bound for the sans-serif fonts of phones."""
    ems = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            ems += 1.0
        elif char.isalnum() or char in "%":
            ems += 0.6
        else:
            ems += 0.35
    return ems * font_size


def fitted_left(style: ChartStyle, y_labels: Sequence[str]) -> ChartStyle:
    """``style`` with a left margin wide enough for the rotated y-axis title and the widest y tick label
    (never narrower than ``style.left``): the title's line, a gap, the labels, 6 units to the axis."""
    title_edge = style.y_label_x + style.label_font_size * 0.6
    widest = max((text_width(label, style.tick_font_size) for label in y_labels), default=0.0)
    needed = round(title_edge + style.tick_font_size * 0.4 + widest + 6)
    return replace(style, left=needed) if needed > style.left else style


def placed_ticks(ticks: Sequence[tuple[float, str]], scale: Scale) -> list[tuple[float, str, str]]:
    """The x ticks that fit, as ``(svg x, label, text-anchor)``: in order, a tick whose label would touch the
    previous kept one (``TICK_GAP`` ems apart) is left out; a label at an edge of the canvas is aligned to
    stay inside it (start or end instead of middle)."""
    style = scale.style
    size = style.tick_font_size
    placed: list[tuple[float, str, str]] = []
    right_of_last = -float("inf")
    for value, label in ticks:
        x, width = scale.x(value), text_width(label, size)
        left, anchor = x - width / 2, "middle"
        if left < 0:
            left, anchor = x, "start"
        elif x + width / 2 > style.width:
            left, anchor = x - width, "end"
        if left < right_of_last + TICK_GAP * size:
            continue
        placed.append((x, label, anchor))
        right_of_last = {"middle": x + width / 2, "start": x + width, "end": x}[anchor]
    return placed


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
    style: ChartStyle = ChartStyle(),
    overlay: Callable[[Scale], str] | None = None,
    x_range: tuple[float, float] | None = None,
    second: Sequence[tuple[float, float]] = (),
    legend: tuple[str, str] | None = None,
) -> str:
    """An SVG line chart. ``x_ticks`` are ``(x, label)``; ``target`` is ``(y, label)``; ``x_range``
    fixes the horizontal axis (default: the points' extent); a point with ``y`` None breaks the line.
    ``second`` is a second, dotted line (class ``cr-chart-line2``); ``legend`` names the two lines
    (top left).

    ``overlay(scale)`` returns more SVG (its texts escaped by the caller),
    drawn last, on the chart's own scale.
    """
    y_top = y_max if y_max > 0 else 1.0
    style = fitted_left(style, [y_tick_format(y_top * i / 4) for i in range(5)])
    xs = [x for x, y in points if y is not None] or [0.0, 1.0]
    x_min, x_max = x_range if x_range is not None else (min(xs), max(xs))
    if x_max == x_min:
        x_max = x_min + 1
    scale = Scale(style, x_min, x_max, y_top)
    sx, sy = scale.x, scale.y
    left, top, plot_w, plot_h = style.left, style.top, style.plot_width, style.plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {style.width} {style.height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="{escape(style.svg_class)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<g class="axis" stroke="currentColor" stroke-opacity="0.5">'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/></g>',
    ]
    for i in range(5):
        y = scale.y_max * i / 4
        parts.append(
            f'<text x="{left - 6}" y="{_fmt(sy(y) + style.tick_font_size * 0.35)}" text-anchor="end" '
            f'font-size="{style.tick_font_size}" fill="currentColor">{escape(y_tick_format(y))}</text>'
        )
    for x, label, anchor in placed_ticks(x_ticks, scale):
        parts.append(
            f'<text x="{_fmt(x)}" y="{_fmt(top + plot_h + 4 + style.tick_font_size)}" text-anchor="{anchor}" '
            f'font-size="{style.tick_font_size}" fill="currentColor">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{style.height - 8}" text-anchor="middle" '
        f'font-size="{style.label_font_size}" fill="currentColor">{escape(x_label)}</text>'
        f'<text transform="translate({style.y_label_x:g} {top + plot_h / 2}) rotate(-90)" text-anchor="middle" '
        f'font-size="{style.label_font_size}" fill="currentColor">{escape(y_label)}</text>'
    )
    if target is not None:
        ty, tlabel = target
        parts.append(
            f'<g class="target"><line x1="{left}" y1="{_fmt(sy(ty))}" x2="{left + plot_w}" y2="{_fmt(sy(ty))}" '
            f'stroke="#c62828" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w - 4}" y="{_fmt(sy(ty) - 6)}" text-anchor="end" '
            f'font-size="{style.target_font_size}" fill="#c62828">{escape(tlabel)}</text></g>'
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
    if second:
        path2 = " L".join(f"{_fmt(sx(x))},{_fmt(sy(y))}" for x, y in second)
        parts.append(
            f'<path class="cr-chart-line2" d="M{path2}" fill="none" stroke="#00796b" stroke-width="2" '
            'stroke-dasharray="2 4" stroke-linecap="round"/>'
        )
    if legend is not None:
        lx, ly, size = left + 8, top + 12, style.tick_font_size
        parts.append(
            f'<g class="cr-chart-legend" font-size="{size}">'
            f'<line class="cr-chart-line" x1="{lx}" y1="{ly - 4}" x2="{lx + 18}" y2="{ly - 4}" '
            'stroke="#3f51b5" stroke-width="2"/>'
            f'<text x="{lx + 24}" y="{ly}" fill="currentColor">{escape(legend[0])}</text>'
            f'<line class="cr-chart-line2" x1="{lx}" y1="{ly + size + 2}" x2="{lx + 18}" y2="{ly + size + 2}" '
            'stroke="#00796b" stroke-width="2" stroke-dasharray="2 4" stroke-linecap="round"/>'
            f'<text x="{lx + 24}" y="{ly + size + 6}" fill="currentColor">{escape(legend[1])}</text></g>'
        )
    for x, y in marked:
        parts.append(f'<circle cx="{_fmt(sx(x))}" cy="{_fmt(sy(y))}" r="3.5" class="cr-chart-mark" fill="#c62828"/>')
    if overlay is not None:
        parts.append(overlay(scale))
    parts.append("</svg>")
    return "".join(parts)
