"""The public tier: what anyone may look up, without a token. Only `listed` entries within
their period and published penalties; what of a party may be shown is public.privacy's rule."""

from blacklist.infra.page import Page
from blacklist.registry.records import ListingRecord, PenaltyRecord


def search_listings(uow, q=None, domain=None, page=1, per_page=20,
                    source=None) -> Page[ListingRecord]:
    """Listed entries whose party matches q (of that source when given), still within their
    publication period."""
    with uow:
        return uow.listings.search_public(uow.clock.today(), q=q, domain=domain, page=page,
                                          per_page=per_page, source=source)


def get_listing(uow, listing_id: str) -> ListingRecord:
    """One listed entry; anything else is not revealed (404)."""
    with uow:
        return uow.listings.public(listing_id, uow.clock.today())


def search_penalties(uow, q=None, domain=None, page=1, per_page=20) -> Page[PenaltyRecord]:
    """Published penalties still within their publication period."""
    with uow:
        return uow.penalties.search_public(uow.clock.today(), q=q, domain=domain, page=page,
                                           per_page=per_page)
