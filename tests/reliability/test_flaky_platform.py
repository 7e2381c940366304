"""A platform that fails a third of the time, hangs, and drops connections still gets every
change exactly once after dedupe, in order, signed."""

from blacklist.infra.leadership import for_runtime
from blacklist.infra.signing import verify_detached
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.reliability.seed import received, seed_changes


def test_a_flaky_platform_ends_with_every_change_once_in_order(runtime, receiver):
    platform = receiver("--flaky", "--seed", "7", "--hang", "0.6")
    events = seed_changes(runtime, 1000, listings=400)
    feeds.add_feed(runtime.uow(), "flaky", platform.url, "shared")
    policy = PushPolicy(connect_timeout=0.5, read_timeout=0.3, attempts=4, backoff=0.01,
                        backoff_max=0.05, pass_seconds=5)
    leader = for_runtime(runtime, lease_seconds=30)
    assert leader.ensure()
    try:
        for _ in range(60):   # bounded: each pass ends within pass_seconds
            push.push_all(runtime, guard=leader.guard, policy=policy)
            if feeds.list_feeds(runtime.uow())[0]["lag"]["changes"] == 0:
                break
    finally:
        leader.release()
    [feed] = feeds.list_feeds(runtime.uow())
    assert feed["lag"]["changes"] == 0 and feed["parked"] == []
    records = platform.records()
    for record in records:
        verify_detached(record["signature"], record["body"].encode(), runtime.keys.jwks())
    arrived = received(records)
    first_seen = list(dict.fromkeys(change["event_id"] for change in arrived))
    assert first_seen == events
    seqs = [change["seq"] for change in {c["event_id"]: c for c in arrived}.values()]
    assert seqs == sorted(seqs)
