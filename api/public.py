"""The public tier (no token): listed entries and published penalties."""

from flask_smorest import Blueprint

from api import deps
from api.schemas.public import (
    PublicListingOut,
    PublicListingPageOut,
    PublicPenaltyPageOut,
    PublicListingQuery,
    PublicQuery,
)
from blacklist.errors import InvalidInput
from blacklist.public import search as public

bp = Blueprint("public", __name__, url_prefix="/api/v1/public",
               description="Public lookup (no token)")


def _checked(query: dict) -> dict:
    if query.get("domain") and query["domain"] not in deps.reference().domains:
        raise InvalidInput.field("domain", f"unknown domain {query['domain']!r}")
    return query


@bp.get("/listings")
@bp.arguments(PublicListingQuery, location="query")
@bp.response(200, PublicListingPageOut)
def search_listings(query):
    """Listed entries by name, partial name, USCC or ID number."""
    return public.search_listings(deps.uow(readonly=True), **_checked(query))


@bp.get("/listings/<listing_id>")
@bp.response(200, PublicListingOut)
def get_listing(listing_id):
    """One listed entry."""
    return public.get_listing(deps.uow(readonly=True), listing_id)


@bp.get("/penalties")
@bp.arguments(PublicQuery, location="query")
@bp.response(200, PublicPenaltyPageOut)
def search_penalties(query):
    """Published penalties."""
    return public.search_penalties(deps.uow(readonly=True), **_checked(query))
