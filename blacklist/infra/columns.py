"""Column types every table shares: JSON, and a 64-bit identity that SQLite makes its rowid."""

from sqlalchemy import JSON, BigInteger, Column, Identity, Integer


def json_column(**kw) -> Column:
    return Column(JSON, **kw)


def serial_pk() -> Column:
    """A BIGINT identity on PostgreSQL; SQLite needs INTEGER to make it the rowid."""
    return Column(BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True)
