"""The negative list's lifecycle: file, publish, correct, revoke, repair, expire. Each use case
loads the listing, lets the listing apply its rule, records the change and the audit event,
and commits, all in one transaction."""

import datetime as dt
import uuid

from blacklist.errors import DuplicateDecision, InvalidInput
from blacklist.infra.principal import SYSTEM, Principal, require_domain
from blacklist.registry import entities
from blacklist.registry.models import PUBLIC_STATUSES, Listing
from blacklist.registry.periods import check_publish_until, repairable_from
from blacklist.registry.records import ListingRecord
from blacklist.trail import events
from blacklist.trail.changelog import EVENT_OF_ACTION


def check_codes(ref, data: dict) -> None:
    """Domain, category and measures must be codes of data/ (422 naming the field)."""
    errors = {}
    if data.get("domain") not in ref.domains:
        errors["domain"] = [f"unknown domain {data.get('domain')!r}"]
    if "category" in data and data["category"] not in ref.categories:
        errors["category"] = [f"unknown category {data['category']!r}"]
    for i, code in enumerate(data.get("measures") or []):
        if code not in ref.measures:
            errors[f"measures.{i}"] = [f"unknown measure {code!r}"]
    if errors:
        raise InvalidInput(errors)


def check_filing(ref, actor: Principal, data: dict, today: dt.date) -> dict:
    """The codes, the filer's domain, the decision date and the party's identifiers of a
    filing (listing or penalty); returns the party with canonical identifiers."""
    check_codes(ref, data)
    require_domain(actor, data["domain"], ref.orgs)
    if data["decision_date"] > today:
        raise InvalidInput.field("decision_date", "cannot be in the future")
    return entities.validate(data["entity"], ref.uscc_allowed)


def file_listing(uow, actor: Principal, data: dict) -> ListingRecord:
    """Put an entity on the negative list as `pending`, with its statement period open."""
    ref, today, now = uow.ref, uow.clock.today(), uow.clock.now()
    entity_data = check_filing(ref, actor, data, today)
    rule = ref.listing_rule(data["category"])
    publish_until = check_publish_until(rule, data["decision_date"], data.get("publish_until"),
                                        today)
    deadline, _ = uow.calendar.add_workdays(today, ref.rules["statement_period_working_days"])
    with uow:
        uow.lock_log()
        entity = uow.entities.upsert(entity_data, now)
        if uow.listings.decision_filed(entity.id, data["domain"], data["decision_no"]):
            raise DuplicateDecision(f"decision {data['decision_no']} is already filed for this "
                                    f"entity in {data['domain']}")
        record = uow.listings.add(Listing(
            id=str(uuid.uuid4()), entity_id=entity.id, org=actor.org, domain=data["domain"],
            category=data["category"], decision_no=data["decision_no"],
            decision_date=data["decision_date"], facts=data["facts"],
            legal_basis=data["legal_basis"], measures=_measures(ref, data.get("measures")),
            publish_until=publish_until, statement_deadline=deadline,
            repairable_from=repairable_from(rule, data["decision_date"]),
            status="pending", created_at=now, updated_at=now), entity)
        _trace(uow, actor, "file", record, None, now)
        uow.commit()
    return record


def publish(uow, listing_id: str, actor: Principal, statement: str,
            note: str | None) -> ListingRecord:
    """Publish a pending listing once the party's right to be heard is met."""
    now = uow.clock.now()
    with uow:
        record, before = _locked(uow, listing_id, actor)
        record.listing.publish(statement=statement, note=note, today=uow.clock.today(), now=now)
        _trace(uow, actor, "publish", record, before, now)
        uow.commit()
    return record


def revoke(uow, listing_id: str, actor: Principal, reason: str) -> ListingRecord:
    """Withdraw a pending or listed entry whose decision was withdrawn or overturned."""
    with uow:
        record = revoke_within(uow, listing_id, actor, reason)
        uow.commit()
    return record


def revoke_within(uow, listing_id: str, actor: Principal, reason: str,
                  before_change=None) -> ListingRecord:
    """The revocation's steps in a transaction the caller owns (an upheld objection)."""
    now = uow.clock.now()
    record, before = _locked(uow, listing_id, actor)
    if before_change:
        before_change(record.listing, now)
    record.listing.revoke(reason=reason, now=now)
    _trace(uow, actor, "revoke", record, before, now)
    return record


def repair(uow, listing_id: str, actor: Principal, decision_no: str,
           reason: str) -> ListingRecord:
    """Credit repair (信用修复): only a listed entry, only after the minimum period."""
    with uow:
        record = repair_within(uow, listing_id, actor, decision_no, reason)
        uow.commit()
    return record


def repair_within(uow, listing_id: str, actor: Principal, decision_no: str,
                  reason: str) -> ListingRecord:
    """The repair's steps in a transaction the caller owns (an approved application)."""
    now = uow.clock.now()
    record, before = _locked(uow, listing_id, actor)
    record.listing.repair(decision_no=decision_no, reason=reason, today=uow.clock.today(),
                          now=now)
    _trace(uow, actor, "repair", record, before, now)
    return record


def correct(uow, listing_id: str, actor: Principal, version: int,
            fields: dict) -> ListingRecord:
    """Correct a pending or listed entry; the version read must still be current."""
    with uow:
        record = correct_within(uow, listing_id, actor, version, fields)
        uow.commit()
    return record


def correct_within(uow, listing_id: str, actor: Principal, version: int | None,
                   fields: dict, before_change=None) -> ListingRecord:
    """The correction's steps in a transaction the caller owns; version None: the current
    one (an upheld objection corrects what is there now)."""
    ref, now, measures = uow.ref, uow.clock.now(), fields.get("measures")
    record, before = _locked(uow, listing_id, actor)
    listing = record.listing
    if before_change:
        before_change(listing, now)
    check_codes(ref, {"domain": listing.domain, "measures": measures})
    listing.correct(version=listing.version if version is None else version,
                    rule=ref.listing_rule(listing.category),
                    today=uow.clock.today(), now=now, facts=fields.get("facts"),
                    legal_basis=fields.get("legal_basis"),
                    measures=None if measures is None else _measures(ref, measures),
                    publish_until=fields.get("publish_until"))
    if "former_names" in fields:
        record.entity.set_former_names(fields["former_names"])
    _trace(uow, actor, "correct", record, before, now)
    return record


def flag_objection_within(uow, listing_id: str, actor: Principal, flagged: bool) -> ListingRecord:
    """Open or lift the 异议处理中 flag in a transaction the caller owns; a flag that moves on
    a listed entry is an `updated` change. The caller has checked who may (the party by its
    identifier, the department through the objection), so no org is asked of the actor."""
    now = uow.clock.now()
    uow.lock_log()
    record = uow.listings.get(listing_id, for_org=None, lock=True)
    before = events.listing_event(record)
    if record.listing.under_objection == flagged:
        return record
    record.listing.flag_objection(flagged=flagged, now=now)
    _trace(uow, actor, "object" if flagged else "settle_objection", record, before, now)
    return record


def expire_due(uow, today: dt.date | None = None, *, batch: int = 500) -> int:
    """Move `listed` entries past their publish_until to `expired`; return how many. Each
    entry expires with its change row and trace; `batch` of them a transaction, so a day on
    which thousands of periods end holds the log lock (and filings wait) a batch at a time."""
    today, done = today or uow.clock.today(), 0
    while True:
        with uow:
            now = uow.clock.now()
            uow.lock_log()
            due = uow.listings.due_to_expire(today, limit=batch)
            for record in due:
                before = events.listing_event(record)
                record.listing.expire(today=today, now=now)
                _trace(uow, SYSTEM, "expire", record, before, now)
            uow.commit()
        done += len(due)
        if len(due) < batch:
            return done


def _measures(ref, measures: list | None) -> list[str]:
    """No measures given means joint punishment across every domain."""
    return list(dict.fromkeys(measures)) if measures else list(ref.measures)


def _locked(uow, listing_id: str, actor: Principal) -> tuple[ListingRecord, dict]:
    """The listing, locked for this transaction under the log lock, and how it stood."""
    uow.lock_log()
    record = uow.listings.writable(listing_id, actor)
    return record, events.listing_event(record)


def _trace(uow, actor, action: str, record: ListingRecord, before: dict | None, now) -> None:
    """The audit event, and the change row when the listing's public state moved."""
    uow.listings.save(record)
    after = events.listing_event(record)
    uow.audit.record(actor, action, "listing", record.listing.id, before=before, after=after,
                     at=now)
    was_public = before is not None and before["listing"]["status"] in PUBLIC_STATUSES
    if record.listing.is_public or was_public:
        uow.changes.record(EVENT_OF_ACTION[action], record, now)
