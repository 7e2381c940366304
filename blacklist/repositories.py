"""Every area's repositories, by the name a unit of work gives each (`uow.listings` ...).
The runtime hands this table to each unit of work it makes; infra/db.py knows no area."""

from blacklist.public.entries import PublicEntries
from blacklist.registry.repository import EntityRepository, ListingRepository, PenaltyRepository
from blacklist.screening.repository import ScreeningRepository
from blacklist.sharing.repository import FeedRepository
from blacklist.trail.audit import AuditTrail
from blacklist.trail.changelog import ChangeLog

REPOSITORIES = {
    "listings": ListingRepository,
    "entities": EntityRepository,
    "penalties": PenaltyRepository,
    "changes": ChangeLog,
    "audit": AuditTrail,
    "screenings": ScreeningRepository,
    "feeds": FeedRepository,
    "public_entries": PublicEntries,
}
