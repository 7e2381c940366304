"""watch keys: each open watch's parties' reduced names and reverse-index keys, stored when
the watch is made

A new leader reads them instead of normalising every watched name again. Open watches made
before (no row) or under other matching words get theirs made again by the first leader
that loads them, which stores them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:00:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('watch_key',
    sa.Column('ordinal', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('watch_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('names', sa.Text(), nullable=False),
    sa.Column('packed', sa.LargeBinary(), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('matching', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('ordinal')
    )


def downgrade() -> None:
    op.drop_table('watch_key')
