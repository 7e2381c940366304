"""Administrative penalties (role filer), disclosed within 7 working days."""

from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.schemas.filing import PenaltyIn
from api.schemas.registry import PenaltyOut
from blacklist.registry import penalties

bp = Blueprint("penalties", __name__, url_prefix="/api/v1", description="双公示 penalties")


@bp.post("/penalties")
@requires("filer")
@bp.arguments(PenaltyIn)
@bp.response(201, PenaltyOut)
def create_penalty(data):
    """File a penalty; the answer carries its disclosure deadline."""
    return penalties.file_penalty(deps.uow(), deps.principal(), data)


@bp.post("/penalties/<penalty_id>/publish")
@requires("filer")
@bp.response(200, PenaltyOut)
def publish_penalty(penalty_id):
    """Publish a draft penalty."""
    return penalties.publish_penalty(deps.uow(), penalty_id, deps.principal())


@bp.get("/penalties/<penalty_id>")
@requires("filer", "admin")
@bp.response(200, PenaltyOut)
def get_penalty(penalty_id):
    """One penalty."""
    return penalties.get_penalty(deps.uow(readonly=True), penalty_id, deps.principal())
