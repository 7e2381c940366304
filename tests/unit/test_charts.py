"""Server-side SVG charts: well-formed, proportional, labelled, and free of inline styles."""

import re
import xml.etree.ElementTree as ET

import pytest

from api import charts

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [("住房保障", 4), ("政府采购", 2), ("矿业权出让", 0)]


def bars(svg: str) -> list[float]:
    return [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_hbar_draws_bars_proportional_to_the_values():
    widths = bars(charts.hbar(ROWS, title="新增", chart_id="new"))
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0


def test_hbar_writes_each_label_and_number_beside_its_bar():
    drawn = texts(charts.hbar([("住房保障", 1234), ("政府采购", 5)], title="t", chart_id="c"))
    assert drawn == ["住房保障", "1,234", "政府采购", "5"]


def test_chart_is_titled_and_described_for_screen_readers():
    root = ET.fromstring(charts.hbar(ROWS, title="新增列入", chart_id="new"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "new-title new-desc"
    assert root.find(f"{SVG}title").text == "新增列入"
    assert "住房保障 4" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("draw", [
    lambda: charts.hbar(ROWS, title="t", chart_id="a"),
    lambda: charts.columns(ROWS, title="t", chart_id="a"),
    lambda: charts.grouped_hbar(["甲", "乙"], [("核查", [3, 1]), ("拒绝", [1, 0])],
                                title="t", chart_id="a"),
])
def test_charts_use_classes_never_inline_style_or_colour(draw):
    svg = draw()
    assert "style=" not in svg
    assert not re.search(r'\s(fill|stroke|font-size|text-anchor)="', svg)
    assert 'class="chart-bar' in svg


def test_labels_and_title_are_escaped():
    svg = charts.hbar([("<script>x</script>", 1)], title="a & <b>", chart_id="e")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert ET.fromstring(svg).find(f"{SVG}title").text == "a & <b>"


def test_all_zero_values_draw_empty_bars_without_failing():
    assert bars(charts.hbar([("甲", 0), ("乙", 0)], title="t", chart_id="z")) == [0, 0]
    assert charts.columns([], title="t", chart_id="z").startswith("<svg")


def test_missing_share_is_shown_as_a_dash_without_a_bar():
    svg = charts.hbar([("市住建局", 0.85), ("市食药监局", None)], title="t", chart_id="p",
                      fmt=charts.percent, max_value=1)
    assert texts(svg) == ["市住建局", "85%", "市食药监局", "—"]
    assert len(bars(svg)) == 1


def test_shares_are_scaled_against_the_whole_not_the_largest():
    svg = charts.hbar([("甲", 0.5)], title="t", chart_id="s", fmt=charts.percent, max_value=1)
    plot_width = float(ET.fromstring(svg).get("width"))
    assert bars(svg)[0] < plot_width / 2


def test_columns_draw_one_column_per_month_with_its_value():
    rows = [(f"{m}月", m) for m in range(1, 13)]
    svg = charts.columns(rows, title="按月", chart_id="m")
    heights = [float(r.get("height")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert len(heights) == 12 and heights[11] == pytest.approx(12 * heights[0], rel=0.01)
    assert "12月" in texts(svg) and "12" in texts(svg)


def test_grouped_bars_draw_every_series_with_a_legend():
    svg = charts.grouped_hbar(["政府采购", "住房保障"], [("核查", [10, 4]), ("拒绝", [2, 0])],
                              title="核查", chart_id="g")
    drawn = texts(svg)
    assert drawn[:2] == ["核查", "拒绝"]
    assert {"政府采购", "10", "2", "住房保障", "4", "0"} <= set(drawn)
    assert svg.count("chart-series-1") == 3


def test_grouped_series_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError):
        charts.grouped_hbar(["甲"], [("核查", [1, 2])], title="t", chart_id="g")


@pytest.mark.parametrize("chart_id", ["", "Bad", "a b", 'x" onload="y'])
def test_unsafe_chart_ids_are_refused(chart_id):
    with pytest.raises(ValueError):
        charts.hbar(ROWS, title="t", chart_id=chart_id)


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        charts.hbar([("甲", -1)], title="t", chart_id="n")


def test_long_labels_widen_the_chart_instead_of_crushing_the_bars():
    svg = charts.hbar([("很" * 60, 1)], title="t", chart_id="w")
    assert float(ET.fromstring(svg).get("width")) > charts.WIDTH
    assert bars(svg)[0] >= charts.MIN_PLOT - 1


def test_a_chart_without_rows_says_there_is_no_data():
    svg = charts.hbar([], title="行政处罚公示率", chart_id="penalties")
    assert texts(svg) == ["暂无数据"]
    assert "<rect" not in svg
