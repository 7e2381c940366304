"""Fill the public projection from the listings themselves, in bulk: for the migration
that introduces it, and for a database loaded without the use cases (benchmarks)."""

import datetime as dt
from collections import Counter

from sqlalchemy import (
    BigInteger,
    Column,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    text,
)

from blacklist.infra.clock import SHANGHAI
from blacklist.public import year_ends
from blacklist.public.entries import C, E, G
from blacklist.public.grams import block_keys, count_keys, grams_of
from blacklist.public.tallies import historic_keys, live_key
from blacklist.registry.models import Entity, Listing

# Where the postings wait, unindexed, until they are written in order.
_POSTINGS = Table("public_gram_load", MetaData(), Column("gram", String(4)),
                  Column("seq", BigInteger), prefixes=["TEMPORARY"])

_L, _P = Listing.__table__, Entity.__table__
# Typed columns (not raw SQL), so SQLite's dates come back as dates.
_LISTED = (select(_L.c.id, _L.c.entity_id, _L.c.domain, _L.c.org, _L.c.publish_until,
                  _P.c.uscc, _P.c.id_number, _P.c.search_key)
           .join(_P, _P.c.id == _L.c.entity_id).where(_L.c.status == "listed")
           .order_by(_L.c.published_at, _L.c.id))


def rebuild(connection, batch: int = 20_000, today: dt.date | None = None) -> int:
    """Replace the projection by every listed entry, oldest publication first (so the
    newest has the highest seq), and count the closed years; return how many entries.
    The caller commits."""
    for table in (G, E, C):
        connection.execute(delete(table))
    _POSTINGS.create(connection)
    counts: Counter = Counter()
    seq, rows = 0, connection.execute(_LISTED.execution_options(yield_per=batch))
    while chunk := rows.fetchmany(batch):
        entries, postings = [], []
        for listing_id, entity_id, domain, org, until, uscc, id_number, key in chunk:
            seq += 1
            key = key or ""
            counts[live_key(domain, org, until)] += 1
            entries.append({"seq": seq, "listing_id": listing_id, "entity_id": entity_id,
                            "domain": domain, "org": org, "origin": org, "publish_until": until,
                            "uscc": uscc, "id_number": id_number, "search_key": key})
            grams = grams_of(key)
            postings.extend({"gram": g, "seq": seq} for g in grams)
            counts.update(count_keys(domain, org, grams))
            counts.update(block_keys(seq, domain, org))
        connection.execute(insert(E), entries)
        connection.execute(insert(_POSTINGS), postings)
    # Postings written in key order: appending to the index instead of inserting at random.
    connection.execute(text("INSERT INTO public_gram (gram, seq) SELECT gram, seq "
                            "FROM public_gram_load ORDER BY gram, seq"))
    _POSTINGS.drop(connection)
    _history(connection, counts)
    if counts:
        connection.execute(insert(C), [{"key": k, "n": n} for k, n in counts.items()])
    _advance_sequence(connection, seq)
    year_ends.keep(connection, today or dt.datetime.now(SHANGHAI).date())
    return seq


def _history(connection, counts: Counter) -> None:
    """The published and removed tallies of every listing there ever was."""
    rows = connection.execute(
        select(_L.c.published_at, _L.c.removed_at, _L.c.status, _L.c.domain, _L.c.org)
        .where(_L.c.published_at.is_not(None)).execution_options(yield_per=20_000))
    for row in rows:
        counts.update(historic_keys(*row))


def _advance_sequence(connection, seq: int) -> None:
    """On PostgreSQL the identity must continue after the seqs written here, and the
    planner needs statistics of tables just filled (without them it scans, not seeks)."""
    if connection.dialect.name == "postgresql" and seq:
        connection.execute(text("SELECT setval(pg_get_serial_sequence('public_entry', 'seq'), "
                                ":s)"), {"s": seq})
        connection.execute(text("ANALYZE public_entry, public_gram, public_count"))


def size(connection) -> int:
    """Entries in the projection."""
    return len(connection.execute(select(E.c.seq)).all())
