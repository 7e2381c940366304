"""The public tier: what anyone may look up, without a token. Only `listed` entries within
their period and published penalties; what of a party may be shown is public.privacy's rule."""

from dataclasses import dataclass

from blacklist.infra.page import Page
from blacklist.public import finder
from blacklist.registry.records import ListingRecord, PenaltyRecord


@dataclass(frozen=True)
class PublicPage(Page[ListingRecord]):
    """A page of public search; `total_exact` is false when a very common query's total
    was estimated rather than counted."""

    total_exact: bool = True


def search_listings(uow, q=None, domain=None, page=1, per_page=20, source=None
                    ) -> PublicPage:
    """Listed entries whose party matches q (all of them without q), newest first, still
    within their publication period; answered from indexes, the totals kept."""
    offset = (page - 1) * per_page
    with uow:
        ix, today = uow.public_entries, uow.clock.today()
        if q is None or not q.strip():
            found = finder.browse(ix, today, domain=domain, origin=source, offset=offset,
                                  limit=per_page)
        else:
            found = finder.find(ix, today, q, domain=domain, origin=source, offset=offset,
                                limit=per_page)
        items = uow.listings.records(ix.listing_ids(found.seqs))
        return PublicPage(items, found.total, page, per_page, found.exact)


def get_listing(uow, listing_id: str) -> ListingRecord:
    """One listed entry; anything else is not revealed (404)."""
    with uow:
        return uow.listings.public(listing_id, uow.clock.today())


def search_penalties(uow, q=None, domain=None, page=1, per_page=20) -> Page[PenaltyRecord]:
    """Published penalties still within their publication period."""
    with uow:
        return uow.penalties.search_public(uow.clock.today(), q=q, domain=domain, page=page,
                                           per_page=per_page)
