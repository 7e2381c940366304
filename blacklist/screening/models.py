"""Screenings, kept for ever with the signed receipt each trading center was given."""

import datetime as dt

from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column


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
