"""A new entry as a row makes it, and its snapshot drafted in an import's checking process.

The snapshot (a change's, and its audit trace's `after`) was the largest part of the
writer's work a row: a dict of thirty fields and its canonical JSON. All of it follows from
the checked row but two values the writer alone knows: the party's id (the party may be on
file already) and the instant of the batch's transaction (taken under the log lock, so that
the log's instants follow its order). The checking process writes the text with a marker in
place of each; the writer puts them in with two replaces. A draft serves only an entry new
to the list whose party, as the writer holds it, is the party the draft was made for; any
other row's snapshot is made whole by the writer, as a pull's is."""

import datetime as dt
import functools
import json
from types import SimpleNamespace
from typing import NamedTuple

from blacklist.infra.bulk import Json, canonical, new_id
from blacklist.infra.clock import SHANGHAI, rfc3339
from blacklist.joint.repository import PlainListing, new_entity
from blacklist.registry.repository import listing_source
from blacklist.trail import events

# The markers: an id no party has, an instant no import takes place at. A draft is made only
# when each appears in its text as often as it was put in (a row could name that instant).
_PARTY = "\x00party"
_NOW = dt.datetime(2000, 1, 1, tzinfo=SHANGHAI)
_PARTY_TEXT, _NOW_TEXT = canonical(_PARTY), canonical(rfc3339(_NOW))


def new_listing(entity_id: str, data: dict, statement_deadline: dt.date, now) -> PlainListing:
    """The entry a checked row makes (its id chosen by the draft, when it has one)."""
    listed = data["status"] == "listed"
    return PlainListing(
        id=data.get("listing_id") or new_id(), entity_id=entity_id, org=data["org"],
        domain=data["domain"], category=data["category"], decision_no=data["decision_no"],
        decision_date=data["decision_date"], facts=data["facts"],
        legal_basis=data["legal_basis"], measures=data["measures"],
        publish_until=data["publish_until"],
        # A listed row was heard by its authority already: no statement period runs here.
        statement_deadline=data["decision_date"] if listed else statement_deadline,
        repairable_from=data["repairable_from"], status=data["status"], statement=None,
        statement_note=None, published_at=(data["published_at"] or now) if listed else None,
        removed_at=None, removal_reason=None, repair_decision_no=None, version=1,
        created_at=now, updated_at=now, origin=data["origin"], authority=data["authority"],
        authority_uscc=data["authority_uscc"], under_objection=False)


class Draft(NamedTuple):
    """A new listed entry's snapshot with the party's id and the instant left out (a tuple:
    the writer unpickles one a row)."""

    party: tuple   # the party's fields as the snapshot holds them, but its id
    text: str
    source: Json   # the change's `source` column, as stored

    def snapshot(self, entity, now: dt.datetime) -> Json | None:
        """The snapshot for this party at this instant, or None if the party is not the
        one the draft was made for (the writer then makes it whole)."""
        if _party_fields(entity) != self.party:
            return None
        return Json(self.text.replace(_PARTY_TEXT, canonical(entity.id))
                    .replace(_NOW_TEXT, _instant(now)))


def drafted(ref, data: dict) -> dict:
    """The checked row with its entry's id chosen and its snapshot drafted (a row that
    would not come on the list as new gets no draft)."""
    if data["status"] != "listed":
        return data
    data["listing_id"] = new_id()
    entity = SimpleNamespace(**new_entity(data["entity"], _NOW))
    entity.id = _PARTY
    listing = new_listing(_PARTY, data, _NOW.date(), _NOW)
    source = listing_source(listing, ref.source)
    text = canonical(events.listing_event(SimpleNamespace(listing=listing, entity=entity,
                                                          source=source)))
    stamps = 1 + (data["published_at"] is None)   # created_at, and published_at if not given
    if text.count(_PARTY_TEXT) == 1 and text.count(_NOW_TEXT) == stamps:
        data["draft"] = Draft(_party_fields(entity), text, Json(json.dumps(source)))
    return data


def _party_fields(entity) -> tuple:
    return (entity.kind, entity.name, entity.uscc, entity.id_number, entity.legal_rep_name,
            entity.legal_rep_id, tuple(entity.former_names))


@functools.lru_cache(maxsize=16)
def _instant(now: dt.datetime) -> str:
    # A batch's rows share their instant: its text made once.
    return canonical(rfc3339(now))
