"""Postings from keys to integer references in little memory: a key is a 39-bit hash packed
with a 24-bit reference into one 64-bit integer, the bulk kept in one sorted array (bisect to
find) and what came since in a HashMultimap. A hash says "maybe": callers confirm each
reference they are given (a collision only costs a needless look).
"""

import heapq
from array import array
from bisect import bisect_left

from blacklist.screening.index.hashtable import HashMultimap

_REF_BITS = 24
_REF_MASK = (1 << _REF_BITS) - 1
_HASH_MASK = (1 << (63 - _REF_BITS)) - 1
_CHUNK = 1 << 20
MAX_REF = _REF_MASK


def _h(key) -> int:
    return hash(key) & _HASH_MASK


class Postings:
    """Key → references: a sorted packed array, and a hash table of what came since."""

    def __init__(self):
        self._base = array("q")
        self._delta = HashMultimap()

    def __len__(self) -> int:
        return len(self._base) + len(self._delta)

    def add(self, key, ref: int) -> None:
        """One (key, reference) pair; a key is any hashable value (a string, a gram)."""
        if not 0 <= ref <= MAX_REF:
            raise ValueError(f"a reference is at most {MAX_REF}")
        self._delta.add(_h(key) + 2, ref)   # the table reserves hashes 0 and 1

    def find(self, key) -> list[int]:
        """Every reference added under the key (and, rarely, under another of its hash)."""
        h = _h(key)
        lo = bisect_left(self._base, h << _REF_BITS)
        hi = bisect_left(self._base, (h + 1) << _REF_BITS, lo)
        found = [packed & _REF_MASK for packed in self._base[lo:hi]]
        return found + self._delta.find(h + 2) if len(self._delta) else found

    def bulk(self, pairs) -> None:
        """Replace everything with (key, ref) pairs, sorted a chunk at a time and merged."""
        chunks, chunk = [], array("q")
        for key, ref in pairs:
            chunk.append(_h(key) << _REF_BITS | ref)
            if len(chunk) >= _CHUNK:
                chunks.append(array("q", sorted(chunk)))
                chunk = array("q")
        chunks.append(array("q", sorted(chunk)))
        self._base = array("q", heapq.merge(*chunks))
        self._delta = HashMultimap()
