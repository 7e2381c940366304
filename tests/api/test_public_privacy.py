"""What the public tier must never show, what it must escape, and what it refuses."""

from blacklist.registry.identifiers import mask_id_number
from tests.factories import company, file_and_publish, make_id_number, person

API = "/api/v1/public/listings"


def _every_public_response(client, listing_id: str, q: str) -> dict[str, str]:
    paths = [f"{API}?q={q}", f"{API}/{listing_id}", f"/search?q={q}", f"/listings/{listing_id}",
             f"{API}", "/search", "/api/v1/reports/annual?year=2026", "/reports/2026"]
    bodies = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        bodies[path] = answer.get_data(as_text=True)
    return bodies


def test_a_legal_representatives_id_number_never_appears(client, housing):
    rep_id = make_id_number()
    entity = company("苏州法代有限公司", legal_representative={"name": "王五", "id_number": rep_id})
    listing = file_and_publish(client, housing, entity=entity)
    assert listing["entity"]["legal_representative"]["id_number"] == rep_id  # the filer sees it
    for path, body in _every_public_response(client, listing["id"], "法代").items():
        assert rep_id not in body, path
        assert mask_id_number(rep_id) not in body, path
        assert rep_id[6:14] not in body, path  # not even the birth date in the middle


def test_a_persons_full_id_number_never_appears(client, housing):
    id_number = make_id_number()
    listing = file_and_publish(client, housing, entity=person("赵六", id_number))
    for path, body in _every_public_response(client, listing["id"], id_number).items():
        assert id_number not in body, path
    assert mask_id_number(id_number) in client.get(f"/listings/{listing['id']}").get_data(
        as_text=True)


def test_a_script_in_the_query_is_shown_as_text(client, housing):
    file_and_publish(client, housing)
    attack = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'
    answer = client.get("/search", query_string={"q": attack})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    api = client.get(API, query_string={"q": attack})
    assert api.status_code == 200 and api.mimetype == "application/json"
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_a_script_in_a_filed_name_is_shown_as_text(client, housing):
    listing = file_and_publish(client, housing, entity=company("<script>alert(1)</script>有限公司"),
                               facts='<b onmouseover="alert(1)">串通投标</b>')
    for path in (f"/listings/{listing['id']}", "/search?q=有限公司"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<b onmouseover" not in page, path


def test_an_unknown_domain_is_refused(client):
    api = client.get(API, query_string={"domain": "casino"})
    assert api.status_code == 422 and api.mimetype == "application/problem+json"
    assert "domain" in api.json["errors"]
    page = client.get("/search", query_string={"q": "公司", "domain": "casino"})
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "所选领域不存在" in page.get_data(as_text=True)
    assert client.get("/catalogue", query_string={"domain": "casino"}).status_code == 400


def test_a_bad_page_number_is_refused(client):
    assert client.get(API, query_string={"page": "0"}).status_code == 422
    assert client.get("/search", query_string={"q": "公司", "page": "abc"}).status_code == 400
