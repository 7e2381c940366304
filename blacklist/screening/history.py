"""Every name a listed party was ever listed under, for the near names of past instants.

The live index holds today's list only; a listing removed last week, or a name corrected
since, is gone from it. An answer as of a past instant (or over a window) must still find
the near names the live check found then, so this index keeps, for every listing that was
ever listed, the grams of each name it carried; it only grows, and it is kept in step with
the change log by the live index (LiveIndex.history). It picks candidates only: the same
matcher as the live check then judges them against their state at the instant.
"""

import math
import threading
from collections import Counter
from heapq import nlargest
from itertools import chain

from sqlalchemy import select

from blacklist.registry.models import Entity, Listing
from blacklist.registry.names import normalise_name
from blacklist.screening.entries import json_value
from blacklist.screening.index.config import MatchingConfig
from blacklist.screening.index.ngrams import NameAnalyser
from blacklist.screening.index.packed import Postings
from blacklist.screening.index.store import TextColumn
from blacklist.trail import events

EVER_LISTED = (select(Listing.id, Entity.kind, Entity.name, Entity.former_names)
               .join(Entity, Entity.id == Listing.entity_id)
               .where(Listing.published_at.is_not(None)))


class NameHistory:
    """Grams of every name of every listing that was ever listed, to the listing's id."""

    def __init__(self, config: MatchingConfig):
        self._analyser = NameAnalyser(config)
        self._config = config
        # Packed: at a million listings this sits beside the live index in every process.
        self._grams = Postings()
        self._listing_of = TextColumn()      # reference -> listing id
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._listing_of)

    def add(self, listing_id: str, kind: str | None, names) -> None:
        """Remember each of the names; a natural person's are never matched as near names."""
        if kind == "natural_person":
            return
        with self._lock:
            for name in names:
                self._add(listing_id, self._analyser.reduce(normalise_name(name or "")))

    def _add(self, listing_id: str, reduced: str) -> None:
        seen = ("seen", listing_id, reduced)
        if not reduced or self._grams.find(seen):
            return
        ref = self._listing_of.append(listing_id)
        self._grams.add(seen, ref)
        for gram in self._analyser.grams(reduced):
            self._grams.add(gram, ref)

    def load(self, connection) -> int:
        """Every listing ever published, with its party's name and former names."""
        def pairs():
            for row in connection.execute(EVER_LISTED):
                if row.kind == "natural_person":
                    continue
                names = [row.name, *(json_value(row.former_names) or ())]
                reduced = dict.fromkeys(self._analyser.reduce(normalise_name(n or ""))
                                        for n in names)
                for name in filter(None, reduced):
                    ref = self._listing_of.append(row.id)
                    yield ("seen", row.id, name), ref
                    yield from ((gram, ref) for gram in self._analyser.grams(name))
        with self._lock:
            self._grams.bulk(pairs())
        return len(self)

    def apply(self, event: str, snapshot: dict) -> None:
        """A change of the log: the names its listing carries from now on are remembered."""
        stored = events.read(snapshot)
        entity = stored["entity"]
        if event in ("listed", "updated") and stored["listing"]["status"] == "listed":
            self.add(stored["listing"]["id"], entity.get("kind"),
                     [entity.get("name"), *(entity.get("former_names") or ())])

    def candidates(self, name: str | None) -> set[str]:
        """Listings that ever carried a name sharing enough grams with this one."""
        reduced = self._analyser.reduce(normalise_name(name or ""))
        if not reduced:
            return set()
        grams = self._analyser.grams(reduced)
        with self._lock:
            postings = [p for p in map(self._grams.find, grams)
                        if len(p) <= self._config.max_posting]
            refs = _shared(postings, len(grams), self._config)
            return set(self._listing_of.many(refs))


def _shared(postings: list[list[int]], grams: int, config: MatchingConfig) -> list[int]:
    """As GramIndex.candidates: all of them while few, else those sharing enough grams."""
    if sum(map(len, postings)) <= config.max_candidates:
        return list(set().union(*postings))
    counts = Counter(chain.from_iterable(postings))
    need = max(min(2, grams), math.ceil(config.min_shared_grams * grams))
    kept = [ref for ref, shared in counts.items() if shared >= need]
    return [ref for _, ref in nlargest(config.max_candidates,
                                       ((counts[ref], ref) for ref in kept))]
