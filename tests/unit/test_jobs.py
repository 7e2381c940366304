"""Jobs called directly (never by waiting for the scheduler): each run is counted through the
runtime's metrics, skipped when another process leads."""

import pytest

from blacklist.sharing import feeds
from jobs import tasks
from tests.reliability.seed import seed_changes


class Follower:
    """A process that another scheduler leads."""

    def ensure(self) -> bool:
        return False


@pytest.fixture
def seams(fakes):
    return fakes


def test_a_job_is_skipped_while_another_process_leads(runtime, metrics):
    assert tasks.run("expire", runtime, Follower()) is None
    assert metrics.counts["job", "expire", "skipped"] == 1 and metrics.durations == []


def test_a_job_run_is_counted_with_its_duration(runtime, leader, metrics):
    assert tasks.run("expire", runtime, leader) == {"expired": 0}
    assert metrics.counts["job", "expire", "ok"] == 1
    [(job, seconds)] = metrics.durations
    assert job == "expire" and seconds >= 0


def test_a_push_job_uses_the_runtimes_transport(runtime, leader, transport, metrics):
    events = seed_changes(runtime, 3)
    feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
    result = tasks.run("push", runtime, leader)
    assert result["city"]["delivered"] == 3 and transport.event_ids == events
    assert metrics.counts["job", "push", "ok"] == 1


def test_a_job_that_breaks_is_counted_as_failed_and_returns_nothing(runtime, leader, transport,
                                                                    metrics):
    seed_changes(runtime, 1)
    feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
    transport.script = [RuntimeError("a bug in the transport")]
    assert tasks.run("push", runtime, leader) is None
    assert metrics.counts["job", "push", "failed"] == 1
    assert feeds.list_feeds(runtime.uow())[0]["cursor"] == 0
