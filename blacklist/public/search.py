"""The public tier: what anyone may look up, without a token. Only `listed` entries,
natural persons' ID numbers masked, legal representatives' never shown."""

from sqlalchemy import func, or_
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.registry.identifiers import fold
from blacklist.registry.models import Entity, Listing, Penalty
from blacklist.registry.names import normalise_name
from blacklist.registry.penalties import penalty_view
from blacklist.registry.views import listing_view, public_entity, public_view


def _matches(q: str | None):
    """A whole or partial name (normalised), a USCC, or a full ID number."""
    if not q or not q.strip():
        return None
    key = normalise_name(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    code = fold(q)
    return or_(Entity.search_key.like(f"%{key}%", escape="\\"), Entity.uscc == code,
               Entity.id_number == code)


def _page(uow, query, page: int, per_page: int):
    total = uow.session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = uow.session.exec(query.offset((page - 1) * per_page).limit(per_page)).all()
    return total, rows


def search_listings(uow, q=None, domain=None, page=1, per_page=20) -> dict:
    """Listed entries whose party matches q, still within their publication period."""
    with uow:
        today = uow.clock.today()
        query = (select(Listing, Entity).join(Entity, Entity.id == Listing.entity_id)
                 .where(Listing.status == "listed", Listing.publish_until >= today))
        condition = _matches(q)
        if condition is not None:
            query = query.where(condition)
        if domain:
            query = query.where(Listing.domain == domain)
        query = query.order_by(Listing.published_at.desc(), Listing.id)
        total, rows = _page(uow, query, page, per_page)
        items = [public_view(listing_view(li, e, uow.ref.source(li.org))) for li, e in rows]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def get_listing(uow, listing_id: str) -> dict:
    """One listed entry; anything else is not revealed (404)."""
    with uow:
        listing = uow.session.get(Listing, listing_id)
        if (listing is None or listing.status != "listed"
                or listing.publish_until < uow.clock.today()):
            raise NotFound(f"no listed entry {listing_id}")
        entity = uow.session.get(Entity, listing.entity_id)
        return public_view(listing_view(listing, entity, uow.ref.source(listing.org)))


PENALTY_PUBLIC_FIELDS = ("id", "domain", "decision_no", "decision_date", "violation_type",
                         "facts", "legal_basis", "penalty_type", "content", "fine_amount",
                         "confiscated_amount", "license", "publish_until", "source",
                         "published_at")


def search_penalties(uow, q=None, domain=None, page=1, per_page=20) -> dict:
    """Published penalties still within their publication period."""
    with uow:
        today = uow.clock.today()
        query = (select(Penalty, Entity).join(Entity, Entity.id == Penalty.entity_id)
                 .where(Penalty.published_at.is_not(None), Penalty.publish_until >= today))
        condition = _matches(q)
        if condition is not None:
            query = query.where(condition)
        if domain:
            query = query.where(Penalty.domain == domain)
        total, rows = _page(uow, query.order_by(Penalty.published_at.desc(), Penalty.id),
                            page, per_page)
        items = []
        for p, e in rows:
            full = penalty_view(p, e, uow.ref)
            items.append({**{k: full[k] for k in PENALTY_PUBLIC_FIELDS},
                          "entity": public_entity(full["entity"])})
    return {"items": items, "total": total, "page": page, "per_page": per_page}
