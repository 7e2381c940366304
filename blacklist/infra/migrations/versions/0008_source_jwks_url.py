"""source jwks_url: where a source's JWKS was read, read again when the source rotates its key

Sources added before (from a file, or from an address not kept) have none: they are stopped
by a page signed under a key they do not hold until `sources add` is run again, as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:10:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("jwks_url", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.drop_column("jwks_url")
