"""what a bulk load writes a row: two indexes no query uses dropped, and the kept totals
updated in place on PostgreSQL

entity(name) and listing(entity_id) go: a name is found through the search key (a LIKE no
B-tree of names answers), and the unique (entity_id, domain, decision_no) answers every
lookup by entity_id. Each was one more B-tree to write a row.

public_count keeps half of each page free on PostgreSQL (fillfactor 50): a batch moves
thousands of its totals, and an update that finds room on its page is a heap-only tuple
(no new entry in the primary key's index; the old version pruned from the page). With full
pages every update added an index entry and left the table to bloat until a VACUUM.

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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE public_count SET (fillfactor = 50)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE public_count RESET (fillfactor)")
    op.create_index("ix_listing_entity_id", "listing", ["entity_id"])
    op.create_index("ix_entity_name", "entity", ["name"])
