"""The public page /repair: a listed party applies or objects with a plain form (no
JavaScript), and looks its request up by number and identifier."""

import re

from tests.api.party_helpers import repairable
from tests.api.test_security_limits import limited  # noqa: F401  the fixture
from tests.factories import file_and_publish, person


def form_of(listing: dict, **extra) -> dict:
    entity = listing["entity"]
    by_id = "uscc" not in entity
    return {"listing_id": listing["id"], "applicant_name": entity["name"],
            "code_kind": "id_number" if by_id else "uscc",
            "code": entity["id_number"] if by_id else entity["uscc"],
            "contact_name": "王经理", "phone": "0512-68881234", **extra}


def request_id(html: str) -> str:
    return re.search(r'id="request-id">([0-9a-f-]{36})<', html).group(1)


def test_the_page_has_both_forms_in_chinese(client):
    answer = client.get("/repair?listing_id=abc")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "申请信用修复" in html and "提出异议" in html
    assert 'method="post"' in html and "<script" not in html and 'value="abc"' in html
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_an_application_by_form_is_received_and_can_be_looked_up(client, housing):
    listing = repairable(client, housing)
    answer = client.post("/repair/application", data=form_of(
        listing, statement="已缴纳罚款", commitment="yes", evidence="缴款凭证\n整改报告"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 201, html
    assert "已受理" in html and "2026-12-02" in html
    number = request_id(html)
    mine = client.get(f"/repair/status?kind=application&id={number}"
                      f"&code={listing['entity']['uscc']}")
    assert mine.status_code == 200 and "待认定部门决定" in mine.get_data(as_text=True)
    wrong = client.get(f"/repair/status?kind=application&id={number}&code=91320505MA1XXXXX0Y")
    assert wrong.status_code == 404 and "未找到该申请" in wrong.get_data(as_text=True)
    items = client.get("/api/v1/repair-applications", headers=housing).json["items"]
    assert items[0]["evidence"] == ["缴款凭证", "整改报告"]


def test_a_refused_form_comes_back_saying_why(client, housing):
    listing = file_and_publish(client, housing)
    early = client.post("/repair/application", data=form_of(listing, statement="已整改",
                                                            commitment="yes"))
    html = early.get_data(as_text=True)
    assert early.status_code == 409 and "2027-11-20" in html and "已整改" in html
    uncommitted = client.post("/repair/application", data=form_of(listing, statement="x"))
    assert uncommitted.status_code == 400
    assert "信用承诺" in uncommitted.get_data(as_text=True)
    assert client.post("/repair/nothing", data={}).status_code == 404


def test_an_objection_by_form_flags_the_public_page(client, housing):
    listing = file_and_publish(client, housing, entity=person("钱异议"))
    answer = client.post("/repair/objection", data=form_of(
        listing, grounds="wrong_content", statement="金额有误"))
    assert answer.status_code == 201, answer.get_data(as_text=True)
    page = client.get(f"/listings/{listing['id']}").get_data(as_text=True)
    assert "异议处理中" in page and "/repair?listing_id=" in page
    number = request_id(answer.get_data(as_text=True))
    looked_up = client.get(f"/repair/status?kind=objection&id={number}"
                           f"&code={listing['entity']['id_number']}")
    assert "异议核查中" in looked_up.get_data(as_text=True)


def test_the_forms_and_the_public_endpoints_are_rate_limited(limited):  # noqa: F811
    client = limited("2 per minute")
    assert client.get("/repair").status_code == 200
    assert client.post("/api/v1/public/objections", json={}).status_code == 422
    assert client.post("/repair/objection", data={}).status_code == 429
    assert client.get("/api/v1/public/repair-applications/x?uscc=1").status_code == 429
