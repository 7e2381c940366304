"""Every table of the service, gathered for the migrations. Shapes of the API live in
api/schemas, never here; each area's code imports its tables from the area's own models."""

from sqlmodel import SQLModel

from blacklist.infra.models import Lease, ReferenceData
from blacklist.public.models import PublicCount, PublicEntry, PublicGram
from blacklist.registry.models import Entity, Listing, Penalty
from blacklist.screening.models import Screening
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.trail.models import AuditEvent, Change

metadata = SQLModel.metadata

__all__ = ["AuditEvent", "Change", "Entity", "Feed", "Lease", "Listing", "ParkedChange",
           "Penalty", "ReferenceData", "Screening", "metadata",
           "PublicCount", "PublicEntry", "PublicGram"]
