"""Screening without identifiers across the country's places, over HTTP."""

from tests.factories import company, file_and_publish

LISTED = "太白县华信达电子科技有限公司"


def check(client, headers, name):
    answer = client.get("/api/v1/check", query_string={"name": name}, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def screen(client, headers, names):
    answer = client.post("/api/v1/screenings", headers=headers, json={
        "project_code": "SZGP-2026-0458", "project_name": "某某采购项目", "domain": "procurement",
        "parties": [{"name": name} for name in names]})
    assert answer.status_code == 201, answer.json
    return answer.json["results"]


def test_the_listed_name_without_its_place_or_with_it_in_brackets_asks_for_review(
        client, housing, screener):
    listed = file_and_publish(client, housing, entity=company(LISTED))
    for name in ("华信达电子科技有限公司", "华信达（太白县）电子科技有限公司", "华信达(太白)电子科技有限公司",
                 "陕西省宝鸡市太白县华信达电子科技有限公司"):
        answer = check(client, screener, name)
        assert answer["decision"] == "review", name
        assert answer["matches"][0]["listing_id"] == listed["id"], name
        assert answer["matches"][0]["matched_on"] == "near_name", name


def test_the_same_brand_in_another_county_is_reviewed_never_refused(client, housing, screener):
    file_and_publish(client, housing, entity=company(LISTED))
    results = screen(client, screener, ["眉县华信达电子科技有限公司", "华信达（眉县）电子科技有限公司"])
    assert [r["decision"] for r in results] == ["review", "review"]


def test_a_company_sharing_only_place_trade_and_legal_form_is_clear(client, housing, screener):
    file_and_publish(client, housing, entity=company(LISTED))
    results = screen(client, screener, ["太白县明远电子科技有限公司", "明远（太白县）电子科技有限公司"])
    assert [r["decision"] for r in results] == ["clear", "clear"]


def test_a_name_listed_with_its_place_in_brackets_is_found_from_the_place_first_form(
        client, housing, screener):
    listed = file_and_publish(client, housing, entity=company("华信达（太白县）电子科技有限公司"))
    answer = check(client, screener, "太白县华信达电子科技有限公司")
    assert answer["decision"] == "review"
    assert answer["matches"][0]["listing_id"] == listed["id"]
