"""The trail's records: the append-only change log and the hash-chained audit events."""

import datetime as dt

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column, serial_pk


class Change(SQLModel, table=True):
    """The append-only change log: the single source for feeds, exports and screening."""

    __tablename__ = "change"
    seq: int | None = Field(default=None, sa_column=serial_pk())
    event_id: str = Field(max_length=36, unique=True)
    at: dt.datetime
    event: str = Field(max_length=16)
    listing_id: str = Field(max_length=36, index=True)
    snapshot: dict = Field(sa_column=json_column(nullable=False))
    source: dict = Field(sa_column=json_column(nullable=False))
    # Whose entry changed: "local", or the source it came from (feeds skip those: no echo).
    origin: str = Field(default="local", sa_column=Column(
        String(64), nullable=False, server_default="local"))


class AuditEvent(SQLModel, table=True):
    """One action, hash-chained to the one before it so any edit of history shows."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, sa_column=serial_pk())
    at: dt.datetime
    actor_org: str = Field(max_length=64)
    actor_sub: str = Field(max_length=200)
    action: str = Field(max_length=32)
    object_type: str = Field(max_length=32)
    object_id: str = Field(max_length=64, index=True)
    before: dict | None = Field(default=None, sa_column=json_column())
    after: dict | None = Field(default=None, sa_column=json_column())
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
