"""The party's side: public repair applications and objections (no token, rate-limited as
every /api/v1/public path), and the department's endpoints to decide and resolve them."""

from flask import Response, url_for
from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.openapi import document
from api.schemas.party import (
    ApplicationOut,
    ApplicationPageOut,
    ApplicationQuery,
    ApplicationStatusOut,
    DecideIn,
    LookupQuery,
    ObjectionIn,
    ObjectionOut,
    ObjectionPageOut,
    ObjectionQuery,
    ObjectionStatusOut,
    RemovalReportOut,
    RemovalsQuery,
    RepairApplicationIn,
    ResolveIn,
)
from blacklist.party import applications, notices, objections
from blacklist.sharing import removals

bp = Blueprint("party", __name__, url_prefix="/api/v1",
               description="Credit repair applications and objections (the party's side)")


def _code(query: dict) -> str:
    """The identifier a lookup gives; none at all is no one's request (404, as a wrong one)."""
    return query.get("uscc") or query.get("id_number") or ""


@bp.post("/public/repair-applications")
@bp.arguments(RepairApplicationIn)
@bp.response(201, ApplicationStatusOut)
def apply_for_repair(data):
    """A listed party applies for credit repair, with its credit commitment."""
    return applications.apply(deps.uow(), data)


@bp.get("/public/repair-applications/<application_id>")
@bp.arguments(LookupQuery, location="query")
@bp.response(200, ApplicationStatusOut)
def application_status(query, application_id):
    """An application's status, to its applicant (404 to any other identifier)."""
    return applications.status(deps.uow(readonly=True), application_id, _code(query))


@bp.get("/repair-applications")
@requires("filer", "admin")
@bp.arguments(ApplicationQuery, location="query")
@bp.response(200, ApplicationPageOut)
def list_applications(query):
    """Applications on the filer's org's listings (admin: all)."""
    return applications.search(deps.uow(readonly=True), deps.principal(), **query)


@bp.post("/repair-applications/<application_id>/decide")
@requires("filer", "admin")
@bp.arguments(DecideIn)
@bp.response(200, ApplicationOut)
def decide_application(data, application_id):
    """Approve (repairs the listing) or reject an application."""
    return applications.decide(deps.uow(), application_id, deps.principal(), **data)


@bp.post("/public/objections")
@bp.arguments(ObjectionIn)
@bp.response(201, ObjectionStatusOut)
def lodge_objection(data):
    """A listed party objects to its entry; the entry shows 异议处理中 until it is resolved."""
    return objections.lodge(deps.uow(), data)


@bp.get("/public/objections/<objection_id>")
@bp.arguments(LookupQuery, location="query")
@bp.response(200, ObjectionStatusOut)
def objection_status(query, objection_id):
    """An objection's status, to its applicant (404 to any other identifier)."""
    return objections.status(deps.uow(readonly=True), objection_id, _code(query))


@bp.get("/objections")
@requires("filer", "admin")
@bp.arguments(ObjectionQuery, location="query")
@bp.response(200, ObjectionPageOut)
def list_objections(query):
    """Objections to the filer's org's listings (admin: all)."""
    return objections.search(deps.uow(readonly=True), deps.principal(), **query)


@bp.post("/objections/<objection_id>/resolve")
@requires("filer", "admin")
@bp.arguments(ResolveIn)
@bp.response(200, ObjectionOut)
def resolve_objection(data, objection_id):
    """Uphold (correct or revoke the entry) or dismiss an objection."""
    return objections.resolve(deps.uow(), objection_id, deps.principal(), **data)


PDF_DOC = {"responses": {"200": {
    "description": "信用修复告知书: the repair notice served with the decision (两书同达)",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}


def _pdf(body: bytes, name: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _apply_at() -> str:
    return url_for("pages.repair", _external=True)


@bp.get("/listings/<listing_id>/repair-notice")
@requires("filer", "admin")
@document(**PDF_DOC)
def listing_repair_notice(listing_id):
    """The repair notice of a listing decision, as a PDF in Chinese."""
    body = notices.listing_notice(deps.uow(readonly=True), listing_id, deps.principal(),
                                  _apply_at())
    return _pdf(body, "repair-notice.pdf")


@bp.get("/penalties/<penalty_id>/repair-notice")
@requires("filer", "admin")
@document(**PDF_DOC)
def penalty_repair_notice(penalty_id):
    """The repair notice of a penalty decision, as a PDF in Chinese."""
    body = notices.penalty_notice(deps.uow(readonly=True), penalty_id, deps.principal(),
                                  _apply_at())
    return _pdf(body, "repair-notice.pdf")


@bp.get("/reports/removals")
@requires("admin")
@bp.arguments(RemovalsQuery, location="query")
@bp.response(200, RemovalReportOut)
def removals_report(query):
    """Each removal with, per feed, when its platform acknowledged it and whether in time."""
    return removals.report(deps.uow(readonly=True), query.get("date_from"), query.get("date_to"))
