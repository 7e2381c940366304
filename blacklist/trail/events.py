"""The change log's own event format, versioned: what a change (and an audit event) stores of
a listing. Built from the records, never from an HTTP answer, so a field added to an answer
does not change stored history. Feeds, the pull, exports and every screening index read it.

Version 1:

    {"v": 1,
     "listing": {"id", "org", "status", "domain", "category", "decision_no", "decision_date",
                 "facts", "legal_basis", "measures", "publish_until", "statement_deadline",
                 "repairable_from", "statement", "statement_note", "created_at",
                 "published_at", "removed_at", "removal_reason", "repair_decision_no",
                 "version", "origin", "under_objection"},
     "entity": {"id", "kind", "name", "former_names", "uscc", "id_number", "legal_rep_name",
                "legal_rep_id"},
     "source": {"org", "name", "uscc"}}

`origin` ("local" or the source an entry came from) and `under_objection` (an objection is
open) were added to version 1 later: a row without them was written before sources and
objections existed, and is read as the city's own entry, not under objection.
Dates are `YYYY-MM-DD`, instants RFC 3339 with the Shanghai offset, identifiers in full.
Rows written before version 1 hold the filer's answer of the time (no "v"); `read` gives
them in version 1 too, and their stored bytes are never rewritten (audit hashes cover them).
"""

from blacklist.infra.clock import rfc3339

VERSION = 1
LISTING_FIELDS = ("id", "org", "status", "domain", "category", "decision_no", "decision_date",
                  "facts", "legal_basis", "measures", "publish_until", "statement_deadline",
                  "repairable_from", "statement", "statement_note", "created_at",
                  "published_at", "removed_at", "removal_reason", "repair_decision_no",
                  "version")
PENALTY_DATES = ("decision_date", "publish_until", "disclosure_deadline")
PENALTY_VALUES = ("id", "org", "domain", "decision_no", "violation_type", "facts",
                  "legal_basis", "penalty_type", "content", "severity", "license",
                  "provisional", "late")


def listing_event(record) -> dict:
    """A listing record (listing, entity, source) as version 1 stores it."""
    # One literal: every filing, every export row and every push renders it.
    listing = record.listing
    return {"v": VERSION, "listing": {
        "id": listing.id, "org": listing.org, "status": listing.status,
        "domain": listing.domain, "category": listing.category,
        "decision_no": listing.decision_no, "decision_date": listing.decision_date.isoformat(),
        "facts": listing.facts, "legal_basis": listing.legal_basis,
        "measures": list(listing.measures), "publish_until": listing.publish_until.isoformat(),
        "statement_deadline": listing.statement_deadline.isoformat(),
        "repairable_from": listing.repairable_from.isoformat(),
        "statement": listing.statement, "statement_note": listing.statement_note,
        "created_at": rfc3339(listing.created_at), "published_at": rfc3339(listing.published_at),
        "removed_at": rfc3339(listing.removed_at), "removal_reason": listing.removal_reason,
        "repair_decision_no": listing.repair_decision_no, "version": listing.version,
        "origin": listing.origin,
        "under_objection": listing.under_objection,
    }, "entity": entity_fields(record.entity), "source": dict(record.source)}


def penalty_event(record) -> dict:
    """A penalty record as the audit trail stores it (same envelope as a listing's)."""
    penalty = record.penalty
    body = {name: getattr(penalty, name) for name in PENALTY_VALUES}
    body.update({name: getattr(penalty, name).isoformat() for name in PENALTY_DATES})
    body.update(fine_amount=_money(penalty.fine_amount),
                confiscated_amount=_money(penalty.confiscated_amount),
                created_at=rfc3339(penalty.created_at), published_at=rfc3339(penalty.published_at))
    return {"v": VERSION, "penalty": body, "entity": entity_fields(record.entity),
            "source": dict(record.source)}


def _money(amount) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def entity_fields(entity) -> dict:
    """The party with its full identifiers, as version 1 stores it."""
    return {"id": entity.id, "kind": entity.kind, "name": entity.name, "uscc": entity.uscc,
            "id_number": entity.id_number, "legal_rep_name": entity.legal_rep_name,
            "legal_rep_id": entity.legal_rep_id, "former_names": list(entity.former_names)}


def read(stored: dict) -> dict:
    """A stored listing snapshot in version 1, whichever version wrote it."""
    if stored.get("v") == VERSION:
        if "origin" in stored["listing"]:
            return stored
        # Written before origin existed: the city's own. Stored bytes stay as they are.
        return {**stored, "listing": {**stored["listing"], "origin": "local"}}
    if "v" in stored:
        raise ValueError(f"unknown event format version {stored['v']!r}")
    return _from_answer(stored)


def _from_answer(old: dict) -> dict:
    """Before version 1 a change stored the filer's answer: the listing's fields at the top,
    its party with a nested legal representative, its source."""
    source = dict(old.get("source") or {})
    listing = {name: old.get(name) for name in LISTING_FIELDS}
    listing.update(org=source.get("org"), measures=list(old.get("measures") or []),
                   origin="local")
    if "under_objection" in old:
        listing["under_objection"] = old["under_objection"]
    entity = old.get("entity") or {}
    rep = entity.get("legal_representative") or {}
    return {"v": VERSION, "listing": listing, "source": source,
            "entity": {"id": None, "kind": entity.get("kind"), "name": entity.get("name"),
                       "uscc": entity.get("uscc"), "id_number": entity.get("id_number"),
                       "legal_rep_name": rep.get("name"), "legal_rep_id": rep.get("id_number"),
                       "former_names": list(entity.get("former_names") or [])}}
