"""Infrastructure tables: the reference data `blacklist init` loads, and leadership leases."""

import datetime as dt

from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column


class ReferenceData(SQLModel, table=True):
    """One file of data/, as loaded by `blacklist init`."""

    __tablename__ = "reference_data"
    name: str = Field(primary_key=True, max_length=64)
    body: dict = Field(sa_column=json_column(nullable=False))
    loaded_at: dt.datetime


class Lease(SQLModel, table=True):
    """Scheduler leadership on SQLite (PostgreSQL uses an advisory lock instead)."""

    __tablename__ = "lease"
    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=200)
    expires_at: dt.datetime
