"""A source: another authority's change feed this deployment keeps a verified copy of."""

import datetime as dt

from sqlmodel import Field, SQLModel

from blacklist.infra.columns import json_column


class Source(SQLModel, table=True):
    """Another authority's change feed, how far the pull has got and why it stopped."""

    __tablename__ = "source"
    name: str = Field(primary_key=True, max_length=64)
    url: str
    jwks: dict = Field(sa_column=json_column(nullable=False))
    # Where the operator said the JWKS is, if an address: read again when a page is signed
    # under a kid the held JWKS lacks (the source rotated its key).
    jwks_url: str | None = None
    token: str | None = None
    authority: str | None = Field(default=None, max_length=200)
    authority_uscc: str | None = Field(default=None, max_length=18)
    every: int = 60
    cursor: int = 0
    last_success_at: dt.datetime | None = None
    last_change_at: dt.datetime | None = None
    last_error: str | None = None
    stopped: bool = False
    created_at: dt.datetime
