"""Anyone, without a token, finds listed entries by name, USCC or ID number, over the API and
the pages; nothing pending, revoked, repaired or expired is ever shown."""

import datetime as dt

from blacklist.registry.identifiers import mask_id_number
from tests.factories import (
    company,
    file_and_publish,
    file_listing,
    make_id_number,
    make_uscc,
    person,
    publish,
)

API = "/api/v1/public/listings"


def _found(client, **params) -> list[str]:
    answer = client.get(API, query_string=params)
    assert answer.status_code == 200, answer.json
    return [item["id"] for item in answer.json["items"]]


def _page(client, path: str, **params) -> str:
    answer = client.get(path, query_string=params)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_only_listed_entries_appear(client, housing):
    listed = file_and_publish(client, housing, entity=company("苏州公示建设有限公司"))
    pending = file_listing(client, housing, entity=company("苏州待公示建设有限公司"))
    revoked = file_and_publish(client, housing, entity=company("苏州撤销建设有限公司"))
    answer = client.post(f"/api/v1/listings/{revoked['id']}/revoke",
                         json={"reason": "复议撤销"}, headers=housing)
    assert answer.status_code == 200
    assert _found(client, q="建设有限公司") == [listed["id"]]
    assert _found(client) == [listed["id"]]
    for hidden in (pending, revoked):
        assert client.get(f"{API}/{hidden['id']}").status_code == 404
        assert client.get(f"/listings/{hidden['id']}").status_code == 404
    page = _page(client, "/search", q="建设有限公司")
    assert "苏州公示建设有限公司" in page
    assert "苏州待公示建设有限公司" not in page and "苏州撤销建设有限公司" not in page


def test_repaired_and_expired_entries_leave_the_public_list(client, housing, clock):
    # Decision 2026-11-20: the minimum period ends 2027-11-20, the default one in 2029.
    short = file_and_publish(client, housing, entity=company("苏州短期建设有限公司"),
                             publish_until="2027-11-20")
    repaired = file_and_publish(client, housing, entity=company("苏州修复建设有限公司"))
    kept = file_and_publish(client, housing, entity=company("苏州在列建设有限公司"))
    assert set(_found(client, q="建设有限公司")) == {short["id"], repaired["id"], kept["id"]}
    clock.advance(days=365)  # 2027-11-27: past the short period, and repair is allowed
    answer = client.post(f"/api/v1/listings/{repaired['id']}/repair", headers=housing,
                         json={"decision_no": "苏建信修〔2027〕1号", "reason": "已整改"})
    assert answer.status_code == 200, answer.json
    # No expiry job has run: the period alone hides the entry.
    assert _found(client, q="建设有限公司") == [kept["id"]]
    for gone in (short, repaired):
        assert client.get(f"{API}/{gone['id']}").status_code == 404
        assert client.get(f"/listings/{gone['id']}").status_code == 404


def test_a_partial_name_finds_the_entry(client, housing):
    listing = file_and_publish(client, housing, entity=company("苏州市姑苏区恒达建筑劳务有限公司"))
    assert _found(client, q="恒达建筑") == [listing["id"]]
    assert "苏州市姑苏区恒达建筑劳务有限公司" in _page(client, "/search", q="恒达建筑")


def test_a_name_matches_across_brackets_width_and_traditional_script(client, housing):
    listing = file_and_publish(client, housing, entity=company("苏州恒通(集团)建设有限公司"))
    for spelling in ("苏州恒通（集团）建设", "蘇州恆通（集團）建設", "恒通 (集团)", "恒通【集团"):
        assert _found(client, q=spelling) == [listing["id"]], spelling


def test_a_uscc_finds_the_company_and_shows_it_whole(client, housing):
    uscc = make_uscc()
    listing = file_and_publish(client, housing, entity=company("苏州代码查询有限公司", uscc))
    file_and_publish(client, housing, entity=company("苏州其他公司有限公司"))
    answer = client.get(API, query_string={"q": uscc.lower()})
    assert [i["id"] for i in answer.json["items"]] == [listing["id"]]
    assert answer.json["items"][0]["entity"]["uscc"] == uscc
    assert uscc in _page(client, "/search", q=uscc)


def test_a_full_id_number_finds_the_person_but_shows_only_the_masked_number(client, housing):
    id_number = make_id_number()
    listing = file_and_publish(client, housing, entity=person("张三丰", id_number))
    answer = client.get(API, query_string={"q": id_number})
    assert [i["id"] for i in answer.json["items"]] == [listing["id"]]
    masked = mask_id_number(id_number)
    assert masked == id_number[:4] + "*" * 10 + id_number[-4:]
    assert answer.json["items"][0]["entity"]["id_number"] == masked
    detail = client.get(f"{API}/{listing['id']}")
    assert detail.json["entity"]["id_number"] == masked
    for raw in (answer.get_data(as_text=True), detail.get_data(as_text=True)):
        assert id_number not in raw
    # The search page echoes the query masked too, so no page carries the full number.
    for page in (_page(client, "/search", q=id_number), _page(client, f"/listings/{listing['id']}")):
        assert masked in page and id_number not in page


def test_part_of_an_id_number_finds_nobody(client, housing):
    id_number = make_id_number()
    file_and_publish(client, housing, entity=person("李四", id_number))
    assert _found(client, q=id_number[:10]) == []
    assert _found(client, q=mask_id_number(id_number)) == []


def test_the_domain_filter_keeps_one_domain(client, housing):
    building = file_and_publish(client, housing, entity=company("苏州领域甲有限公司"))
    homes = file_and_publish(client, housing, entity=company("苏州领域乙有限公司"),
                             domain="housing")
    assert set(_found(client, q="领域")) == {building["id"], homes["id"]}
    assert _found(client, q="领域", domain="housing") == [homes["id"]]
    assert _found(client, domain="construction") == [building["id"]]
    page = _page(client, "/search", q="领域", domain="housing")
    assert "苏州领域乙有限公司" in page and "苏州领域甲有限公司" not in page


def test_results_come_a_page_at_a_time(client, housing):
    ids = {file_and_publish(client, housing, entity=company(f"苏州分页{n}号有限公司"))["id"]
           for n in range(5)}
    pages = [client.get(API, query_string={"q": "分页", "per_page": 2, "page": n}).json
             for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {i["id"] for p in pages for i in p["items"]} == ids


def test_nothing_found_says_so(client, housing):
    file_and_publish(client, housing)
    assert _found(client, q="查无此公司") == []
    assert "未查询到符合条件的黑名单记录" in _page(client, "/search", q="查无此公司")


def test_the_public_shape_carries_the_decision_and_no_filing_internals(client, housing):
    listing = file_and_publish(client, housing, entity=company("苏州字段有限公司"))
    item = client.get(f"{API}/{listing['id']}").json
    assert {"id", "entity", "domain", "category", "decision_no", "decision_date", "facts",
            "legal_basis", "measures", "publish_until", "source"} <= set(item)
    for internal in ("statement", "statement_note", "version", "created_at", "repairable_from"):
        assert internal not in item
    assert item["source"]["name"] == "市住建局"
    page = _page(client, f"/listings/{listing['id']}")
    for shown in (item["decision_no"], "市住建局", item["legal_basis"], item["publish_until"]):
        assert shown in page


def test_an_unknown_id_is_404_on_the_api_and_the_page(client):
    assert client.get(f"{API}/no-such-listing").status_code == 404
    answer = client.get("/listings/no-such-listing")
    assert answer.status_code == 404 and answer.mimetype == "text/html"


def test_publishing_later_makes_a_pending_entry_appear(client, housing):
    pending = file_listing(client, housing, entity=company("苏州稍后公示有限公司"))
    assert _found(client, q="稍后公示") == []
    publish(client, housing, pending["id"])
    assert _found(client, q="稍后公示") == [pending["id"]]
    assert dt.date.fromisoformat(client.get(f"{API}/{pending['id']}").json["publish_until"])
