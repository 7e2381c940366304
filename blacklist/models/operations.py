"""Operational records: screenings kept for ever, feeds with their cursors, leadership leases."""

import datetime as dt

from sqlmodel import Field, SQLModel

from blacklist.models.records import json_column, serial_pk


class Screening(SQLModel, table=True):
    """A trading center's check of its bidders, with the signed receipt it was given."""

    __tablename__ = "screening"
    id: str = Field(primary_key=True, max_length=36)
    org: str = Field(max_length=64, index=True)
    sub: str = Field(max_length=200)
    checked_at: dt.datetime = Field(index=True)
    domain: str | None = Field(default=None, max_length=32)
    project_code: str | None = Field(default=None, max_length=100)
    project_name: str | None = None
    as_of_seq: int
    refusals: int = 0
    reviews: int = 0
    results: list = Field(sa_column=json_column(nullable=False))
    receipt: str


class Feed(SQLModel, table=True):
    """A credit-sharing platform the scheduler pushes the change log to."""

    __tablename__ = "feed"
    name: str = Field(primary_key=True, max_length=64)
    url: str
    tier: str = Field(default="public", max_length=16)
    token: str | None = None
    cursor: int = 0
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    stopped: bool = False
    created_at: dt.datetime


class ParkedChange(SQLModel, table=True):
    """A change a platform rejected, kept with its answer until an operator replays it."""

    __tablename__ = "parked_change"
    id: int | None = Field(default=None, sa_column=serial_pk())
    feed_name: str = Field(foreign_key="feed.name", index=True, max_length=64)
    seq: int
    event_id: str = Field(max_length=36)
    listing_id: str = Field(max_length=36)
    answer: str
    parked_at: dt.datetime


class Lease(SQLModel, table=True):
    """Scheduler leadership on SQLite (PostgreSQL uses an advisory lock instead)."""

    __tablename__ = "lease"
    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=200)
    expires_at: dt.datetime
