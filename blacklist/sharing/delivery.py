"""Delivering changes to one platform: retry what may heal, bisect what it rejects, stop on
what only an operator can fix. Pure logic over a transport; the caller owns the database."""

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from blacklist.errors import DomainError
from blacklist.infra.metrics import Metrics
from blacklist.sharing.policy import PushPolicy
from blacklist.sharing.transport import Reply, Transport, TransportError

log = logging.getLogger("blacklist.sharing.push")

REJECTS = {400, 409, 413, 422}   # the records are wrong (413: too many of them at once)
STOPS = {401, 403, 404}          # the feed is misconfigured: only an operator can fix it


@dataclass(frozen=True)
class Item:
    """One change ready to send: its place in the log, its listing, and its tier view."""

    seq: int
    event_id: str
    listing_id: str
    view: dict
    parked_id: int | None = None


@dataclass
class Segment:
    """A contiguous run of items that is settled: each acknowledged or parked with an answer."""

    items: list[Item]
    parked: list[tuple[Item, str]] = field(default_factory=list)

    @property
    def acked(self) -> list[Item]:
        held = {item.seq for item, _ in self.parked}
        return [item for item in self.items if item.seq not in held]


class FeedStopped(DomainError):
    """The platform refused us (401/403/404): stop the feed until an operator acts."""

    slug, title = "feed-stopped", "Feed stopped"


class GiveUp(DomainError):
    """Retries or the pass's time ran out; nothing past the last acknowledged change moved."""

    slug, title = "push-gave-up", "Push gave up"


@dataclass
class Sender:
    """POSTs signed batches to one platform, retrying what may heal within the pass's deadline."""

    feed: str
    url: str
    token: str | None
    transport: Transport
    sign: Callable[[bytes], str]
    policy: PushPolicy
    deadline: float
    metrics: Metrics
    sleep: Callable[[float], None] = time.sleep
    batches: int = 0

    def send(self, items: list[Item]) -> Reply:
        """A 2xx or a rejection; raises FeedStopped or GiveUp on anything else."""
        body = encode(items)
        headers = {"Content-Type": "application/json", "X-Signature": self.sign(body)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.batches += 1
        for attempt in range(self.policy.attempts):
            reply, problem = self._attempt(body, headers)
            if reply is not None:
                return reply
            delay = self.policy.delay(attempt, problem.retry_after)
            self._note(items, "retry", problem.text)
            if attempt + 1 == self.policy.attempts or time.monotonic() + delay > self.deadline:
                raise GiveUp(problem.text)
            self.sleep(delay)
        raise AssertionError("unreachable")

    def _attempt(self, body: bytes, headers: dict) -> tuple[Reply | None, Reply | None]:
        try:
            reply = self.transport.post(self.url, body, headers, self.policy.timeout)
        except TransportError as exc:
            return None, Reply(0, str(exc))
        if 200 <= reply.status < 300 or reply.status in REJECTS:
            return reply, None
        if reply.status in STOPS:
            self.metrics.pushed(self.feed, "stopped")
            raise FeedStopped(f"HTTP {reply.status}: {reply.text}")
        return None, Reply(reply.status, f"HTTP {reply.status}: {reply.text}", reply.retry_after)

    def _note(self, items: list[Item], outcome: str, detail: str = "") -> None:
        self.metrics.pushed(self.feed, outcome)
        log.info("push %s", outcome, extra={
            "feed": self.feed, "batch": self.batches, "seq_from": items[0].seq,
            "seq_to": items[-1].seq, "changes": len(items), "outcome": outcome,
            **({"detail": detail[:200]} if detail else {})})


def encode(items: list[Item]) -> bytes:
    """The exact body that is signed and sent."""
    return json.dumps({"changes": [item.view for item in items]}, ensure_ascii=False,
                      separators=(",", ":")).encode()


def deliver(sender: Sender, items: list[Item], blocked: dict[str, int]) -> Iterator[Segment]:
    """Settle items in seq order; a change whose listing has a parked change waits behind it."""
    held = [(item, f"held behind parked change {blocked[item.listing_id]} of the same listing")
            for item in items if item.listing_id in blocked]
    ready = [item for item in items if item.listing_id not in blocked]
    if not ready:
        yield Segment(items, held)
        return
    reply = sender.send(ready)
    if 200 <= reply.status < 300:
        sender._note(ready, "acked")
        yield Segment(items, held)
    elif len(ready) == 1:
        sender._note(ready, "rejected", reply.text)
        blocked.setdefault(ready[0].listing_id, ready[0].seq)
        yield Segment(items, sorted(held + [(ready[0], f"HTTP {reply.status}: {reply.text}")],
                                    key=lambda pair: pair[0].seq))
    else:
        middle = len(items) // 2 if len(items) > 1 else 1
        yield from deliver(sender, items[:middle], blocked)
        yield from deliver(sender, items[middle:], blocked)
