"""The watching area's tables: watches, their alerts, and the re-screening's cursor."""

import datetime as dt

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column, serial_pk


class Watch(SQLModel, table=True):
    """A bid's parties watched until `until`; `state` holds each party's decision and the
    match of each listing it matched, as the last re-screening left them."""

    __tablename__ = "watch"
    # The ordinal tells the re-screening which watches are new since it last looked.
    ordinal: int | None = Field(default=None, sa_column=serial_pk())
    id: str = Field(max_length=36, unique=True)
    org: str = Field(max_length=64, index=True)
    sub: str = Field(max_length=200)
    project_code: str | None = Field(default=None, max_length=100)
    project_name: str | None = None
    domain: str | None = Field(default=None, max_length=32)
    until: dt.date = Field(index=True)
    callback_url: str | None = Field(default=None, max_length=2000)
    status: str = Field(default="open", max_length=16, index=True)
    created_at: dt.datetime
    closed_at: dt.datetime | None = None
    closed_reason: str | None = Field(default=None, max_length=16)
    screening_id: str = Field(max_length=36)
    # The seq its state reflects: its first screening's, until the re-screening catches up.
    first_seq: int
    parties: list = Field(sa_column=json_column(nullable=False))   # as sent
    probes: list = Field(sa_column=json_column(nullable=False))    # canonical identifiers
    state: list = Field(sa_column=json_column(nullable=False))


class WatchKey(SQLModel, table=True):
    """An open watch's parties as the reverse index takes them: their reduced names and
    packed keys (reverse.NameKeys.stored), made when the watch is made. A narrow table of
    open watches only (the row goes when the watch closes), so that a new leader reads a
    hundred thousand of them in a second without normalising a million names again."""

    __tablename__ = "watch_key"
    ordinal: int = Field(sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                          primary_key=True, autoincrement=False))
    watch_id: str = Field(max_length=36)
    names: str = Field(sa_column=Column(Text, nullable=False))
    packed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # The words and normaliser the keys came from; another version: made again from probes.
    version: str = Field(max_length=16)
    # Whether a party matches some listing now: only those watches' states are read.
    matching: bool = False


class WatchAlert(SQLModel, table=True):
    """A watched party's decision changed; stricter ones are POSTed to the callback."""

    __tablename__ = "watch_alert"
    __table_args__ = (UniqueConstraint("watch_id", "party_index", "seq"),)
    ordinal: int | None = Field(default=None, sa_column=serial_pk())
    id: str = Field(max_length=36, unique=True)
    watch_id: str = Field(max_length=36, index=True)
    seq: int
    party_index: int
    at: dt.datetime
    from_decision: str = Field(max_length=8)
    to_decision: str = Field(max_length=8)
    matches: list = Field(sa_column=json_column(nullable=False))
    receipt: str = Field(sa_column=Column(Text, nullable=False))
    # pending (to send), sent, parked (the receiver refused it), none (no callback due)
    delivery: str = Field(max_length=8, index=True)
    attempts: int = 0
    next_attempt_at: dt.datetime | None = None
    answer: str | None = Field(default=None, sa_column=Column(Text))
    delivered_at: dt.datetime | None = None


class WatchCursor(SQLModel, table=True):
    """How far the re-screening has read the change log: written with the alerts it caused."""

    __tablename__ = "watch_cursor"
    name: str = Field(primary_key=True, max_length=32)
    seq: int = 0
    # Every watch up to this ordinal has had every change up to `seq` applied.
    ordinal: int = 0
