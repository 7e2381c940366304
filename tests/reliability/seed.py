"""Test data made fast: change-log rows inserted in bulk, no API round trips."""

import datetime as dt
import json
import uuid

from sqlalchemy import insert

from blacklist.trail.models import Change

SOURCE = {"org": "sz-housing", "name": "市住建局", "uscc": "11320500MB1234567X"}


def snapshot(listing_id: str, n: int, status: str = "listed") -> dict:
    """A natural person's listing as the change log stores it (blacklist.trail.events, v1), so
    the public tier has something to mask."""
    listing = {"id": listing_id, "org": SOURCE["org"], "status": status,
               "domain": "construction", "category": "market_order",
               "decision_no": f"苏建罚〔2026〕{n}号", "decision_date": "2026-11-20",
               "facts": "串通投标", "legal_basis": "《招标投标法》", "measures": ["bid_ban"],
               "publish_until": "2029-11-19", "statement_deadline": "2026-11-27",
               "repairable_from": "2027-11-20", "statement": "waived", "statement_note": None,
               "created_at": "2026-11-20T10:00:00+08:00",
               "published_at": "2026-11-27T10:00:00+08:00", "removed_at": None,
               "removal_reason": None, "repair_decision_no": None, "version": 2}
    entity = {"id": None, "kind": "natural_person", "name": f"张{n}", "uscc": None,
              "id_number": "32050519800101001X", "legal_rep_name": None, "legal_rep_id": None,
              "former_names": []}
    return {"v": 1, "listing": listing, "entity": entity, "source": SOURCE}


def seed_changes(runtime, count: int, listings: int | None = None,
                 at: dt.datetime | None = None) -> list[str]:
    """Append `count` changes over `listings` listings (default: one each); return event ids."""
    listings = listings or count
    ids = [str(uuid.uuid4()) for _ in range(listings)]
    at = at or runtime.clock.now()
    rows = []
    for n in range(count):
        event = "listed" if n < listings else "updated"
        rows.append({"event_id": str(uuid.uuid4()), "at": at, "event": event,
                     "listing_id": ids[n % listings], "snapshot": snapshot(ids[n % listings], n),
                     "source": SOURCE})
    with runtime.db.engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(Change), rows[start:start + 5000])
    return [row["event_id"] for row in rows]


def received(records: list[dict]) -> list[dict]:
    """Every change a platform recorded, in arrival order (duplicates included)."""
    return [change for record in records for change in json.loads(record["body"])["changes"]]
