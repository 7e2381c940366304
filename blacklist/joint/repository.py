"""`uow.joint`: the bulk queries of an import and a pull (parties and entries by their keys, a
batch at a time) and the sources."""

import datetime as dt
import uuid

from sqlalchemy import func, or_, tuple_
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.joint.models import Source
from blacklist.registry.models import Entity, Listing


class JointRepository:
    """Parties and entries looked up by their keys in bulk; sources by name."""

    def __init__(self, uow):
        self.session = uow.session

    def upsert_entities(self, parties: list[dict], now: dt.datetime) -> dict[tuple, Entity]:
        """The entity of each party, by (uscc, id_number-when-no-uscc); new ones are made,
        and a party named differently now takes its new name (the old one a former name)."""
        usccs = {p["uscc"] for p in parties if p.get("uscc")}
        ids = {p["id_number"] for p in parties if not p.get("uscc") and p.get("id_number")}
        known = {}
        if usccs or ids:
            query = select(Entity).where(or_(Entity.uscc.in_(usccs), Entity.id_number.in_(ids)))
            for entity in self.session.exec(query):
                known[(entity.uscc, None if entity.uscc else entity.id_number)] = entity
        for party in parties:
            key = (party.get("uscc"), None if party.get("uscc") else party.get("id_number"))
            entity = known.get(key)
            if entity is None:
                entity = known[key] = Entity(
                    id=str(uuid.uuid4()), kind=party["kind"], name=party["name"],
                    uscc=party.get("uscc"), id_number=party.get("id_number"),
                    former_names=[], created_at=now, updated_at=now)
                entity.set_former_names(party.get("former_names") or [])
                self.session.add(entity)
            if _renamed(entity, party):
                entity.take_filing(party["name"], party.get("former_names") or [],
                                   party.get("legal_representative") or {}, now)
        self.session.flush()
        return known

    def listings_of(self, keys: list[tuple[str, str, str]]) -> dict[tuple, Listing]:
        """The entries of these (entity id, domain, decision number) keys, whoever holds them."""
        if not keys:
            return {}
        columns = tuple_(Listing.entity_id, Listing.domain, Listing.decision_no)
        query = select(Listing).where(columns.in_(list(set(keys))))
        return {(x.entity_id, x.domain, x.decision_no): x for x in self.session.exec(query)}

    def add(self, row) -> None:
        """A new row, written with the batch."""
        self.session.add(row)

    def flush(self) -> None:
        """Write what the batch made, before its change rows and traces."""
        self.session.flush()

    def entries_of(self, origin: str) -> int:
        """How many entries a source holds on the list now."""
        return self.session.exec(select(func.count()).select_from(Listing).where(
            Listing.origin == origin, Listing.status == "listed")).one()

    def source(self, name: str, *, lock: bool = False) -> Source:
        """The source of that name (404 if unknown)."""
        query = select(Source).where(Source.name == name)
        found = self.session.exec(query.with_for_update() if lock else query).first()
        if found is None:
            raise NotFound(f"no source {name!r}")
        return found

    def find_source(self, name: str) -> Source | None:
        """The source of that name, or None."""
        return self.session.get(Source, name)

    def sources(self) -> list[Source]:
        """Every source, by name."""
        return list(self.session.exec(select(Source).order_by(Source.name)))


def _renamed(entity: Entity, party: dict) -> bool:
    rep = party.get("legal_representative") or {}
    return (entity.name != party["name"]
            or any(n not in entity.former_names for n in party.get("former_names") or [])
            or bool(rep.get("name") and rep.get("name") != entity.legal_rep_name))
