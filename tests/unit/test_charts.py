"""``charts.line_chart``: its style and overlay parameters reach the SVG (no caller rewrites it)."""

import xml.etree.ElementTree as ET

from cancelrate import charts

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**extra):
    return charts.line_chart(
        chart_id="c",
        title="T & <t>",
        desc="D",
        x_label="x",
        y_label="y",
        points=[(1, 1.0), (2, 0.5), (4, 0.25)],
        x_ticks=[(1, "1"), (4, "4")],
        y_max=1.0,
        y_tick_format=lambda y: f"{y:.2f}",
        target=(0.025, "target"),
        marked=[(1, 1.0)],
        **extra,
    )


def _font_sizes(root):
    return {t.text: t.get("font-size") for t in root.iter(f"{SVG}text")}


def test_default_style_is_the_calculators_canvas():
    root = ET.fromstring(_chart())
    assert root.get("viewBox") == "0 0 420 280"
    assert root.get("class") == "cr-svg-chart"
    sizes = _font_sizes(root)
    assert sizes["1"] == sizes["0.00"] == "13" and sizes["x"] == sizes["y"] == "14" and sizes["target"] == "13"
    assert root.find(f"{SVG}title").text == "T & <t>"  # escaped in the SVG, read back as text


def test_every_style_parameter_reaches_the_svg():
    style = charts.ChartStyle(
        width=640,
        height=400,
        left=80,
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
    assert y_title.get("transform") == f"translate(21 {20 + (400 - 20 - 52) / 2}) rotate(-90)"
    axis = root.find(f"{SVG}g[@class='axis']")
    assert axis[0].get("x1") == "80" and axis[0].get("x2") == str(640 - 14)


def test_the_overlay_draws_on_the_charts_scale():
    seen = []

    def overlay(scale):
        seen.append((scale.x(1), scale.y(1.0), scale.x(4), scale.y(0)))
        return '<circle class="note" cx="1" cy="2" r="3"/>'

    root = ET.fromstring(_chart(overlay=overlay))
    assert seen == [(60.0, 20.0, 406.0, 228.0)]  # left edge / top, right edge / bottom of the plot
    assert list(root)[-1].get("class") == "note"  # drawn last, inside the <svg>
