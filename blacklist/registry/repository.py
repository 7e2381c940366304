"""The registry's queries: `uow.listings`, `uow.entities` and `uow.penalties`."""

import datetime as dt
import uuid

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from blacklist.errors import DuplicateDecision, NotFound, OwnedElsewhere
from blacklist.infra.page import Page, fetch_page
from blacklist.infra.principal import Principal
from blacklist.registry.identifiers import fold
from blacklist.registry.models import Entity, Listing, Penalty
from blacklist.registry.names import normalise_name
from blacklist.registry.records import ListingRecord, PenaltyRecord


def _visible(record_org: str, actor: Principal | None) -> bool:
    """Another org's record is not revealed, except to an admin (or the system: no actor)."""
    return actor is None or actor.is_admin or record_org == actor.org


def name_or_code(q: str | None):
    """A whole or partial name (normalised), a USCC, or a full ID number; None matches all."""
    if not q or not q.strip():
        return None
    key = normalise_name(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    code = fold(q)
    return or_(Entity.search_key.like(f"%{key}%", escape="\\"), Entity.uscc == code,
               Entity.id_number == code)


LISTED_ROWS = (select(Listing.id, Entity.kind, Entity.name, Entity.former_names, Entity.uscc,
                      Entity.id_number, Entity.legal_rep_name, Entity.legal_rep_id,
                      Listing.domain, Listing.category, Listing.measures, Listing.publish_until,
                      Listing.org, Listing.origin, Listing.authority,
                      Listing.under_objection)
               .join(Entity, Entity.id == Listing.entity_id)
               .where(Listing.status == "listed"))


def listed_rows(connection, batch: int):
    """Every listed entry with its party, streamed on a plain connection (no ORM): what a
    screening index is built from. SQLite may hand JSON columns back as text."""
    return connection.execution_options(yield_per=batch).execute(LISTED_ROWS)


def listing_source(listing: Listing, org_source) -> dict:
    """The 数据来源单位 of a listing: the filing org's, or the issuing authority of a source's
    entry (`{"org": source name, "name": authority, "uscc": authority code}`)."""
    if listing.is_local:
        return org_source(listing.org)
    return {"org": listing.origin, "name": listing.authority or listing.origin,
            "uscc": listing.authority_uscc}


class _Decisions:
    """What the repositories of decisions (listings, penalties) share: a decision belongs to
    the org that filed it, and comes back with its party and its source."""

    model: type[Listing] | type[Penalty]
    noun: str

    def __init__(self, uow):
        self.session = uow.session
        self._uow = uow
        self._sources: dict[str, dict] = {}

    def get(self, row_id: str, *, for_org: Principal | None, lock: bool = False):
        """The record of that id; 404 if unknown or another org's (unless admin or system)."""
        query = select(self.model).where(self.model.id == row_id)
        row = self.session.exec(query.with_for_update() if lock else query).first()
        if row is None or not _visible(row.org, for_org):
            raise NotFound(f"no {self.noun} {row_id}")
        return self._record(row, self.session.get(Entity, row.entity_id))

    def add(self, row, entity: Entity):
        """A new decision; the same decision filed twice for an entity is refused."""
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise DuplicateDecision("this decision is already filed for this entity") from exc
        return self._record(row, entity)

    def _source(self, org: str) -> dict:
        """The org's 数据来源单位, looked up once per unit of work (an export asks per row)."""
        source = self._sources.get(org)
        if source is None:
            source = self._sources[org] = self._uow.ref.source(org)
        return source


class ListingRepository(_Decisions):
    """`uow.listings`: get(id, for_org=actor, lock=...) and add(listing, entity) give a
    ListingRecord."""

    model, noun = Listing, "listing"

    def save(self, record: ListingRecord) -> None:
        """Keep what a rule changed on the listing and its party."""
        self.session.add(record.listing)
        self.session.add(record.entity)
        self.session.flush()

    def decision_filed(self, entity_id: str, domain: str, decision_no: str) -> bool:
        """Whether this decision is already filed for the entity in the domain."""
        query = select(Listing.id).where(Listing.entity_id == entity_id,
                                         Listing.domain == domain,
                                         Listing.decision_no == decision_no)
        return self.session.exec(query).first() is not None

    def search(self, actor: Principal, *, status=None, domain=None, q=None, page=1,
               per_page=20) -> Page[ListingRecord]:
        """The actor's org's listings (admin: all), newest first."""
        query = select(Listing, Entity).join(Entity, Entity.id == Listing.entity_id)
        if not actor.is_admin:
            query = query.where(Listing.org == actor.org)
        if status:
            query = query.where(Listing.status == status)
        if domain:
            query = query.where(Listing.domain == domain)
        if q:
            code = fold(q)
            query = query.where(or_(Entity.name.like(f"%{q}%"), Entity.uscc == code,
                                    Entity.id_number == code, Listing.decision_no == q))
        query = query.order_by(Listing.created_at.desc(), Listing.id)
        return self._page(query, page, per_page)

    def due_to_expire(self, today: dt.date, limit: int) -> list[ListingRecord]:
        """Listed entries whose last day is before today, oldest period first, up to limit."""
        query = (select(Listing, Entity).join(Entity, Entity.id == Listing.entity_id)
                 .where(Listing.status == "listed", Listing.publish_until < today)
                 .order_by(Listing.publish_until, Listing.id).limit(limit))
        return [self._record(listing, entity) for listing, entity in self.session.exec(query)]

    def of_entity(self, entity_id: str) -> list[ListingRecord]:
        """Every listing of one party, oldest first."""
        query = select(Listing).where(Listing.entity_id == entity_id).order_by(
            Listing.created_at, Listing.id)
        entity = self.session.get(Entity, entity_id)
        return [self._record(listing, entity) for listing in self.session.exec(query)]

    def public(self, listing_id: str, today: dt.date) -> ListingRecord:
        """A listed entry within its period; anything else is not revealed (404)."""
        listing = self.session.get(Listing, listing_id)
        if listing is None or not listing.is_public or listing.publish_until < today:
            raise NotFound(f"no listed entry {listing_id}")
        return self._record(listing, self.session.get(Entity, listing.entity_id))

    def records(self, listing_ids: list[str]) -> list[ListingRecord]:
        """The listings of these ids with their parties, in the order of the ids."""
        if not listing_ids:
            return []
        query = (select(Listing, Entity).join(Entity, Entity.id == Listing.entity_id)
                 .where(Listing.id.in_(listing_ids)))
        found = {listing.id: (listing, entity) for listing, entity in self.session.exec(query)}
        return [self._record(*found[i]) for i in listing_ids if i in found]

    def _page(self, query, page: int, per_page: int) -> Page[ListingRecord]:
        total, rows = fetch_page(self.session, query, page, per_page)
        return Page([self._record(listing, entity) for listing, entity in rows],
                    total, page, per_page)

    def _record(self, listing: Listing, entity: Entity) -> ListingRecord:
        return ListingRecord(listing, entity, listing_source(listing, self._source))

    def writable(self, listing_id: str, actor: Principal) -> ListingRecord:
        """The listing, locked, for a use case that changes it: another authority's entry is
        read-only here (409 naming the owner), another org's is not revealed (404)."""
        row = self.session.exec(select(Listing).where(Listing.id == listing_id)
                                .with_for_update()).first()
        if row is not None and not row.is_local:
            owner = row.authority or row.origin
            raise OwnedElsewhere(f"listing {listing_id} is {owner}'s (source {row.origin}); "
                                 "it is read-only here", owner=row.origin)
        return self.get(listing_id, for_org=actor, lock=True)


class EntityRepository:
    """`uow.entities`: one row per USCC or ID number."""

    def __init__(self, uow):
        self.session = uow.session

    def by_identifier(self, *, uscc: str | None = None, id_number: str | None = None
                      ) -> Entity | None:
        """The entity of a USCC, else of an ID number; None when neither is known."""
        if uscc:
            return self.session.exec(select(Entity).where(Entity.uscc == uscc)).first()
        if id_number:
            return self.session.exec(select(Entity).where(Entity.id_number == id_number)).first()
        return None

    def with_stray_identifiers(self) -> list[Entity]:
        """Entities stored with an identifier that is not canonical ASCII (written before
        identifiers were made canonical): anything but 0-9 and A-Z in a code."""
        dialect = self.session.get_bind().dialect.name
        columns = (Entity.uscc, Entity.id_number, Entity.legal_rep_id)
        if dialect == "postgresql":
            stray = [column.op("~")("[^0-9A-Z]") for column in columns]
        else:
            stray = [column.op("GLOB")("*[^0-9A-Z]*") for column in columns]
        return list(self.session.exec(select(Entity).where(or_(*stray))
                                      .order_by(Entity.created_at, Entity.id)))

    def save(self, entity: Entity) -> None:
        """Keep what changed on the party."""
        self.session.add(entity)
        self.session.flush()

    def move_decisions(self, source: Entity, target: Entity) -> None:
        """Every listing and penalty of `source` becomes `target`'s; `source` is deleted."""
        for model in (Listing, Penalty):
            self.session.exec(update(model).where(model.entity_id == source.id)
                              .values(entity_id=target.id))
        self.session.delete(source)
        self.session.flush()

    def upsert(self, data: dict, now: dt.datetime) -> Entity:
        """The same USCC or ID number is always the same entity; a filing updates its names."""
        entity = self.by_identifier(uscc=data.get("uscc"), id_number=data.get("id_number"))
        if entity is None:
            entity = Entity(id=str(uuid.uuid4()), kind=data["kind"], name=data["name"],
                            uscc=data.get("uscc"), id_number=data.get("id_number"),
                            former_names=[], created_at=now, updated_at=now)
        entity.take_filing(data["name"], data.get("former_names") or [],
                           data.get("legal_representative") or {}, now)
        self.session.add(entity)
        self.session.flush()
        return entity


class PenaltyRepository(_Decisions):
    """`uow.penalties`: get(id, for_org=actor, lock=...) and add(penalty, entity) give a
    PenaltyRecord."""

    model, noun = Penalty, "penalty"

    def save(self, record: PenaltyRecord) -> None:
        """Keep what a rule changed on the penalty."""
        self.session.add(record.penalty)
        self.session.flush()

    def search_public(self, today: dt.date, *, q=None, domain=None, page=1, per_page=20
                      ) -> Page[PenaltyRecord]:
        """Published penalties within their period whose party matches q, newest first."""
        query = (select(Penalty, Entity).join(Entity, Entity.id == Penalty.entity_id)
                 .where(Penalty.published_at.is_not(None), Penalty.publish_until >= today))
        if (condition := name_or_code(q)) is not None:
            query = query.where(condition)
        if domain:
            query = query.where(Penalty.domain == domain)
        query = query.order_by(Penalty.published_at.desc(), Penalty.id)
        total, rows = fetch_page(self.session, query, page, per_page)
        return Page([self._record(p, e) for p, e in rows], total, page, per_page)

    def decided_between(self, first: dt.date, last: dt.date) -> list[Penalty]:
        """Penalties decided from first to last (inclusive), by org, domain and date."""
        query = (select(Penalty).where(Penalty.decision_date >= first,
                                       Penalty.decision_date <= last)
                 .order_by(Penalty.org, Penalty.domain, Penalty.decision_date))
        return list(self.session.exec(query))

    def disclosures_between(self, first: dt.date, last: dt.date) -> list[tuple]:
        """(org, published_at, late) of the penalties decided from first to last."""
        return list(self.session.exec(select(Penalty.org, Penalty.published_at, Penalty.late)
                                      .where(Penalty.decision_date >= first,
                                             Penalty.decision_date <= last)))

    def drafts_due_by(self, day: dt.date) -> list[Penalty]:
        """Unpublished penalties whose disclosure deadline is at the latest `day`, soonest
        first."""
        return list(self.session.exec(
            select(Penalty).where(Penalty.published_at.is_(None),
                                  Penalty.disclosure_deadline <= day)
            .order_by(Penalty.disclosure_deadline)))

    def _record(self, penalty: Penalty, entity: Entity) -> PenaltyRecord:
        return PenaltyRecord(penalty, entity, self._source(penalty.org))
