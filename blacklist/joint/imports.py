"""Moving a list in (`blacklist import`): every row checked as the API checks a filing, then
committed in batches, one transaction each, with its change row and audit trace written in
bulk. The key of an entry is (source, decision number, identifier, domain): the same file
imported twice changes nothing, a changed row updates its entry (one `updated` change), and
a batch cut off by a kill is simply done again by the rerun."""

import datetime as dt
import functools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from blacklist.errors import DomainError, DuplicateDecision, InvalidInput
from blacklist.infra.bulk import as_json, new_id
from blacklist.infra.principal import Principal
from blacklist.joint.drafts import drafted, new_listing
from blacklist.joint.pipeline import checked_chunks, few_collections, refusal
from blacklist.joint.repository import keyed, party_key
from blacklist.joint.rows import Row, codes_of_names
from blacklist.registry import entities
from blacklist.registry.filing import check_codes
from blacklist.registry.models import LOCAL
from blacklist.registry.periods import check_publish_until, repairable_from
from blacklist.registry.records import ListingRecord
from blacklist.registry.repository import listing_source
from blacklist.trail import events

# Rows an import commits at once (`blacklist import --batch`). A commit writes every page its
# batch dirtied, and a batch's name postings and totals dirty pages spread over their whole
# index (a page per gram): 5,000 rows a commit write such a page once where 2,000 wrote it two
# or three times. A million rows: 203.5 → 180.5 s on SQLite, 241.0 → 226.9 s on PostgreSQL;
# 10,000 rows a commit took no less (178.0 s on SQLite), for a peak RSS of 491 MB against 388.
BATCH = 5000
EXTRAS = ("status", "published_at", "org", "authority", "authority_uscc")
COMPARED = ("org", "category", "decision_date", "facts", "legal_basis", "measures",
            "publish_until", "status", "authority", "authority_uscc")


@dataclass
class Summary:
    """What an import did, row by row."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """The one summary line a script reads."""
        return (f"imported {self.imported + self.updated}, unchanged {self.unchanged}, "
                f"rejected {self.rejected} in {self.seconds:.1f} s")


@dataclass(frozen=True)
class Defaults:
    """What the command line says of the rows: whose they are, and which authority issued
    the rows that name none."""

    source: str
    authority: str | None = None
    authority_uscc: str | None = None


def import_rows(runtime, rows: Iterable[Row], defaults: Defaults, *, load: Callable[[dict], dict],
                reject: Callable[[Row], None], batch: int = BATCH,
                progress: Callable[[int], None] = lambda n: None,
                apart: bool = True) -> Summary:
    """Check and apply every row, `batch` rows a transaction; refused rows go to `reject`.
    With apart, a second process reads and checks the rows while this one writes."""
    started, summary = time.monotonic(), Summary()
    ref, today = runtime.reference, runtime.clock.today()
    statement_deadline, _ = runtime.calendar.add_workdays(
        today, ref.rules["statement_period_working_days"])

    def check(row: Row) -> dict:
        if row.body is None:
            raise InvalidInput(row.errors)
        return drafted(ref, check_row(ref, today, row.body, defaults, load))

    with few_collections():
        for chunk in checked_chunks(rows, check, batch, apart=apart):
            checked = []
            for row, data, errors in chunk:
                if errors is None:
                    checked.append((row, data))
                else:
                    _refuse(summary, reject, row, errors)
            for row, exc in apply_batch(runtime.uow(), checked, statement_deadline, summary):
                _refuse(summary, reject, row, refusal(exc))
            progress(len(chunk))
    runtime.db.finish_bulk()
    summary.seconds = time.monotonic() - started
    return summary


def _refuse(summary: Summary, reject, row: Row, errors: dict[str, list[str]]) -> None:
    summary.rejected += 1
    row.errors = errors
    reject(row)


def check_row(ref, today: dt.date, body: dict, defaults: Defaults,
              load: Callable[[dict], dict]) -> dict:
    """A row checked as the API checks a filing (fields, codes, identifiers, dates, the
    publication window), plus what an import adds: status, published_at, org, authority,
    and the party keyed (its search key needs no database)."""
    body = codes_of_names(ref, body)
    extras = {key: body.pop(key) for key in EXTRAS if key in body}
    data = load(body)
    check_decided(ref, today, data)
    data.update(_extras(ref, data["domain"], extras, defaults))
    data["entity"] = keyed(data["entity"])
    return data


def check_decided(ref, today: dt.date, data: dict) -> dict:
    """What the domain checks of a decided listing (a filing's rules): codes, the decision
    date, the party's identifiers, the publication window; fills in the derived dates."""
    check_codes(ref, data)
    if data["decision_date"] > today:
        raise InvalidInput.field("decision_date", "cannot be in the future")
    data["entity"] = entities.validate(data["entity"], ref.uscc_allowed)
    rule = ref.listing_rule(data["category"])
    data["publish_until"] = check_publish_until(rule, data["decision_date"],
                                                data.get("publish_until"), today)
    data["repairable_from"] = repairable_from(rule, data["decision_date"])
    data["measures"] = list(dict.fromkeys(data.get("measures") or ref.measures))
    return data


def _extras(ref, domain: str, extras: dict, defaults: Defaults) -> dict:
    errors: dict[str, list[str]] = {}
    status = extras.get("status") or "listed"
    if status not in ("listed", "pending"):
        errors["status"] = ["listed or pending"]
    org = extras.get("org")
    if org is not None and org not in ref.orgs:
        errors["org"] = [f"unknown org {org!r}"]
    elif org is not None and domain not in ref.orgs[org]["domains"]:
        errors["domain"] = [f"{org} does not file in {domain}"]
    published_at = None
    if extras.get("published_at"):
        try:
            published_at = dt.datetime.fromisoformat(str(extras["published_at"]))
        except ValueError:
            errors["published_at"] = ["an RFC 3339 instant"]
    if errors:
        raise InvalidInput(errors)
    if org is not None:   # the city's own entry, filed by that department
        return {"status": status, "published_at": published_at, "org": org, "origin": LOCAL,
                "authority": None, "authority_uscc": None}
    return {"status": status, "published_at": published_at, "org": defaults.source,
            "origin": defaults.source,
            "authority": extras.get("authority") or defaults.authority or defaults.source,
            "authority_uscc": extras.get("authority_uscc") or defaults.authority_uscc}


def apply_batch(uow, checked: list[tuple[Row, dict]], statement_deadline: dt.date,
                summary: Summary) -> list[tuple[Row, DomainError]]:
    """Put or update each checked row's entry, in one transaction with its change rows and
    audit traces, written in bulk; return the rows another owner's entry refuses."""
    with uow:
        uow.lock_log()
        refused = apply_checked(uow, checked, statement_deadline, summary)
        uow.commit()
    uow.db.wrote_in_bulk(len(checked))
    return refused


def apply_checked(uow, checked: list[tuple[object, dict]], statement_deadline: dt.date,
                  summary: Summary) -> list[tuple[object, DomainError]]:
    """apply_batch's work inside an entered unit of work holding the log lock (a pull
    applies its page with its cursor, in one transaction); each row's party comes `keyed`.
    An entry not held here that arrives already off the list is nothing to do."""
    batch, refused = _Batch(uow, statement_deadline, summary), []
    parties, new_parties = uow.joint.upsert_entities([d["entity"] for _, d in checked],
                                                     batch.now)
    of_row = [parties[party_key(d["entity"])] for _, d in checked]
    keys = [(entity.id, d["domain"], d["decision_no"]) for entity, (_, d) in zip(of_row, checked)]
    held = uow.joint.listings_of([key for key in keys if key[0] not in new_parties])
    for (row, data), key, entity in zip(checked, keys, of_row):
        try:
            held[key] = batch.take(data, entity, held.get(key))
        except DuplicateDecision as exc:
            refused.append((row, exc))
    batch.write(new_parties)
    return refused


class _Batch:
    """A batch's entries, change rows, audit traces and projection moves, gathered row by
    row and written in bulk at the end."""

    def __init__(self, uow, statement_deadline: dt.date, summary: Summary):
        self.uow, self.statement_deadline, self.summary = uow, statement_deadline, summary
        self.now = uow.clock.now()
        self.new, self.changes, self.traces, self.moved = [], [], [], []

    def take(self, data: dict, entity, listing):
        """The row's entry as it now stands (None: nothing to hold); DuplicateDecision when
        another owner holds it."""
        if listing is not None and listing.origin != data["origin"]:
            raise DuplicateDecision(f"decision {data['decision_no']} is already held from "
                                    f"{listing.origin} for this party in {data['domain']}")
        if listing is None and data["status"] not in ("listed", "pending"):
            self.summary.unchanged += 1
        elif listing is None:
            listing = new_listing(entity.id, data, self.statement_deadline, self.now)
            self.new.append(vars(listing))
            self._trace(listing, entity, None, data.get("draft"))
            self.summary.imported += 1
        elif _same(listing, data):
            self.summary.unchanged += 1
        else:
            before = events.listing_event(_record(self.uow, listing, entity))
            self.uow.joint.update_listing(listing.id, _update(listing, data, self.now))
            self._trace(listing, entity, before)
            self.summary.updated += 1
        return listing

    def _trace(self, listing, entity, before, draft=None) -> None:
        """The audit trace of an imported entry, and its change row when it is or was on
        the list: `listed` when it comes on, `updated` while on it, `removed` when it goes
        off. A new entry's snapshot comes from its draft when the draft holds for its
        party."""
        record = _record(self.uow, listing, entity)
        after = draft and draft.snapshot(entity, self.now)   # the change's and the trace's
        after = after or as_json(events.listing_event(record))
        self.traces.append((_importer(listing.org), "import", "listing", listing.id, before,
                            after, self.now))
        was_listed = before is not None and before["listing"]["status"] == "listed"
        if listing.status == "listed" or was_listed:
            event = ("updated" if was_listed else "listed") if listing.status == "listed" \
                else "removed"
            self.changes.append({"event_id": new_id(), "at": self.now, "event": event,
                                 "listing_id": listing.id, "snapshot": after,
                                 "source": draft.source if draft else dict(record.source),
                                 "origin": listing.origin})
        self.moved.append(record)

    def write(self, new_parties: set[str]) -> None:
        """Everything the batch gathered, in bulk, in its transaction."""
        self.uow.joint.insert_listings(self.new)
        self.uow.changes.insert_many(self.changes)
        self.uow.public_entries.follow_many(self.moved, new_parties)   # as for a filing
        self.uow.audit.record_many(self.traces)


def _same(listing, data: dict) -> bool:
    return all(_comparable(getattr(listing, name)) == _comparable(data[name])
               for name in COMPARED)


def _comparable(value):
    # SQLite hands dates back as dates, JSON as lists; a JSON text is read as it is stored.
    return json.loads(value) if isinstance(value, str) and value.startswith("[") else value


def _update(listing, data: dict, now) -> dict:
    """Apply a changed row to the entry; return the values to write."""
    values = {name: data[name] for name in COMPARED}
    if data["status"] == "listed" and listing.status != "listed":
        values["published_at"] = data["published_at"] or now
    if data["status"] not in ("listed", "pending") and listing.status in ("listed", "pending"):
        values.update(removed_at=now, removal_reason=data.get("removal_reason"))
    values.update(version=listing.version + 1, updated_at=now)
    for name, value in values.items():
        setattr(listing, name, value)
    return values


def _record(uow, listing, entity) -> ListingRecord:
    return ListingRecord(listing, entity, listing_source(listing, uow.ref.source))


@functools.lru_cache(maxsize=256)
def _importer(org: str) -> Principal:
    """Who the audit trail says imported an entry of that org (one actor, not one a row)."""
    return Principal(sub="import", org=org, roles=frozenset())
