"""Filing endpoints (role filer): the negative list's lifecycle."""

from flask_smorest import Blueprint

from api import deps
from api.auth import requires
from api.schemas.filing import ListingIn, ListingPatch, ListingQuery, PublishIn, RepairIn, RevokeIn
from api.schemas.registry import ListingOut, ListingPageOut, ListingWithHistoryOut
from blacklist.registry import filing, listings

bp = Blueprint("listings", __name__, url_prefix="/api/v1", description="The negative list")


@bp.post("/listings")
@requires("filer")
@bp.arguments(ListingIn)
@bp.response(201, ListingOut)
def create_listing(data):
    """Put an entity on the negative list (pending)."""
    return filing.file_listing(deps.uow(), deps.principal(), data)


@bp.get("/listings")
@requires("filer", "admin")
@bp.arguments(ListingQuery, location="query")
@bp.response(200, ListingPageOut)
def list_listings(query):
    """The filer's org's listings (admin: all)."""
    return listings.search(deps.uow(readonly=True), deps.principal(), **query)


@bp.get("/listings/<listing_id>")
@requires("filer", "admin")
@bp.response(200, ListingWithHistoryOut)
def get_listing(listing_id):
    """One listing with its history."""
    return listings.get(deps.uow(readonly=True), listing_id, deps.principal())


@bp.patch("/listings/<listing_id>")
@requires("filer")
@bp.arguments(ListingPatch)
@bp.response(200, ListingOut)
def correct_listing(data, listing_id):
    """Correct a listing; the body carries the version it read."""
    version = data.pop("version")
    if "entity" in data:
        data["former_names"] = data.pop("entity")["former_names"]
    return filing.correct(deps.uow(), listing_id, deps.principal(), version, data)


@bp.post("/listings/<listing_id>/publish")
@requires("filer")
@bp.arguments(PublishIn)
@bp.response(200, ListingOut)
def publish_listing(data, listing_id):
    """pending → listed, once the statement period is met."""
    return filing.publish(deps.uow(), listing_id, deps.principal(), data["statement"],
                          data.get("note"))


@bp.post("/listings/<listing_id>/revoke")
@requires("filer")
@bp.arguments(RevokeIn)
@bp.response(200, ListingOut)
def revoke_listing(data, listing_id):
    """pending or listed → revoked."""
    return filing.revoke(deps.uow(), listing_id, deps.principal(), data["reason"])


@bp.post("/listings/<listing_id>/repair")
@requires("filer")
@bp.arguments(RepairIn)
@bp.response(200, ListingOut)
def repair_listing(data, listing_id):
    """listed → repaired (信用修复), after the minimum period."""
    return filing.repair(deps.uow(), listing_id, deps.principal(), data["decision_no"],
                         data["reason"])
