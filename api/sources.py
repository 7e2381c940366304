"""The authorities whose lists we keep a verified copy of (admin)."""

from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.schemas.sources import SourcesOut
from blacklist.joint import sources

bp = Blueprint("sources", __name__, url_prefix="/api/v1", description="Joint punishment sources")


@bp.get("/sources")
@requires("admin")
@bp.response(200, SourcesOut)
def list_sources():
    """Each source: URL, authority, cursor, entries held, last success and error, stopped."""
    return {"items": sources.list_sources(deps.uow(readonly=True))}
