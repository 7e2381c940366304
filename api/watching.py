"""Watch endpoints (role screener): a bid's parties re-screened on every change until the award."""

from flask import current_app, request
from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.schemas.watching import WatchCreatedOut, WatchIn, WatchOut, WatchPageOut, WatchQuery
from api.screening import live_index
from blacklist.watching import service

bp = Blueprint("watches", __name__, url_prefix="/api/v1",
               description="Watches: a bid's parties re-screened until the award")


def _own_hosts() -> set[str]:
    """Where this service is reached: a callback there would call the service itself."""
    host = request.host.lower()
    default = "443" if request.scheme == "https" else "80"
    return {host if ":" in host.rsplit("]", 1)[-1] else f"{host}:{default}"}


@bp.post("/watches")
@requires("screener")
@bp.arguments(WatchIn)
@bp.response(201, WatchCreatedOut)
def create_watch(data):
    """Watch a bid's parties until `until`; the first screening and its receipt at once."""
    return service.create(deps.uow(), live_index(current_app), deps.principal(), data,
                          _own_hosts())


@bp.get("/watches")
@requires("screener", "admin")
@bp.arguments(WatchQuery, location="query")
@bp.response(200, WatchPageOut)
def list_watches(query):
    """The org's watches (admin: all), newest first."""
    return service.listing(deps.uow(readonly=True), deps.principal(), query.get("status"),
                           query["page"], query["per_page"])


@bp.get("/watches/<watch_id>")
@requires("screener", "admin")
@bp.response(200, WatchOut)
def get_watch(watch_id):
    """The watch, its parties' current decisions and its alerts."""
    return service.get(deps.uow(readonly=True), watch_id, deps.principal())


@bp.delete("/watches/<watch_id>")
@requires("screener", "admin")
@bp.response(200, WatchOut)
def close_watch(watch_id):
    """Close the watch now: the award was made."""
    return service.close(deps.uow(), watch_id, deps.principal())
