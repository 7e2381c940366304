"""public tier: kept totals per block of seqs (deep browsing pages) and the closed years'
year-end counts kept in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00
"""
import datetime as dt
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from blacklist.infra.clock import SHANGHAI
    from blacklist.public import year_ends
    from blacklist.public.entries import C, E
    from blacklist.public.grams import block_keys

    bind = op.get_bind()
    # 0005's rebuild (today's code) may have counted them already.
    op.execute("DELETE FROM public_count WHERE key LIKE 'b:%'")
    counts: Counter = Counter()
    rows = bind.execute(sa.select(E.c.seq, E.c.domain, E.c.origin)
                        .execution_options(yield_per=20_000))
    for seq, domain, origin in rows:
        counts.update(block_keys(seq, domain, origin))
    if counts:
        bind.execute(sa.insert(C), [{"key": k, "n": n} for k, n in counts.items()])
    year_ends.keep(bind, dt.datetime.now(SHANGHAI).date())


def downgrade() -> None:
    op.execute("DELETE FROM public_count WHERE key LIKE 'b:%' OR key LIKE 'y:%' "
               "OR key LIKE 'ys:%'")
