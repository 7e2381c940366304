"""`uow.removals`: the removed changes of the log and their acknowledgements per feed."""

import datetime as dt

from sqlalchemy import func
from sqlmodel import select

from blacklist.sharing.models import ParkedChange
from blacklist.sharing.removal_models import RemovalAck
from blacklist.trail.models import Change

REMOVED = "removed"


class RemovalRepository:
    def __init__(self, uow):
        self.session = uow.session

    def acknowledge(self, feed_name: str, items, at: dt.datetime) -> None:
        """Record the removed changes among the acknowledged items (once per feed and seq)."""
        removed = [item for item in items if item.view.get("event") == REMOVED]
        if not removed:
            return
        known = set(self.session.exec(select(RemovalAck.seq).where(
            RemovalAck.feed_name == feed_name,
            RemovalAck.seq.in_([item.seq for item in removed]))))
        for item in removed:
            if item.seq not in known:
                self.session.add(RemovalAck(feed_name=feed_name, seq=item.seq,
                                            listing_id=item.listing_id, acked_at=at))
        self.session.flush()

    def between(self, start: dt.datetime, end: dt.datetime) -> list[Change]:
        """The removed changes made in [start, end), in log order."""
        return list(self.session.exec(select(Change).where(
            Change.event == REMOVED, Change.at >= start, Change.at < end).order_by(Change.seq)))

    def acks_of(self, seqs: list[int]) -> dict[tuple[str, int], dt.datetime]:
        """{(feed, seq): acknowledged at} for these removed changes."""
        if not seqs:
            return {}
        rows = self.session.exec(select(RemovalAck.feed_name, RemovalAck.seq, RemovalAck.acked_at)
                                 .where(RemovalAck.seq.in_(seqs)))
        return {(feed, seq): at for feed, seq, at in rows}

    def parked_removals(self) -> set[tuple[str, int]]:
        """(feed, seq) of the removed changes a platform rejected and that wait for a replay."""
        rows = self.session.exec(select(ParkedChange.feed_name, ParkedChange.seq)
                                 .join(Change, Change.seq == ParkedChange.seq)
                                 .where(Change.event == REMOVED))
        return set(rows)

    def unacknowledged(self, feed_name: str, cursor: int, include_sources: bool) -> int:
        """Removed changes past the feed's cursor that it carries, and those it parked."""
        past = select(func.count()).select_from(Change).where(Change.event == REMOVED,
                                                              Change.seq > cursor)
        if not include_sources:
            past = past.where(Change.origin == "local")
        past = self.session.exec(past).one()
        parked = self.session.exec(select(func.count()).select_from(ParkedChange)
                                   .join(Change, Change.seq == ParkedChange.seq)
                                   .where(ParkedChange.feed_name == feed_name,
                                          Change.event == REMOVED)).one()
        return past + parked
