"""A fragment matching many names is counted only up to a bound: its total is then an
estimate, said to be one (`total_exact: false`, "约" on the page), and every page still
holds what a scan of the names finds, newest first, however far the count went."""

import pytest

from blacklist.public import finder
from tests.factories import company, file_and_publish

API = "/api/v1/public/listings"


@pytest.fixture
def listed(client, housing, finance):
    """Sixteen names with both 华信 and 信达, half of them with 华信达 (every other one,
    in two domains): their grams are as common as the fragment is, the fragment rarer."""
    made = []
    for n in range(16):
        name = f"苏州华信达{n}号工程有限公司" if n % 2 == 0 else f"苏州华信{n}号信达工程有限公司"
        where = ({} if n % 4 < 2 else
                 {"domain": "procurement", "measures": ["procurement_ban"]})
        made.append((file_and_publish(client, housing if n % 4 < 2 else finance,
                                      entity=company(name), **where), n % 2 == 0))
    return made


def _answer(client, **params) -> dict:
    answer = client.get(API, query_string=params)
    assert answer.status_code == 200, answer.json
    return answer.json


def _pages(client, per_page: int, **params) -> list[str]:
    found, page = [], 1
    while items := _answer(client, **params, page=page, per_page=per_page)["items"]:
        found.extend(item["id"] for item in items)
        page += 1
    return found


# (matches counted, postings a count reads): the service counts 1,000 among 20,000.
@pytest.mark.parametrize("counted, window", [(3, 20_000), (3, 8), (100, 8), (100, 20_000)])
def test_every_page_of_a_fragment_holds_what_a_scan_finds_newest_first(
        client, listed, monkeypatch, counted, window):
    monkeypatch.setattr(finder, "COUNTED", counted)
    monkeypatch.setattr(finder, "WINDOW", window)
    matching = [entry for entry, match in reversed(listed) if match]
    assert _pages(client, 3, q="华信达") == [entry["id"] for entry in matching]
    found = _answer(client, q="华信达")
    assert found["total"] == 8 if found["total_exact"] else 4 <= found["total"] <= 16
    assert _pages(client, 2, q="华信达", domain="construction") == [
        entry["id"] for entry in matching if entry["domain"] == "construction"]


def test_a_total_counted_only_in_part_is_an_estimate_said_to_be_one(client, listed,
                                                                    monkeypatch):
    monkeypatch.setattr(finder, "COUNTED", 3)
    found = _answer(client, q="华信达")
    assert found["total_exact"] is False
    assert 4 <= found["total"] <= 16                     # 8 in truth
    assert len(found["items"]) == 8
    page = client.get("/search", query_string={"q": "华信达"}).get_data(as_text=True)
    assert "共找到约 <strong>" in page


def test_a_fragment_matching_fewer_names_than_the_bound_is_counted_exactly(client, listed,
                                                                          monkeypatch):
    monkeypatch.setattr(finder, "COUNTED", 9)
    found = _answer(client, q="华信达")
    assert (found["total"], found["total_exact"]) == (8, True)
    page = client.get("/search", query_string={"q": "华信达"}).get_data(as_text=True)
    assert "共找到 <strong>8</strong> 条记录" in page


def test_a_fragment_of_names_no_longer_listed_finds_nothing(client, housing):
    gone = file_and_publish(client, housing, entity=company("苏州撤销建设工程有限公司"))
    client.post(f"/api/v1/listings/{gone['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    for q in ("苏州撤销建设工程有限公司", "撤销建设", "撤销"):
        assert _answer(client, q=q) == {**_answer(client, q=q), "items": [], "total": 0}
        assert client.get("/search", query_string={"q": q}).status_code == 200
