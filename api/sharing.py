"""Sharing: the pull feed, the feeds operators watch and replay, the public export, and the
timeliness report."""

import json

from flask import Response, stream_with_context
from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.openapi import document
from api.schemas.sharing import (
    EXPORT_DOC,
    ChangesOut,
    ChangesQuery,
    ExportQuery,
    FeedsOut,
    ReplayOut,
    TimelinessOut,
    TimelinessQuery,
)
from blacklist.errors import NotFound
from blacklist.sharing import export, feeds, push, timeliness

bp = Blueprint("sharing", __name__, url_prefix="/api/v1", description="Sharing with platforms")

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.get("/changes")
@requires("feed")
@bp.arguments(ChangesQuery, location="query")
@bp.response(200, ChangesOut, headers={"X-Signature": {
    "description": "detached ES256 JWS (RFC 7515 Appendix F) of the exact body bytes, "
                   "verifiable with /.well-known/jwks.json", "schema": {"type": "string"}}})
def changes(query):
    """The change log past `after`, shared tier, as the push carries it, signed in
    X-Signature (detached JWS of the exact body bytes) like a push."""
    page = feeds.changes_page(deps.uow(readonly=True), query["after"], query["limit"],
                              query["include_sources"])
    body = json.dumps(ChangesOut().dump(page), ensure_ascii=False,
                      separators=(",", ":")).encode()
    response = Response(body, mimetype="application/json")
    # Asked per answer: a rotation is followed without a restart.
    response.headers["X-Signature"] = deps.runtime().keys.detached(body)
    return response


@bp.get("/feeds")
@requires("admin")
@bp.response(200, FeedsOut)
def list_feeds():
    """Each feed's cursor, lag, last success and error, and parked changes."""
    return {"items": feeds.list_feeds(deps.uow(readonly=True))}


@bp.post("/feeds/<name>/replay")
@requires("admin")
@bp.response(200, ReplayOut)
def replay(name):
    """Send the feed's parked changes again, in order; resumes a stopped feed."""
    outcome = push.replay(deps.runtime(), name)
    feed = next((f for f in feeds.list_feeds(deps.uow(readonly=True)) if f["name"] == name), None)
    if feed is None:
        raise NotFound(f"no feed {name!r}")
    return {"name": name, "delivered": outcome.delivered, "parked": len(feed["parked"]),
            "error": outcome.error, "feed": feed}


@bp.get("/exports/listings")
@bp.arguments(ExportQuery, location="query")
@document(**EXPORT_DOC)
def export_listings(query):
    """Every listed entry, masked as on the public page, streamed (public)."""
    kind = query["format"]
    body = (export.as_csv if kind == "csv" else export.as_json)(deps.uow(readonly=True))
    response = Response(stream_with_context(body), mimetype=EXPORT_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="listings.{kind}"'
    return response


@bp.get("/reports/timeliness")
@requires("admin")
@bp.arguments(TimelinessQuery, location="query")
@bp.response(200, TimelinessOut)
def timeliness_report(query):
    """Penalties per department and domain: on time, late, drafts past their deadline."""
    return timeliness.report(deps.uow(readonly=True), query.get("date_from"),
                             query.get("date_to"))
