"""The screening area's queries: `uow.screenings`, and the listings a party may have had."""

import datetime as dt

from sqlalchemy import func, or_
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.infra.principal import Principal
from blacklist.registry.models import Entity, Listing
from blacklist.registry.names import normalise_name
from blacklist.screening.models import Screening


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


class ScreeningRepository:
    """`uow.screenings`."""

    def __init__(self, uow):
        self.session = uow.session

    def add(self, screening: Screening) -> None:
        """Keep a screening for ever, with the receipt its trading center was given."""
        self.session.add(screening)

    def get(self, screening_id: str, *, for_org: Principal) -> Screening:
        """A screening of the actor's org (admin: any); another org's is not revealed (404)."""
        row = self.session.get(Screening, screening_id)
        if row is None or (row.org != for_org.org and not for_org.is_admin):
            raise NotFound(f"no screening {screening_id}")
        return row

    def candidate_listings(self, party: dict) -> list[str]:
        """Listings whose party shares an identifier, a legal representative or a name with
        it, whatever their status: the as-of answer replays their changes."""
        conditions = _entity_conditions(party)
        if not conditions:
            return []
        query = (select(Listing.id).join(Entity, Entity.id == Listing.entity_id)
                 .where(or_(*conditions)))
        return list(self.session.exec(query))

    def counts_between(self, start: dt.datetime, end: dt.datetime) -> list[tuple]:
        """(domain, refusals, reviews) of the screenings made in [start, end)."""
        return list(self.session.exec(
            select(Screening.domain, Screening.refusals, Screening.reviews)
            .where(Screening.checked_at >= start, Screening.checked_at < end)))

    def totals_between(self, start: dt.datetime, end: dt.datetime) -> list[tuple]:
        """(domain, screenings, refusals, reviews) of the screenings made in [start, end),
        summed in the database."""
        return list(self.session.exec(
            select(Screening.domain, func.count(), func.coalesce(func.sum(Screening.refusals), 0),
                   func.coalesce(func.sum(Screening.reviews), 0))
            .where(Screening.checked_at >= start, Screening.checked_at < end)
            .group_by(Screening.domain)))
