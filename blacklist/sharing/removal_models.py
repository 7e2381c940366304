"""When each platform acknowledged each removal: the proof that a repair, revocation or expiry
reached everyone (Order 2025 No. 36 Art. 3, 停止共享和使用)."""

import datetime as dt

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from blacklist.infra.columns import serial_pk


class RemovalAck(SQLModel, table=True):
    """A `removed` change a feed's platform acknowledged, and when (written as the push
    settles, in the transaction that moves the cursor)."""

    __tablename__ = "removal_ack"
    __table_args__ = (UniqueConstraint("feed_name", "seq"),)
    id: int | None = Field(default=None, sa_column=serial_pk())
    feed_name: str = Field(max_length=64, index=True)
    seq: int = Field(sa_type=BigInteger, index=True)
    listing_id: str = Field(max_length=36)
    acked_at: dt.datetime
