"""public tier: kept totals and an index of a domain and a source together (browsing with
both filters read a count and walked an offset, or a whole source's entries for a domain
it rarely files in), and the block totals counted again (entries put into
the projection in bulk — an import's, a pull's — were not added to them before, so deep
browsing pages after an import came back empty)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 20:30:00
"""
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from blacklist.public.entries import C, E
    from blacklist.public.grams import block_keys, total_key

    bind = op.get_bind()
    op.create_index("ix_public_entry_domain_origin_seq", "public_entry",
                    ["domain", "origin", "seq", "publish_until"])
    op.execute("DELETE FROM public_count WHERE key LIKE 'b:%' OR key LIKE 'd:%|o:%'")
    counts: Counter = Counter()
    rows = bind.execute(sa.select(E.c.seq, E.c.domain, E.c.origin)
                        .execution_options(yield_per=20_000))
    for seq, domain, origin in rows:
        counts.update(block_keys(seq, domain, origin))
        counts[total_key(domain=domain, origin=origin)] += 1
    if counts:
        bind.execute(sa.insert(C), [{"key": k, "n": n} for k, n in counts.items()])


def downgrade() -> None:
    op.drop_index("ix_public_entry_domain_origin_seq", table_name="public_entry")
    op.execute("DELETE FROM public_count WHERE key LIKE 'b:%|d:%|o:%' OR key LIKE 'd:%|o:%'")
