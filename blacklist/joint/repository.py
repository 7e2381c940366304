"""`uow.joint`: the bulk queries of an import and a pull (parties and entries by their keys, a
batch at a time) and the sources."""

import datetime as dt

from types import SimpleNamespace

from sqlalchemy import func, update
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.infra.bulk import among, insert_rows, new_id
from blacklist.joint.models import Source
from blacklist.registry.models import LOCAL, PUBLIC_STATUSES, Entity, Listing
from blacklist.registry.names import search_key


def party_key(party) -> tuple:
    """How an import finds a party: its USCC, else its ID number."""
    uscc = party.get("uscc")
    return (uscc, None if uscc else party.get("id_number"))


def keyed(party: dict) -> dict:
    """The party with what its entity would hold that needs no database: former names
    (each once, not its name) and the search key. Worked out before a batch is written (an
    import's checking process does it), so upsert_entities takes parties keyed."""
    former = [n for n in dict.fromkeys(party.get("former_names") or []) if n != party["name"]]
    return {**party, "former_names": former, "search_key": search_key([party["name"], *former])}


def new_entity(party: dict, now: dt.datetime) -> dict:
    """The entity row of a party new here (as `keyed` gives it)."""
    rep = party.get("legal_representative") or {}
    return {"id": new_id(), "kind": party["kind"], "name": party["name"],
            "uscc": party.get("uscc"), "id_number": party.get("id_number"),
            "legal_rep_name": rep.get("name"), "legal_rep_id": rep.get("id_number"),
            "former_names": party["former_names"], "search_key": party["search_key"],
            "created_at": now, "updated_at": now}


class PlainListing(SimpleNamespace):
    """A listing row as plain attributes (an import reads and writes them in bulk), with the
    one rule of the model that its readers ask (the public projection, the tallies)."""

    @property
    def is_public(self) -> bool:
        """Whether the entry is on the list."""
        return self.status in PUBLIC_STATUSES

    @property
    def is_local(self) -> bool:
        """Whether the entry is the city's own (else a source's)."""
        return self.origin == LOCAL


class JointRepository:
    """Parties and entries looked up by their keys in bulk; sources by name."""

    def __init__(self, uow):
        self.session = uow.session

    def upsert_entities(self, parties: list[dict],
                        now: dt.datetime) -> tuple[dict[tuple, object], set[str]]:
        """The entity of each party (as `keyed` gives it), keyed by party_key, and the ids of
        those new here; new ones are written in one insert, and a party named differently
        now takes its new name (the old one a former name)."""
        usccs = {p["uscc"] for p in parties if p.get("uscc")}
        ids = {p["id_number"] for p in parties if not p.get("uscc") and p.get("id_number")}
        table = Entity.__table__
        known = {}
        # One indexed IN per identifier (an OR of the two may scan the table).
        for column, codes in ((table.c.uscc, usccs), (table.c.id_number, ids)):
            if codes:
                query = select(*table.columns).where(among(self.session, column, codes))
                for row in self.session.execute(query):
                    known[party_key(row._mapping)] = SimpleNamespace(**row._mapping)
        new, renamed = [], {}
        for party in parties:
            key = party_key(party)
            entity = known.get(key)
            if entity is None:
                entity = known[key] = SimpleNamespace(**new_entity(party, now))
                new.append(vars(entity))
            elif _renamed(entity, party):
                renamed.setdefault(entity.id, (entity, party))
        insert_rows(self.session, table, new)
        for entity, party in renamed.values():
            row = self.session.get(Entity, entity.id)
            row.take_filing(party["name"], party.get("former_names") or [],
                            party.get("legal_representative") or {}, now)
            self.session.add(row)
            known[party_key(party)] = row
        self.session.flush()
        return known, {row["id"] for row in new}

    def listings_of(self, keys: list[tuple[str, str, str]]) -> dict[tuple, object]:
        """The entries of these (entity id, domain, decision number) keys, whoever holds
        them, as plain rows."""
        if not keys:
            return {}
        table, wanted = Listing.__table__, set(keys)
        # By the indexed entity_id (a row-value IN is a full scan on SQLite), then the key.
        query = select(*table.columns).where(
            among(self.session, table.c.entity_id, {k[0] for k in wanted}))
        rows = (PlainListing(**r._mapping) for r in self.session.execute(query))
        return {key: row for row in rows
                if (key := (row.entity_id, row.domain, row.decision_no)) in wanted}

    def insert_listings(self, rows: list[dict]) -> None:
        """New entries of a batch, in one insert."""
        insert_rows(self.session, Listing.__table__, rows)

    def update_listing(self, listing_id: str, values: dict) -> None:
        """What a changed row changes of its entry."""
        self.session.execute(update(Listing.__table__)
                             .where(Listing.__table__.c.id == listing_id).values(**values))

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

    def save_source(self, source: Source) -> None:
        """Keep what changed on a source (cursor, last success, error, stopped)."""
        self.session.add(source)
        self.session.flush()

    def sources(self) -> list[Source]:
        """Every source, by name."""
        return list(self.session.exec(select(Source).order_by(Source.name)))


def _renamed(entity: Entity, party: dict) -> bool:
    rep = party.get("legal_representative") or {}
    return (entity.name != party["name"]
            or any(n not in entity.former_names for n in party.get("former_names") or [])
            or bool(rep.get("name") and rep.get("name") != entity.legal_rep_name))
