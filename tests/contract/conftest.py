"""The production server (`blacklist serve`, in its own process) on the test's database, with a
little data in it: listings in each state, penalties, a screening, a feed with a parked change.
Everything goes through the service's outside: HTTP and the `blacklist` commands."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.api.test_freshness import free_port
from tests.factories import company, file_and_publish, file_listing, penalty_body, person
from tests.reliability.conftest import BLACKLIST, service_env, wait_for  # noqa: F401 - a fixture
from tests.reliability.receiver import Platform

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


def blacklist(env: dict, *args: str) -> str:
    """Run a `blacklist` command of the test's instance; it must succeed."""
    run = subprocess.run([BLACKLIST, *args], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, f"blacklist {' '.join(args)}: {run.stderr[-2000:]}"
    return run.stdout


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


def _seed_feed(env, client, housing, feed_reader, platform: Platform) -> str:
    """A feed that has delivered, with one change parked behind the platform's refusal."""
    blacklist(env, "feeds", "add", "city", platform.url, "--tier", "shared")
    refused = file_and_publish(client, housing)
    changes = client.get("/api/v1/changes?limit=1000", headers=feed_reader).json["changes"]
    platform.reject = {c["event_id"] for c in changes if c["listing"]["id"] == refused["id"]}
    blacklist(env, "jobs", "run", "push")
    platform.reject = set()
    return "city"


@pytest.fixture
def seeded(service_env, client, housing, screener, feed_reader):  # noqa: F811 - the fixture
    """The records of the run; the platform stays up so that pushes and replays reach it."""
    platform = Platform().start()
    try:
        listings, penalties = _seed_registry(client, housing)
        screening = _seed_screening(client, screener, listings[:2])
        feed = _seed_feed(service_env, client, housing, feed_reader, platform)
        entities = [item["entity"] for item in listings]
        yield Seeded(listing_ids=[item["id"] for item in listings], penalty_ids=penalties,
                     screening_ids=[screening], feed_names=[feed],
                     usccs=[e["uscc"] for e in entities if e.get("uscc")],
                     id_numbers=[e["id_number"] for e in entities if e.get("id_number")])
    finally:
        platform.stop()


@pytest.fixture
def live_server(service_env, runtime, seeded, tmp_path):  # noqa: F811 - the fixture
    """`blacklist serve` (gunicorn and the scheduler) on the seeded instance; its base URL."""
    runtime.db.dispose()  # the server's own connections only, from here on
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [BLACKLIST, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--threads", "8"], env={**service_env, "BLACKLIST_PUBLIC_RATE_LIMIT": UNLIMITED},
        stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base, server, Path(log.name)), 30, every=0.2)
        yield base
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _answers(base: str, server: subprocess.Popen, log: Path) -> bool:
    if server.poll() is not None:
        raise AssertionError(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:  # not listening yet, or the worker still loading
        return False
