"""As-of answers: the decision the list would have given at a past instant, from the change log."""

import datetime

from sqlalchemy import func, or_
from sqlmodel import select

from blacklist.infra.clock import SHANGHAI
from blacklist.registry.models import Entity, Listing
from blacklist.registry.names import normalise_name
from blacklist.screening.entries import apply_change, empty_index
from blacklist.trail.models import Change


def _exact_name(key: str):
    """search_key is the "|"-joined normalised names: one of its parts equals key."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(Entity.search_key == key,
               Entity.search_key.like(f"{escaped}|%", escape="\\"),
               Entity.search_key.like(f"%|{escaped}", escape="\\"),
               Entity.search_key.like(f"%|{escaped}|%", escape="\\"))


def _entity_conditions(party: dict) -> list:
    rep_id = (party.get("legal_representative") or {}).get("id_number")
    conditions = []
    if party.get("uscc"):
        conditions.append(Entity.uscc == party["uscc"])
    if party.get("id_number"):
        conditions.append(Entity.id_number == party["id_number"])
    if rep_id:
        conditions += [Entity.id_number == rep_id, Entity.legal_rep_id == rep_id]
    key = normalise_name(party.get("name") or "")
    if key:
        conditions.append(_exact_name(key))
    return conditions


def candidate_listings(session, party: dict) -> list[str]:
    """Listings whose party shares an identifier, a legal representative or a name with it."""
    conditions = _entity_conditions(party)
    if not conditions:
        return []
    query = (select(Listing.id).join(Entity, Entity.id == Listing.entity_id)
             .where(or_(*conditions)))
    return list(session.exec(query))


def _changes_until(session, listing_ids: list[str], instant: datetime.datetime) -> list[Change]:
    if not listing_ids:
        return []
    query = (select(Change).where(Change.listing_id.in_(listing_ids), Change.at <= instant)
             .order_by(Change.seq))
    return list(session.exec(query))


def seq_at(session, instant: datetime.datetime) -> int:
    """The last change seq committed at or before the instant."""
    query = select(func.coalesce(func.max(Change.seq), 0)).where(Change.at <= instant)
    return session.exec(query).one()


def screen_as_of(uow, party: dict, domain: str | None,
                 instant: datetime.datetime) -> tuple[dict, int]:
    """The party screened against the listings as their last change before the instant left them."""
    index = empty_index(uow.context)
    with uow:
        changes = _changes_until(uow.session, candidate_listings(uow.session, party), instant)
        for change in changes:
            apply_change(index, change.event, change.snapshot)
        seq = seq_at(uow.session, instant)
    today = instant.astimezone(SHANGHAI).date()
    return index.screen_party(party, domain, today), seq
