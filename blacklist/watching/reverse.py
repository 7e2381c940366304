"""The watches' reverse index: watched parties by identifier and name gram, so that a change
of a listing finds the few parties it may touch instead of re-screening every open watch.

It picks candidates only; the screening matcher then judges each (rescreen.py). To hold a
million watched parties in little memory, keys live in packed Postings (index/packed.py)
and each party's reduced name in a TextColumn; a hash collision only costs one needless
re-screening.
"""

import math
import re
from array import array
from collections import Counter

from rapidfuzz.fuzz import ratio

from blacklist.registry.names import normalise_name
from blacklist.screening.index.config import MatchingConfig
from blacklist.screening.index.packed import Postings
from blacklist.screening.index.ngrams import NameAnalyser
from blacklist.screening.index.store import TextColumn

_REDUCED_WEIGHT = 0.9   # as index/screening.py weighs the reduced name


def _words(words) -> re.Pattern:
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered))


class NameKeys:
    """A name's keys: pairs of its distinctive characters, adjacent and one apart."""

    def __init__(self, config: MatchingConfig):
        self._analyser = NameAnalyser(config)
        self._generic = _words(config.generic_words)

    def reduce(self, name: str | None) -> str:
        """The name without legal form, places or brackets, as the screening compares it."""
        return self._analyser.reduce(normalise_name(name or ""))

    def of(self, name: str | None) -> set[str]:
        """The keys of one name ("g…"); a name of generic words only is its own key."""
        return self.of_reduced(self.reduce(name))

    def of_reduced(self, reduced: str) -> set[str]:
        """The keys of a reduced name."""
        distinct = "".join(self._generic.split(reduced))
        if len(distinct) < 2:
            return {"g" + reduced} if reduced else set()
        pairs = {"g" + distinct[at:at + 2] for at in range(len(distinct) - 1)}
        pairs.update("g" + distinct[at] + "_" + distinct[at + 2]
                     for at in range(len(distinct) - 2))
        return pairs


class WatchIndex:
    """Every open watch's parties, found by what a listing may match them on."""

    def __init__(self, config: MatchingConfig):
        self.names = NameKeys(config)
        self._max_posting = config.max_posting
        self._postings = Postings()
        self._watch_of = array("i")     # party reference -> watch slot
        self._party_of = array("H")     # party reference -> its place in the watch
        self._ids: list[str] = []        # watch slot -> watch id
        self._slots: dict[str, int] = {}
        self._closed = bytearray()
        self._reduced = TextColumn()     # party reference -> reduced name, to judge near names
        floor = min(config.near_name, config.near_name_other_identifier)
        # The screening's own first cut (index/screening.py): no closer, no near name.
        self._cutoff = 100 * max(0.0, (floor - (1 - _REDUCED_WEIGHT)) / _REDUCED_WEIGHT)
        # Listing id -> parties that match it now: its next change must re-screen them.
        self.matched: dict[str, set[int]] = {}

    def __len__(self) -> int:
        return len(self._watch_of)

    def __contains__(self, watch_id: str) -> bool:
        return watch_id in self._slots

    def party_keys(self, party: dict) -> tuple[set[str], str]:
        """What a watched party is found by, and its reduced name ("" for a person)."""
        reduced = ""
        keys = {tag + value for tag, value in (("u", party.get("uscc")),
                                               ("i", party.get("id_number")),
                                               ("r", (party.get("legal_representative") or {})
                                                .get("id_number"))) if value}
        if party.get("kind") == "natural_person" or (party.get("id_number")
                                                    and not party.get("uscc")):
            keys.add("n" + normalise_name(party.get("name") or ""))
        else:
            reduced = self.names.reduce(party.get("name"))
            keys |= self.names.of_reduced(reduced)
        return keys, reduced

    def _place(self, watch_id: str, parties: list[dict], state: list[dict] | None):
        slot = self._slots[watch_id] = len(self._ids)
        self._ids.append(watch_id)
        self._closed.append(0)
        for place, party in enumerate(parties):
            ref = len(self._watch_of)
            self._watch_of.append(slot)
            self._party_of.append(place)
            for listing_id in (state[place]["matches"] if state else ()):
                self.matched.setdefault(listing_id, set()).add(ref)
            keys, reduced = self.party_keys(party)
            self._reduced.append(reduced)
            yield ref, keys

    def add(self, watch_id: str, parties: list[dict], state: list[dict] | None = None) -> None:
        """Watch these parties (canonical), with the listings each matches now."""
        for ref, keys in self._place(watch_id, parties, state):
            for key in keys:
                self._postings.add(key, ref)

    def load(self, watches) -> None:
        """Many watches at once, (id, parties, state) each: the bulk of a start."""
        def pairs():
            for watch_id, parties, state in watches:
                for ref, keys in self._place(watch_id, parties, state):
                    for key in keys:
                        yield key, ref
        self._postings.bulk(pairs())

    def close(self, watch_id: str) -> None:
        """Stop finding this watch's parties."""
        slot = self._slots.get(watch_id)
        if slot is not None:
            self._closed[slot] = 1

    def owner(self, ref: int) -> tuple[str, int]:
        """(watch id, place of the party in it)."""
        return self._ids[self._watch_of[ref]], self._party_of[ref]

    def note_match(self, ref: int, listing_id: str, matches: bool) -> None:
        """Remember (or forget) that the party matches the listing now."""
        held = self.matched.setdefault(listing_id, set())
        held.add(ref) if matches else held.discard(ref)
        if not held:
            del self.matched[listing_id]

    def touched(self, listing_id: str, entity: dict) -> set[int]:
        """Open parties a change of this listing (its party as `entity`) may touch."""
        found = set(self.matched.get(listing_id, ()))
        for key in self._entity_keys(entity):
            found.update(self._postings.find(key))
        found.update(self._near(entity))
        closed = self._closed
        return {ref for ref in found if not closed[self._watch_of[ref]]}

    def _entity_keys(self, entity: dict) -> set[str]:
        keys = {tag + value for tag, value in (("u", entity.get("uscc")),
                                               ("i", entity.get("id_number")),
                                               ("r", entity.get("id_number")),
                                               ("r", entity.get("legal_rep_id"))) if value}
        keys.update("n" + normalise_name(name) for name in self._names(entity) if name)
        return keys

    @staticmethod
    def _names(entity: dict) -> list[str]:
        return [entity.get("name") or "", *(entity.get("former_names") or ())]

    def _near(self, entity: dict) -> set[int]:
        """Parties sharing enough name keys with one of the listing's names."""
        if entity.get("kind") == "natural_person":
            return set()
        found: set[int] = set()
        for name in self._names(entity):
            reduced = self.names.reduce(name)
            keys = self.names.of_reduced(reduced)
            postings = [p for p in map(self._postings.find, keys) if len(p) <= self._max_posting]
            counts = Counter(ref for posting in postings for ref in set(posting))
            need = 1 if len(keys) <= 2 else max(2, math.ceil(0.3 * len(keys)))
            refs = [ref for ref, shared in counts.items() if shared >= need]
            # Judged as the screening judges a candidate first: by its reduced name alone.
            found.update(ref for ref, theirs in zip(refs, self._reduced.many(refs))
                         if ratio(reduced, theirs) >= self._cutoff)
        return found
