"""Every area's repositories, by the name a unit of work gives each (`uow.listings` ...).
The runtime hands this table to each unit of work it makes; infra/db.py knows no area."""

from blacklist.joint.repository import JointRepository
from blacklist.public.entries import PublicEntries
from blacklist.registry.repository import EntityRepository, ListingRepository, PenaltyRepository
from blacklist.screening.repository import ScreeningRepository
from blacklist.sharing.repository import FeedRepository
from blacklist.trail.audit import AuditTrail
from blacklist.trail.changelog import ChangeLog
from blacklist.party.repository import ObjectionRepository, RepairApplicationRepository
from blacklist.sharing.removal_repository import RemovalRepository
from blacklist.watching.repository import WatchRepository

REPOSITORIES = {
    "listings": ListingRepository,
    "entities": EntityRepository,
    "penalties": PenaltyRepository,
    "changes": ChangeLog,
    "audit": AuditTrail,
    "screenings": ScreeningRepository,
    "feeds": FeedRepository,
    "joint": JointRepository,
    "repair_applications": RepairApplicationRepository,
    "objections": ObjectionRepository,
    "removals": RemovalRepository,
    "watches": WatchRepository,
    "public_entries": PublicEntries,
}
