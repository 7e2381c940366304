"""Credit repair applications (信用修复申请, Order 2025 No. 36): the listed party applies once the
minimum period is over, with its credit commitment; the department that filed the listing
decides within its working-day limit, and an approval repairs the listing in the same
transaction. Every step is in the audit trail."""

import uuid

from blacklist.errors import Conflict, InvalidTransition, RepairTooEarly
from blacklist.infra.page import Page
from blacklist.infra.principal import Principal
from blacklist.party import deadlines
from blacklist.party.identity import PARTY, applicant_code, listed_of_applicant
from blacklist.party.models import RepairApplication
from blacklist.registry import filing
from blacklist.registry.identifiers import fold


class ApplicationOpen(Conflict):
    slug, title = "application-open", "Application already open"


def apply(uow, data: dict) -> RepairApplication:
    """Receive a listed party's application once its listing's minimum period is over, one
    at a time per listing."""
    code = applicant_code(data["applicant"], uow.ref.uscc_allowed)
    today, now = uow.clock.today(), uow.clock.now()
    decide_by, provisional = deadlines.due(uow, today, "repair_decide_working_days")
    reply_by, later = deadlines.due(uow, today, "repair_reply_working_days")
    with uow:
        uow.lock_log()
        record = listed_of_applicant(uow, data["listing_id"], code)
        listing = record.listing
        if today < listing.repairable_from:
            raise RepairTooEarly(f"repair is possible from {listing.repairable_from}",
                                 repairable_from=listing.repairable_from.isoformat())
        if uow.repair_applications.open_of(listing.id):
            raise ApplicationOpen("an application for this listing is already being decided")
        application = RepairApplication(
            id=str(uuid.uuid4()), listing_id=listing.id, org=listing.org,
            applicant_name=data["applicant"]["name"], applicant_code=code,
            contact=dict(data["contact"]), statement=data["statement"],
            evidence=list(data.get("evidence") or []), status="received", received_at=now,
            decide_by=decide_by, reply_by=reply_by, provisional=provisional or later)
        uow.repair_applications.add(application)
        _audit(uow, PARTY, "apply", application, None, now)
        uow.commit()
    return application


def status(uow, application_id: str, code: str) -> RepairApplication:
    """An application's status and outcome, to its applicant only (404 to anyone else)."""
    with uow:
        return uow.repair_applications.of_applicant(application_id, fold(code))


def search(uow, actor: Principal, *, status=None, page=1, per_page=20) -> Page:
    """The applications on the actor's org's listings (admin: all), newest first."""
    with uow:
        return uow.repair_applications.search(actor, status=status, page=page,
                                              per_page=per_page)


def decide(uow, application_id: str, actor: Principal, *, outcome: str,
           reason: str | None = None, decision_no: str | None = None) -> RepairApplication:
    """Approve (repairing the listing, in this transaction) or reject an application; a listing
    no longer listed cannot be decided on (409, nothing written)."""
    today, now = uow.clock.today(), uow.clock.now()
    with uow:
        uow.lock_log()
        application = uow.repair_applications.get(application_id, for_org=actor, lock=True)
        before = application.model_dump(mode="json")
        listing = uow.listings.get(application.listing_id, for_org=actor, lock=True).listing
        if not listing.is_public or listing.publish_until < today:
            state = listing.status if not listing.is_public else "expired"
            raise InvalidTransition(f"the listing is {state}: the application cannot be decided")
        application.decide(outcome=outcome, reason=reason, decision_no=decision_no,
                           by=f"{actor.org}/{actor.sub}", today=today, now=now)
        if outcome == "approved":
            filing.repair_within(uow, listing.id, actor, application.decision_no,
                                 reason or "信用修复申请核准")
        uow.repair_applications.save(application)
        _audit(uow, actor, outcome, application, before, now)
        uow.commit()
    return application


def _audit(uow, actor, action: str, application: RepairApplication, before, now) -> None:
    uow.audit.record(actor, action, "repair_application", application.id, before=before,
                     after=application.model_dump(mode="json"), at=now)
