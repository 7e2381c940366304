"""Filing endpoints (role filer): the negative list's lifecycle."""

from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.schemas.filing import ListingIn, ListingPatch, ListingQuery, PublishIn, RepairIn, RevokeIn
from blacklist.registry import filing, listings

bp = Blueprint("listings", __name__, url_prefix="/api/v1", description="The negative list")


@bp.post("/listings")
@requires("filer")
@bp.arguments(ListingIn)
def create_listing(data):
    """Put an entity on the negative list (pending)."""
    return filing.file_listing(deps.uow(), deps.principal(), data), 201


@bp.get("/listings")
@requires("filer", "admin")
@bp.arguments(ListingQuery, location="query")
def list_listings(query):
    """The filer's org's listings (admin: all)."""
    return listings.search(deps.uow(readonly=True), deps.principal(), **query)


@bp.get("/listings/<listing_id>")
@requires("filer", "admin")
def get_listing(listing_id):
    """One listing with its history."""
    return listings.get(deps.uow(readonly=True), listing_id, deps.principal())


@bp.patch("/listings/<listing_id>")
@requires("filer")
@bp.arguments(ListingPatch)
def correct_listing(data, listing_id):
    """Correct a listing; the body carries the version it read."""
    version = data.pop("version")
    if "entity" in data:
        data["former_names"] = data.pop("entity")["former_names"]
    return filing.correct(deps.uow(), listing_id, deps.principal(), version, data)


@bp.post("/listings/<listing_id>/publish")
@requires("filer")
@bp.arguments(PublishIn)
def publish_listing(data, listing_id):
    """pending → listed, once the statement period is met."""
    return filing.publish(deps.uow(), listing_id, deps.principal(), data["statement"],
                          data.get("note"))


@bp.post("/listings/<listing_id>/revoke")
@requires("filer")
@bp.arguments(RevokeIn)
def revoke_listing(data, listing_id):
    """pending or listed → revoked."""
    return filing.revoke(deps.uow(), listing_id, deps.principal(), data["reason"])


@bp.post("/listings/<listing_id>/repair")
@requires("filer")
@bp.arguments(RepairIn)
def repair_listing(data, listing_id):
    """listed → repaired (信用修复), after the minimum period."""
    return filing.repair(deps.uow(), listing_id, deps.principal(), data["decision_no"],
                         data["reason"])
