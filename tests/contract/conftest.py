"""A live server (gunicorn, in its own process) on the test's database, with a little data in it:
listings in each state, a penalty, a screening, a feed with a parked change."""

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from jobs.leadership import for_runtime
from tests.factories import company, file_and_publish, file_listing, penalty_body, person
from tests.reliability.conftest import wait_for
from tests.reliability.receiver import Platform

ROOT = Path(__file__).resolve().parents[2]
# Every caller of the run comes from 127.0.0.1: the public limit must never be what answers.
UNLIMITED = "1000000 per minute"


@dataclass
class Seeded:
    """What the run can find in the database, for the generator to aim at."""

    listing_ids: list[str]
    penalty_ids: list[str]
    screening_ids: list[str]
    feed_names: list[str]
    usccs: list[str]
    id_numbers: list[str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed_registry(client, housing) -> tuple[list[dict], list[str]]:
    listed = [file_and_publish(client, housing, entity=company(name="苏州契约建设工程有限公司")),
              file_and_publish(client, housing, entity=person(name="王契约"))]
    pending = file_listing(client, housing)
    revoked = file_and_publish(client, housing)
    answer = client.post(f"/api/v1/listings/{revoked['id']}/revoke", json={"reason": "撤销"},
                         headers=housing)
    assert answer.status_code == 200, answer.json
    penalties = []
    for publish in (True, False):
        answer = client.post("/api/v1/penalties", json=penalty_body(publish=publish),
                             headers=housing)
        assert answer.status_code == 201, answer.json
        penalties.append(answer.json["id"])
    return [*listed, pending, revoked], penalties


def _seed_screening(client, screener, listed: list[dict]) -> str:
    parties = [{"name": item["entity"]["name"], **{key: item["entity"][key]
               for key in ("uscc", "id_number") if key in item["entity"]}} for item in listed]
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0457", "domain": "construction",
        "parties": [*parties, {"name": "苏州无关科技有限公司"}]})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def _seed_feed(runtime, client, housing, platform: Platform) -> str:
    """A feed that has delivered, with one change parked behind the platform's refusal."""
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    refused = file_and_publish(client, housing)
    with runtime.uow(readonly=True) as uow:
        change = next(c for c in feeds.changes_page(uow, 0, 1000)["changes"]
                      if c["listing"]["id"] == refused["id"])
    platform.reject = {change["event_id"]}
    lead = for_runtime(runtime, lease_seconds=30)
    assert lead.ensure()
    try:
        push.push_all(runtime, guard=lead.guard, policy=PushPolicy(
            connect_timeout=0.5, read_timeout=0.5, attempts=2, backoff=0.01, backoff_max=0.05,
            pass_seconds=10))
    finally:
        lead.release()
    platform.reject = set()
    return "city"


@pytest.fixture
def seeded(runtime, client, housing, screener):
    """The records of the run; the platform stays up so that replays reach it."""
    platform = Platform().start()
    try:
        listings, penalties = _seed_registry(client, housing)
        screening = _seed_screening(client, screener, listings[:2])
        feed = _seed_feed(runtime, client, housing, platform)
        entities = [item["entity"] for item in listings]
        yield Seeded(listing_ids=[item["id"] for item in listings], penalty_ids=penalties,
                     screening_ids=[screening], feed_names=[feed],
                     usccs=[e["uscc"] for e in entities if e.get("uscc")],
                     id_numbers=[e["id_number"] for e in entities if e.get("id_number")])
    finally:
        platform.stop()


@pytest.fixture
def live_server(settings, runtime, seeded):
    """gunicorn serving the seeded instance on 127.0.0.1; its base URL."""
    runtime.db.dispose()  # the server's own connections only, from here on
    port = _free_port()
    env = {**os.environ, "BLACKLIST_HOME": str(settings.home),
           "DATABASE_URL": settings.database_url, "BLACKLIST_PUBLIC_RATE_LIMIT": UNLIMITED,
           "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "8", "--worker-class", "gthread", "--timeout", "60",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base, server), 30, every=0.2)
        yield base
    finally:
        server.terminate()
        server.wait(15)


def _answers(base: str, server: subprocess.Popen) -> bool:
    if server.poll() is not None:
        raise AssertionError(f"the server exited with {server.returncode}")
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:  # not listening yet, or the worker still loading
        return False
