"""The watches' reverse index: watched parties by identifier and name gram, so that a change
of a listing finds the few parties it may touch instead of re-screening every open watch.

It picks candidates only; the screening matcher then judges each (rescreen.py). To hold a
million watched parties in little memory, keys live in packed StablePostings (packed.py)
and each watch's reduced names in a TextColumn; a hash collision only costs one needless
re-screening. A watch's keys are made once, when it is made (NameKeys.stored, kept in
watch_key), so that a new leader loads a million parties without normalising their names.
"""

import hashlib
import json
import math
import re
from array import array
from collections import Counter
from importlib.metadata import version

import numpy as np
from rapidfuzz.fuzz import ratio

from blacklist.registry.names import normalise_name
from blacklist.screening.index.config import MatchingConfig
from blacklist.screening.index.ngrams import NameAnalyser
from blacklist.screening.index.store import TextColumn
from blacklist.watching.packed import MAX_REF, StablePostings, pack, unpack

_REDUCED_WEIGHT = 0.9   # as index/screening.py weighs the reduced name
KEYS_FORMAT = 1         # bump when party_keys or pack changes what it makes
SEP = "\x1f"            # between the reduced names a watch stores


def _words(words) -> re.Pattern:
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered))


class NameKeys:
    """A name's keys: pairs of its distinctive characters, adjacent and one apart; a party's
    keys: those of its name and its identifiers."""

    def __init__(self, config: MatchingConfig):
        self._analyser = NameAnalyser(config)
        self._generic = _words(config.generic_words)
        words = [KEYS_FORMAT, version("OpenCC"), config.legal_forms, config.regions,
                 config.generic_words, config.places]
        # Keys stored with a watch hold while the words and the normaliser they came from do.
        self.version = hashlib.sha256(json.dumps(words).encode()).hexdigest()[:16]

    def reduce(self, name: str | None) -> str:
        """The name without legal form, places or brackets, as the screening compares it."""
        return self._analyser.reduce(normalise_name(name or "")).replace(SEP, "")

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

    def stored(self, parties: list[dict]) -> tuple[str, bytes]:
        """The parties' reduced names (joined by SEP) and packed keys, as a watch stores
        them: made once, when it is made."""
        made = [self.party_keys(party) for party in parties]
        return SEP.join(reduced for _, reduced in made), pack(sorted(keys) for keys, _ in made)

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
            reduced = self.reduce(party.get("name"))
            keys |= self.of_reduced(reduced)
        return keys, reduced


_held: dict[int, tuple[MatchingConfig, NameKeys]] = {}


def name_keys(config: MatchingConfig) -> NameKeys:
    """The keys of this configuration, made once (its patterns take a while to compile)."""
    held = _held.get(id(config))
    if held is None or held[0] is not config:
        _held.clear()
        held = _held[id(config)] = (config, NameKeys(config))
    return held[1]


class WatchIndex:
    """Every open watch's parties, found by what a listing may match them on."""

    def __init__(self, config: MatchingConfig):
        self.names = name_keys(config)
        self._max_posting = config.max_posting
        self._postings = StablePostings()
        self._watch_of = array("i")     # party reference -> watch slot
        self._party_of = array("H")     # party reference -> its place in the watch
        self._ids: list[str] = []        # watch slot -> watch id
        self._slots: dict[str, int] = {}
        self._closed = bytearray()
        self._reduced = TextColumn()     # watch slot -> reduced names, to judge near names
        floor = min(config.near_name, config.near_name_other_identifier)
        # The screening's own first cut (index/screening.py): no closer, no near name.
        self._cutoff = 100 * max(0.0, (floor - (1 - _REDUCED_WEIGHT)) / _REDUCED_WEIGHT)
        # Listing id -> parties that match it now: its next change must re-screen them.
        self.matched: dict[str, set[int]] = {}

    def __len__(self) -> int:
        return len(self._watch_of)

    def __contains__(self, watch_id: str) -> bool:
        return watch_id in self._slots

    def _slot(self, watch_id: str, names: str) -> int:
        slot = self._slots[watch_id] = len(self._ids)
        self._ids.append(watch_id)
        self._closed.append(0)
        self._reduced.append(names)
        return slot

    def _matched(self, first_ref: int, state: list[dict] | None) -> None:
        for place, party in enumerate(state or ()):
            for listing_id in party["matches"]:
                self.matched.setdefault(listing_id, set()).add(first_ref + place)

    def add(self, watch_id: str, names: str, packed: bytes,
            state: list[dict] | None = None) -> None:
        """Watch these parties (as NameKeys.stored made them), with the listings each
        matches now."""
        first, count = len(self._watch_of), names.count(SEP) + 1
        if first + count - 1 > MAX_REF:
            raise ValueError(f"at most {MAX_REF + 1} watched parties")
        slot = self._slot(watch_id, names)
        self._watch_of.extend([slot] * count)
        self._party_of.extend(range(count))
        self._matched(first, state)
        for value in unpack(packed, first).tolist():
            self._postings.add_packed(value)

    def load(self, watches) -> None:
        """Many watches at once, (id, names, packed, state) each: the bulk of a start, a
        few numpy operations a page of watches."""
        chunks, slots, counts, firsts, packs = [], [], [], [], []
        first = len(self._watch_of)
        for watch_id, names, packed, state in watches:
            slots.append(self._slot(watch_id, names))
            counts.append(names.count(SEP) + 1)
            firsts.append(first)
            packs.append(packed)
            self._matched(first, state)
            first += counts[-1]
            if len(packs) >= 2000:
                chunks.append(self._place(slots, counts, firsts, packs))
                slots, counts, firsts, packs = [], [], [], []
        chunks.append(self._place(slots, counts, firsts, packs))
        self._postings.bulk(chunks)

    def _place(self, slots, counts, firsts, packs) -> np.ndarray:
        """Parties' references of a page of watches; their keys moved to them."""
        if not slots:
            return np.zeros(0, dtype="<i8")
        if firsts[-1] + counts[-1] - 1 > MAX_REF:
            raise ValueError(f"at most {MAX_REF + 1} watched parties")
        counts_np, firsts_np = np.array(counts), np.array(firsts, dtype=np.int64)
        self._watch_of.frombytes(np.repeat(np.array(slots, dtype=np.int32), counts_np)
                                 .tobytes())
        starts = np.repeat(firsts_np, counts_np)
        places = np.arange(len(starts), dtype=np.int64) + firsts[0] - starts
        self._party_of.frombytes(places.astype(np.uint16).tobytes())
        keys = np.frombuffer(b"".join(packs), dtype="<i8")
        return keys + np.repeat(firsts_np, [len(p) // 8 for p in packs])

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

    def _reduced_of(self, ref: int) -> str:
        return self._reduced[self._watch_of[ref]].split(SEP)[self._party_of[ref]]

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
            found.update(ref for ref in refs if ratio(reduced, self._reduced_of(ref))
                         >= self._cutoff)
        return found
