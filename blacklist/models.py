"""Every table of the service, gathered for the migrations. Shapes of the API live in
api/schemas, never here; each area's code imports its tables from the area's own models."""

from sqlmodel import SQLModel

from blacklist.infra.models import Lease, ReferenceData
from blacklist.public.models import PublicCount, PublicEntry, PublicGram
from blacklist.registry.models import Entity, Listing, Penalty
from blacklist.screening.models import Screening
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.trail.models import AuditEvent, Change
from blacklist.joint.models import Source
from blacklist.party.models import Objection, RepairApplication
from blacklist.sharing.removal_models import RemovalAck
from blacklist.watching.models import Watch, WatchAlert, WatchCursor

metadata = SQLModel.metadata

__all__ = ["AuditEvent", "Change", "Entity", "Feed", "Lease", "Listing", "ParkedChange",
           "Penalty", "ReferenceData", "Screening", "metadata",
           "Source", "Objection", "RepairApplication", "RemovalAck",
           "Watch", "WatchAlert", "WatchCursor", "PublicCount", "PublicEntry", "PublicGram"]
