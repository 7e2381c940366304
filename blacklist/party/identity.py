"""Who the applicant is: the listed party, proven by giving the listing's identifier."""

from blacklist.errors import InvalidInput, NotFound
from blacklist.infra.principal import Principal
from blacklist.registry import entities
from blacklist.registry.identifiers import check_id_number, check_uscc
from blacklist.registry.records import ListingRecord

# The actor of a public request in the audit trail: the party, with no token.
PARTY = Principal(sub="party", org="public", roles=frozenset())


def applicant_code(applicant: dict, allowed_usccs: frozenset[str]) -> str:
    """The applicant's canonical USCC or ID number (422 naming the field if malformed)."""
    errors: dict[str, list[str]] = {}
    uscc = entities.checked_identifier(applicant.get("uscc"), "applicant.uscc", errors,
                                       lambda v: check_uscc(v, allowed=allowed_usccs))
    number = entities.checked_identifier(applicant.get("id_number"), "applicant.id_number",
                                         errors, check_id_number)
    if not errors and not (uscc or number):
        errors["applicant"] = ["give the listed party's uscc or id_number"]
    if errors:
        raise InvalidInput(errors)
    return uscc or number


def listed_of_applicant(uow, listing_id: str, code: str) -> ListingRecord:
    """The listed entry (404 otherwise), locked, whose party the applicant must be (422)."""
    record = uow.listings.get(listing_id, for_org=None, lock=True)
    listing = record.listing
    if not listing.is_public or listing.publish_until < uow.clock.today():
        raise NotFound(f"no listed entry {listing_id}")
    if code not in (record.entity.uscc, record.entity.id_number):
        raise InvalidInput.field("applicant", "the identifier is not that of the listed party")
    return record
