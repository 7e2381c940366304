"""A platform rejects one change with 422: it is parked, the rest arrive, a replay after the
fix delivers it."""

from blacklist.infra.leadership import for_runtime
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.reliability.seed import received, seed_changes


def test_a_rejected_change_is_parked_the_rest_arrive_and_replay_delivers_it(
        runtime, client, admin, receiver):
    events = seed_changes(runtime, 250)
    platform = receiver("--reject", events[137])
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    leader = for_runtime(runtime, lease_seconds=30)
    assert leader.ensure()
    policy = PushPolicy(attempts=2, backoff=0.01, backoff_max=0.02, pass_seconds=20)
    [outcome] = push.push_all(runtime, guard=leader.guard, policy=policy)
    leader.release()
    assert (outcome.delivered, outcome.parked) == (249, 1)
    assert [c["event_id"] for c in received(platform.records())] == \
        events[:137] + events[138:]
    [feed] = client.get("/api/v1/feeds", headers=admin).json["items"]
    assert [p["event_id"] for p in feed["parked"]] == [events[137]]
    assert "422" in feed["parked"][0]["answer"] and feed["cursor"] == outcome.cursor
    platform.fixed.touch()
    answer = client.post("/api/v1/feeds/city/replay", headers=admin)
    assert answer.status_code == 200 and answer.json["delivered"] == 1
    assert received(platform.records())[-1]["event_id"] == events[137]
    assert client.get("/api/v1/feeds", headers=admin).json["items"][0]["parked"] == []
