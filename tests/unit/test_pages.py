"""The public pages, served by the `pages` blueprint over fake services and the real data/."""

import datetime as dt
import json
import re
import types
from pathlib import Path

import pytest
from flask import Flask

from api import errors, pages
from blacklist.errors import InvalidInput, NotFound
from blacklist.public.search import PublicPage
from blacklist.registry.models import Entity, Listing
from blacklist.registry.records import ListingRecord

DATA = Path(__file__).resolve().parents[2] / "data"


def _by_code(name: str) -> dict:
    return {i["code"]: i for i in json.loads((DATA / f"{name}.json").read_text("utf-8"))[name]}


REFERENCE = types.SimpleNamespace(
    domains=_by_code("domains"), categories=_by_code("categories"),
    measures=_by_code("measures"), orgs=_by_code("orgs"),
    catalogue=json.loads((DATA / "catalogue.json").read_text("utf-8")),
)

COMPANY = {
    "id": "L-1", "entity": {"kind": "legal_person", "name": "苏州某某建设工程有限公司",
                            "uscc": "91320500MA1X2Y3Z4K"},
    "domain": "construction", "category": "market_order", "decision_no": "苏建罚〔2026〕12号",
    "decision_date": "2026-11-20", "facts": "串通投标", "legal_basis": "《招标投标法》第五十三条",
    "measures": ["bid_ban", "procurement_ban"], "publish_until": "2029-11-19",
    "source": {"org": "sz-housing", "name": "市住建局", "uscc": "11320500014001004G"},
}
PERSON = {
    **COMPANY, "id": "L-2", "domain": "housing", "category": "public_trust",
    "entity": {"kind": "natural_person", "name": "李四", "id_number": "32050519800101123X"},
    "measures": ["housing_ban"],
}


def record(listing: dict) -> ListingRecord:
    """A listed entry as blacklist.public.search returns it, from the fields above."""
    day = dt.date.fromisoformat
    now = dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC)
    entity = Entity(id=f"E-{listing['id']}", created_at=now, updated_at=now, former_names=[],
                    **listing["entity"])
    return ListingRecord(Listing(
        id=listing["id"], entity_id=entity.id, org=listing["source"]["org"],
        domain=listing["domain"], category=listing["category"],
        decision_no=listing["decision_no"], decision_date=day(listing["decision_date"]),
        facts=listing["facts"], legal_basis=listing["legal_basis"],
        measures=listing["measures"], publish_until=day(listing["publish_until"]),
        statement_deadline=day("2026-12-04"), repairable_from=day("2027-11-20"),
        status="listed", published_at=now, created_at=now, updated_at=now),
        entity, listing["source"])


class FakePublic:
    """Stands in for blacklist.public.search: matches by substring of name or identifier."""

    def __init__(self, listings):
        self.listings, self.calls = listings, []

    def search_listings(self, uow, q, domain, page, per_page, source=None):
        self.calls.append({"q": q, "domain": domain, "page": page, "per_page": per_page})
        hits = [x for x in self.listings if (not domain or x["domain"] == domain)
                and (not source or x["source"]["org"] == source)
                and (not q or q in x["entity"]["name"] or q in json.dumps(x["entity"]))]
        start = (page - 1) * per_page
        return PublicPage([record(x) for x in hits[start:start + per_page]], len(hits), page,
                          per_page)

    def get_listing(self, uow, listing_id):
        for x in self.listings:
            if x["id"] == listing_id:
                return record(x)
        raise NotFound(f"no listing {listing_id}")


def _annual(year):
    months = {f"{year}-{m:02d}": m % 4 for m in range(1, 13)}
    return {
        "year": year,
        "listings": {
            "new_by_domain": {"construction": 7, "procurement": 3},
            "new_by_month": months,
            "new_by_department": {"sz-housing": 7, "sz-finance": 3},
            "removals": {"expired": 2, "repaired": 1, "revoked": 0},
            "listed_at_year_end": {"construction": 12, "housing": 1},
        },
        "penalties": {"by_department": [
            {"org": "sz-housing", "name": "市住建局", "filed": 20, "on_time": 17, "late": 3,
             "share_on_time": 0.85},
            {"org": "sz-fda", "name": "市食药监局", "filed": 0, "on_time": 0, "late": 0,
             "share_on_time": None},
        ]},
        "screenings": {"total": 1234, "refusals": 56, "reviews": 7,
                       "by_domain": {"procurement": {"total": 1000, "refusals": 50}}},
    }


@pytest.fixture
def fake_public(monkeypatch):
    fake = FakePublic([COMPANY, PERSON])
    monkeypatch.setattr(pages, "public", fake)
    monkeypatch.setattr(pages, "deps", types.SimpleNamespace(uow=lambda readonly=False: object(),
                                                             reference=lambda: REFERENCE))
    monkeypatch.setattr(pages, "reports", types.SimpleNamespace(annual=lambda uow, y: _annual(y)))
    return fake


@pytest.fixture
def client(fake_public):
    app = Flask("pages_test")
    app.config["TESTING"] = True
    app.register_blueprint(pages.bp)
    errors.register(app)
    return app.test_client()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_page_offers_one_search_box_and_a_domain_filter(client):
    page = text(client.get("/"))
    assert '<html lang="zh-CN">' in page
    assert "苏州市公共资源交易领域信用黑名单查询" in page
    assert re.search(r'<label for="q">', page) and 'id="q" name="q"' in page
    assert '<label for="domain">' in page
    for name in ("住房保障", "国有土地使用权出让", "药品和医用耗材采购"):
        assert f">{name}</option>" in page


def test_domain_filter_links_each_domain_to_its_catalogue_items(client):
    page = text(client.get("/"))
    for code in REFERENCE.domains:
        assert f'href="/catalogue?domain={code}"' in page


def test_search_shows_name_identifier_domain_measures_and_link(client):
    page = text(client.get("/search", query_string={"q": "建设"}))
    assert "苏州某某建设工程有限公司" in page and "91320500MA1X2Y3Z4K" in page
    assert "工程建设项目招标投标" in page and "严重破坏市场公平竞争秩序" in page
    assert "苏建罚〔2026〕12号" in page and "市住建局" in page
    assert "限制参与依法必须招标项目的投标" in page and "限制参与政府采购活动" in page
    assert "2029-11-19" in page and 'href="/listings/L-1"' in page


def test_natural_person_id_number_appears_only_as_masked(client):
    page = text(client.get("/search", query_string={"q": "李四"}))
    assert "3205**********123X" in page and "32050519800101123X" not in page
    assert "身份证号码" in page


def test_search_passes_the_domain_filter_and_page_to_the_service(client, fake_public):
    client.get("/search", query_string={"q": "某", "domain": "housing", "page": "2"})
    assert fake_public.calls[-1] == {"q": "某", "domain": "housing", "page": 2, "per_page": 20}


def test_search_with_no_match_says_nothing_was_found(client):
    response = client.get("/search", query_string={"q": "不存在的公司"})
    assert response.status_code == 200
    assert "未查询到" in text(response)


@pytest.mark.parametrize("query", [
    {"domain": "casino"}, {"page": "0"}, {"page": "-1"}, {"page": "abc"}, {"page": "1.5"},
    {"page": "9" * 30}, {"q": "x" * 101}, {"q": "a\x00b"},
])
def test_a_malformed_search_is_a_400_page(client, query):
    response = client.get("/search", query_string=query)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "查询条件有误" in text(response)


def test_a_query_of_exactly_100_characters_is_accepted(client):
    assert client.get("/search", query_string={"q": "某" * 100}).status_code == 200


def test_service_refusing_the_query_is_a_400_page(client, monkeypatch, fake_public):
    def refuse(*args, **kwargs):
        raise InvalidInput.field("q", "too short")
    monkeypatch.setattr(fake_public, "search_listings", refuse)
    assert client.get("/search", query_string={"q": "x"}).status_code == 400


def test_script_in_the_query_comes_back_escaped(client):
    page = text(client.get("/search", query_string={"q": "<script>alert(1)</script>"}))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_results_are_paged_with_links_that_keep_the_query(client, fake_public):
    fake_public.listings = [{**COMPANY, "id": f"L-{i}"} for i in range(45)]
    page = text(client.get("/search", query_string={"q": "建设", "domain": "construction"}))
    assert "共找到 <strong>45</strong> 条记录" in page
    assert page.count('class="card"') == 20
    assert 'href="/search?q=%E5%BB%BA%E8%AE%BE&amp;domain=construction&amp;page=2"' in page
    assert 'aria-label="分页"' in page
    last = text(client.get("/search", query_string={"q": "建设", "page": "3"}))
    assert last.count('class="card"') == 5 and 'rel="next"' not in last


def test_listing_detail_says_who_why_by_whom_and_until_when(client):
    page = text(client.get("/listings/L-1"))
    for part in ("苏州某某建设工程有限公司", "91320500MA1X2Y3Z4K", "串通投标",
                 "《招标投标法》第五十三条", "苏建罚〔2026〕12号", "2026-11-20", "市住建局",
                 "限制参与依法必须招标项目的投标", "2029-11-19", "工程建设项目招标投标"):
        assert part in page


def test_unknown_listing_is_a_404_page(client):
    response = client.get("/listings/nope")
    assert response.status_code == 404
    assert "未找到" in text(response)


def test_annual_report_draws_every_figure_as_svg_with_its_numbers(client):
    page = text(client.get("/reports/2026"))
    assert page.count("<svg") == 7
    for heading in ("新增列入（按领域）", "新增列入（按月）", "移出名单（按原因）",
                    "年末在列（按领域）", "行政处罚7个工作日内公示率", "交易主体核查与拒绝"):
        assert heading in page
    assert "<caption" in page and "12月" in page
    assert "85%" in page and "1,234" in page and "公示期满移出" in page


def test_annual_report_has_no_inline_style(client):
    page = text(client.get("/reports/2026"))
    assert "style=" not in page and "<script" not in page


def test_report_for_a_year_out_of_range_is_a_404_page(client):
    assert client.get("/reports/1999").status_code == 404


def test_catalogue_lists_both_annexes_with_attribute_and_responsible_body(client):
    page = text(client.get("/catalogue"))
    assert "苏州市公共资源交易领域政府信息公开事项目录（共27项）" in page
    assert "苏州市住房保障领域政府信息公开事项目录（共18项）" in page
    assert "主动公开" in page and "各级住房保障主管部门" in page


def test_catalogue_filtered_by_domain_shows_only_that_domains_items(client):
    page = text(client.get("/catalogue", query_string={"domain": "housing"}))
    assert "住房保障领域政府信息公开事项目录（住房保障，18项）" in page
    assert "公共资源交易领域政府信息公开事项目录" not in page
    mining = text(client.get("/catalogue", query_string={"domain": "mining"}))
    assert "出让（招标、拍卖）批复" in mining and "集中采购目录" not in mining


def test_catalogue_with_unknown_domain_is_a_400_page(client):
    assert client.get("/catalogue", query_string={"domain": "x"}).status_code == 400


def test_pages_load_nothing_from_outside_the_service(client):
    for url in ("/", "/search?q=a", "/listings/L-1", "/reports/2026", "/catalogue"):
        page = text(client.get(url))
        assert not re.search(r'(src|href)="(https?:)?//', page), url
        assert "style=" not in page, url


def test_stylesheet_is_served_by_the_blueprint(client):
    page = text(client.get("/"))
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css"
    response.close()


def test_a_page_past_the_last_points_back_to_the_first(client):
    page = text(client.get("/search", query_string={"q": "建设", "page": "9"}))
    assert "第 9 页没有记录" in page and 'href="/search?q=%E5%BB%BA%E8%AE%BE"' in page


def test_error_page_offers_the_search_form_again(client):
    page = text(client.get("/search", query_string={"domain": "casino"}))
    assert 'id="q" name="q" type="search" value=""' in page


def test_an_id_number_in_the_query_is_echoed_masked():
    assert pages.shown_query("32050519800101123x") == "3205**********123X"
    assert pages.shown_query("苏州某某公司") == "苏州某某公司"
    assert pages.shown_query("913205057257600583") == "9132**********0583"  # digit-only USCC too
    assert pages.shown_query(None) == ""
