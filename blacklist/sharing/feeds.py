"""The feeds an operator registers, how far each has got, and the pull view of the change log."""

import re
from urllib.parse import urlparse

from blacklist.errors import InvalidInput
from blacklist.infra.clock import rfc3339
from blacklist.sharing.models import Feed
from blacklist.sharing.tiers import TIERS, wire_change

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


def add_feed(uow, name: str, url: str, tier: str = "public", token: str | None = None,
             include_sources: bool = False) -> dict:
    """Register a platform, or update its address, tier or token (and resume it if stopped);
    it hears of our sources' entries only with include_sources."""
    _check(name, url, tier)
    with uow:
        feed = uow.feeds.find(name)
        if feed is None:
            feed = Feed(name=name, url=url, tier=tier, token=token, created_at=uow.clock.now())
        feed.url, feed.tier, feed.token, feed.stopped = url, tier, token, False
        feed.include_sources = include_sources
        uow.feeds.save(feed)
        uow.commit()
        return feed_view(uow, feed)


def _check(name: str, url: str, tier: str) -> None:
    errors = {}
    if not NAME.match(name or ""):
        errors["name"] = ["lower-case letters, digits, '.', '_' or '-', at most 64"]
    parsed = urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        errors["url"] = ["an http:// or https:// address"]
    if tier not in TIERS:
        errors["tier"] = [f"one of {', '.join(TIERS)}"]
    if errors:
        raise InvalidInput(errors)


def list_feeds(uow) -> list[dict]:
    """Every feed with its cursor, lag (changes and seconds), last success, error and parked."""
    with uow:
        return [feed_view(uow, feed) for feed in uow.feeds.all()]


def feed_view(uow, feed: Feed) -> dict:
    """A feed as operators see it."""
    parked = uow.feeds.parked(feed.name)
    return {"name": feed.name, "url": feed.url, "tier": feed.tier, "cursor": feed.cursor,
            "lag": lag(uow, feed.cursor, feed.include_sources), "last_success_at": rfc3339(feed.last_success_at),
            "last_error": feed.last_error, "stopped": feed.stopped,
            "include_sources": feed.include_sources,
            "parked": [{"seq": p.seq, "event_id": p.event_id, "listing_id": p.listing_id,
                        "answer": p.answer, "parked_at": rfc3339(p.parked_at)} for p in parked]}


def lag(uow, cursor: int, include_sources: bool) -> dict:
    """How many changes the feed will carry lie past the cursor, and how old the oldest is."""
    count, oldest = uow.changes.backlog(cursor, include_sources)
    seconds = 0
    if oldest is not None:
        now = uow.clock.now()
        if oldest.tzinfo is None:
            now = now.replace(tzinfo=None)
        seconds = max(0, int((now - oldest).total_seconds()))
    return {"changes": count, "seconds": seconds}


def changes_page(uow, after: int = 0, limit: int = 100, include_sources: bool = False) -> dict:
    """The change log past `after`, shared tier, exactly as a push carries it; the city's own
    entries only unless include_sources (two cities subscribed to each other never echo)."""
    with uow:
        changes = uow.changes.after(after, limit, include_sources)
        return {"changes": [wire_change(c, "shared") for c in changes],
                "next_after": changes[-1].seq if changes else after}
