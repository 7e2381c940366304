"""Objections (异议, DOMAIN.md §9): a party contests a published entry; while it is open the
entry shows `under_objection` (异议处理中) in every view, through an `updated` change. The
filing department resolves it: upheld (the entry corrected or revoked) or dismissed."""

import uuid

from blacklist.errors import Conflict, InvalidInput
from blacklist.infra.page import Page
from blacklist.infra.principal import Principal
from blacklist.party import deadlines
from blacklist.party.identity import PARTY, applicant_code, listed_of_applicant
from blacklist.party.models import Objection
from blacklist.registry import filing
from blacklist.registry.identifiers import fold


class ObjectionOpen(Conflict):
    slug, title = "objection-open", "Objection already open"


def lodge(uow, data: dict) -> Objection:
    """Receive an objection to a listed entry from its party, one open at a time per party;
    the entry is flagged at once."""
    code = applicant_code(data["applicant"], uow.ref.uscc_allowed)
    today, now = uow.clock.today(), uow.clock.now()
    resolve_by, provisional = deadlines.due(uow, today, "objection_resolve_working_days")
    with uow:
        uow.lock_log()
        listing = listed_of_applicant(uow, data["listing_id"], code).listing
        if uow.objections.open_of(listing.id, code):
            raise ObjectionOpen("this party's objection to the entry is still being checked")
        objection = Objection(
            id=str(uuid.uuid4()), listing_id=listing.id, org=listing.org,
            applicant_name=data["applicant"]["name"], applicant_code=code,
            contact=dict(data["contact"]), statement=data["statement"],
            grounds=data["grounds"], status="open", received_at=now, resolve_by=resolve_by,
            provisional=provisional)
        uow.objections.add(objection)
        filing.flag_objection_within(uow, listing.id, PARTY, True)
        _audit(uow, PARTY, "object", objection, None, now)
        uow.commit()
    return objection


def status(uow, objection_id: str, code: str) -> Objection:
    """An objection's status and outcome, to its applicant only (404 to anyone else)."""
    with uow:
        return uow.objections.of_applicant(objection_id, fold(code))


def search(uow, actor: Principal, *, status=None, page=1, per_page=20) -> Page:
    """The objections to the actor's org's listings (admin: all), newest first."""
    with uow:
        return uow.objections.search(actor, status=status, page=page, per_page=per_page)


def resolve(uow, objection_id: str, actor: Principal, *, outcome: str, reason: str | None,
            action: str | None, correction: dict | None) -> Objection:
    """Resolve an objection; upheld corrects or revokes the entry, and the flag is lifted with
    the last open objection, in the same change."""
    today, now = uow.clock.today(), uow.clock.now()
    with uow:
        uow.lock_log()
        objection = uow.objections.get(objection_id, for_org=actor, lock=True)
        if action == "correct" and not correction:
            raise InvalidInput.field("correction", "a correction needs the fields to correct")
        before = objection.model_dump(mode="json")
        objection.resolve(outcome=outcome, action=action, reason=reason,
                          by=f"{actor.org}/{actor.sub}", today=today, now=now)
        uow.objections.save(objection)
        lift = None if uow.objections.open_of(objection.listing_id) else _lift
        if action == "revoke":
            filing.revoke_within(uow, objection.listing_id, actor, reason, before_change=lift)
        elif action == "correct":
            filing.correct_within(uow, objection.listing_id, actor, None, correction or {},
                                  before_change=lift)
        elif lift:
            filing.flag_objection_within(uow, objection.listing_id, actor, False)
        _audit(uow, actor, outcome, objection, before, now)
        uow.commit()
    return objection


def _lift(listing, now) -> None:
    listing.flag_objection(flagged=False, now=now)


def _audit(uow, actor, action: str, objection: Objection, before, now) -> None:
    uow.audit.record(actor, action, "objection", objection.id, before=before,
                     after=objection.model_dump(mode="json"), at=now)
