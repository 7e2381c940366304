"""Two-character grams of normalised names: what the public index posts entries under.

A fragment of two characters (华信) is a common query and trigram indexes need three, so
the index is of bigrams. Every substring of two characters and more of a name is found
through the grams it contains; the rarest of them chooses the candidates, and the
fragment itself is then checked against the candidate's names."""

from collections import Counter
from operator import add

from blacklist.registry.identifiers import fold
from blacklist.registry.names import normalise_name

# Separates the names of a party in its search key (Entity.search_key).
NAME_SEPARATOR = "|"
MIN_FRAGMENT = 2
# Seqs per block of the kept block totals (a deep page walks at most one block's index).
BLOCK = 2048


def grams_of(search_key: str) -> set[str]:
    """The bigrams of each name of a party, never across two names."""
    found = set()
    for name in search_key.split(NAME_SEPARATOR):
        found.update(map(add, name, name[1:]))
    return found


def fragment(q: str | None) -> str:
    """The query as a name fragment (normalised as screening does), or "" if too short to
    search by name (one character says nothing: answered empty, never scanned)."""
    key = normalise_name(q or "").replace(NAME_SEPARATOR, "")
    return key if len(key) >= MIN_FRAGMENT else ""


def code_of(q: str | None) -> str | None:
    """The query as a USCC or full ID number would be stored (folded), else None."""
    return fold(q or "") or None


def count_keys(domain: str, origin: str, grams: set[str]) -> list[str]:
    """The kept totals an entry adds to: all, its domain, its origin, both, each gram alone
    and with the domain."""
    keys = _entry_keys(domain, origin)
    for gram in grams:
        keys.append(f"g:{gram}")
        keys.append(f"g:{gram}|d:{domain}")
    return keys


def _entry_keys(domain: str, origin: str) -> list[str]:
    return ["*", f"d:{domain}", f"o:{origin}", f"d:{domain}|o:{origin}"]


def fresh_keys(entries: Counter, grams: Counter) -> Counter:
    """What entries new to the projection add to the kept totals (count_keys and
    block_keys of each, summed), each key made once: entries counts their (domain, origin,
    block_of(seq)) triples, grams their postings' (gram, domain) pairs."""
    counts: Counter = Counter()
    for (domain, origin, block), n in entries.items():
        for key in _entry_keys(domain, origin) + _block_keys(block, domain, origin):
            counts[key] += n
    for (gram, domain), n in grams.items():
        counts[f"g:{gram}"] += n
        counts[f"g:{gram}|d:{domain}"] += n
    return counts


def block_of(seq: int) -> int:
    """The block of seqs an entry's seq is in."""
    return seq // BLOCK


def block_keys(seq: int, domain: str, origin: str) -> list[str]:
    """The kept totals of the entry's block of seqs (all, its domain, its origin, both):
    what browsing steps over instead of walking an offset."""
    return _block_keys(block_of(seq), domain, origin)


def _block_keys(block: int, domain: str, origin: str) -> list[str]:
    return [f"b:{block}", f"b:{block}|d:{domain}", f"b:{block}|o:{origin}",
            f"b:{block}|d:{domain}|o:{origin}"]


def block_key(block: int, *, domain: str | None = None, origin: str | None = None) -> str:
    """The kept total of one block of seqs for a browsing filter."""
    return "|".join([f"b:{block}"] + ([f"d:{domain}"] if domain else [])
                    + ([f"o:{origin}"] if origin else []))


def total_key(*, gram: str | None = None, domain: str | None = None,
              origin: str | None = None) -> str | None:
    """The kept total answering this filter, or None when none is kept for it."""
    if origin and gram:
        return None
    if origin:
        return f"d:{domain}|o:{origin}" if domain else f"o:{origin}"
    if gram:
        return f"g:{gram}|d:{domain}" if domain else f"g:{gram}"
    return f"d:{domain}" if domain else "*"
