"""The feeds an operator registers, how far each has got, and the pull view of the change log."""

import re
from urllib.parse import urlparse

from sqlalchemy import func
from sqlmodel import select

from blacklist.errors import InvalidInput, NotFound
from blacklist.infra.clock import rfc3339
from blacklist.registry.views import public_view
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.trail import changelog
from blacklist.trail.models import Change

TIERS = ("shared", "public")
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


def tier_view(tier: str):
    """The shared tier carries full identifiers; the public tier is masked as the public page."""
    return None if tier == "shared" else public_view


def add_feed(uow, name: str, url: str, tier: str = "public", token: str | None = None) -> dict:
    """Register a platform, or update its address, tier or token (and resume it if stopped)."""
    _check(name, url, tier)
    with uow:
        feed = uow.session.get(Feed, name)
        if feed is None:
            feed = Feed(name=name, url=url, tier=tier, token=token, created_at=uow.clock.now())
        feed.url, feed.tier, feed.token, feed.stopped = url, tier, token, False
        uow.session.add(feed)
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


def get_feed(session, name: str) -> Feed:
    feed = session.get(Feed, name)
    if feed is None:
        raise NotFound(f"no feed {name!r}")
    return feed


def list_feeds(uow) -> list[dict]:
    """Every feed with its cursor, lag (changes and seconds), last success, error and parked."""
    with uow:
        feeds = uow.session.exec(select(Feed).order_by(Feed.name)).all()
        return [feed_view(uow, feed) for feed in feeds]


def feed_view(uow, feed: Feed) -> dict:
    """A feed as operators see it."""
    parked = uow.session.exec(select(ParkedChange).where(ParkedChange.feed_name == feed.name)
                              .order_by(ParkedChange.seq)).all()
    return {"name": feed.name, "url": feed.url, "tier": feed.tier, "cursor": feed.cursor,
            "lag": lag(uow, feed.cursor), "last_success_at": rfc3339(feed.last_success_at),
            "last_error": feed.last_error, "stopped": feed.stopped,
            "parked": [{"seq": p.seq, "event_id": p.event_id, "listing_id": p.listing_id,
                        "answer": p.answer, "parked_at": rfc3339(p.parked_at)} for p in parked]}


def lag(uow, cursor: int) -> dict:
    """How many changes lie past the cursor, and how old the oldest of them is."""
    count, oldest = uow.session.exec(
        select(func.count(), func.min(Change.at)).where(Change.seq > cursor)).one()
    seconds = 0
    if oldest is not None:
        now = uow.clock.now()
        if oldest.tzinfo is None:
            now = now.replace(tzinfo=None)
        seconds = max(0, int((now - oldest).total_seconds()))
    return {"changes": count, "seconds": seconds}


def changes_page(uow, after: int = 0, limit: int = 100) -> dict:
    """The change log past `after`, shared tier, as platforms that pull read it."""
    with uow:
        changes = changelog.after(uow, after, limit)
        return {"changes": [changelog.change_view(c) for c in changes],
                "next_after": changes[-1].seq if changes else after}
