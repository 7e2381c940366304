"""The negative list's lifecycle: file, publish, correct, revoke, repair, expire."""

import datetime as dt
import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from blacklist.errors import (
    DuplicateDecision,
    InvalidInput,
    InvalidTransition,
    NotFound,
    RepairTooEarly,
    StaleVersion,
    StatementPeriodOpen,
)
from blacklist.infra.clock import add_months
from blacklist.infra.principal import SYSTEM, Principal, require_domain
from blacklist.registry import entities
from blacklist.registry.models import Entity, Listing
from blacklist.registry.views import listing_view
from blacklist.trail import audit, changelog

PUBLIC_STATUSES = ("listed",)


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


def publication_window(rule: dict, decision_date: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(earliest allowed last day, default last day, latest allowed last day); inclusive."""
    last = lambda months: add_months(decision_date, months) - dt.timedelta(days=1)  # noqa: E731
    return last(rule["min_months"]), last(rule["default_months"]), last(rule["max_months"])


def check_publish_until(rule, decision_date, publish_until, today) -> dt.date:
    """A last day within the category's period and not already past."""
    low, default, high = publication_window(rule, decision_date)
    if publish_until is None:
        if default < today:
            raise InvalidInput.field("decision_date",
                                     f"its publication period already ended on {default}")
        return default
    if publish_until > high:
        raise InvalidInput.field("publish_until", f"past the maximum period: at most {high}")
    if publish_until < low:
        raise InvalidInput.field("publish_until", f"shorter than the minimum: at least {low}")
    if publish_until < today:
        raise InvalidInput.field("publish_until", f"already past (today is {today})")
    return publish_until


def file_listing(uow, actor: Principal, data: dict) -> dict:
    """Put an entity on the negative list as `pending`, with its statement period open."""
    ref, today, now = uow.ref, uow.clock.today(), uow.clock.now()
    check_codes(ref, data)
    require_domain(actor, data["domain"], ref.orgs)
    if data["decision_date"] > today:
        raise InvalidInput.field("decision_date", "cannot be in the future")
    entity_data = entities.validate(data["entity"], ref.uscc_allowed)
    rule = ref.listing_rule(data["category"])
    publish_until = check_publish_until(rule, data["decision_date"], data.get("publish_until"),
                                        today)
    deadline, _ = uow.calendar.add_workdays(today, ref.rules["statement_period_working_days"])
    with uow:
        uow.lock_log()
        entity = entities.upsert(uow, entity_data, now)
        _refuse_duplicate(uow, entity.id, data)
        listing = Listing(
            id=str(uuid.uuid4()), entity_id=entity.id, org=actor.org, domain=data["domain"],
            category=data["category"], decision_no=data["decision_no"],
            decision_date=data["decision_date"], facts=data["facts"],
            legal_basis=data["legal_basis"], measures=_measures(ref, data.get("measures")),
            publish_until=publish_until, statement_deadline=deadline,
            repairable_from=add_months(data["decision_date"], rule["min_months"]),
            status="pending", created_at=now, updated_at=now)
        uow.session.add(listing)
        view = _record(uow, actor, "file", listing, entity, before=None, now=now)
        _commit(uow)
    return view


def _measures(ref, measures: list | None) -> list[str]:
    """No measures given means joint punishment across every domain."""
    return list(dict.fromkeys(measures)) if measures else list(ref.measures)


def _refuse_duplicate(uow, entity_id: str, data: dict) -> None:
    query = select(Listing.id).where(Listing.entity_id == entity_id,
                                     Listing.domain == data["domain"],
                                     Listing.decision_no == data["decision_no"])
    if uow.session.exec(query).first():
        raise DuplicateDecision(
            f"decision {data['decision_no']} is already filed for this entity in {data['domain']}")


def _commit(uow) -> None:
    try:
        uow.commit()
    except IntegrityError as exc:
        raise DuplicateDecision("this decision is already filed for this entity") from exc


def _record(uow, actor, action, listing, entity, *, before, now) -> dict:
    """Write the audit event, and the change row when the public state moved."""
    listing.updated_at = now
    uow.session.add(listing)
    uow.session.flush()
    view = listing_view(listing, entity, uow.ref.source(listing.org))
    audit.record(uow, actor, action, "listing", listing.id, before, view, now)
    was_public = before is not None and before["status"] in PUBLIC_STATUSES
    if listing.status in PUBLIC_STATUSES or was_public:
        event = changelog.EVENT_OF_ACTION[action]
        changelog.record(uow, event, view, view["source"], now)
    return view


def _load(uow, listing_id: str, actor: Principal, *, lock: bool = True):
    """The listing of the actor's org (admin: any); another org's is not revealed (404)."""
    query = select(Listing).where(Listing.id == listing_id)
    if lock:
        query = query.with_for_update()
    listing = uow.session.exec(query).first()
    if listing is None or (listing.org != actor.org and not actor.is_admin):
        raise NotFound(f"no listing {listing_id}")
    entity = uow.session.get(Entity, listing.entity_id)
    return listing, entity


def transition(uow, listing_id: str, actor: Principal, action: str, apply) -> dict:
    """Load, check, change and record one listing in one transaction."""
    now = uow.clock.now()
    with uow:
        uow.lock_log()
        listing, entity = _load(uow, listing_id, actor)
        before = listing_view(listing, entity, uow.ref.source(listing.org))
        apply(listing, entity, uow.clock.today(), now)
        listing.version += 1
        view = _record(uow, actor, action, listing, entity, before=before, now=now)
        uow.commit()
    return view


def _require_status(listing: Listing, *allowed: str) -> None:
    if listing.status not in allowed:
        raise InvalidTransition(f"a {listing.status} listing cannot do this "
                                f"(needs {' or '.join(allowed)})")


def publish(uow, listing_id: str, actor: Principal, statement: str, note: str | None) -> dict:
    """Publish a pending listing once the party's right to be heard is met."""
    def apply(listing, entity, today, now):
        _require_status(listing, "pending")
        if statement == "none_received" and today <= listing.statement_deadline:
            raise StatementPeriodOpen(
                f"the party may state its case until {listing.statement_deadline}",
                statement_deadline=listing.statement_deadline.isoformat())
        if statement == "reviewed" and not (note or "").strip():
            raise InvalidInput.field("note", "a reviewed statement needs a note")
        if listing.publish_until < today:
            raise InvalidTransition(f"publish_until {listing.publish_until} is already past")
        listing.status, listing.statement, listing.statement_note = "listed", statement, note
        listing.published_at = now
    return transition(uow, listing_id, actor, "publish", apply)


def revoke(uow, listing_id: str, actor: Principal, reason: str) -> dict:
    """Withdraw a pending or listed entry whose decision was withdrawn or overturned."""
    def apply(listing, entity, today, now):
        _require_status(listing, "pending", "listed")
        listing.status, listing.removal_reason, listing.removed_at = "revoked", reason, now
    return transition(uow, listing_id, actor, "revoke", apply)


def repair(uow, listing_id: str, actor: Principal, decision_no: str, reason: str) -> dict:
    """Credit repair (信用修复): only a listed entry, only after the minimum period."""
    def apply(listing, entity, today, now):
        _require_status(listing, "listed")
        if today < listing.repairable_from:
            raise RepairTooEarly(f"repair is possible from {listing.repairable_from}",
                                 repairable_from=listing.repairable_from.isoformat())
        listing.status, listing.removal_reason, listing.removed_at = "repaired", reason, now
        listing.repair_decision_no = decision_no
    return transition(uow, listing_id, actor, "repair", apply)


def correct(uow, listing_id: str, actor: Principal, version: int, fields: dict) -> dict:
    """Correct a pending or listed entry; the version read must still be current."""
    ref = uow.ref

    def apply(listing, entity, today, now):
        if listing.version != version:
            raise StaleVersion(f"version {version} is stale; the listing is at {listing.version}",
                               current_version=listing.version)
        _require_status(listing, "pending", "listed")
        check_codes(ref, {"domain": listing.domain, "measures": fields.get("measures")})
        for name in ("facts", "legal_basis"):
            if name in fields:
                setattr(listing, name, fields[name])
        if "measures" in fields:
            listing.measures = _measures(ref, fields["measures"])
        if "publish_until" in fields:
            listing.publish_until = check_publish_until(
                ref.listing_rule(listing.category), listing.decision_date,
                fields["publish_until"], today)
        if "former_names" in fields:
            entity.former_names = list(dict.fromkeys(fields["former_names"]))
            entities.refresh_search_key(entity)
            uow.session.add(entity)
    return transition(uow, listing_id, actor, "correct", apply)


def expire_due(uow, today: dt.date | None = None) -> int:
    """Move `listed` entries past their publish_until to `expired`; return how many."""
    today = today or uow.clock.today()
    now = uow.clock.now()
    with uow:
        uow.lock_log()
        query = select(Listing).where(Listing.status == "listed", Listing.publish_until < today)
        due = list(uow.session.exec(query.order_by(Listing.publish_until, Listing.id)))
        for listing in due:
            entity = uow.session.get(Entity, listing.entity_id)
            before = listing_view(listing, entity, uow.ref.source(listing.org))
            listing.status, listing.removed_at = "expired", now
            listing.removal_reason = "publication period ended"
            listing.version += 1
            _record(uow, SYSTEM, "expire", listing, entity, before=before, now=now)
        uow.commit()
    return len(due)
