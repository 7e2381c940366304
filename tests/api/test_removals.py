"""The operator proves removals propagated: per removal and per feed, when the platform
acknowledged the `removed` change and whether within 3 working days."""

import pytest

from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.api.party_helpers import repairable
from tests.factories import file_and_publish

FAST = PushPolicy(connect_timeout=0.5, read_timeout=0.5, attempts=2, backoff=0.01,
                  backoff_max=0.02, pass_seconds=10)


@pytest.fixture
def seams(fakes):
    return fakes


def push_to(runtime, leader, transport, name):
    return push.push_feed(runtime, name, guard=leader.guard, policy=FAST, transport=transport,
                          sleep=lambda s: None)


def feed_of(item, name):
    return next(f for f in item["feeds"] if f["feed"] == name)


def test_a_platform_that_acknowledges_late_is_shown_late(client, housing, admin, runtime,
                                                         leader, transport, clock):
    feeds.add_feed(runtime.uow(), "city", "https://city.example/changes", "shared")
    feeds.add_feed(runtime.uow(), "slow", "https://slow.example/changes", "public")
    listing = repairable(client, housing)
    client.post(f"/api/v1/listings/{listing['id']}/repair",
                json={"decision_no": "苏建修1号", "reason": "已整改"}, headers=housing)
    push_to(runtime, leader, transport, "city")         # Fri 2026-11-27, at once
    clock.advance(days=7)                               # Fri 12-04, past Wed 12-02
    push_to(runtime, leader, transport, "slow")
    revoked = file_and_publish(client, housing)
    client.post(f"/api/v1/listings/{revoked['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    push_to(runtime, leader, transport, "city")

    answer = client.get("/api/v1/reports/removals?from=2026-11-01&to=2026-12-31",
                        headers=admin)
    assert answer.status_code == 200, answer.json
    body = answer.json
    first, second = body["items"]
    assert first["listing_id"] == listing["id"] and first["status"] == "repaired"
    assert first["due"] == "2026-12-02" and body["limit_working_days"] == 3
    assert feed_of(first, "city")["on_time"] is True
    assert feed_of(first, "city")["acknowledged_at"].startswith("2026-11-27")
    assert feed_of(first, "slow")["on_time"] is False
    assert feed_of(first, "slow")["delay_seconds"] == 7 * 86400
    assert feed_of(second, "slow") == {"feed": "slow", "acknowledged_at": None,
                                       "on_time": None, "parked": False, "delay_seconds": None}
    summary = {s["feed"]: s for s in body["feeds"]}
    assert summary["city"] == {"feed": "city", "removals": 2, "on_time": 2, "late": 0,
                               "outstanding": 0, "outstanding_overdue": 0,
                               "longest_delay_seconds": 0}
    assert summary["slow"]["late"] == 1 and summary["slow"]["outstanding"] == 1
    assert summary["slow"]["longest_delay_seconds"] == 7 * 86400
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'blacklist_removals_unacknowledged{feed="slow"} 1.0' in metrics
    assert 'blacklist_removals_unacknowledged{feed="city"} 0.0' in metrics


def test_an_outstanding_removal_past_its_limit_is_overdue(client, housing, admin, runtime,
                                                          clock):
    feeds.add_feed(runtime.uow(), "city", "https://city.example/changes", "shared")
    listing = file_and_publish(client, housing)
    client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    clock.advance(days=10)
    body = client.get("/api/v1/reports/removals?from=2026-11-27&to=2026-11-27",
                      headers=admin).json
    assert feed_of(body["items"][0], "city")["on_time"] is False
    assert body["feeds"][0]["outstanding_overdue"] == 1


def test_the_removal_report_is_for_the_admin(client, housing, admin):
    assert client.get("/api/v1/reports/removals", headers=housing).status_code == 403
    backwards = client.get("/api/v1/reports/removals?from=2026-12-01&to=2026-11-01",
                           headers=admin)
    assert backwards.status_code == 422 and "from" in backwards.json["errors"]
    edge = client.get("/api/v1/reports/removals?from=0001-01-01&to=9999-12-31", headers=admin)
    assert edge.status_code == 200
    assert client.get("/api/v1/reports/removals?from=x", headers=admin).status_code == 422
