"""The registry's records: entities (行政相对人), listings (名单条目) and penalties (行政处罚)."""

import datetime as dt

from sqlalchemy import Column, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column


class Entity(SQLModel, table=True):
    """A party (行政相对人); one row per USCC or ID number."""

    __tablename__ = "entity"
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200, index=True)
    uscc: str | None = Field(default=None, max_length=18, unique=True)
    id_number: str | None = Field(default=None, max_length=18, unique=True)
    legal_rep_name: str | None = Field(default=None, max_length=100)
    legal_rep_id: str | None = Field(default=None, max_length=18, index=True)
    former_names: list = Field(default_factory=list, sa_column=json_column(nullable=False))
    # Normalised name and former names, "|"-joined: partial-name search in one LIKE.
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: dt.datetime
    updated_at: dt.datetime


class Listing(SQLModel, table=True):
    """An entry of the negative list (名单条目) and where it stands in its lifecycle."""

    __tablename__ = "listing"
    __table_args__ = (UniqueConstraint("entity_id", "domain", "decision_no"),)
    id: str = Field(primary_key=True, max_length=36)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=36)
    org: str = Field(max_length=64, index=True)
    domain: str = Field(max_length=32)
    category: str = Field(max_length=32)
    decision_no: str = Field(max_length=100)
    decision_date: dt.date
    facts: str
    legal_basis: str
    measures: list = Field(sa_column=json_column(nullable=False))
    publish_until: dt.date
    statement_deadline: dt.date
    repairable_from: dt.date
    status: str = Field(max_length=16, index=True)
    statement: str | None = Field(default=None, max_length=16)
    statement_note: str | None = None
    published_at: dt.datetime | None = None
    removed_at: dt.datetime | None = None
    removal_reason: str | None = None
    repair_decision_no: str | None = Field(default=None, max_length=100)
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime


class Penalty(SQLModel, table=True):
    """An administrative penalty (行政处罚) disclosed under the 双公示 rules."""

    __tablename__ = "penalty"
    __table_args__ = (UniqueConstraint("entity_id", "domain", "decision_no"),)
    id: str = Field(primary_key=True, max_length=36)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=36)
    org: str = Field(max_length=64, index=True)
    domain: str = Field(max_length=32)
    decision_no: str = Field(max_length=100)
    decision_date: dt.date
    violation_type: str
    facts: str
    legal_basis: str
    penalty_type: str
    content: str
    severity: str = Field(max_length=16)
    fine_amount: str | None = Field(default=None, sa_column=Column(Numeric(18, 2)))
    confiscated_amount: str | None = Field(default=None, sa_column=Column(Numeric(18, 2)))
    license: str | None = None
    publish_until: dt.date
    disclosure_deadline: dt.date
    provisional: bool = False
    published_at: dt.datetime | None = None
    late: bool = False
    created_at: dt.datetime
