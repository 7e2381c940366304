"""watch keys: each watched party's reduced name and reverse-index keys, stored when the watch is made

A new leader loads them instead of normalising every watched name again. Watches made
before (NULL) or under other matching words get theirs made again by the first leader that
loads them, which stores them.

Revision ID: 0006_w
Revises: 0005
Create Date: 2026-12-04 19:00:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0006_w'
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('watch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('index_names', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('index_keys', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('keys_version',
                                      sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=True))
        batch_op.add_column(sa.Column('matching', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('watch', schema=None) as batch_op:
        batch_op.drop_column('matching')
        batch_op.drop_column('keys_version')
        batch_op.drop_column('index_keys')
        batch_op.drop_column('index_names')
