"""The change log: one row per change of a listing's public state, in commit order."""

import datetime as dt
import uuid

from sqlalchemy import func, text
from sqlmodel import select

from blacklist.infra.bulk import insert_rows
from blacklist.trail import events
from blacklist.trail.models import Change

# What a platform hears of a status: on the list, changed while on it, or off it.
EVENT_OF_ACTION = {"publish": "listed", "correct": "updated", "expire": "removed",
                   "repair": "removed", "revoke": "removed",
                   "object": "updated", "settle_objection": "updated"}


class ChangeLog:
    """`uow.changes`: appends to the change log and the queries that read it."""

    def __init__(self, uow):
        self.session = uow.session
        self._uow = uow

    def record(self, event: str, record, at: dt.datetime) -> Change:
        """Append a change of a listing record; the caller holds the log lock, so seq order
        is commit order."""
        change = Change(event_id=str(uuid.uuid4()), at=at, event=event,
                        listing_id=record.listing.id, snapshot=events.listing_event(record),
                        source=dict(record.source), origin=record.listing.origin)
        self.session.add(change)
        self.session.flush()
        # The public projection moves in the same transaction as the change it follows.
        self._uow.public_entries.follow(record)
        return change

    def insert_many(self, changes: list[dict]) -> None:
        """Append changes (dicts of Change's columns but seq) in their order, in one insert
        (an import's batch); the caller holds the log lock."""
        insert_rows(self.session, Change.__table__, changes)

    def after(self, seq: int, limit: int, include_sources: bool = True) -> list:
        """Changes past seq, in order: rows with the columns of Change, read without making
        ORM objects (a push reads the log a batch at a time, and they cost more than the
        rows). Without include_sources only the city's own entries (no echo)."""
        query = select(*Change.__table__.columns).where(Change.seq > seq)
        if not include_sources:
            query = query.where(Change.origin == "local")
        query = query.order_by(Change.seq).limit(limit)
        return list(self.session.exec(query))

    def last_seq(self) -> int:
        """The last committed seq (0 when the log is empty)."""
        return self.session.exec(select(func.coalesce(func.max(Change.seq), 0))).one()

    def seq_at(self, instant: dt.datetime) -> int:
        """The last change seq committed at or before the instant."""
        query = select(func.coalesce(func.max(Change.seq), 0)).where(Change.at <= instant)
        return self.session.exec(query).one()

    def backlog(self, seq: int, include_sources: bool = True) -> tuple[int, dt.datetime | None]:
        """How many changes lie past seq, and when the oldest of them was made; without
        include_sources, the city's own only (what a feed without them will ever carry)."""
        query = select(func.count(), func.min(Change.at)).where(Change.seq > seq)
        if not include_sources:
            query = query.where(Change.origin == "local")
        return self.session.exec(query).one()

    def of_listings(self, listing_ids: list[str]) -> list:
        """Every change of these listings, in order (rows with the columns of Change): the
        history an as-of or window answer replays."""
        if not listing_ids:
            return []
        query = (select(*Change.__table__.columns).where(Change.listing_id.in_(listing_ids))
                 .order_by(Change.seq))
        return list(self.session.exec(query))


def last_seq_raw(connection) -> int:
    """The freshness check of the hot path: one indexed query, no ORM."""
    return connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM change")).scalar_one()


def changes_after_raw(connection, seq: int, limit: int) -> list:
    """(seq, event, snapshot) rows past seq, in order, on a plain connection (no ORM): the
    screening index's catch-up. SQLite may hand the snapshot back as JSON text."""
    query = (select(Change.seq, Change.event, Change.snapshot)
             .where(Change.seq > seq).order_by(Change.seq).limit(limit))
    return connection.execute(query).all()
