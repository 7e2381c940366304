"""drop two indexes no query uses: entity(name) and listing(entity_id)

A name is found through the search key (a LIKE no B-tree of names answers), and the
unique (entity_id, domain, decision_no) answers every lookup by entity_id. Each was one
more B-tree to write per row: at a million rows an import spent seconds on each.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:30:00
"""
from alembic import op


revision = '0010'
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entity_name", table_name="entity")
    op.drop_index("ix_listing_entity_id", table_name="listing")


def downgrade() -> None:
    op.create_index("ix_listing_entity_id", "listing", ["entity_id"])
    op.create_index("ix_entity_name", "entity", ["name"])
