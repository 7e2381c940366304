"""The public surface is rate-limited per client address, in memory or in Redis; callers
with a token and the operational endpoints are not."""

import os
import uuid

import pytest
import redis

from api import create_app
from blacklist.infra.runtime import Runtime
from tests.factories import listing_body

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMITED = ["/api/v1/public/listings", "/api/v1/public/penalties", "/search?q=公司", "/",
           "/api/v1/exports/listings?format=json",
           "/api/v1/reports/annual?year=2026", "/reports/2026", "/catalogue"]


@pytest.fixture
def limited(settings, clock):
    """make(limit, **settings) → a test client of an app with that public rate limit."""
    runtimes = []

    def make(limit="3 per minute", **limits):
        rt = Runtime.from_settings(settings.updated(limits={"public_rate_limit": limit, **limits}),
                                   clock)
        runtimes.append(rt)
        return create_app(runtime=rt).test_client()
    yield make
    for rt in runtimes:
        rt.db.dispose()


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the shared Redis, removed afterwards."""
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        server.close()
        if os.environ.get("CI_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis required at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(server.scan_iter(match=f"*{prefix}*"))
    if keys:
        server.delete(*keys)
    server.close()


def _assert_limited(answer, html: bool) -> None:
    assert answer.status_code == 429
    assert 1 <= int(answer.headers["Retry-After"]) <= 61
    if html:
        assert answer.mimetype == "text/html"
        assert "请求过于频繁" in answer.get_data(as_text=True)
    else:
        assert answer.mimetype == "application/problem+json"
        assert answer.json["type"] == "/problems/rate-limited" and answer.json["status"] == 429


@pytest.mark.parametrize("path", LIMITED)
def test_each_public_path_answers_429_with_retry_after_past_the_limit(limited, path):
    client = limited("3 per minute")
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 200]
    _assert_limited(client.get(path), html=not path.startswith("/api/"))


def test_the_limit_is_shared_by_the_public_api_and_the_pages_per_address(limited):
    client = limited("3 per minute")
    for path in ("/", "/api/v1/public/listings", "/search?q=公司"):
        assert client.get(path).status_code == 200
    _assert_limited(client.get("/api/v1/public/listings"), html=False)
    _assert_limited(client.get("/reports/2026"), html=True)
    other = client.get("/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_token_holders_assets_and_probes_are_never_limited(limited, housing):
    client = limited("1 per minute")
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 429
    for _ in range(3):
        for path in ("/healthz", "/readyz", "/.well-known/jwks.json", "/assets/pages.css",
                     "/api/v1/openapi.json"):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/v1/listings", headers=housing).status_code == 200
        answer = client.post("/api/v1/listings", json=listing_body(), headers=housing)
        assert answer.status_code == 201
        assert client.get("/no-such-page").status_code == 404


def test_the_default_allows_120_a_minute(limited):
    client = limited("120 per minute")
    assert all(client.get("/api/v1/public/listings").status_code == 200 for _ in range(120))
    assert client.get("/api/v1/public/listings").status_code == 429


def test_counters_in_redis_are_shared_by_every_worker(limited, redis_prefix):
    first = limited("3 per minute", redis_url=REDIS_URL, key_prefix=redis_prefix)
    second = limited("3 per minute", redis_url=REDIS_URL, key_prefix=redis_prefix)
    assert first.get("/api/v1/public/listings").status_code == 200
    assert second.get("/search?q=公司").status_code == 200
    assert first.get("/").status_code == 200
    _assert_limited(second.get("/api/v1/public/listings"), html=False)
    _assert_limited(first.get("/reports/2026"), html=True)
    server = redis.Redis.from_url(REDIS_URL)
    assert list(server.scan_iter(match=f"*{redis_prefix}*"))
    server.close()


def test_in_memory_counters_belong_to_one_process(limited):
    first, second = limited("2 per minute"), limited("2 per minute")
    assert [first.get("/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/").status_code == 200


def test_pages_keep_answering_when_redis_is_gone(limited):
    client = limited("2 per minute", redis_url="redis://127.0.0.1:1/0",
                     key_prefix="unreachable")
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(settings, clock):
    rt = Runtime.from_settings(settings.updated(limits={"public_rate_limit": "2 per minute",
                                                        "trusted_proxies": 1}), clock)
    client = create_app(runtime=rt).test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    assert [client.get("/api/v1/public/listings", headers=first).status_code
            for _ in range(3)] == [200, 200, 429]
    other = client.get("/api/v1/public/listings", headers={"X-Forwarded-For": "203.0.113.8"})
    assert other.status_code == 200
    rt.db.dispose()
