"""The push: each feed's backlog, in seq order, to its platform; and the operator's replay."""

import logging
import time
from dataclasses import dataclass, field

from blacklist.infra.metrics import Metrics
from blacklist.sharing import store
from blacklist.sharing.delivery import FeedStopped, GiveUp, Segment, Sender, deliver
from blacklist.sharing.models import Feed
from blacklist.sharing.policy import PushPolicy
from blacklist.sharing.transport import Transport

log = logging.getLogger("blacklist.sharing.push")


@dataclass
class Outcome:
    """What one pass did for one feed."""

    feed: str
    delivered: int = 0
    parked: int = 0
    error: str | None = None
    stopped: bool = False
    cursor: int = 0
    segments: list = field(default_factory=list, repr=False)

    def count(self, segment: Segment) -> None:
        self.delivered += len(segment.acked)
        self.parked += len(segment.parked)


def push_all(runtime, *, guard, policy: PushPolicy | None = None,
             transport: Transport | None = None, sleep=time.sleep) -> list[Outcome]:
    """One pass over every feed that is not stopped; each ends within the pass's time. The
    policy and the transport are the runtime's unless given."""
    policy = policy or PushPolicy.from_settings(runtime.settings.push)
    transport = transport or runtime.transport
    with runtime.uow(readonly=True) as uow:
        names = uow.feeds.running()
    try:
        return [push_feed(runtime, name, guard=guard, policy=policy, transport=transport,
                          sleep=sleep) for name in names]
    finally:
        transport.close()


def push_feed(runtime, name: str, *, guard, policy: PushPolicy, transport: Transport,
              sleep=time.sleep) -> Outcome:
    """Send the feed's backlog until it is empty, the platform fails, or time is up; the
    cursor moves only past changes the platform acknowledged (or that were parked)."""
    feed, blocked = store.snapshot(runtime.uow(readonly=True), name)
    outcome = Outcome(name, cursor=feed.cursor)
    if feed.stopped:
        outcome.stopped = True
        return outcome
    sender = _sender(runtime, feed, policy, transport, sleep)
    while time.monotonic() < sender.deadline:
        items = store.backlog(runtime.uow(readonly=True), feed.tier, outcome.cursor,
                              policy.batch_size, feed.include_sources)
        write = lambda segment: store.settle(runtime.uow(), name, segment, guard)
        if not items or not _settle(runtime, sender, items, blocked, outcome, write):
            break
    return outcome


def _sender(runtime, feed: Feed, policy: PushPolicy, transport: Transport, sleep) -> Sender:
    # Each post asks for the keys anew: a pass may outlast a rotation.
    return Sender(feed=feed.name, url=feed.url, token=feed.token, transport=transport,
                  sign=lambda body: runtime.keys.detached(body), policy=policy,
                  deadline=time.monotonic() + policy.pass_seconds, metrics=runtime.metrics,
                  sleep=sleep)


def _settle(runtime, sender, items, blocked, outcome: Outcome, write) -> bool:
    """Deliver one batch and write down each settled run; False when the pass must end."""
    try:
        for segment in deliver(sender, items, blocked):
            write(segment)
            outcome.count(segment)
            _count(runtime.metrics, outcome.feed, segment)
            outcome.cursor = segment.items[-1].seq
    except FeedStopped as exc:
        outcome.error, outcome.stopped = str(exc), True
        log.warning("feed stopped", extra={"feed": outcome.feed, "error": outcome.error})
        store.record_error(runtime.uow(), outcome.feed, outcome.error, stop=True)
        return False
    except GiveUp as exc:
        outcome.error = str(exc)
        log.warning("push pass ended early", extra={"feed": outcome.feed, "error": outcome.error,
                                                   "seq_from": items[0].seq})
        store.record_error(runtime.uow(), outcome.feed, outcome.error)
        return False
    return True


def _count(metrics: Metrics, feed: str, segment: Segment) -> None:
    metrics.settled(feed, "delivered", len(segment.acked))
    if segment.parked:
        metrics.settled(feed, "parked", len(segment.parked))


def replay(runtime, name: str, *, policy: PushPolicy | None = None,
           transport: Transport | None = None, sleep=time.sleep) -> Outcome:
    """Send a feed's parked changes again, in order; those rejected again stay parked, and a
    later change of the same listing stays behind its parked predecessor."""
    policy = policy or PushPolicy.from_settings(runtime.settings.push)
    transport = transport or runtime.transport
    feed, items = store.parked_items(runtime.uow(), name)
    outcome = Outcome(name, cursor=feed.cursor)
    try:
        sender = _sender(runtime, feed, policy, transport, sleep)
        blocked: dict[str, int] = {}  # listings re-parked by this replay hold their successors
        write = lambda segment: store.settle_replay(runtime.uow(), name, segment)
        for start in range(0, len(items), policy.batch_size):
            batch = items[start:start + policy.batch_size]
            if not _settle(runtime, sender, batch, blocked, outcome, write):
                break
    finally:
        transport.close()
    return outcome

