"""Every name a listed party was ever listed under, for the near names of past instants.

The live index holds today's list only; a listing removed last week, or a name corrected
since, is gone from it. An answer as of a past instant (or over a window) must still find
the near names the live check found then, so this index keeps, for every listing that was
ever listed, the grams of each name it carried; it only grows, and it is kept in step with
the change log by the live index (LiveIndex.history). It picks candidates only: the same
matcher as the live check then judges them against their state at the instant.
"""

import threading

from sqlalchemy import select

from blacklist.registry.models import Entity, Listing
from blacklist.registry.names import normalise_name
from blacklist.screening.entries import json_value
from blacklist.screening.index.config import MatchingConfig
from blacklist.screening.index.ngrams import GramIndex, NameAnalyser
from blacklist.trail import events

EVER_LISTED = (select(Listing.id, Entity.kind, Entity.name, Entity.former_names)
               .join(Entity, Entity.id == Listing.entity_id)
               .where(Listing.published_at.is_not(None)))


class NameHistory:
    """Grams of every name of every listing that was ever listed, to the listing's id."""

    def __init__(self, config: MatchingConfig):
        self._analyser = NameAnalyser(config)
        self._grams = GramIndex(config.max_posting, config.max_candidates,
                                config.min_shared_grams)
        self._listing_of: list[str] = []       # reference -> listing id
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._listing_of)

    def add(self, listing_id: str, kind: str | None, names) -> None:
        """Remember each of the names; a natural person's are never matched as near names."""
        if kind == "natural_person":
            return
        with self._lock:
            for name in names:
                reduced = self._analyser.reduce(normalise_name(name or ""))
                if not reduced or (listing_id, reduced) in self._seen:
                    continue
                self._seen.add((listing_id, reduced))
                self._grams.add(len(self._listing_of), self._analyser.grams(reduced))
                self._listing_of.append(listing_id)

    def load(self, connection) -> int:
        """Every listing ever published, with its party's name and former names."""
        for row in connection.execute(EVER_LISTED):
            self.add(row.id, row.kind, [row.name, *(json_value(row.former_names) or ())])
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
        with self._lock:
            refs = self._grams.candidates(self._analyser.grams(reduced))
            return {self._listing_of[ref] for ref in refs}
