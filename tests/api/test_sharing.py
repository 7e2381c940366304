"""Sharing through HTTP and real sockets: pull, push, parking, replay, stop."""

import pytest

from blacklist.infra.signing import verify_detached
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.factories import company, file_and_publish, person
from tests.reliability.receiver import Platform
from tests.reliability.seed import received

FAST = PushPolicy(connect_timeout=0.5, read_timeout=0.5, attempts=3, backoff=0.01,
                  backoff_max=0.05, pass_seconds=10)


@pytest.fixture
def platform():
    server = Platform().start()
    yield server
    server.stop()


def run_push(runtime, leader, **policy):
    return push.push_all(runtime, guard=leader.guard,
                         policy=PushPolicy(**{**FAST.model_dump(), **policy}))


def test_a_platform_pulls_the_shared_tier_in_order(client, housing, feed_reader):
    one = file_and_publish(client, housing, entity=person(name="李四"))
    two = file_and_publish(client, housing, entity=company())
    answer = client.get("/api/v1/changes?after=0&limit=10", headers=feed_reader)
    assert answer.status_code == 200
    changes = answer.json["changes"]
    assert [c["listing"]["id"] for c in changes] == [one["id"], two["id"]]
    assert changes[0]["listing"]["entity"]["id_number"] == one["entity"]["id_number"]
    assert changes[0]["source"]["uscc"] and changes[0]["event"] == "listed"
    assert answer.json["next_after"] == changes[-1]["seq"]
    rest = client.get(f"/api/v1/changes?after={changes[-1]['seq']}", headers=feed_reader).json
    assert rest == {"changes": [], "next_after": changes[-1]["seq"]}


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "after=-1", "after=x"])
def test_bad_paging_of_changes_is_a_422(client, feed_reader, query):
    answer = client.get(f"/api/v1/changes?{query}", headers=feed_reader)
    assert answer.status_code == 422
    assert set(answer.json["errors"]) <= {"after", "limit"}


def test_changes_need_the_feed_role(client, admin):
    assert client.get("/api/v1/changes").status_code == 401
    assert client.get("/api/v1/changes", headers=admin).status_code == 403


def test_push_delivers_signed_changes_with_their_source(runtime, client, housing, admin,
                                                        platform, leader):
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared", token="s3cret")
    listed = [file_and_publish(client, housing) for _ in range(3)]
    [outcome] = run_push(runtime, leader)
    assert outcome.delivered == 3 and outcome.error is None
    record = platform.records[0]
    verify_detached(record["signature"], record["body"].encode(), runtime.keys.jwks())
    assert record["authorization"] == "Bearer s3cret"
    changes = received(platform.records)
    assert [c["listing"]["id"] for c in changes] == [item["id"] for item in listed]
    assert changes[0]["source"] == {"org": "sz-housing", "name": "市住建局",
                                    "uscc": listed[0]["source"]["uscc"]}
    [feed] = client.get("/api/v1/feeds", headers=admin).json["items"]
    assert feed["cursor"] == changes[-1]["seq"] and feed["lag"] == {"changes": 0, "seconds": 0}
    assert feed["last_success_at"] and feed["last_error"] is None


def test_a_public_feed_never_carries_a_whole_id_number(runtime, client, housing, platform, leader):
    feeds.add_feed(runtime.uow(), "xinyong", platform.url, "public")
    listing = file_and_publish(client, housing, entity=person())
    run_push(runtime, leader)
    [change] = received(platform.records)
    assert change["listing"]["entity"]["id_number"] != listing["entity"]["id_number"]
    assert "*" in change["listing"]["entity"]["id_number"]
    assert listing["entity"]["id_number"] not in platform.records[0]["body"]


def test_a_rejected_change_is_parked_and_its_listing_waits_behind_it(
        runtime, client, housing, admin, platform, leader):
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    first = file_and_publish(client, housing)
    bad = file_and_publish(client, housing)
    last = file_and_publish(client, housing)
    pull = client.get("/api/v1/changes", headers=_feed(runtime)).json["changes"]
    platform.reject = {pull[1]["event_id"]}
    correction = client.post(f"/api/v1/listings/{bad['id']}/revoke", json={"reason": "撤销"},
                             headers=housing)
    assert correction.status_code == 200
    run_push(runtime, leader)
    delivered = [c["listing"]["id"] for c in received(platform.records)]
    assert delivered == [first["id"], last["id"]]
    [feed] = client.get("/api/v1/feeds", headers=admin).json["items"]
    assert [p["listing_id"] for p in feed["parked"]] == [bad["id"], bad["id"]]
    assert "invalid" in feed["parked"][0]["answer"] and "behind" in feed["parked"][1]["answer"]
    assert feed["lag"]["changes"] == 0
    platform.reject = set()
    answer = client.post("/api/v1/feeds/city/replay", headers=admin)
    assert answer.status_code == 200 and answer.json["delivered"] == 2
    assert answer.json["feed"]["parked"] == []
    replayed = received(platform.records)[2:]
    assert [c["event"] for c in replayed] == ["listed", "removed"]


def test_a_platform_that_refuses_us_stops_the_feed_until_an_operator_acts(
        runtime, client, housing, admin, platform, leader):
    feeds.add_feed(runtime.uow(), "province", platform.url, "shared")
    file_and_publish(client, housing)
    platform.status = 401
    [outcome] = run_push(runtime, leader)
    assert outcome.stopped and outcome.delivered == 0
    [feed] = client.get("/api/v1/feeds", headers=admin).json["items"]
    assert feed["stopped"] and "401" in feed["last_error"] and feed["cursor"] == 0
    assert run_push(runtime, leader) == []
    platform.status = None
    assert client.post("/api/v1/feeds/province/replay", headers=admin).status_code == 200
    [outcome] = run_push(runtime, leader)
    assert outcome.delivered == 1


def test_a_platform_that_stays_down_leaves_the_cursor_where_it_was(runtime, client, housing,
                                                                   admin, leader):
    feeds.add_feed(runtime.uow(), "down", "http://127.0.0.1:9/changes", "shared")
    file_and_publish(client, housing)
    [outcome] = run_push(runtime, leader)
    assert outcome.error and outcome.delivered == 0
    [feed] = client.get("/api/v1/feeds", headers=admin).json["items"]
    assert feed["cursor"] == 0 and feed["lag"]["changes"] == 1 and feed["last_error"]


def test_no_cursor_moves_without_leadership(runtime, client, housing, platform, leader):
    from blacklist.infra.leadership import NotLeader

    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    file_and_publish(client, housing)
    leader.release()
    with pytest.raises(NotLeader):
        run_push(runtime, leader)
    assert feeds.list_feeds(runtime.uow())[0]["cursor"] == 0


def test_feeds_and_replay_are_for_admins(client, feed_reader):
    assert client.get("/api/v1/feeds", headers=feed_reader).status_code == 403
    assert client.post("/api/v1/feeds/x/replay", headers=feed_reader).status_code == 403


def test_replaying_an_unknown_feed_is_a_404(client, admin):
    assert client.post("/api/v1/feeds/nope/replay", headers=admin).status_code == 404


def test_adding_a_feed_checks_its_address_and_tier(runtime):
    from blacklist.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        feeds.add_feed(runtime.uow(), "Bad Name", "ftp://x", "secret")
    assert set(caught.value.extra["errors"]) == {"name", "url", "tier"}


def _feed(runtime):
    import time
    import uuid

    now = int(time.time())
    claims = {"sub": "t", "org": "sz-credit", "roles": ["feed"], "iat": now, "exp": now + 600,
              "iss": runtime.settings.keys.issuer, "aud": runtime.settings.keys.audience,
              "jti": str(uuid.uuid4())}
    return {"Authorization": f"Bearer {runtime.keys.sign_token(claims)}"}


def test_metrics_show_pushes_and_feed_lag(runtime, client, housing, platform, leader):
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    file_and_publish(client, housing)
    run_push(runtime, leader)
    file_and_publish(client, housing)
    text = client.get("/metrics").get_data(as_text=True)
    assert 'blacklist_feed_pushes_total{feed="city",outcome="acked"}' in text
    assert 'blacklist_feed_lag_changes{feed="city"} 1.0' in text
