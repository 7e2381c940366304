"""POST /api/v1/screenings over HTTP: every decision rule, in the order the parties were sent."""

import datetime as dt

from tests.factories import (
    company,
    file_and_publish,
    file_listing,
    make_id_number,
    make_uscc,
    person,
)

NEAR = "苏州鑫恒泰隆建设工程有限公司"


def screen(client, headers, parties, domain="procurement", status=201):
    answer = client.post("/api/v1/screenings", headers=headers, json={
        "project_code": "SZGP-2026-0457", "project_name": "某某采购项目", "domain": domain,
        "parties": parties})
    assert answer.status_code == status, answer.json
    return answer.json


def decision(client, headers, party, domain="procurement") -> tuple[str, list[dict]]:
    result = screen(client, headers, [party], domain)["results"][0]
    return result["decision"], result["matches"]


def test_a_listed_code_refuses_even_under_another_name(client, housing, screener):
    listed = file_and_publish(client, housing, entity=company("苏州甲乙建设工程有限公司"))
    verdict, matches = decision(client, screener,
                                {"name": "苏州全新名称科技有限公司", "uscc": listed["entity"]["uscc"]})
    assert verdict == "refuse"
    assert matches[0]["listing_id"] == listed["id"]
    assert matches[0]["matched_on"] == "uscc" and matches[0]["restricts"] is True


def test_a_listed_id_number_refuses(client, housing, screener):
    listed = file_and_publish(client, housing, entity=person("王小明"))
    verdict, matches = decision(client, screener,
                                {"name": "王小明", "id_number": listed["entity"]["id_number"]})
    assert (verdict, matches[0]["matched_on"]) == ("refuse", "id_number")


def test_an_exact_name_refuses_a_party_without_a_code_across_width_brackets_and_script(
        client, housing, screener):
    file_and_publish(client, housing, entity=company("恒泰（苏州）建设工程有限公司"))
    for spelling in ("恒泰(苏州)建设工程有限公司", "恆泰（蘇州）建設工程有限公司", " 恒泰 (苏州) 建设工程有限公司"):
        verdict, matches = decision(client, screener, {"name": spelling})
        assert (verdict, matches[0]["matched_on"]) == ("refuse", "name"), spelling


def test_a_former_name_refuses_a_party_without_a_code(client, housing, screener):
    file_and_publish(client, housing, entity=company(
        "苏州新名字建设工程有限公司", former_names=["苏州旧名字建筑有限公司"]))
    verdict, matches = decision(client, screener, {"name": "苏州旧名字建筑有限公司"})
    assert (verdict, matches[0]["matched_on"]) == ("refuse", "former_name")


def test_a_near_name_asks_for_review(client, housing, screener):
    listed = file_and_publish(client, housing, entity=company(NEAR))
    verdict, matches = decision(client, screener, {"name": "苏州鑫恒泰隆建筑工程有限公司"})
    assert (verdict, matches[0]["matched_on"]) == ("review", "near_name")
    assert matches[0]["listing_id"] == listed["id"] and 0 < matches[0]["score"] < 1


def test_the_exact_name_under_another_code_asks_for_review(client, housing, screener):
    file_and_publish(client, housing, entity=company(NEAR))
    verdict, matches = decision(client, screener, {"name": NEAR, "uscc": make_uscc()})
    assert (verdict, matches[0]["matched_on"]) == ("review", "name")


def test_a_natural_person_matched_by_name_alone_asks_for_review(client, housing, screener):
    file_and_publish(client, housing, entity=person("赵大海"))
    assert decision(client, screener, {"name": "赵大海"})[0] == "review"
    assert decision(client, screener, {"name": "赵大海", "id_number": make_id_number()})[0] == "review"


def test_a_listed_person_as_legal_representative_asks_for_review(client, housing, screener):
    listed = file_and_publish(client, housing, entity=person("钱多多"))
    verdict, matches = decision(client, screener, {
        "name": "某某（苏州）科技有限公司", "uscc": make_uscc(),
        "legal_representative": {"name": "钱多多", "id_number": listed["entity"]["id_number"]}})
    assert (verdict, matches[0]["matched_on"]) == ("review", "legal_representative")


def test_the_legal_representative_of_a_listed_company_asks_for_review(client, housing, screener):
    rep = make_id_number()
    file_and_publish(client, housing, entity=company(
        "苏州失信建设工程有限公司", legal_representative={"name": "孙某", "id_number": rep}))
    verdict, matches = decision(client, screener, {
        "name": "苏州另起炉灶贸易有限公司", "uscc": make_uscc(),
        "legal_representative": {"name": "孙某", "id_number": rep}})
    assert (verdict, matches[0]["matched_on"]) == ("review", "legal_representative")


def test_an_unrelated_party_is_clear(client, housing, screener):
    file_and_publish(client, housing, entity=company(NEAR))
    assert decision(client, screener, {"name": "无锡完全无关软件有限公司", "uscc": make_uscc()}) == (
        "clear", [])


def test_a_listing_that_does_not_bar_the_domain_is_reported_but_clears(client, housing, screener):
    listed = file_and_publish(client, housing, measures=["bid_ban"])
    verdict, matches = decision(client, screener, {"name": "x", "uscc": listed["entity"]["uscc"]},
                                domain="housing")
    assert verdict == "clear"
    assert matches[0]["restricts"] is False
    assert decision(client, screener, {"name": "x", "uscc": listed["entity"]["uscc"]},
                    domain="construction")[0] == "refuse"


def test_a_listing_without_measures_bars_every_domain(client, housing, screener):
    listed = file_and_publish(client, housing, measures=None)
    assert decision(client, screener, {"name": "x", "uscc": listed["entity"]["uscc"]},
                    domain="medical")[0] == "refuse"


def test_pending_and_revoked_listings_never_refuse(client, housing, screener):
    pending = file_listing(client, housing)
    revoked = file_and_publish(client, housing)
    answer = client.post(f"/api/v1/listings/{revoked['id']}/revoke", headers=housing,
                         json={"reason": "复议撤销"})
    assert answer.status_code == 200
    for listing in (pending, revoked):
        assert decision(client, screener, {"name": "某公司", "uscc": listing["entity"]["uscc"]}) == (
            "clear", [])


def test_a_repaired_listing_never_refuses(client, housing, screener, clock):
    listed = file_and_publish(client, housing)
    clock.advance(days=400)
    answer = client.post(f"/api/v1/listings/{listed['id']}/repair", headers=housing,
                         json={"decision_no": "苏信修〔2027〕1号", "reason": "已整改"})
    assert answer.status_code == 200, answer.json
    assert decision(client, screener, {"name": "x", "uscc": listed["entity"]["uscc"]})[0] == "clear"


def test_the_last_listed_day_refuses_and_the_next_day_does_not_before_any_expiry_job(
        client, housing, screener, clock):
    listed = file_and_publish(client, housing, publish_until="2027-11-19")
    party = {"name": "x", "uscc": listed["entity"]["uscc"]}
    clock.set(dt.datetime(2027, 11, 19, 15, 59, tzinfo=dt.UTC))  # 23:59 in Suzhou
    assert decision(client, screener, party)[0] == "refuse"
    clock.advance(minutes=2)  # 00:01 on 2027-11-20 in Suzhou
    assert decision(client, screener, party) == ("clear", [])


def test_results_keep_the_order_and_the_parties_as_sent(client, housing, screener):
    listed = file_and_publish(client, housing)
    parties = [{"name": "甲", "uscc": make_uscc()},
               {"name": "乙", "uscc": listed["entity"]["uscc"].lower()},
               {"name": "丙", "legal_representative": {"name": "丁", "id_number": None}}]
    answer = screen(client, screener, parties)
    assert [r["party"] for r in answer["results"]] == parties
    assert [r["decision"] for r in answer["results"]] == ["clear", "refuse", "clear"]
    assert answer["project_code"] == "SZGP-2026-0457" and answer["domain"] == "procurement"
    assert answer["as_of_seq"] >= 1 and answer["checked_at"].endswith("+08:00")
