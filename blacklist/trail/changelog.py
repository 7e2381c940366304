"""The change log: one row per change of a listing's public state, in commit order."""

import uuid

from sqlalchemy import func, text
from sqlmodel import select

from blacklist.infra.clock import rfc3339
from blacklist.trail.models import Change

# What a platform hears of a status: on the list, changed while on it, or off it.
EVENT_OF_ACTION = {"publish": "listed", "correct": "updated", "expire": "removed",
                   "repair": "removed", "revoke": "removed"}


def record(uow, event: str, snapshot: dict, source: dict, at) -> Change:
    """Append a change; the caller holds the log lock, so seq order is commit order."""
    change = Change(event_id=str(uuid.uuid4()), at=at, event=event, listing_id=snapshot["id"],
                    snapshot=snapshot, source=source)
    uow.session.add(change)
    uow.session.flush()
    return change


def change_view(change: Change, tier_view=None) -> dict:
    """A change as feeds and `GET /changes` carry it."""
    listing = tier_view(change.snapshot) if tier_view else change.snapshot
    return {"seq": change.seq, "event_id": change.event_id, "at": rfc3339(change.at),
            "event": change.event, "listing": listing, "source": change.source}


def after(uow, seq: int, limit: int) -> list[Change]:
    """Changes past seq, in order."""
    query = select(Change).where(Change.seq > seq).order_by(Change.seq).limit(limit)
    return list(uow.session.exec(query))


def last_seq(uow) -> int:
    """The last committed seq (0 when the log is empty)."""
    return uow.session.exec(select(func.coalesce(func.max(Change.seq), 0))).one()


def last_seq_raw(connection) -> int:
    """The freshness check of the hot path: one indexed query, no ORM."""
    return connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM change")).scalar_one()
