"""``charts.line_chart``: its style and overlay parameters reach the SVG (no caller rewrites it)."""

import itertools
import xml.etree.ElementTree as ET

from cancelrate import charts

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**extra):
    chart = {
        "chart_id": "c",
        "title": "T & <t>",
        "desc": "D",
        "x_label": "x",
        "y_label": "y",
        "points": [(1, 1.0), (2, 0.5), (4, 0.25)],
        "x_ticks": [(1, "1"), (4, "4")],
        "y_max": 1.0,
        "y_tick_format": lambda y: f"{y:.2f}",
        "target": (0.025, "target"),
        "marked": [(1, 1.0)],
    }
    return charts.line_chart(**(chart | extra))


def _font_sizes(root):
    return {t.text: t.get("font-size") for t in root.iter(f"{SVG}text")}


def test_default_style_is_the_calculators_canvas():
    root = ET.fromstring(_chart())
    assert root.get("viewBox") == "0 0 420 280"
    assert root.get("class") == "cr-svg-chart"
    sizes = _font_sizes(root)
    # 17 units: at least 12 px where a 390 px phone shows the chart about 298 px wide
    assert sizes["1"] == sizes["0.00"] == sizes["x"] == sizes["y"] == sizes["target"] == "17"
    assert 17 * 298 / 420 >= 12
    assert root.find(f"{SVG}title").text == "T & <t>"  # escaped in the SVG, read back as text


def test_every_style_parameter_reaches_the_svg():
    style = charts.ChartStyle(
        width=640,
        height=400,
        left=100,
        tick_font_size=17,
        label_font_size=19,
        target_font_size=15,
        y_label_x=21,
        svg_class="pic",
    )
    root = ET.fromstring(_chart(style=style))
    assert root.get("viewBox") == "0 0 640 400" and root.get("class") == "pic"
    sizes = _font_sizes(root)
    assert (sizes["1"], sizes["0.00"], sizes["x"], sizes["y"], sizes["target"]) == ("17", "17", "19", "19", "15")
    y_title = next(t for t in root.iter(f"{SVG}text") if t.text == "y")
    assert y_title.get("transform") == f"translate(21 {20 + (400 - 20 - charts.BOTTOM) / 2}) rotate(-90)"
    axis = root.find(f"{SVG}g[@class='axis']")
    assert axis[0].get("x1") == "100" and axis[0].get("x2") == str(640 - 14)


def test_the_overlay_draws_on_the_charts_scale():
    seen = []

    def overlay(scale):
        seen.append((scale.x(1), scale.y(1.0), scale.x(4), scale.y(0)))
        return '<circle class="note" cx="1" cy="2" r="3"/>'

    root = ET.fromstring(_chart(overlay=overlay))
    axis = root.find(f"{SVG}g[@class='axis']")
    left, bottom = float(axis[0].get("x1")), float(axis[0].get("y1"))
    assert seen == [(left, 20.0, 420 - 14, bottom)]  # left edge / top, right edge / bottom of the plot
    assert list(root)[-1].get("class") == "note"  # drawn last, inside the <svg>


def _texts(root, y_below: float) -> list:
    return [t for t in root.iter(f"{SVG}text") if float(t.get("y", 0)) > y_below and t.get("transform") is None]


def _extent(t) -> tuple[float, float]:
    x, width = float(t.get("x")), charts.text_width(t.text, float(t.get("font-size")))
    return {"start": (x, x + width), "middle": (x - width / 2, x + width / 2), "end": (x - width, x)}[
        t.get("text-anchor")
    ]


def test_x_ticks_never_collide_and_stay_on_the_canvas():
    days = [(float(d), f"2026-05-{d + 1:02d}") for d in range(0, 30, 3)]  # ten dates on a phone-sized canvas
    root = ET.fromstring(_chart(x_ticks=days, points=[(0, 0.1), (29, 0.2)]))
    axis = root.find(f"{SVG}g[@class='axis']")
    ticks = [t for t in _texts(root, float(axis[0].get("y1"))) if t.text.startswith("2026")]
    assert 2 <= len(ticks) < len(days)  # some dropped, the first kept
    assert ticks[0].text == "2026-05-01"
    extents = [_extent(t) for t in ticks]
    assert all(a[1] + 0.6 * 17 <= b[0] for a, b in itertools.pairwise(extents)), extents
    assert all(lo >= 0 and hi <= 420 for lo, hi in extents)


def test_the_left_margin_fits_long_y_labels_and_the_rotated_title():
    wide = charts.line_chart(
        chart_id="c",
        title="t",
        desc="d",
        x_label="x",
        y_label="違反の確率",
        points=[(0, 0.1)],
        x_ticks=[],
        y_max=0.125,
        y_tick_format=lambda y: f"{y * 100:.2f}%",
    )
    root = ET.fromstring(wide)
    left = float(root.find(f"{SVG}g[@class='axis']")[0].get("x1"))
    for t in root.iter(f"{SVG}text"):
        if t.text.endswith("%"):
            lo, _ = _extent(t)
            assert lo >= charts.ChartStyle().y_label_x + 17 * 0.6, (t.text, lo)  # clear of the y-axis title
    assert left > charts.LEFT
