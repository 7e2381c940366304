"""Public search and browsing answer from the public index: the same entries as a scan would
find for every kind of query, kept totals that stay right as listings come and go, bounded
answers to odd queries, and reads that never take the write lock."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from blacklist.infra.db import LOG_LOCK_KEY
from blacklist.public.backfill import rebuild
from tests.conftest import ON_POSTGRES
from tests.factories import company, file_and_publish, file_listing, make_uscc, person

API = "/api/v1/public/listings"


def _answer(client, **params) -> dict:
    answer = client.get(API, query_string=params)
    assert answer.status_code == 200, answer.json
    return answer.json


def _ids(client, **params) -> list[str]:
    return [item["id"] for item in _answer(client, **params)["items"]]


def test_a_two_character_fragment_finds_every_name_containing_it_with_its_total(client, housing):
    ids = [file_and_publish(client, housing, entity=company(f"苏州华信{n}号建设有限公司"))["id"]
           for n in range(3)]
    file_and_publish(client, housing, entity=company("苏州宏达建设有限公司"))
    found = _answer(client, q="华信")
    assert found["total"] == 3
    assert [i["id"] for i in found["items"]] == ids[::-1]          # newest first


def test_a_fragment_is_found_in_a_former_name_and_in_traditional_script(client, housing):
    listed = file_and_publish(client, housing, entity=company(
        "苏州新名建设有限公司", former_names=["苏州舊號營造有限公司"]))
    assert _ids(client, q="旧号营造") == [listed["id"]]
    assert _ids(client, q="舊號") == [listed["id"]]
    assert _ids(client, q="新名") == [listed["id"]]


def test_a_fragment_never_matches_across_two_names_of_a_party(client, housing):
    file_and_publish(client, housing, entity=company("苏州甲乙有限公司", former_names=["丙丁公司"]))
    assert _ids(client, q="公司丙") == []


def test_a_party_renamed_by_a_later_filing_is_found_by_its_new_name_on_both_listings(
        client, housing):
    uscc = make_uscc()
    first = file_and_publish(client, housing, entity=company("苏州旧称建设有限公司", uscc=uscc))
    second = file_and_publish(client, housing, entity=company("苏州新称建设有限公司", uscc=uscc),
                              decision_no="苏建罚〔2026〕999号")
    assert set(_ids(client, q="新称")) == {first["id"], second["id"]}
    assert set(_ids(client, q="旧称")) == {first["id"], second["id"]}


def test_totals_follow_publication_and_removal(client, housing):
    kept = file_and_publish(client, housing, entity=company("苏州计数甲有限公司"))
    gone = file_and_publish(client, housing, entity=company("苏州计数乙有限公司"))
    file_listing(client, housing, entity=company("苏州计数丙有限公司"))     # pending
    assert _answer(client)["total"] == 2
    assert _answer(client, q="计数")["total"] == 2
    client.post(f"{API.replace('/public', '')}/{gone['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    assert _answer(client)["total"] == 1
    assert _answer(client, q="计数") == {**_answer(client, q="计数"), "total": 1}
    assert _ids(client, q="计数") == [kept["id"]]
    assert _answer(client, q="计数", domain="construction")["total"] == 1


def test_browsing_pages_through_everything_newest_first(client, housing):
    ids = [file_and_publish(client, housing, entity=company(f"苏州浏览{n}有限公司"))["id"]
           for n in range(5)]
    pages = [_answer(client, per_page=2, page=n) for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [i["id"] for p in pages for i in p["items"]] == ids[::-1]
    assert pages[3]["items"] == []


@pytest.mark.parametrize("q", ["华", " ", "。。。", "!!", "公司丙丁戊己" * 3])
def test_odd_queries_answer_empty_at_once(client, housing, q):
    file_and_publish(client, housing, entity=company("苏州华信建设有限公司"))
    found = _answer(client, q=q)
    assert found["items"] == [] or q.strip() == ""


@pytest.mark.parametrize("params", [{"page": 0}, {"page": 2**63}, {"per_page": 0},
                                    {"per_page": 101}, {"q": "华" * 200}])
def test_out_of_range_paging_and_overlong_queries_are_422_naming_the_field(client, params):
    answer = client.get(API, query_string=params)
    assert answer.status_code == 422
    assert set(params) <= set(answer.json["errors"])


def test_a_page_past_the_end_is_empty(client, housing):
    file_and_publish(client, housing)
    assert _answer(client, page=100_000)["items"] == []
    assert _answer(client, q="某某", page=100_000)["items"] == []


def test_a_uscc_and_an_id_number_find_their_entries_and_nothing_else(client, housing):
    org = file_and_publish(client, housing, entity=company("苏州编码建设有限公司"))
    who = file_and_publish(client, housing, entity=person("王编码"))
    assert _ids(client, q=org["entity"]["uscc"].lower()) == [org["id"]]
    full = client.get(f"/api/v1/listings/{who['id']}", headers=housing).json
    assert _ids(client, q=full["entity"]["id_number"]) == [who["id"]]
    assert _answer(client, q=full["entity"]["id_number"])["total"] == 1


def test_a_rebuilt_index_answers_as_the_one_kept_in_step(client, housing, runtime, clock):
    for n in range(3):
        file_and_publish(client, housing, entity=company(f"苏州重建{n}有限公司"))
        clock.advance(minutes=1)
    before = [_answer(client, q="重建"), _answer(client), _answer(client, q="重建1")]
    with runtime.db.engine.begin() as conn:
        assert rebuild(conn) == 3
    after = [_answer(client, q="重建"), _answer(client), _answer(client, q="重建1")]
    assert after == before


def test_a_public_read_never_waits_for_a_writer(client, housing, runtime):
    file_and_publish(client, housing)
    with runtime.db.engine.connect() as writer:   # SQLite: BEGIN IMMEDIATE, the write lock
        writer.execute(text("SELECT 1"))
        if ON_POSTGRES:   # the log lock and the kept totals' rows, as a filing holds them
            writer.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOG_LOCK_KEY})
            writer.execute(text("UPDATE public_count SET n = n"))
        assert client.get(API, query_string={"q": "某某"}).status_code == 200
        assert client.get("/search", query_string={"q": "某某"}).status_code == 200
        assert client.get("/api/v1/reports/annual?year=2026").status_code == 200
        writer.rollback()


def test_a_read_session_cannot_write(runtime):
    with runtime.uow(readonly=True) as uow, pytest.raises(DBAPIError):
        uow.session.execute(text("DELETE FROM public_count"))
