"""The audit trail: every action, hash-chained so that any edit of history is detectable."""

import functools
import hashlib
from collections.abc import Iterator

from types import SimpleNamespace

from sqlmodel import select

from blacklist.infra.bulk import Json, as_json, canonical, insert_rows
from blacklist.trail.models import AuditEvent

GENESIS = "0" * 64


def _digest(prev_hash: str, event: AuditEvent) -> str:
    return _chained(prev_hash, event, canonical(event.before), canonical(event.after))


def _chained(prev_hash: str, event, before: str, after: str) -> str:
    """The hash of an event linked to prev_hash: SHA-256 of prev_hash and the canonical text
    of {at, actor_org, actor_sub, action, object_type, object_id, before, after}, written out
    key by key in sorted order with before and after given as their canonical texts (a bulk
    writer has the after's text already: it is encoded once)."""
    text = (f'{{"action":{_repeated(event.action)},"actor_org":{_repeated(event.actor_org)},'
            f'"actor_sub":{_repeated(event.actor_sub)},"after":{after},'
            f'"at":{_instant(event.at)},"before":{before},'
            f'"object_id":{canonical(event.object_id)},'
            f'"object_type":{_repeated(event.object_type)}}}')
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


# The scalars a bulk writer's events share (actor, action, type, instant) encoded once each.
_repeated = functools.lru_cache(maxsize=1024, typed=True)(canonical)


def _instant(at) -> str:
    return _instant_text(at, at.utcoffset())


@functools.lru_cache(maxsize=1024)
def _instant_text(at, _offset) -> str:
    # The offset is in the key: one instant in two offsets is one datetime, two texts.
    return canonical(at.isoformat())


class AuditTrail:
    """`uow.audit`: appends to the hash chain and reads it back."""

    def __init__(self, uow):
        self.session = uow.session

    def record(self, actor, action: str, object_type: str, object_id: str, *,
               before: dict | None, after: dict | None, at) -> AuditEvent:
        """Append one audit event linked to the last; the caller holds the log lock."""
        last = self.session.exec(
            select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
        event = AuditEvent(at=at, actor_org=actor.org, actor_sub=actor.sub, action=action,
                           object_type=object_type, object_id=object_id, before=before,
                           after=after, prev_hash=last or GENESIS, hash="")
        event.hash = _digest(event.prev_hash, event)
        self.session.add(event)
        self.session.flush()
        return event

    def record_many(self, traces: list[tuple]) -> None:
        """Append (actor, action, object_type, object_id, before, after, at) events in order,
        each linked to the one before, in one write; the caller holds the log lock. `after`
        may come serialised already (bulk.as_json)."""
        if not traces:
            return
        prev = self.session.exec(
            select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first() or GENESIS
        made = []
        for actor, action, object_type, object_id, before, after, at in traces:
            before, after = _stored(before), _stored(after)
            event = SimpleNamespace(at=at, actor_org=actor.org, actor_sub=actor.sub,
                                    action=action, object_type=object_type,
                                    object_id=object_id, before=before, after=after,
                                    prev_hash=prev)
            event.hash = prev = _chained(prev, event, before or "null", after or "null")
            made.append(vars(event))
        # One write, in chain order: ids follow the order of the rows.
        insert_rows(self.session, AuditEvent.__table__, made)

    def history(self, object_type: str, object_id: str) -> list[AuditEvent]:
        """The events of one object, oldest first."""
        query = (select(AuditEvent).where(AuditEvent.object_type == object_type,
                                          AuditEvent.object_id == object_id)
                 .order_by(AuditEvent.id))
        return list(self.session.exec(query))

    def in_order(self, batch: int = 1000) -> Iterator[AuditEvent]:
        """Every event, oldest first, read in batches."""
        return self.session.exec(select(AuditEvent).order_by(AuditEvent.id)).yield_per(batch)


def _stored(value) -> Json | None:
    """A before or after as stored and hashed: its canonical text, encoded once."""
    return value if value is None or isinstance(value, Json) else as_json(value)


def verify(uow) -> tuple[bool, int | None, int]:
    """(intact, id of the first broken event, events checked), inside an entered uow."""
    prev, count = GENESIS, 0
    for event in uow.audit.in_order():
        count += 1
        if event.prev_hash != prev or _digest(prev, event) != event.hash:
            return False, event.id, count
        prev = event.hash
    return True, None, count


def verify_chain(uow) -> tuple[bool, int | None, int]:
    """The whole chain checked in one read-only transaction (`blacklist audit verify`)."""
    with uow:
        return verify(uow)
