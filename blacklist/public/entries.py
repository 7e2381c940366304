"""`uow.public_entries`: the public projection of the listed entries, kept in step with the
change log (every change of a listing's public state passes through ChangeLog.record, which
hands the record here in the same transaction), and the indexed reads of the public tier."""

import datetime as dt
from collections import Counter
from itertools import repeat
from operator import itemgetter

from sqlalchemy import delete, func, insert, or_, select, text, true, update

from blacklist.infra.bulk import among, driver_many, insert_rows, insert_values, reserve_ids
from blacklist.public.grams import block_keys, block_of, count_keys, fresh_keys, grams_of
from blacklist.public.models import PublicCount, PublicEntry, PublicGram
from blacklist.public.tallies import live_key, moves

# The expiry job runs daily, so few entries wait past their period; never read more.
EXPIRED_BOUND = 10_000
E, G, C = PublicEntry.__table__, PublicGram.__table__, PublicCount.__table__

# One statement for both databases: SQLite (3.24+) and PostgreSQL share ON CONFLICT.
_BUMP = text("INSERT INTO public_count (key, n) VALUES (:k, :d) "
             "ON CONFLICT (key) DO UPDATE SET n = public_count.n + excluded.n")


def origin_of(listing) -> str:
    """What `source=` of public search picks the entry by (数据来源): the filing department
    for the city's own entries, the source for another authority's (whose org is the source)."""
    return listing.org


def _fields(listing, entity) -> dict:
    return {"listing_id": listing.id, "entity_id": entity.id, "domain": listing.domain,
            "org": listing.org, "origin": origin_of(listing), "publish_until": listing.publish_until,
            "uscc": entity.uscc, "id_number": entity.id_number,
            "search_key": entity.search_key or ""}


_BUMP_MANY = ("INSERT INTO public_count (key, n) {} "
              "ON CONFLICT (key) DO UPDATE SET n = public_count.n + excluded.n")


class PublicEntries:
    """Maintenance (follow) and reads (rows, counts, postings) of the public projection."""

    def __init__(self, uow):
        self.session = uow.session
        self._uow = uow

    # -- maintenance ---------------------------------------------------------------------

    def follow(self, record) -> None:
        """The projection as the listing now stands: listed, it is in; otherwise out. The
        party's other entries follow a change of its names or identifiers."""
        listing, entity = record.listing, record.entity
        old = self._row(listing.id)
        if listing.is_public:
            self._put(_fields(listing, entity))
        else:
            self._drop(old)
        self.bump(moves(listing, old is not None, self._uow.clock.today()), +1)
        for row in self.session.execute(select(E).where(E.c.entity_id == entity.id)).all():
            if row.listing_id != listing.id and (row.search_key, row.uscc, row.id_number) != (
                    entity.search_key or "", entity.uscc, entity.id_number):
                self._put({**row._asdict(), "search_key": entity.search_key or "",
                           "uscc": entity.uscc, "id_number": entity.id_number})

    def follow_many(self, records: list, new_parties: set[str] = frozenset()) -> None:
        """follow() for a batch (an import's, a pull's): entries coming on the list are
        written in bulk, rows, postings and totals; any other change follows one by one.
        The entries of parties new in the batch are new to the projection too."""
        ids = {r.listing.id for r in records if r.entity.id not in new_parties}
        query = select(E.c.listing_id).where(among(self.session, E.c.listing_id, ids))
        held = set(self.session.execute(query).scalars()) if ids else set()
        fresh: dict[str, object] = {}
        for record in records:
            listing = record.listing
            if listing.id in held or not listing.is_public:
                self.follow(record)
            else:   # the same entry twice in a batch: its record holds the final state
                fresh.setdefault(listing.id, record)
        if fresh:
            self._put_fresh(list(fresh.values()))
            self._follow_parties([r.entity for r in fresh.values()
                                  if r.entity.id not in new_parties], set(fresh))

    def _put_fresh(self, records: list) -> None:
        """Entries not in the projection yet, in one insert (in the batch's order, so the
        newest has the highest seq), their postings in another, their totals moved once."""
        rows = [_fields(r.listing, r.entity) for r in records]
        for row, seq in zip(rows, reserve_ids(self.session, E, "seq", len(rows))):
            row["seq"] = seq
        insert_rows(self.session, E, rows)
        postings, counts = _fresh_totals(records, rows, self._uow.clock.today())
        # In the primary key's order, each B-tree page visited once: by gram, a stable sort
        # (postings come in seq order; a key of the gram alone halves the sort's time).
        postings.sort(key=itemgetter(0))
        insert_values(self.session, G, ("gram", "seq"), postings)
        driver_many(self.session, _BUMP_MANY, sorted(counts.items()), ("text", "bigint"))

    def _follow_parties(self, entities: list, done: set[str]) -> None:
        """The parties' other entries take their names and identifiers as they now are."""
        party = {entity.id: entity for entity in entities}
        if not party:
            return
        query = select(E).where(among(self.session, E.c.entity_id, party))
        for row in self.session.execute(query).all():
            entity = party[row.entity_id]
            if row.listing_id not in done and (row.search_key, row.uscc, row.id_number) != (
                    entity.search_key or "", entity.uscc, entity.id_number):
                self._put({**row._asdict(), "search_key": entity.search_key or "",
                           "uscc": entity.uscc, "id_number": entity.id_number})

    def _row(self, listing_id: str):
        return self.session.execute(select(E).where(E.c.listing_id == listing_id)).first()

    def _put(self, fields: dict) -> None:
        fields = {k: fields[k] for k in _fields_keys()}
        old = self._row(fields["listing_id"])
        if old is not None and all(getattr(old, k) == v for k, v in fields.items()):
            return
        if old is None:
            seq = self.session.execute(insert(E).values(**fields)).inserted_primary_key[0]
        else:
            self._contribute(old, -1)
            seq = old.seq
            self.session.execute(update(E).where(E.c.seq == seq).values(**fields))
        self._contribute(self.session.execute(select(E).where(E.c.seq == seq)).one(), +1)

    def _drop(self, row) -> None:
        if row is not None:
            self._contribute(row, -1)
            self.session.execute(delete(E).where(E.c.seq == row.seq))

    def _contribute(self, row, delta: int) -> None:
        """Add (+1) or take away (-1) the row's postings and its share of the kept totals."""
        grams = grams_of(row.search_key)
        if delta > 0 and grams:
            self.session.execute(insert(G), [{"gram": g, "seq": row.seq} for g in grams])
        elif grams:
            self.session.execute(delete(G).where(G.c.gram.in_(grams), G.c.seq == row.seq))
        keys = count_keys(row.domain, row.origin, grams)
        keys.extend(block_keys(row.seq, row.domain, row.origin))
        keys.append(live_key(row.domain, row.org, row.publish_until))
        self.bump(keys, delta)

    def bump(self, keys: list[str], delta: int) -> None:
        """Move kept totals by delta."""
        if keys:
            self.session.execute(_BUMP, [{"k": key, "d": delta} for key in keys])

    # -- reads ---------------------------------------------------------------------------

    def kept_under(self, prefix: str) -> dict[str, int]:
        """The kept totals whose key starts with prefix (a range of the primary key)."""
        rows = self.session.execute(select(C.c.key, C.c.n).where(
            C.c.key >= prefix, C.c.key < prefix + "\uffff"))
        return {key: n for key, n in rows}

    def kept(self, keys: list[str]) -> dict[str, int]:
        """The kept totals of these keys (a key never counted is absent)."""
        # One array parameter on PostgreSQL: an IN of a deep page's ≈490 block keys binds and
        # plans each of them (7–8 ms at 1M against well under 1 ms for the array).
        chosen = among(self.session, C.c.key, keys)
        return {key: n for key, n in self.session.execute(select(C.c.key, C.c.n).where(chosen))}

    def expired_rows(self, today: dt.date) -> list:
        """Entries past their period the expiry job has not taken out yet (a day's worth):
        hidden from every answer, and taken off the kept totals."""
        return self.session.execute(select(E.c.seq, E.c.domain, E.c.origin, E.c.search_key)
                                    .where(E.c.publish_until < today)
                                    .limit(EXPIRED_BOUND)).all()

    def top_seq(self) -> int:
        """The highest seq in the projection (0 when empty): the end of the primary key."""
        return self.session.execute(select(func.max(E.c.seq))).scalar() or 0

    def newest(self, today: dt.date, *, domain=None, origin=None, offset=0, limit=20,
               below: int | None = None) -> list[int]:
        """Seqs of entries (below `below` if given), newest first, read off an index (no
        table scan, no count)."""
        query = select(E.c.seq).where(E.c.publish_until >= today)
        if below is not None:
            query = query.where(E.c.seq < below)
        query = _filtered(query, E, domain, origin)
        return list(self.session.execute(
            query.order_by(E.c.seq.desc()).offset(offset).limit(limit)).scalars())

    def by_code(self, today: dt.date, code: str, *, domain=None, origin=None) -> list[int]:
        """Seqs of entries whose USCC or ID number is the code, newest first (one statement:
        both indexes probed at once)."""
        query = _filtered(select(E.c.seq).where(or_(E.c.uscc == code, E.c.id_number == code),
                                                E.c.publish_until >= today), E, domain, origin)
        return sorted(self.session.execute(query).scalars(), reverse=True)

    def by_gram(self, today: dt.date, gram: str, contains: str | None, *, domain=None,
                origin=None, offset=0, limit=20, window: int | None = None) -> list[int]:
        """Seqs of entries posted under gram whose search key contains `contains`, newest
        first; only among the `window` newest postings when given one (bounded work).
        One range of the primary key read backwards, each posting's entry checked
        beside it: the window is a lower bound on seq, not a subquery (which SQLite
        would materialise and sort)."""
        query = select(G.c.seq).where(G.c.gram == gram)
        if window:
            newest = G.alias("newest")
            floor = (select(newest.c.seq).where(newest.c.gram == gram)
                     .order_by(newest.c.seq.desc()).offset(window - 1).limit(1)
                     .scalar_subquery())
            query = query.where(G.c.seq >= func.coalesce(floor, 0))
        checks = [E.c.seq == G.c.seq, E.c.publish_until >= today]
        if contains:
            checks.append(self._contains(contains))
        checks.extend(_filters(E, domain, origin))
        if self.session.get_bind().dialect.name == "postgresql":
            # Its planner guesses how many names contain the fragment and may hash a scan of
            # every entry; a check per posting (a subplan it cannot flatten) keeps the walk.
            query = query.where(select(true()).where(*checks).scalar_subquery())
        else:
            query = query.join(E, E.c.seq == G.c.seq).where(*checks[1:])
        return list(self.session.execute(
            query.order_by(G.c.seq.desc()).offset(offset).limit(limit)).scalars())

    def _contains(self, fragment: str):
        """A plain substring test of the search key: names and fragments are normalised
        alike (case folded), and SQLite's LIKE would compare character by character under
        its case rules (≈3 µs an entry, half a search's time, against ≈0 for instr)."""
        if self.session.get_bind().dialect.name == "postgresql":
            return func.strpos(E.c.search_key, fragment) > 0
        return func.instr(E.c.search_key, fragment) > 0

    def postings_since(self, gram: str, seq: int) -> int:
        """How many postings of gram are at or above seq (a range of the primary key)."""
        return self.session.execute(select(func.count()).select_from(G).where(
            G.c.gram == gram, G.c.seq >= seq)).scalar_one()

    def listing_ids(self, seqs: list[int]) -> list[str]:
        """The listing ids of these entries, in the order of seqs."""
        if not seqs:
            return []
        found = dict(self.session.execute(select(E.c.seq, E.c.listing_id)
                                          .where(E.c.seq.in_(seqs))).all())
        return [found[s] for s in seqs if s in found]

    def size(self) -> int:
        """Entries in the projection (a count over the primary key; for checks, not pages)."""
        return self.session.execute(select(func.count()).select_from(E)).scalar_one()


def _fresh_totals(records: list, rows: list[dict], today: dt.date) -> tuple[list, Counter]:
    """The postings of entries new to the projection, and what they add to the kept totals
    as _contribute and moves() add them (each key made once a batch: a batch's entries
    share domains, blocks, grams and instants)."""
    postings, entries, grams_by_domain, live, published = [], Counter(), Counter(), Counter(), {}
    for record, row in zip(records, rows):
        grams = grams_of(row["search_key"])
        postings.extend(zip(grams, repeat(row["seq"])))
        grams_by_domain.update(zip(grams, repeat(row["domain"])))
        entries[row["domain"], row["origin"], block_of(row["seq"])] += 1
        live[row["domain"], row["org"], row["publish_until"]] += 1
        listing = record.listing
        published.setdefault((listing.published_at, listing.domain, listing.org), []).append(
            listing)
    counts = fresh_keys(entries, grams_by_domain)
    for (domain, org, until), n in live.items():
        counts[live_key(domain, org, until)] += n
    for alike in published.values():   # moves() reads no more of a fresh entry than these
        for key in moves(alike[0], False, today):
            counts[key] += len(alike)
    return postings, counts


def _fields_keys() -> tuple[str, ...]:
    return ("listing_id", "entity_id", "domain", "org", "origin", "publish_until", "uscc",
            "id_number", "search_key")


def _filtered(query, table, domain, origin):
    return query.where(*_filters(table, domain, origin))


def _filters(table, domain, origin) -> list:
    return ([table.c.domain == domain] if domain else []) + (
        [table.c.origin == origin] if origin else [])
