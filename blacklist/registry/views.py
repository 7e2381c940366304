"""The shapes a listing takes outside: the shared tier (full identifiers) and the public tier."""

from blacklist.infra.clock import rfc3339
from blacklist.registry.identifiers import mask_id_number
from blacklist.registry.models import Entity, Listing


def entity_view(entity: Entity) -> dict:
    """The entity with full identifiers, as filers and the shared tier see it."""
    view = {"kind": entity.kind, "name": entity.name, "former_names": list(entity.former_names)}
    if entity.uscc:
        view["uscc"] = entity.uscc
    if entity.id_number:
        view["id_number"] = entity.id_number
    if entity.legal_rep_name or entity.legal_rep_id:
        view["legal_representative"] = {"name": entity.legal_rep_name}
        if entity.legal_rep_id:
            view["legal_representative"]["id_number"] = entity.legal_rep_id
    return view


def listing_view(listing: Listing, entity: Entity, source: dict) -> dict:
    """A listing with its entity, as the filer and the change log (shared tier) see it."""
    return {
        "id": listing.id, "status": listing.status, "entity": entity_view(entity),
        "domain": listing.domain, "category": listing.category,
        "decision_no": listing.decision_no, "decision_date": listing.decision_date.isoformat(),
        "facts": listing.facts, "legal_basis": listing.legal_basis,
        "publish_until": listing.publish_until.isoformat(), "measures": list(listing.measures),
        "statement_deadline": listing.statement_deadline.isoformat(),
        "repairable_from": listing.repairable_from.isoformat(),
        "statement": listing.statement, "statement_note": listing.statement_note,
        "source": source, "created_at": rfc3339(listing.created_at),
        "published_at": rfc3339(listing.published_at), "removed_at": rfc3339(listing.removed_at),
        "removal_reason": listing.removal_reason, "version": listing.version,
    }


PUBLIC_FIELDS = ("id", "domain", "category", "decision_no", "decision_date", "facts",
                 "legal_basis", "measures", "publish_until", "source")


def public_entity(entity: dict) -> dict:
    """A natural person's ID masked, a legal representative's never shown."""
    shown = {"kind": entity["kind"], "name": entity["name"]}
    if entity.get("uscc"):
        shown["uscc"] = entity["uscc"]
    if entity.get("id_number"):
        shown["id_number"] = mask_id_number(entity["id_number"])
    if (entity.get("legal_representative") or {}).get("name"):
        shown["legal_representative"] = {"name": entity["legal_representative"]["name"]}
    if entity.get("former_names"):
        shown["former_names"] = list(entity["former_names"])
    return shown


def public_view(snapshot: dict) -> dict:
    """The public tier of a listing snapshot."""
    view = {key: snapshot[key] for key in PUBLIC_FIELDS}
    view["entity"] = public_entity(snapshot["entity"])
    view["status"] = snapshot["status"]
    return view
