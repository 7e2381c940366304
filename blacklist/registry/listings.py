"""Reading listings back: one with its history, or a filer's page of them."""

from sqlalchemy import func, or_
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.infra.clock import rfc3339
from blacklist.infra.principal import Principal
from blacklist.registry.models import Entity, Listing
from blacklist.registry.views import listing_view
from blacklist.trail import audit

HISTORY_FIELDS = ("status", "facts", "legal_basis", "publish_until", "measures", "statement",
                  "statement_note", "removal_reason")


def _diff(before: dict | None, after: dict) -> dict:
    """{field: [old, new]} for what an action changed."""
    before = before or {}
    changes = {f: [before.get(f), after.get(f)] for f in HISTORY_FIELDS
               if before.get(f) != after.get(f)}
    old_names = (before.get("entity") or {}).get("former_names")
    new_names = after["entity"].get("former_names")
    if old_names != new_names:
        changes["entity.former_names"] = [old_names, new_names]
    return changes


def get(uow, listing_id: str, actor: Principal) -> dict:
    """A listing of the actor's org (admin: any), with its history oldest first."""
    with uow:
        listing = uow.session.get(Listing, listing_id)
        if listing is None or (listing.org != actor.org and not actor.is_admin):
            raise NotFound(f"no listing {listing_id}")
        entity = uow.session.get(Entity, listing.entity_id)
        view = listing_view(listing, entity, uow.ref.source(listing.org))
        view["history"] = [
            {"at": rfc3339(e.at), "actor": {"org": e.actor_org, "sub": e.actor_sub},
             "action": e.action, "changes": _diff(e.before, e.after)}
            for e in audit.history(uow, "listing", listing_id)
        ]
    return view


def search(uow, actor: Principal, *, status=None, domain=None, q=None, page=1, per_page=20):
    """The filer's org's listings (admin: all), newest first."""
    query = select(Listing, Entity).join(Entity, Entity.id == Listing.entity_id)
    if not actor.is_admin:
        query = query.where(Listing.org == actor.org)
    if status:
        query = query.where(Listing.status == status)
    if domain:
        query = query.where(Listing.domain == domain)
    if q:
        like = f"%{q}%"
        query = query.where(or_(Entity.name.like(like), Entity.uscc == q.upper(),
                                Entity.id_number == q.upper(), Listing.decision_no == q))
    with uow:
        total = uow.session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = uow.session.exec(query.order_by(Listing.created_at.desc(), Listing.id)
                                .offset((page - 1) * per_page).limit(per_page)).all()
        items = [listing_view(li, e, uow.ref.source(li.org)) for li, e in rows]
    return {"items": items, "total": total, "page": page, "per_page": per_page}
