"""The push against a platform that answers from a script (the runtime's transport seam):
retries, Retry-After, stops, bisection and replay, and what each of them counts."""

import pytest

from blacklist.infra.leadership import for_runtime
from blacklist.infra.runtime import Runtime
from blacklist.infra.signing import verify_detached
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from blacklist.sharing.transport import Reply, TransportError
from tests.fakes import RecordingMetrics
from tests.reliability.seed import seed_changes

FAST = PushPolicy(connect_timeout=0.5, read_timeout=0.7, attempts=3, backoff=0.01,
                  backoff_max=0.02, pass_seconds=30)


@pytest.fixture
def seams(fakes):
    return fakes


@pytest.fixture
def sleeps():
    return []


def run(runtime, leader, sleeps, policy=FAST):
    feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
    return push.push_all(runtime, guard=leader.guard, policy=policy, sleep=sleeps.append)


def test_a_platform_that_fails_then_recovers_gets_every_change_acknowledged_once(
        runtime, leader, transport, metrics, sleeps):
    events = seed_changes(runtime, 5)
    transport.script = [503, TransportError("ReadTimeout: timed out")]
    [outcome] = run(runtime, leader, sleeps)
    assert outcome.delivered == 5 and outcome.error is None
    assert len(transport.posts) == 3 and len({post["body"] for post in transport.posts}) == 1
    assert transport.event_ids[-5:] == events
    assert feeds.list_feeds(runtime.uow())[0]["lag"]["changes"] == 0
    assert metrics.counts["pushed", "city", "retry"] == 2
    assert metrics.counts["pushed", "city", "acked"] == 1
    assert metrics.counts["settled", "city", "delivered"] == 5


def test_retry_after_is_the_least_wait_before_the_next_attempt(runtime, leader, transport,
                                                               sleeps):
    seed_changes(runtime, 1)
    transport.script = [Reply(429, "slow down", retry_after=7.0)]
    [outcome] = run(runtime, leader, sleeps)
    assert outcome.delivered == 1 and sleeps[0] >= 7.0


def test_a_platform_that_refuses_us_stops_the_feed_where_it_was(runtime, leader, transport,
                                                                metrics, sleeps):
    seed_changes(runtime, 3)
    transport.script = [401]
    [outcome] = run(runtime, leader, sleeps)
    assert outcome.stopped and outcome.delivered == 0 and "401" in outcome.error
    [feed] = feeds.list_feeds(runtime.uow())
    assert feed["stopped"] and feed["cursor"] == 0
    assert push.push_all(runtime, guard=leader.guard, policy=FAST) == []
    assert len(transport.posts) == 1 and metrics.counts["pushed", "city", "stopped"] == 1


def test_no_answer_after_every_attempt_leaves_the_cursor_and_notes_the_error(
        runtime, leader, transport, sleeps):
    seed_changes(runtime, 2)
    transport.otherwise = lambda body: TransportError("ConnectionError: refused")
    [outcome] = run(runtime, leader, sleeps)
    assert outcome.delivered == 0 and "refused" in outcome.error
    assert len(transport.posts) == FAST.attempts
    [feed] = feeds.list_feeds(runtime.uow())
    assert feed["cursor"] == 0 and "refused" in feed["last_error"]


def test_one_rejected_change_is_found_by_bisection_parked_alone_and_replayed(
        runtime, leader, transport, metrics, sleeps):
    events = seed_changes(runtime, 8)
    bad = events[5]
    transport.otherwise = lambda body: 422 if bad in [c["event_id"] for c in body["changes"]] \
        else 200
    [outcome] = run(runtime, leader, sleeps)
    assert (outcome.delivered, outcome.parked) == (7, 1)
    [feed] = feeds.list_feeds(runtime.uow())
    assert [p["event_id"] for p in feed["parked"]] == [bad] and feed["lag"]["changes"] == 0
    assert metrics.counts["settled", "city", "parked"] == 1
    assert metrics.counts["pushed", "city", "rejected"] == 1
    transport.otherwise = lambda body: 200
    replayed = push.replay(runtime, "city", policy=FAST)
    assert replayed.delivered == 1 and transport.event_ids[-1] == bad
    assert feeds.list_feeds(runtime.uow())[0]["parked"] == []


def test_each_post_is_signed_and_bounded_by_the_policys_timeouts(runtime, leader, transport,
                                                                 sleeps):
    seed_changes(runtime, 2)
    run(runtime, leader, sleeps)
    [post] = transport.posts
    assert post["timeout"] == (0.5, 0.7)
    verify_detached(post["headers"]["X-Signature"], post["body"], runtime.keys.jwks())


def test_without_a_policy_the_push_batches_as_the_settings_say(settings, clock, transport):
    runtime = Runtime.from_settings(settings.updated(push={"batch_size": 2}), clock,
                                    transport=transport, metrics=RecordingMetrics())
    lead = for_runtime(runtime, lease_seconds=30)
    assert lead.ensure()
    try:
        seed_changes(runtime, 5)
        feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
        [outcome] = push.push_all(runtime, guard=lead.guard)
    finally:
        lead.release()
        runtime.db.dispose()
    assert outcome.delivered == 5
    assert [len(post["changes"]) for post in transport.posts] == [2, 2, 1]
