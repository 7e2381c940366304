"""sources, and the origin and issuing authority of listings

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=64), server_default="local",
                                      nullable=False))
        batch_op.add_column(sa.Column("authority", sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=True))
        batch_op.add_column(sa.Column("authority_uscc",
                                      sqlmodel.sql.sqltypes.AutoString(length=18), nullable=True))
        batch_op.create_index(batch_op.f("ix_listing_origin"), ["origin"], unique=False)
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=64), server_default="local",
                                      nullable=False))
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.add_column(sa.Column("include_sources", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table(
        "source",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("jwks", sa.JSON(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("authority", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("authority_uscc", sqlmodel.sql.sqltypes.AutoString(length=18), nullable=True),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("last_success_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_change_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("stopped", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("source")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_column("include_sources")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_column("origin")
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_origin"))
        batch_op.drop_column("authority_uscc")
        batch_op.drop_column("authority")
        batch_op.drop_column("origin")
