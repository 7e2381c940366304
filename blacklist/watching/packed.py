"""Watched parties' keys as 64-bit integers that mean the same in every process: a key's
39-bit blake2b hash above a 24-bit reference. A watch stores its parties' keys packed so
(with the party's place as reference) when it is made; a new leader adds each watch's
first reference and sorts them all at once, in numpy, instead of hashing a million names
again. A hash says "maybe": callers confirm each reference they are given.
"""

import hashlib

import numpy as np

from blacklist.screening.index.hashtable import HashMultimap

REF_BITS = 24
REF_MASK = (1 << REF_BITS) - 1
MAX_REF = REF_MASK
_HASH_MASK = (1 << (63 - REF_BITS)) - 1
_DTYPE = np.dtype("<i8")


def stable_hash(key: str) -> int:
    """The key's hash, the same in every process and on every machine."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") & _HASH_MASK


def pack(keys_of_parties) -> bytes:
    """Each party's keys (one iterable a party), with its place as reference."""
    values = [stable_hash(key) << REF_BITS | place
              for place, keys in enumerate(keys_of_parties) for key in keys]
    return np.array(values, dtype=_DTYPE).tobytes()


def unpack(packed: bytes, first_ref: int) -> np.ndarray:
    """A watch's packed keys with its parties' places moved to references from first_ref."""
    return np.frombuffer(packed, dtype=_DTYPE) + first_ref


class StablePostings:
    """Key → references: a sorted array of packed keys, and a hash table of what came since."""

    def __init__(self):
        self._base = np.zeros(0, dtype=_DTYPE)
        self._delta = HashMultimap()

    def __len__(self) -> int:
        return len(self._base) + len(self._delta)

    def add_packed(self, value: int) -> None:
        """One packed (key hash, reference) pair."""
        # The table reserves hashes 0 and 1.
        self._delta.add((value >> REF_BITS) + 2, value & REF_MASK)

    def find(self, key: str) -> list[int]:
        """Every reference added under the key (and, rarely, under another of its hash)."""
        h = stable_hash(key)
        bounds = np.array([h << REF_BITS, (h + 1) << REF_BITS], dtype=_DTYPE)
        lo, hi = np.searchsorted(self._base, bounds)
        found = (self._base[lo:hi] & REF_MASK).tolist()
        return found + self._delta.find(h + 2) if len(self._delta) else found

    def bulk(self, chunks: list[np.ndarray]) -> None:
        """Replace everything with these packed keys (references already in place)."""
        merged = np.concatenate(chunks) if chunks else np.zeros(0, dtype=_DTYPE)
        merged.sort()
        self._base = merged
        self._delta = HashMultimap()
