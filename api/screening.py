"""Screening endpoints (role screener): bids' parties against the negative list."""

import datetime
import json
import re

from flask import Flask, current_app, request
from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.openapi import document
from api.schemas.screening import (
    CheckOut,
    CheckQuery,
    ScreeningIn,
    ScreeningOut,
    ScreeningRecordOut,
)
from blacklist.errors import InvalidInput
from blacklist.infra.clock import SHANGHAI
from blacklist.screening import service
from blacklist.screening.holder import IndexHolder
from blacklist.screening.live import LiveIndex

MAX_NAME = 200
# Made once: json.dumps with options builds a new encoder per call. No key sorting either,
# which jsonify would do.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

bp = Blueprint("screenings", __name__, url_prefix="/api/v1",
               description="Screening parties against the negative list")

CHECK_DOC = {"parameters": [{"in": "query", "schema": CheckQuery}], "responses": {"200": {
    "description": "The party's decision and matches",
    "content": {"application/json": {"schema": CheckOut}}}}}


def init_app(app: Flask, runtime) -> None:
    """Build the process's index when the app is made, before gunicorn forks its workers."""
    app.extensions["screening"] = IndexHolder(runtime).start()


def live_index(app: Flask) -> LiveIndex:
    """The process's index; NotReady (503) until it is built."""
    return app.extensions["screening"].get()


@bp.post("/screenings")
@requires("screener")
@bp.arguments(ScreeningIn)
@bp.response(201, ScreeningOut)
def create_screening(data):
    """Screen a bid's parties, in order, with a signed receipt."""
    return service.screen(deps.uow(), live_index(current_app), deps.principal(), data)


@bp.get("/screenings/<screening_id>")
@requires("screener", "admin")
@bp.response(200, ScreeningRecordOut)
def get_screening(screening_id):
    """A stored screening (its own org, and admin)."""
    return service.get(deps.uow(readonly=True), screening_id, deps.principal())


# Documented without a wrapper (bp.doc, bp.arguments and bp.response each cost the hot path
# a context lookup and a coroutine check per request); the answer is encoded by hand.
@bp.get("/check")
@requires("screener", "admin")
@document(**CHECK_DOC)
def check():
    """One party, now or as of an instant; the hot path parses its arguments by hand."""
    # A plain dict: MultiDict.get builds a BadRequestKeyError for every absent key.
    args = request.args.to_dict()
    party = {key: value for key in ("name", "uscc", "id_number") if (value := args.get(key))}
    if not party:
        raise InvalidInput.field("uscc", "give uscc, id_number or name")
    if len(party.get("name", "")) > MAX_NAME:
        raise InvalidInput.field("name", f"at most {MAX_NAME} characters")
    # An empty domain or as_of is a 422, as the document says: only absent means "any", "now".
    as_of = _instant(args["as_of"]) if "as_of" in args else None
    app = current_app._get_current_object()  # once: each proxy lookup costs
    answer = service.check(app.extensions["blacklist"], live_index(app), party,
                           args.get("domain"), as_of)
    return app.response_class(_encode(answer), content_type="application/json")


# A "+" sent unencoded in a query string arrives as a space before the offset.
_UNENCODED_PLUS = re.compile(r" (\d{2}:?\d{2})$")


def _instant(value: str) -> datetime.datetime:
    try:
        instant = datetime.datetime.fromisoformat(_UNENCODED_PLUS.sub(r"+\1", value.strip()))
        if instant.tzinfo is None:
            raise InvalidInput.field("as_of", "must carry an offset, e.g. 2026-11-27T10:00:00+08:00")
        return instant.astimezone(SHANGHAI)
    except (ValueError, OverflowError):
        raise InvalidInput.field("as_of", "must be an RFC 3339 instant") from None
