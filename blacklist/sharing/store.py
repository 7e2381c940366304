"""What a push writes: the cursor (only under leadership), parked changes, errors and stops."""

from blacklist.sharing.delivery import Item, Segment
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.sharing.tiers import wire_change


def snapshot(uow, name: str) -> tuple[Feed, dict[str, int]]:
    """The feed, and the listings that have a parked change (each with its first parked seq)."""
    with uow:
        feed = uow.feeds.get(name)
        blocked: dict[str, int] = {}
        for parked in uow.feeds.parked(name):
            blocked.setdefault(parked.listing_id, parked.seq)
        return feed, blocked


def backlog(uow, tier: str, cursor: int, limit: int, include_sources: bool = False
            ) -> list[Item]:
    """The next changes past the cursor, in seq order, as the feed's tier shows them; our
    sources' entries only for a feed added with include_sources (no echo)."""
    with uow:
        return [_item(change, tier)
                for change in uow.changes.after(cursor, limit, include_sources)]


def _item(change, tier: str, parked_id: int | None = None) -> Item:
    return Item(change.seq, change.event_id, change.listing_id, wire_change(change, tier),
                parked_id)


def settle(uow, name: str, segment: Segment, guard) -> None:
    """Move the cursor past a settled segment and park its rejected changes, in one
    transaction, and only while this process still holds leadership."""
    now = uow.clock.now()
    with uow:
        guard(uow)
        feed = uow.feeds.get(name)
        feed.cursor = max(feed.cursor, segment.items[-1].seq)
        if segment.acked:
            feed.last_success_at, feed.last_error = now, None
            uow.removals.acknowledge(name, segment.acked, now)
        for item, answer in segment.parked:
            uow.feeds.park(ParkedChange(feed_name=name, seq=item.seq, event_id=item.event_id,
                                        listing_id=item.listing_id, answer=answer[:2000],
                                        parked_at=now))
        uow.feeds.save(feed)
        uow.commit()


def record_error(uow, name: str, error: str, *, stop: bool = False) -> None:
    """Show why the last pass ended early; a stopped feed waits for an operator."""
    with uow:
        feed = uow.feeds.get(name)
        feed.last_error = error[:2000]
        feed.stopped = feed.stopped or stop
        uow.feeds.save(feed)
        uow.commit()


def parked_items(uow, name: str) -> tuple[Feed, list[Item]]:
    """A feed's parked changes, oldest first, ready to send again; resumes a stopped feed."""
    with uow:
        feed = uow.feeds.get(name)
        feed.stopped = False
        uow.feeds.save(feed)
        items = [_item(change, feed.tier, parked.id)
                 for parked, change in uow.feeds.parked_with_changes(name)]
        uow.commit()
        return feed, items


def settle_replay(uow, name: str, segment: Segment) -> None:
    """Delivered parked changes leave the list; those rejected again keep their newest answer."""
    now = uow.clock.now()
    with uow:
        delivered = [item.parked_id for item in segment.acked]
        if delivered:
            uow.feeds.unpark(delivered)
            uow.removals.acknowledge(name, segment.acked, now)
            feed = uow.feeds.get(name)
            feed.last_success_at = now
            uow.feeds.save(feed)
        for item, answer in segment.parked:
            parked = uow.feeds.get_parked(item.parked_id)
            if parked is not None:
                parked.answer, parked.parked_at = answer[:2000], now
                uow.feeds.park(parked)
        uow.commit()
