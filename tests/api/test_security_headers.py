"""Every response forbids outside content and sniffing; page paths answer errors as pages."""

import re

import pytest

from tests.factories import file_and_publish

PAGES = ["/", "/search?q=公司", "/catalogue", "/reports/2026"]


def _policy(header: str) -> dict[str, list[str]]:
    directives = (d.split() for d in header.split(";") if d.strip())
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", PAGES + ["/api/v1/public/listings", "/assets/pages.css",
                                          "/healthz", "/no-such-page"])
def test_every_response_allows_only_the_service_itself(client, path):
    answer = client.get(path)
    policy = _policy(answer.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for sources in policy.values():
        assert all(s in ("'self'", "'none'", "data:") for s in sources), sources
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_pages_need_nothing_the_policy_forbids(client, housing):
    listing = file_and_publish(client, housing)
    for path in PAGES + [f"/listings/{listing['id']}"]:
        page = client.get(path).get_data(as_text=True)
        assert 'lang="zh-CN"' in page
        assert "<script" not in page and "<style" not in page, path
        assert not re.search(r"\sstyle=", page), path          # inline styles, SVG included
        assert not re.search(r"\son[a-z]+=", page), path        # inline event handlers
        for url in re.findall(r'(?:src|href|action)="([^"]*)"', page):
            assert url.startswith(("/", "#", "?")) and not url.startswith("//"), (path, url)


def test_an_unknown_page_is_an_html_page(client):
    answer = client.get("/no-such-page")
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert "页面不存在" in page and 'lang="zh-CN"' in page


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/no", "/.well-known/nothing"])
def test_an_unknown_api_path_is_still_a_problem(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/problems/not-found"


def test_a_wrong_method_on_a_page_is_an_html_page_with_allow(client):
    answer = client.post("/search")
    assert answer.status_code == 405 and answer.mimetype == "text/html"
    assert "GET" in answer.headers["Allow"]
    api = client.delete("/api/v1/public/listings")
    assert api.status_code == 405 and api.mimetype == "application/problem+json"
    assert "GET" in api.headers["Allow"]


def test_a_failure_on_a_page_path_is_an_html_page(app, caplog):
    def boom():
        raise RuntimeError("disk on fire")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "disk on fire" not in page.get_data(as_text=True)
    api = client.get("/api/v1/boom")
    assert api.status_code == 500 and api.mimetype == "application/problem+json"
    assert "unhandled error" in caplog.text
