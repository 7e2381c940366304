"""Reading listings back: one with its history, or a filer's page of them."""

from dataclasses import replace

from blacklist.infra.page import Page
from blacklist.infra.principal import Principal
from blacklist.registry.records import Action, Actor, ListingRecord
from blacklist.trail import events

HISTORY_FIELDS = ("status", "facts", "legal_basis", "publish_until", "measures", "statement",
                  "statement_note", "removal_reason", "under_objection")


def changed_fields(before: dict | None, after: dict) -> dict:
    """{field: [old, new]} for what an action changed, from two stored snapshots."""
    old = events.read(before) if before else {"listing": {}, "entity": {}}
    new = events.read(after)
    changes = {f: [old["listing"].get(f), new["listing"].get(f)] for f in HISTORY_FIELDS
               if old["listing"].get(f) != new["listing"].get(f)}
    old_names = old["entity"].get("former_names")
    new_names = new["entity"].get("former_names")
    if old_names != new_names:
        changes["entity.former_names"] = [old_names, new_names]
    return changes


def get(uow, listing_id: str, actor: Principal) -> ListingRecord:
    """A listing of the actor's org (admin: any), with its history oldest first."""
    with uow:
        record = uow.listings.get(listing_id, for_org=actor)
        history = tuple(
            Action(at=e.at, actor=Actor(e.actor_org, e.actor_sub), action=e.action,
                   changes=changed_fields(e.before, e.after))
            for e in uow.audit.history("listing", listing_id))
    return replace(record, history=history)


def search(uow, actor: Principal, *, status=None, domain=None, q=None, page=1,
           per_page=20) -> Page[ListingRecord]:
    """The filer's org's listings (admin: all), newest first."""
    with uow:
        return uow.listings.search(actor, status=status, domain=domain, q=q, page=page,
                                   per_page=per_page)
