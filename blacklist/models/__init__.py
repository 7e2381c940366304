"""Database tables. Shapes of the API live in api/schemas, never here."""

from sqlmodel import SQLModel

from blacklist.models.operations import Feed, Lease, ParkedChange, Screening  # noqa: F401
from blacklist.models.records import (  # noqa: F401
    AuditEvent,
    Change,
    Entity,
    Listing,
    Penalty,
    ReferenceData,
)

metadata = SQLModel.metadata
