"""The public tier's own tables: a projection of the listed entries kept in step with the
change log, so public search, browsing and counts read indexes instead of scanning."""

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import serial_pk


class PublicEntry(SQLModel, table=True):
    """One listed entry as the public tier finds it; `seq` grows with publication, so the
    newest first is the primary key read backwards (keyset)."""

    __tablename__ = "public_entry"
    # The period is in the indexes so paging skips the rows it passes over on the index.
    __table_args__ = (Index("ix_public_entry_domain_seq", "domain", "seq", "publish_until"),
                      Index("ix_public_entry_origin_seq", "origin", "seq", "publish_until"),
                      # Both filters: a pair rare in each would walk either index above.
                      Index("ix_public_entry_domain_origin_seq", "domain", "origin", "seq",
                            "publish_until"),
                      Index("ix_public_entry_seq_until", "seq", "publish_until"))
    seq: int | None = Field(default=None, sa_column=serial_pk())
    listing_id: str = Field(max_length=36, unique=True)
    entity_id: str = Field(max_length=36, index=True)
    domain: str = Field(max_length=32)
    org: str = Field(max_length=64)
    origin: str = Field(max_length=64)
    publish_until: dt.date = Field(index=True)
    uscc: str | None = Field(default=None, max_length=18, index=True)
    id_number: str | None = Field(default=None, max_length=18, index=True)
    # The party's normalised names, "|"-joined (Entity.search_key): what a fragment is
    # checked against once the gram postings have chosen the candidates.
    search_key: str = Field(sa_column=Column(Text, nullable=False))


class PublicGram(SQLModel, table=True):
    """A posting: this entry's names contain this two-character gram."""

    __tablename__ = "public_gram"
    # The postings are the primary key itself: no second copy in a rowid table.
    __table_args__ = {"sqlite_with_rowid": False}
    gram: str = Field(sa_column=Column(String(4), primary_key=True))
    seq: int = Field(sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                      primary_key=True, autoincrement=False))


class PublicCount(SQLModel, table=True):
    """A kept total (all entries, per domain, per origin, per gram, per gram and domain):
    updated with each entry, never recounted."""

    __tablename__ = "public_count"
    # One B-tree on SQLite: the key is the row (an import moves thousands of totals a batch).
    __table_args__ = {"sqlite_with_rowid": False}
    key: str = Field(sa_column=Column(String(120), primary_key=True))
    n: int = Field(sa_column=Column(BigInteger, nullable=False))
