"""the kept totals in one B-tree on SQLite

public_count was a rowid table beside the unique index of its key: moving a total looked the
key up in the index, then wrote the row in the table, and a new total went into both. An
import moves tens of thousands of totals a batch (two a gram of each name), spread over the
whole key space, and each commit writes every page they dirtied. A table WITHOUT ROWID is
its primary key alone: one B-tree to look up, write and commit. PostgreSQL is unchanged (a
heap and its index, kept at fillfactor 50 by 0010).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 02:40:00
"""
from alembic import op


revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

_CREATE = ('CREATE TABLE public_count_new ("key" VARCHAR(120) NOT NULL, n BIGINT NOT NULL, '
           'PRIMARY KEY ("key")){}')


def upgrade() -> None:
    _rebuild(" WITHOUT ROWID")


def downgrade() -> None:
    _rebuild("")


def _rebuild(options: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(_CREATE.format(options))
    op.execute('INSERT INTO public_count_new ("key", n) SELECT "key", n FROM public_count')
    op.execute("DROP TABLE public_count")
    op.execute("ALTER TABLE public_count_new RENAME TO public_count")
