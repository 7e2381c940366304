"""A visitor searches the blacklist, opens an entry and reads the yearly report in Chromium."""

from types import SimpleNamespace

import pytest

from blacklist.registry.identifiers import mask_id_number
from tests.factories import (
    company,
    file_and_publish,
    file_listing,
    make_id_number,
    make_uscc,
    person,
)

pytestmark = pytest.mark.browser
QUERY_LABEL = "名称、统一社会信用代码或身份证号码"


@pytest.fixture
def registry(client, housing):
    """Entries filed through the filing API: two listed, one pending, one revoked."""
    uscc, id_number, rep_id = make_uscc(), make_id_number(), make_id_number()
    rep = {"name": "王五", "id_number": rep_id}
    listed = file_and_publish(client, housing, decision_no="苏建罚〔2026〕88号",
                              entity=company("苏州恒达建设工程有限公司", uscc,
                                             legal_representative=rep))
    individual = file_and_publish(client, housing, entity=person("张三丰", id_number),
                                  domain="housing")
    pending = file_listing(client, housing, entity=company("苏州待定建设工程有限公司"))
    revoked = file_and_publish(client, housing, entity=company("苏州撤销建设工程有限公司"))
    answer = client.post(f"/api/v1/listings/{revoked['id']}/revoke", headers=housing,
                         json={"reason": "行政复议撤销原决定"})
    assert answer.status_code == 200
    return SimpleNamespace(listed=listed, individual=individual, pending=pending,
                           revoked=revoked, uscc=uscc, id_number=id_number, rep_id=rep_id)


def _search(page, text: str) -> None:
    """Type into the one search box and press Enter, as a visitor does."""
    page.get_by_label(QUERY_LABEL).fill(text)
    page.get_by_label(QUERY_LABEL).press("Enter")
    page.wait_for_url("**/search?**")


def _results(page) -> list[str]:
    return page.locator("ol.result-list h3").all_inner_texts()


def test_a_name_fragment_finds_the_listed_company_and_its_detail(visit, registry):
    tab = visit()
    tab.open("/")
    assert tab.page.locator("h1").inner_text() == "苏州市公共资源交易领域信用黑名单查询"
    _search(tab.page, "建设工程")
    assert _results(tab.page) == ["苏州恒达建设工程有限公司"]
    tab.shoot("search")
    tab.page.get_by_role("link", name="苏州恒达建设工程有限公司", exact=True).click()
    tab.page.wait_for_url(f"**/listings/{registry.listed['id']}")
    detail = tab.page.locator("article.detail").inner_text()
    for shown in ("苏建罚〔2026〕88号", "市住建局", "《招标投标法》第五十三条", "串通投标",
                  registry.uscc, registry.listed["publish_until"], "王五"):
        assert shown in detail
    assert registry.rep_id not in tab.page.content()
    tab.shoot("detail")


def test_a_uscc_finds_the_company(visit, registry):
    tab = visit()
    tab.open("/")
    _search(tab.page, registry.uscc)
    assert _results(tab.page) == ["苏州恒达建设工程有限公司"]
    assert registry.uscc in tab.page.locator("ol.result-list").inner_text()


def test_an_id_number_finds_the_person_but_only_the_masked_number_is_shown(visit, registry):
    masked = mask_id_number(registry.id_number)
    tab = visit()
    tab.open("/")
    _search(tab.page, registry.id_number)
    assert _results(tab.page) == ["张三丰"]
    assert masked in tab.page.locator("ol.result-list").inner_text()
    assert registry.id_number not in tab.page.content()
    tab.page.get_by_role("link", name="张三丰", exact=True).click()
    tab.page.wait_for_url(f"**/listings/{registry.individual['id']}")
    assert masked in tab.page.locator("article.detail").inner_text()
    source = tab.page.content()
    assert registry.id_number not in source and registry.id_number[4:14] not in source
    tab.shoot("detail-person")


def test_a_pending_or_revoked_entry_never_shows(visit, registry):
    tab = visit()
    for name in ("苏州待定建设工程有限公司", "苏州撤销建设工程有限公司", "待定", "撤销"):
        tab.open("/search?q=" + name)
        assert _results(tab.page) == []
        assert "未查询到符合条件的黑名单记录" in tab.page.locator("main").inner_text()
        assert tab.page.locator("ol.result-list, article").count() == 0
    for hidden in (registry.pending, registry.revoked):
        answer = tab.open(f"/listings/{hidden['id']}")
        assert answer.status == 404
        assert tab.page.locator("h1").inner_text() == "未找到该名单条目"


def test_the_report_page_shows_each_figure_as_a_chart_with_its_numbers(visit, registry):
    tab = visit()
    tab.open("/reports/2026")
    charts = tab.page.locator("svg.chart")
    assert charts.count() == 7
    for n in range(charts.count()):
        chart = charts.nth(n)
        assert chart.is_visible() and chart.bounding_box()["height"] > 20
        assert chart.locator("text").count() > 0
    by_domain = tab.page.locator("svg#new-by-domain")
    assert by_domain.locator("rect.chart-series-0, rect").count() >= 1
    # Three listings were published in 2026 (one since revoked): two in construction.
    labels = by_domain.locator("text").all_text_contents()
    assert "工程建设项目招标投标" in labels and "2" in labels and "1" in labels
    table = tab.page.locator("#new-by-domain-caption").locator("xpath=..").inner_text()
    assert "工程建设项目招标投标\t2" in table
    tab.shoot("report")


def test_search_works_with_javascript_off(visit, registry):
    tab = visit(java_script_enabled=False)
    tab.open("/")
    _search(tab.page, "恒达")
    assert _results(tab.page) == ["苏州恒达建设工程有限公司"]
    tab.page.get_by_label("领域", exact=True).select_option("housing")
    tab.page.get_by_role("button", name="查询").click()
    tab.page.wait_for_url("**domain=housing**")
    assert _results(tab.page) == []


@pytest.mark.parametrize("width", [360, 390])
def test_pages_fit_a_phone_screen(visit, registry, width):
    tab = visit(viewport={"width": width, "height": 800})
    for path in ("/", "/search?q=建设", f"/listings/{registry.listed['id']}", "/reports/2026",
                 "/catalogue"):
        tab.open(path)
        scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (path, scroll_width)


SAMPLES = {"cjk-a": "苏州市信用黑名单", "cjk-b": "公共资源交易领域",
           # Supplementary Private Use Area: no font has these, so they draw as boxes.
           "tofu-a": "".join(chr(0xF0001 + n) for n in range(8)),
           "tofu-b": "".join(chr(0xF0101 + n) for n in range(8))}
ADD_SAMPLE = """() => {
  const p = document.createElement("p"), span = document.createElement("span");
  span.id = "sample"; p.appendChild(span); document.querySelector("main").appendChild(p);
}"""
EM_PER_CHAR = """el => el.getBoundingClientRect().width
  / el.textContent.length / parseFloat(getComputedStyle(el).fontSize)"""


def test_cjk_text_renders_as_distinct_glyphs_not_boxes(visit, registry):
    tab = visit()
    tab.open("/")
    # The page's own heading: CJK glyphs are a full em wide; boxes are about a third.
    assert tab.page.locator("h1").evaluate(EM_PER_CHAR) > 0.9
    tab.page.evaluate(ADD_SAMPLE)
    sample, shots, widths = tab.page.locator("#sample"), {}, {}
    for key, text in SAMPLES.items():  # one element in one place, so only the text differs
        sample.evaluate("(el, text) => { el.textContent = text; }", text)
        shots[key], widths[key] = sample.screenshot(), sample.evaluate(EM_PER_CHAR)
    assert shots["tofu-a"] == shots["tofu-b"]  # boxes all look alike: the check can see them
    assert shots["cjk-a"] != shots["cjk-b"]
    assert shots["cjk-a"] != shots["tofu-a"] and shots["cjk-b"] != shots["tofu-b"]
    assert widths["cjk-a"] > 0.9 and widths["cjk-b"] > 0.9 and widths["tofu-a"] < 0.9
