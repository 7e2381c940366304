"""Screening endpoints (role screener): bids' parties against the negative list."""

import datetime
import json

from flask import Flask, current_app, request
from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.fastpath import CheckFastPath
from api.openapi import document
from api.schemas.screening import (
    CheckOut,
    CheckQuery,
    ScreeningIn,
    ScreeningOut,
    ScreeningRecordOut,
    parse_instant,
)
from blacklist.errors import InvalidInput
from blacklist.screening import service
from blacklist.screening.holder import IndexHolder
from blacklist.screening.live import LiveIndex

MAX_NAME = 200
CHECK_ROLES = ("screener", "admin")
# Made once: json.dumps with options builds a new encoder per call. No key sorting either,
# which jsonify would do.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

bp = Blueprint("screenings", __name__, url_prefix="/api/v1",
               description="Screening parties against the negative list")

CHECK_DOC = {"parameters": [{"in": "query", "schema": CheckQuery}], "responses": {"200": {
    "description": "The party's decision and matches",
    "content": {"application/json": {"schema": CheckOut}}}}}


def init_app(app: Flask, runtime) -> None:
    """Build the process's index when the app is made, before gunicorn forks its workers;
    a check by a token already verified is answered without Flask's request machinery."""
    app.extensions["screening"] = IndexHolder(runtime).start()
    app.wsgi_app = CheckFastPath(app.wsgi_app, app, check_body, CHECK_ROLES)


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
@requires(*CHECK_ROLES)
@document(**CHECK_DOC)
def check():
    """One party, now or as of an instant; the hot path parses its arguments by hand."""
    app = current_app._get_current_object()  # once: each proxy lookup costs
    # A plain dict: MultiDict.get builds a BadRequestKeyError for every absent key.
    return app.response_class(check_body(app, request.args.to_dict()),
                              content_type="application/json")


def check_body(app: Flask, args: dict) -> str:
    """The JSON answer of a check; InvalidInput names the field of a bad argument."""
    party = {key: value for key in ("name", "uscc", "id_number") if (value := args.get(key))}
    if not party:
        raise InvalidInput.field("uscc", "give uscc, id_number or name")
    if len(party.get("name", "")) > MAX_NAME:
        raise InvalidInput.field("name", f"at most {MAX_NAME} characters")
    # An empty domain or as_of is a 422, as the document says: only absent means "any", "now".
    as_of = _instant(args, "as_of") if "as_of" in args else None
    answer = service.check(app.extensions["blacklist"], live_index(app), party,
                           args.get("domain"), as_of, _window(args, as_of))
    return _encode(answer)


def _window(args: dict, as_of) -> dict | None:
    """`from` and `to` together make a window; neither is asked for with `as_of`."""
    given = [name for name in ("from", "to") if name in args]
    if not given:
        return None
    if as_of is not None:
        raise InvalidInput.field("as_of", "give either as_of or a window (from, to)")
    if len(given) == 1:
        missing = "to" if given == ["from"] else "from"
        raise InvalidInput.field(missing, "a window needs both from and to")
    return {name: _instant(args, name) for name in ("from", "to")}


def _instant(args: dict, name: str) -> datetime.datetime:
    try:
        return parse_instant(args[name])
    except ValueError as exc:
        raise InvalidInput.field(name, str(exc)) from None
