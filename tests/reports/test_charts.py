from __future__ import annotations

from xml.etree import ElementTree

from ictguard.reports.charts import bar_chart


def test_bar_chart_is_valid_svg_with_one_bar_per_item_scaled_to_peak() -> None:
    svg = ElementTree.fromstring(str(bar_chart([("Hikvision", 4), ("Dahua", 2)], title="By vendor")))
    ns = "{http://www.w3.org/2000/svg}"
    rects = svg.findall(f"{ns}rect")
    assert [r.get("width") for r in rects][0] == str(560 - 170 - 60)
    assert int(rects[1].get("width") or 0) * 2 == int(rects[0].get("width") or 0)
    assert svg.get("aria-label") == "By vendor" and svg.findtext(f"{ns}title") == "By vendor"


def test_labels_are_escaped() -> None:
    svg = str(bar_chart([("<script>alert(1)</script>", 1)], title="t&t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t&amp;t" in svg


def test_empty_chart_says_so() -> None:
    assert "no data" in str(bar_chart([], title="Flows"))


def test_zero_values_draw_no_bar() -> None:
    svg = ElementTree.fromstring(str(bar_chart([("a", 0), ("b", 0)], title="zeros")))
    assert {r.get("width") for r in svg.iter("{http://www.w3.org/2000/svg}rect")} == {"0"}


def test_fixed_scale_draws_shares_to_size_and_caps_overflow() -> None:
    svg = ElementTree.fromstring(str(bar_chart([("qty", 40), ("value", 150)], title="use", scale_max=100)))
    widths = [int(r.get("width") or 0) for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    full = 560 - 170 - 60
    assert widths == [round(full * 0.4), full]
    assert "150 %" in str(bar_chart([("value", 150)], title="use", unit=" %", scale_max=100))
