"""Public search and browsing answered from the public projection's indexes.

Why the database and not the process's screening index (measured, docs/PERFORMANCE.md):
the screening index keys reduced names (no place, no legal form) and near-name grams,
not substrings, and knows no publication order; a substring index beside it costs every
worker ~100 MB more of the 600 MB budget, and "newest first" with a kept total would
have to be rebuilt in Python per query. The projection's bigram postings are read
backwards on a primary key (newest first), the totals are kept rows, and the same code
serves SQLite and PostgreSQL, fresh to the transaction that changed the listing."""

import datetime as dt
from dataclasses import dataclass

from blacklist.public.grams import BLOCK, block_key, code_of, fragment, grams_of, total_key

# Results a name search can page to (bounded paging, as search engines do).
MAX_DEPTH = 10_000
# Postings of the rarest gram a count looks through (the newest): a fragment whose rarest
# gram has no more is counted exactly, unless it matches more than COUNTED.
WINDOW = 20_000
# Matches a count stops at: the total is then estimated from the share of the postings
# they took (a fragment of common grams costs this many checks, not its postings').
COUNTED = 1_000
# Postings a page of a query made only of common grams may look through.
SCAN = 100_000


@dataclass(frozen=True)
class Found:
    """Seqs of one page, newest first, and how many match in all (exact or estimated)."""

    seqs: list[int]
    total: int
    exact: bool = True


def browse(ix, today: dt.date, *, domain=None, origin=None, offset=0, limit=20) -> Found:
    """Every entry, newest first: the total is kept, the page read off an index."""
    key = total_key(domain=domain, origin=origin)
    expired = [r for r in ix.expired_rows(today) if _passes(r, domain, origin)]
    total = max(0, ix.kept([key]).get(key, 0) - len(expired))
    if offset >= total:
        return Found([], total)
    below = None
    if offset >= BLOCK:
        below, offset = _deep(ix, expired, offset, domain, origin)
    return Found(ix.newest(today, domain=domain, origin=origin, offset=offset, limit=limit,
                           below=below), total)


def _deep(ix, expired, offset: int, domain, origin) -> tuple[int, int]:
    """A deep page as (seqs below, offset among them): whole blocks of seqs are stepped
    over by their kept totals (the hidden expired entries taken off), so the index walks
    less than one block whatever the page."""
    top = ix.top_seq() // BLOCK
    keys = {block: block_key(block, domain=domain, origin=origin) for block in range(top + 1)}
    kept = ix.kept(list(keys.values()))
    counts = {block: kept.get(key, 0) for block, key in keys.items()}
    for row in expired:
        counts[row.seq // BLOCK] = counts.get(row.seq // BLOCK, 0) - 1
    for block in range(top, -1, -1):
        if counts[block] > offset:
            return (block + 1) * BLOCK, offset
        offset -= counts[block]
    return 0, offset


def find(ix, today: dt.date, q: str, *, domain=None, origin=None, offset=0,
         limit=20) -> Found:
    """Entries whose names contain the fragment, or whose USCC or ID number is q."""
    code = code_of(q)
    by_code = ix.by_code(today, code, domain=domain, origin=origin) if code else []
    if not by_code:
        return _by_name(ix, today, fragment(q), domain, origin, offset, limit)
    named = _by_name(ix, today, fragment(q), domain, origin, 0, offset + limit + len(by_code))
    merged = sorted(set(named.seqs) | set(by_code), reverse=True)
    return Found(merged[offset:offset + limit], named.total + len(by_code), named.exact)


def _by_name(ix, today, frag: str, domain, origin, offset: int, limit: int) -> Found:
    """Candidates from the postings of the fragment's rarest gram, newest first, checked
    against the names; the total kept (one gram), counted, or estimated past COUNTED."""
    grams = grams_of(frag)
    if not grams:
        return Found([], 0)
    kept = ix.kept([f"g:{g}" for g in grams])
    if len(kept) < len(grams) or not all(kept.values()):   # a gram no listed name has
        return Found([], 0)                                   # (now or any more): at once
    rare = min(grams, key=lambda g: (kept[f"g:{g}"], g))
    postings, depth = kept[f"g:{rare}"], min(offset + limit, MAX_DEPTH)
    contains = None if len(frag) == 2 else frag      # a 2-character fragment is its gram
    key = total_key(gram=rare, domain=domain, origin=origin)
    if contains is None and key is not None:
        newest, complete = [], False
        total, exact = _kept_total(ix, today, frag, key, domain, origin), True
    else:
        newest, looked = _newest(ix, today, rare, contains, postings, domain, origin)
        complete = len(newest) < COUNTED and looked == postings
        total, exact = _counted(ix, rare, postings, newest, looked)
    if offset >= min(total, MAX_DEPTH):
        return Found([], total, exact)
    if complete or depth <= len(newest):       # the page is among the matches counted
        return Found(newest[offset:depth], total, exact)
    seqs = ix.by_gram(today, rare, contains, domain=domain, origin=origin, offset=offset,
                      limit=depth - offset, window=None if postings <= SCAN else SCAN)
    return Found(seqs, total, exact)


def _kept_total(ix, today, frag, key, domain, origin) -> int:
    """A two-character fragment is one gram: its total is kept (less the entries past
    their period that the expiry job has not taken out yet)."""
    expired = [r for r in ix.expired_rows(today)
               if _passes(r, domain, origin) and frag in r.search_key]
    return max(0, ix.kept([key]).get(key, 0) - len(expired))


def _newest(ix, today, rare, contains, postings, domain, origin) -> tuple[list[int], int]:
    """The newest COUNTED matches among the newest WINDOW postings of the rarest gram,
    and how many postings that looked through at most. Past WINDOW postings, looked for
    first among fewer: finding where WINDOW postings end costs a walk of them, which a
    fragment matching most of its candidates never needs. Within it, one walk that stops
    at COUNTED (a first look among fewer would walk them twice when matches are few)."""
    for window in (4 * COUNTED, WINDOW) if postings > WINDOW else (postings,):
        looked = min(window, postings)
        newest = ix.by_gram(today, rare, contains, domain=domain, origin=origin,
                            limit=COUNTED, window=window if postings > window else None)
        if len(newest) == COUNTED or looked == postings:
            break
    return newest, looked


def _counted(ix, rare, postings, newest, looked) -> tuple[int, bool]:
    """The total from the newest matches among the postings looked through: exact when
    they were all of them; when the count stopped at COUNTED, scaled by the share of
    the postings it went through; else scaled by the share looked through."""
    if len(newest) == COUNTED:
        through = ix.postings_since(rare, newest[-1])
        return round(COUNTED * postings / through), through >= postings
    return round(len(newest) * postings / looked), looked == postings


def _passes(row, domain, origin) -> bool:
    return (not domain or row.domain == domain) and (not origin or row.origin == origin)

