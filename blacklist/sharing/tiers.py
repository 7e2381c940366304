"""What platforms receive of a change, read from the change log's event format: the shared
tier (full identifiers, for authorised platforms and the pull) and the public tier (masked as
the public page). The wire shape is fixed by API.md; it does not follow the filer's answer."""

from blacklist.infra.clock import rfc3339
from blacklist.public.privacy import public_entity
from blacklist.trail import events

TIERS = ("shared", "public")


def shared_entity(entity: dict) -> dict:
    """The party with full identifiers, absent ones left out."""
    shown = {"kind": entity["kind"], "name": entity["name"],
             "former_names": list(entity["former_names"])}
    if entity["uscc"]:
        shown["uscc"] = entity["uscc"]
    if entity["id_number"]:
        shown["id_number"] = entity["id_number"]
    if entity["legal_rep_name"] or entity["legal_rep_id"]:
        shown["legal_representative"] = {"name": entity["legal_rep_name"]}
        if entity["legal_rep_id"]:
            shown["legal_representative"]["id_number"] = entity["legal_rep_id"]
    return shown


def shared_listing(event: dict) -> dict:
    """A listing of the shared tier, from a change's event (version 1)."""
    # One literal, in the order platforms have always received: a push renders it per change.
    listing = event["listing"]
    return {
        "id": listing["id"], "status": listing["status"],
        "entity": shared_entity(event["entity"]), "domain": listing["domain"],
        "category": listing["category"], "decision_no": listing["decision_no"],
        "decision_date": listing["decision_date"], "facts": listing["facts"],
        "legal_basis": listing["legal_basis"], "publish_until": listing["publish_until"],
        "measures": listing["measures"], "statement_deadline": listing["statement_deadline"],
        "repairable_from": listing["repairable_from"], "statement": listing["statement"],
        "statement_note": listing["statement_note"], "source": event["source"],
        "created_at": listing["created_at"], "published_at": listing["published_at"],
        "removed_at": listing["removed_at"], "removal_reason": listing["removal_reason"],
        "version": listing["version"], "origin": listing["origin"], **_objection(listing),
    }


def public_listing(event: dict) -> dict:
    """A listing of the public tier, from a change's event (version 1)."""
    listing = event["listing"]
    return {
        "id": listing["id"], "domain": listing["domain"], "category": listing["category"],
        "decision_no": listing["decision_no"], "decision_date": listing["decision_date"],
        "facts": listing["facts"], "legal_basis": listing["legal_basis"],
        "measures": listing["measures"], "publish_until": listing["publish_until"],
        "source": event["source"], "entity": public_entity(event["entity"]),
        "status": listing["status"], "origin": listing["origin"], **_objection(listing),
    }


def _objection(listing: dict) -> dict:
    """异议处理中 on both tiers; a row written before objections existed says nothing of it."""
    return {"under_objection": listing["under_objection"]} if "under_objection" in listing else {}


TIER_LISTING = {"shared": shared_listing, "public": public_listing}


def wire_change(change, tier: str = "shared") -> dict:
    """A change (a row of the change log) as feeds push it and `GET /changes` answers it."""
    listing = TIER_LISTING[tier](events.read(change.snapshot))
    return {"seq": change.seq, "event_id": change.event_id, "at": rfc3339(change.at),
            "event": change.event, "listing": listing, "source": change.source}
