"""A multimap from 64-bit key hashes to integer references, held in two flat arrays.

A dict of a million strings costs a Python object per key; this table costs 16
bytes a slot. It stores hashes only, so callers verify each reference it yields
against the key they asked for (a hash match alone never decides anything).
"""

from array import array

_EMPTY = 0
_GONE = 1
_MAX_LOAD = 0.5


def key_hash(key: str) -> int:
    """A process-stable hash of a key that never collides with the slot markers."""
    value = hash(key)
    return value if value > _GONE or value < 0 else value + 2


class HashMultimap:
    """Open addressing with linear probing; removal leaves a marker so probes go on."""

    def __init__(self, capacity: int = 1 << 10):
        self._allocate(capacity)
        self._live = 0

    def _allocate(self, capacity: int) -> None:
        self._mask = capacity - 1
        self._hashes = array("q", bytes(8 * capacity))
        self._refs = array("i", bytes(4 * capacity))
        self._used = 0  # live slots plus removal markers

    def __len__(self) -> int:
        return self._live

    def reserve(self, count: int) -> None:
        """Make room for count live pairs in all, so that adding them rebuilds nothing."""
        if (count + self._used - self._live) > _MAX_LOAD * (self._mask + 1):
            self._grow(count)

    def add(self, h: int, ref: int) -> None:
        """Add one (hash, reference) pair; duplicates of a hash are kept side by side."""
        if (self._used + 1) > _MAX_LOAD * (self._mask + 1):
            self._grow()
        hashes, mask = self._hashes, self._mask
        i = h & mask
        while hashes[i] > _GONE or hashes[i] < 0:
            i = (i + 1) & mask
        if hashes[i] == _EMPTY:
            self._used += 1
        hashes[i] = h
        self._refs[i] = ref
        self._live += 1

    def find(self, h: int) -> list[int]:
        """Every reference stored under the hash."""
        hashes, refs, mask = self._hashes, self._refs, self._mask
        found = []
        i = h & mask
        while (current := hashes[i]) != _EMPTY:
            if current == h:
                found.append(refs[i])
            i = (i + 1) & mask
        return found

    def discard(self, h: int, ref: int) -> None:
        """Remove the pair if present."""
        hashes, refs, mask = self._hashes, self._refs, self._mask
        i = h & mask
        while (current := hashes[i]) != _EMPTY:
            if current == h and refs[i] == ref:
                hashes[i] = _GONE
                self._live -= 1
                return
            i = (i + 1) & mask

    def _grow(self, wanted: int = 0) -> None:
        capacity = self._mask + 1
        # Leave room to grow by half again before the next rebuild.
        while max(wanted, (self._live + 1) * 1.5) > _MAX_LOAD * capacity:
            capacity *= 2
        old = zip(self._hashes, self._refs)
        self._allocate(capacity)
        live = self._live
        for h, ref in old:
            if h > _GONE or h < 0:
                self._put(h, ref)
        self._live = live

    def _put(self, h: int, ref: int) -> None:
        hashes, mask = self._hashes, self._mask
        i = h & mask
        while hashes[i] != _EMPTY:
            i = (i + 1) & mask
        hashes[i] = h
        self._refs[i] = ref
        self._used += 1
