"""A listed party applies for credit repair and objects on /repair in Chromium, with
JavaScript off, and sees its entry flagged 异议处理中."""

import re

import pytest

from tests.api.party_helpers import repairable
from tests.factories import company

pytestmark = pytest.mark.browser


def _form(page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button))


def _fill_party(form, listing: dict) -> None:
    form.get_by_label("条目编号").fill(listing["id"])
    form.get_by_label("申请人名称（被列入名单的单位或个人）").fill(listing["entity"]["name"])
    form.get_by_label("统一社会信用代码", exact=True).check()
    form.get_by_label("统一社会信用代码或身份证号码（须与名单条目一致）").fill(
        listing["entity"]["uscc"])
    form.get_by_label("联系人").fill("王经理")
    form.get_by_label("联系电话").fill("0512-68881234")


def test_a_party_applies_and_objects_without_javascript(visit, client, housing):
    listing = repairable(client, housing, entity=company("苏州修复申请建设有限公司"))
    tab = visit(java_script_enabled=False)
    tab.open(f"/listings/{listing['id']}")
    tab.page.get_by_role("link", name="当事人申请信用修复或提出异议").click()
    tab.page.wait_for_url("**/repair?listing_id=**")
    apply = _form(tab.page, "提交信用修复申请")
    _fill_party(apply, listing)
    apply.get_by_label("纠正失信行为、履行义务的情况").fill("已足额缴纳罚款并完成整改")
    apply.get_by_label(re.compile("作出信用承诺")).check()
    tab.shoot("repair-form")
    apply.get_by_role("button", name="提交信用修复申请").click()
    tab.page.wait_for_url("**/repair/application")
    assert "信用修复申请已受理" in tab.page.locator("h1").inner_text()
    number = tab.page.locator("#request-id").inner_text()
    tab.shoot("repair-received")

    tab.open("/repair")
    lookup = _form(tab.page, "查询")
    lookup.get_by_label("受理编号").fill(number)
    lookup.get_by_label("统一社会信用代码或身份证号码").fill(listing["entity"]["uscc"])
    lookup.get_by_role("button", name="查询").click()
    tab.page.wait_for_url("**/repair/status?**")
    assert "已受理，待认定部门决定" in tab.page.locator("#request-status").inner_text()

    tab.open(f"/repair?listing_id={listing['id']}")
    objection = _form(tab.page, "提交异议")
    _fill_party(objection, listing)
    objection.get_by_label("异议理由").select_option(label="公示内容有误")
    objection.get_by_label("异议说明").fill("罚款金额记载有误")
    objection.get_by_role("button", name="提交异议").click()
    tab.page.wait_for_url("**/repair/objection")
    assert "异议已受理" in tab.page.locator("h1").inner_text()

    tab.open(f"/listings/{listing['id']}")
    assert "异议处理中" in tab.page.locator(".objection").inner_text()
    tab.shoot("listing-under-objection")


def test_a_refused_application_says_why_and_keeps_what_was_typed(visit, client, housing):
    listing = repairable(client, housing)
    tab = visit(java_script_enabled=False)
    tab.open("/repair")
    apply = _form(tab.page, "提交信用修复申请")
    _fill_party(apply, {**listing, "entity": {**listing["entity"], "uscc": "91320505MA1XXXXX0Y"}})
    apply.get_by_label("纠正失信行为、履行义务的情况").fill("已整改")
    apply.get_by_label(re.compile("作出信用承诺")).check()
    apply.get_by_role("button", name="提交信用修复申请").click()
    assert "提交未成功" in tab.page.locator(".errors").inner_text()
    assert _form(tab.page, "提交信用修复申请").get_by_label(
        "纠正失信行为、履行义务的情况").input_value() == "已整改"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_repair_page_fits_the_screen(visit, width):
    tab = visit(viewport={"width": width, "height": 800})
    tab.open("/repair")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= width
