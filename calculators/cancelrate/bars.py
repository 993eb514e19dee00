"""A small accessible SVG bar: one rate against its line (the target), made in Python like the charts.

``rate_bar`` draws the rate as a bar on a scale from 0 to ``max(2 × threshold, 1.25 × rate)`` (capped at
100%), with the target as a vertical line; the bar's class says whether the target is met
(``cr-bar-met`` / ``cr-bar-missed``), so the site's CSS colours it in both palettes. Every text is escaped;
the SVG carries ``role="img"``, a ``<title>`` and a ``<desc>``.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 320, 64
LEFT, RIGHT = 4, 4
BAR_Y, BAR_H = 30, 18


def scale_max(rate: float, threshold: float) -> float:
    """The right end of the scale: twice the target, or a quarter more than the rate, at most 100%."""
    return min(1.0, max(2 * threshold, 1.25 * rate, 0.01))


def rate_bar(*, title: str, desc: str, rate: float, threshold: float, met: bool, target_label: str) -> str:
    """The SVG (see the module docstring); ``target_label`` is written above the line."""
    top = scale_max(rate, threshold)
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + span * min(value, top) / top

    line = x(threshold)
    anchor = "end" if line > WIDTH * 0.6 else "start"
    label_x = line - 4 if anchor == "end" else line + 4
    state = "cr-bar-met" if met else "cr-bar-missed"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-svg-chart cr-rate-bar" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="rate-bar-title rate-bar-desc">'
        f'<title id="rate-bar-title">{escape(title)}</title><desc id="rate-bar-desc">{escape(desc)}</desc>'
        f'<rect class="cr-bar-track" x="{LEFT}" y="{BAR_Y}" width="{span}" height="{BAR_H}" rx="3" fill="#e0e0e0"/>'
        f'<rect class="{state}" x="{LEFT}" y="{BAR_Y}" width="{x(rate) - LEFT:.1f}" height="{BAR_H}" rx="3" '
        f'fill="{"#2e7d32" if met else "#c62828"}"/>'
        f'<g class="target"><line x1="{line:.1f}" x2="{line:.1f}" y1="{BAR_Y - 8}" y2="{BAR_Y + BAR_H + 4}" '
        f'stroke="#c62828" stroke-width="2"/>'
        f'<text x="{label_x:.1f}" y="{BAR_Y - 12}" text-anchor="{anchor}" font-size="15">{escape(target_label)}</text>'
        f"</g></svg>"
    )
