"""What a push writes: the cursor (only under leadership), parked changes, errors and stops."""

from sqlmodel import delete, select

from blacklist.sharing.delivery import Item, Segment
from blacklist.sharing.feeds import get_feed, tier_view
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.trail import changelog
from blacklist.trail.models import Change


def snapshot(uow, name: str) -> tuple[Feed, dict[str, int]]:
    """The feed, and the listings that have a parked change (each with its first parked seq)."""
    with uow:
        feed = get_feed(uow.session, name)
        rows = uow.session.exec(select(ParkedChange.listing_id, ParkedChange.seq)
                                .where(ParkedChange.feed_name == name)
                                .order_by(ParkedChange.seq)).all()
        blocked: dict[str, int] = {}
        for listing_id, seq in rows:
            blocked.setdefault(listing_id, seq)
        uow.session.expunge(feed)  # read after the session ends (rollback would expire it)
        return feed, blocked


def backlog(uow, tier: str, cursor: int, limit: int) -> list[Item]:
    """The next changes past the cursor, in seq order, as the feed's tier shows them."""
    view = tier_view(tier)
    with uow:
        return [_item(change, view) for change in changelog.after(uow, cursor, limit)]


def _item(change: Change, view, parked_id: int | None = None) -> Item:
    return Item(change.seq, change.event_id, change.listing_id,
                changelog.change_view(change, view), parked_id)


def settle(uow, name: str, segment: Segment, guard) -> None:
    """Move the cursor past a settled segment and park its rejected changes, in one
    transaction, and only while this process still holds leadership."""
    now = uow.clock.now()
    with uow:
        guard(uow)
        feed = get_feed(uow.session, name)
        feed.cursor = max(feed.cursor, segment.items[-1].seq)
        if segment.acked:
            feed.last_success_at, feed.last_error = now, None
        for item, answer in segment.parked:
            uow.session.add(ParkedChange(feed_name=name, seq=item.seq, event_id=item.event_id,
                                         listing_id=item.listing_id, answer=answer[:2000],
                                         parked_at=now))
        uow.session.add(feed)
        uow.commit()


def record_error(uow, name: str, error: str, *, stop: bool = False) -> None:
    """Show why the last pass ended early; a stopped feed waits for an operator."""
    with uow:
        feed = get_feed(uow.session, name)
        feed.last_error = error[:2000]
        feed.stopped = feed.stopped or stop
        uow.session.add(feed)
        uow.commit()


def parked_items(uow, name: str) -> tuple[Feed, list[Item]]:
    """A feed's parked changes, oldest first, ready to send again; resumes a stopped feed."""
    with uow:
        feed = get_feed(uow.session, name)
        feed.stopped = False
        uow.session.add(feed)
        rows = uow.session.exec(
            select(ParkedChange, Change).join(Change, Change.seq == ParkedChange.seq)
            .where(ParkedChange.feed_name == name).order_by(ParkedChange.seq)).all()
        view = tier_view(feed.tier)
        items = [_item(change, view, parked.id) for parked, change in rows]
        uow.commit()
        uow.session.expunge(feed)
        return feed, items


def settle_replay(uow, name: str, segment: Segment) -> None:
    """Delivered parked changes leave the list; those rejected again keep their newest answer."""
    now = uow.clock.now()
    with uow:
        delivered = [item.parked_id for item in segment.acked]
        if delivered:
            uow.session.exec(delete(ParkedChange).where(ParkedChange.id.in_(delivered)))
            feed = get_feed(uow.session, name)
            feed.last_success_at = now
            uow.session.add(feed)
        for item, answer in segment.parked:
            parked = uow.session.get(ParkedChange, item.parked_id)
            if parked is not None:
                parked.answer, parked.parked_at = answer[:2000], now
                uow.session.add(parked)
        uow.commit()
