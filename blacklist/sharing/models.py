"""Feeds of the credit-sharing platforms, with their cursors, and the changes they rejected."""

import datetime as dt

from sqlalchemy import Boolean, Column, false
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import serial_pk


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
    # Whether the feed also carries the entries of our sources (off: no echo between cities).
    include_sources: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))


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
