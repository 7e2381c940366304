"""Identifiers stored before they were made canonical are made canonical, once, by
`blacklist init`: the party of a code typed two ways becomes one entity, its listings,
penalties and history kept, every step audited, and every platform told (an `updated`
change of each listed entry whose party's identifiers changed)."""

import logging
import unicodedata

from blacklist.infra.principal import SYSTEM
from blacklist.registry.identifiers import (
    IdentifierError,
    check_id_number,
    check_uscc,
    fold,
)
from blacklist.registry.models import Entity
from blacklist.trail import events

log = logging.getLogger(__name__)
FIELDS = ("uscc", "id_number", "legal_rep_id")


def repaired(value: str | None, check) -> str | None:
    """What a stored identifier meant: folded, invisible marks dropped, digits of any script
    as ASCII; the value as stored when even that does not pass its check."""
    if not value:
        return value
    kept = (c for c in fold(value) if unicodedata.category(c) != "Cf")
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in kept)
    try:
        return check(text)
    except IdentifierError:
        return value


def canonicalise(uow) -> dict:
    """Make every stored identifier canonical, merging the entities that are one party."""
    now, allowed = uow.clock.now(), uow.ref.uscc_allowed
    checks = {"uscc": lambda v: check_uscc(v, allowed=allowed),
              "id_number": check_id_number, "legal_rep_id": check_id_number}
    done = {"fixed": 0, "merged": 0, "left": 0}
    with uow:
        uow.lock_log()
        for entity in uow.entities.with_stray_identifiers():
            wanted = {f: repaired(getattr(entity, f), checks[f]) for f in FIELDS}
            if wanted == {f: getattr(entity, f) for f in FIELDS}:
                done["left"] += 1
                log.warning("identifier left as stored: it is not a valid code",
                            extra={"entity": entity.id})
                continue
            merged = _apply(uow, entity, wanted, now)
            done["merged" if merged else "fixed"] += 1
        uow.commit()
    return done


def _apply(uow, entity: Entity, wanted: dict, now) -> bool:
    """Give the entity its canonical identifiers, or fold it into the entity that has them."""
    before = events.entity_fields(entity)
    target = uow.entities.by_identifier(uscc=wanted["uscc"], id_number=wanted["id_number"])
    if target is not None and target.id != entity.id:
        target.take_filing(target.name, [entity.name, *entity.former_names], {}, now)
        uow.entities.move_decisions(entity, target)
        uow.audit.record(SYSTEM, "merge", "entity", target.id, before=before,
                         after=events.entity_fields(target), at=now)
        _tell_platforms(uow, target, now)
        return True
    for field, value in wanted.items():
        setattr(entity, field, value)
    entity.updated_at = now
    uow.entities.save(entity)
    uow.audit.record(SYSTEM, "canonicalise", "entity", entity.id, before=before,
                     after=events.entity_fields(entity), at=now)
    _tell_platforms(uow, entity, now)
    return False


def _tell_platforms(uow, entity: Entity, now) -> None:
    for record in uow.listings.of_entity(entity.id):
        if record.listing.status == "listed":
            uow.changes.record("updated", record, now)
