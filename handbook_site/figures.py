"""Pictures for the knowledge-base pages, made from ``cancelrate``'s data.

``{{ figure("trap") }}`` (registered in ``macros.MACROS``) is an accessible
SVG picture in a ``<figure>`` with a caption, in the page's language
(``trap``, ``timeline``, ``decision``). Inline policy values in running text
come from ``fact()`` in ``policy_pages.py``. Every word of a picture is in the
catalogs (``[site.figure.<name>]``); a box's lines are one message with line breaks.

Every SVG has ``role="img"``, a ``<title>`` and a ``<desc>``; colours come from
CSS classes (``docs/assets/css/figures.css``) so that the pictures follow the
light and dark palettes. Every text is escaped here. The trap picture is a
:func:`cancelrate.charts.line_chart` with its own :class:`~cancelrate.charts.ChartStyle`
and an ``overlay`` for its notes: no SVG is rewritten after it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from html import escape

from cancelrate import charts, rates
from cancelrate.formatting import format_percent
from cancelrate.phrases import Localized, Percent, Target, Window, lines, text
from cancelrate.policies import Policy, get_policy

from .rendering import render


class FigureError(KeyError):
    """An unknown policy, field or figure (fails the build through ``macros``)."""


# ---------------------------------------------------------------------------
# Inline values


def _policy(policy_id: str) -> Policy:
    policy = get_policy(policy_id)
    if policy is None:
        raise FigureError(f"unknown policy {policy_id!r}")
    return policy


def _need_threshold(policy: Policy) -> tuple[Fraction, str]:
    if policy.threshold is None or policy.comparison is None:
        raise FigureError(f"{policy.id} has no published threshold")
    return policy.threshold, policy.comparison


# ---------------------------------------------------------------------------
# SVG helpers


def _svg_open(fig_id: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{fig_id}-title {fig_id}-desc" class="cr-svg-figure">'
        f'<title id="{fig_id}-title">{escape(title)}</title><desc id="{fig_id}-desc">{escape(desc)}</desc>'
    )


def _lines(x: float, y: float, lines: Sequence[str], *, size: int = 13, anchor: str = "middle", cls: str = "") -> str:
    """Text lines centred on ``x`` starting with the first baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else size + 4}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="currentColor"{klass}>{spans}</text>'
    )


def _box(x: float, y: float, w: float, h: float, lines: Sequence[str], *, cls: str = "fig-box", size: int = 13) -> str:
    """A rounded box with centred text lines."""
    n = len(lines)
    first = y + h / 2 - (n - 1) * (size + 4) / 2 + size * 0.36
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="8" class="{cls}" '
        f'fill="none" stroke="currentColor"/>' + _lines(x + w / 2, round(first, 1), lines, size=size)
    )


def _arrow(
    fig_id: str, x1: float, y1: float, x2: float, y2: float, label: str = "", *, dx: float = 6, anchor: str = "start"
) -> str:
    head = (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" class="fig-arrow" stroke="currentColor" '
        f'stroke-width="1.5" marker-end="url(#{fig_id}-arrowhead)"/>'
    )
    if label:
        mx, my = (x1 + x2) / 2 + dx, (y1 + y2) / 2 + 4
        head += _lines(mx, my, [label], size=13, anchor=anchor, cls="fig-label")  # 12 px on screen at 358 px
    return head


def _arrow_defs(fig_id: str) -> str:
    return (
        f'<defs><marker id="{fig_id}-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>'
    )


def _figure(name: str, svg: str, caption: str, *, wide: bool = False) -> str:
    return render("figure.html", name=name, svg=svg, caption=caption, wide=wide)


# ---------------------------------------------------------------------------
# (a) The 100% trap: one cancellation against the number of orders

TRAP_MAX_ORDERS = 60
# The calculators' chart canvas and fonts, with the rotated y-axis title 5 px further
# right than theirs (where the picture has drawn it since its fonts were larger).
TRAP_STYLE = charts.ChartStyle(y_label_x=19)
TRAP_NOTE_FONT_SIZE = 20


def _trap_notes(scale: charts.Scale, first_ok: int, notes: tuple[str, str]) -> str:
    """Notes next to the two marked points, on the chart's own scale."""
    ok_x, ok_y = scale.x(first_ok), scale.y(1 / first_ok)
    size = TRAP_NOTE_FONT_SIZE
    return (
        '<g class="fig-notes">'
        + _lines(scale.x(1) + 12, scale.y(1.0) + 16, [notes[0]], size=size, anchor="start", cls="fig-note")
        + f'<line x1="{ok_x:.1f}" y1="{ok_y - 8:.1f}" x2="{ok_x:.1f}" y2="{ok_y - 70:.1f}" stroke="currentColor" stroke-dasharray="3 3"/>'
        + _lines(ok_x, ok_y - 78, [notes[1]], size=size, anchor="middle", cls="fig-note")
        + "</g>"
    )


def trap_figure(lang: str, instance: int) -> str:
    policy = _policy("amazon_jp")
    threshold, comparison = _need_threshold(policy)
    first_ok = rates.min_orders_for_cancels(1, threshold, comparison)
    points = [(n, 1 / n) for n in range(1, TRAP_MAX_ORDERS + 1)]
    values = {
        "metric": Localized(policy.metric),
        "window": Window(policy),
        "target": Target(threshold, comparison),
        "first_ok": first_ok,
        "ok_rate": Percent(Fraction(1, first_ok)),
        "max": TRAP_MAX_ORDERS,
    }
    title = text(lang, "site.figure.trap.title", **values)
    desc = text(lang, "site.figure.trap.desc", **values)
    x_label = text(lang, "site.figure.trap.x_label", **values)
    y_label = text(lang, "site.figure.trap.y_label")
    target_label = text(lang, "site.figure.trap.target_label", **values)
    notes = (text(lang, "site.figure.trap.note_first"), text(lang, "site.figure.trap.note_ok", **values))
    caption = text(lang, "site.figure.trap.caption", **values)
    svg = charts.line_chart(
        chart_id=f"fig-trap-{instance}",
        title=title,
        desc=desc,
        x_label=x_label,
        y_label=y_label,
        points=points,
        x_ticks=[(1, "1"), *((n, str(n)) for n in range(10, TRAP_MAX_ORDERS + 1, 10))],
        y_max=1.0,
        y_tick_format=lambda y: format_percent(Fraction(y)),
        target=(float(threshold), target_label),
        marked=[(1, 1.0), (first_ok, 1 / first_ok)],
        style=TRAP_STYLE,
        overlay=lambda scale: _trap_notes(scale, first_ok, notes),
    )
    return _figure("trap", svg, caption, wide=True)


# ---------------------------------------------------------------------------
# (b) Cancel before ship-confirmation, refund after it


def timeline_figure(lang: str, instance: int) -> str:
    t = {
        "title": text(lang, "site.figure.timeline.title"),
        "desc": text(lang, "site.figure.timeline.desc"),
        "events": lines(lang, "site.figure.timeline.events"),
        "before": lines(lang, "site.figure.timeline.before"),
        "after": lines(lang, "site.figure.timeline.after"),
        "caption": text(lang, "site.figure.timeline.caption"),
    }
    fig_id = f"fig-timeline-{instance}"
    w, h = 360, 230
    xs = (24, 180, 336)
    axis_y = 168
    parts = [
        _svg_open(fig_id, w, h, t["title"], t["desc"]),
        _arrow_defs(fig_id),
        f'<rect x="{xs[0]}" y="14" width="{xs[1] - xs[0] - 4}" height="124" rx="8" class="fig-bad" fill="none" stroke="currentColor"/>',
        _lines((xs[0] + xs[1]) / 2, 58, t["before"], size=13),
        f'<rect x="{xs[1] + 4}" y="14" width="{xs[2] - xs[1] - 4}" height="124" rx="8" class="fig-good" fill="none" stroke="currentColor"/>',
        _lines((xs[1] + xs[2]) / 2, 58, t["after"], size=13),
        f'<line x1="{xs[0]}" y1="{axis_y}" x2="{xs[2] + 14}" y2="{axis_y}" stroke="currentColor" stroke-width="2" marker-end="url(#{fig_id}-arrowhead)"/>',
        f'<line x1="{xs[1]}" y1="8" x2="{xs[1]}" y2="{axis_y}" stroke="currentColor" stroke-width="2" stroke-dasharray="5 4" class="fig-accent-line"/>',
    ]
    for x, label in zip(xs, t["events"], strict=True):
        parts.append(f'<circle cx="{x}" cy="{axis_y}" r="6" class="fig-dot" fill="currentColor"/>')
        anchor = "start" if x == xs[0] else "end" if x == xs[2] else "middle"
        tx = x - 6 if anchor == "start" else x + 6 if anchor == "end" else x
        parts.append(_lines(tx, axis_y + 28, [label], size=14, anchor=anchor, cls="fig-strong"))
    parts.append("</svg>")
    return _figure("timeline", "".join(parts), t["caption"])


# ---------------------------------------------------------------------------
# (c) The playbook's decision flow


def decision_figure(lang: str, instance: int) -> str:
    # one line each: title, desc, yes, no, caption; the boxes have several (the catalog's line breaks)
    t = {
        "title": text(lang, "site.figure.decision.title"),
        "desc": text(lang, "site.figure.decision.desc"),
        "yes": text(lang, "site.figure.decision.yes"),
        "no": text(lang, "site.figure.decision.no"),
        "caption": text(lang, "site.figure.decision.caption"),
        "start": lines(lang, "site.figure.decision.start"),
        "q1": lines(lang, "site.figure.decision.q1"),
        "a": lines(lang, "site.figure.decision.a"),
        "q2": lines(lang, "site.figure.decision.q2"),
        "b": lines(lang, "site.figure.decision.b"),
        "c": lines(lang, "site.figure.decision.c"),
        "never": lines(lang, "site.figure.decision.never"),
    }
    fig_id = f"fig-decision-{instance}"
    w, h = 360, 520
    left_x, right_x, col_w = 8, 188, 164
    parts = [
        _svg_open(fig_id, w, h, t["title"], t["desc"]),
        _arrow_defs(fig_id),
        _box(20, 8, 320, 50, t["start"], cls="fig-box fig-start"),
        _arrow(fig_id, 180, 58, 180, 82),
        _box(40, 84, 280, 56, t["q1"], cls="fig-box fig-question"),
        # yes: down-left to A; no: down-right to Q2
        _arrow(fig_id, 120, 140, left_x + col_w / 2, 176, t["yes"], dx=-8, anchor="end"),
        _arrow(fig_id, 240, 140, right_x + col_w / 2, 176, t["no"], dx=8),
        _box(left_x, 178, col_w, 110, t["a"], cls="fig-box fig-good"),
        _box(right_x, 178, col_w, 110, t["q2"], cls="fig-box fig-question"),
        # from Q2: yes down-left to B (below A), no straight down to C
        _arrow(fig_id, right_x + 20, 288, left_x + col_w / 2 + 20, 326, t["yes"], dx=-24, anchor="end"),
        _arrow(fig_id, right_x + col_w / 2, 288, right_x + col_w / 2, 326, t["no"], dx=8),
        _box(left_x, 328, col_w, 110, t["b"], cls="fig-box fig-good"),
        _box(right_x, 328, col_w, 110, t["c"], cls="fig-box fig-bad"),
        _box(8, 456, 344, 56, t["never"], cls="fig-box fig-bad fig-never"),
        "</svg>",
    ]
    return _figure("decision", "".join(parts), t["caption"])


FIGURES: dict[str, Callable[[str, int], str]] = {
    "trap": trap_figure,
    "timeline": timeline_figure,
    "decision": decision_figure,
}


def figure(name: str, *, lang: str, instance: int = 1) -> str:
    """The ``<figure>`` HTML for picture ``name`` in ``lang``."""
    if name not in FIGURES:
        raise FigureError(f"unknown figure {name!r}")
    return FIGURES[name](lang, instance)
