"""The in-memory screening index: listed entries by identifier, name and near name.

Thread safety: one index serves every thread of a process. Screens hold a shared
read lock, so they run side by side; upsert, remove and bulk_load hold it
exclusively, so no screen ever sees a half-applied change, and a batch of parties
is screened against one state of the list. A change may carry a stamp (the live
index's change-log seq), which the stamped screens report from the same hold.
"""

import datetime
from collections.abc import Iterable
from itertools import islice

from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extract

from blacklist.registry.names import normalise_name
from blacklist.screening.index.config import MatchingConfig
from blacklist.screening.index.decide import (
    CONCLUSIVE,
    REASONS,
    SUGGESTIVE,
    Hit,
    Probe,
    Restrictions,
    decide,
    keep_strongest,
)
from blacklist.screening.index.hashtable import HashMultimap, key_hash
from blacklist.screening.index.ngrams import GramIndex, NameAnalyser
from blacklist.screening.index.rwlock import ReadWriteLock
from blacklist.screening.index.store import Entry, EntryStore

# Weight of the reduced name (what tells companies apart) against the full name.
_REDUCED_WEIGHT = 0.9
# Entries loaded per hold of the write lock by bulk_load.
_CHUNK = 5_000


class ScreeningIndex:
    """Listed entries held compactly in memory, screened by the rules of API.md "Screening"."""

    def __init__(self, measure_domains: dict[str, str], config: MatchingConfig):
        self._config = config
        self._store = EntryStore(list(measure_domains))
        self._restrictions = Restrictions(self._store, dict(measure_domains))
        self._keys = HashMultimap()
        self._analyser = NameAnalyser(config)
        self._grams = GramIndex(config.max_posting, config.max_candidates,
                                 config.min_shared_grams)
        self._live = 0
        self._lock = ReadWriteLock()
        self._stamp: int | None = None

    def __len__(self) -> int:
        return self._live

    def upsert(self, entry: Entry, stamp: int | None = None) -> None:
        """A listing appears once: a new version of it replaces the old one."""
        with self._lock.writing():
            self._upsert(entry)
            if stamp is not None:
                self._stamp = stamp

    def bulk_load(self, entries: Iterable[Entry], stamp: int | None = None) -> int:
        """Upsert many entries, a chunk per hold of the lock; return how many.

        The same as upserting each in turn, only cheaper (the key table is sized once
        per chunk, the lock taken once per chunk): meant for the build before workers
        fork. A screen between two chunks sees the entries loaded so far; the stamp is
        set once all of them are in.
        """
        entries, count = iter(entries), 0
        while chunk := list(islice(entries, _CHUNK)):
            with self._lock.writing():
                # Five identifier and name keys at most per entry, and its former names.
                self._keys.reserve(len(self._keys) + 6 * len(chunk))
                for entry in chunk:
                    self._upsert(entry)
            count += len(chunk)
        if stamp is not None:
            with self._lock.writing():
                self._stamp = stamp
        return count

    def remove(self, listing_id: str, stamp: int | None = None) -> None:
        """Forget a listing; forgetting one that is not held is not an error."""
        with self._lock.writing():
            self._remove(listing_id)
            if stamp is not None:
                self._stamp = stamp

    def screen(self, parties: list[dict], domain: str | None, today: datetime.date) -> list[dict]:
        """Screen each party in the order given, all against the same state of the list."""
        with self._lock.reading():
            return [self._screen_party(party, domain, today) for party in parties]

    def screen_party(self, party: dict, domain: str | None, today: datetime.date) -> dict:
        """Decide refuse, review or clear for one party against the listings live on `today`."""
        with self._lock.reading():
            return self._screen_party(party, domain, today)

    def screen_stamped(self, parties: list[dict], domain: str | None,
                       today: datetime.date) -> tuple[list[dict], int | None]:
        """screen(), and the stamp of the state of the list the parties were screened against."""
        with self._lock.reading():
            return [self._screen_party(party, domain, today) for party in parties], self._stamp

    def screen_party_stamped(self, party: dict, domain: str | None,
                             today: datetime.date) -> tuple[dict, int | None]:
        """screen_party(), and the stamp of the state of the list it was decided against."""
        with self._lock.reading():
            return self._screen_party(party, domain, today), self._stamp

    def _upsert(self, entry: Entry) -> None:
        self._remove(entry.listing_id)
        name = normalise_name(entry.name)
        names = (name, self._analyser.reduce(name))
        formers = dict.fromkeys(normalise_name(former) for former in entry.former_names)
        aliases = [(f, self._analyser.reduce(f)) for f in formers if f and f != name]
        row = self._store.append(entry, names, aliases)
        self._index_new(row, entry, names, aliases)
        self._live += 1

    def _remove(self, listing_id: str) -> None:
        for row in self._lookup("l", listing_id, self._store.listing_ids):
            self._index(row, add=False)
            self._store.remove(row)
            self._live -= 1

    def _screen_party(self, party: dict, domain: str | None, today: datetime.date) -> dict:
        probe = Probe.of(party)
        day = today.toordinal()
        hits: dict[int, Hit] = {}
        for hit in (*self._identifier_hits(probe), *self._name_hits(probe),
                    *self._near_name_hits(probe), *self._legal_rep_hits(probe)):
            if self._store.is_live(hit.row, day):
                keep_strongest(hits, hit)
        return decide(self._store, self._restrictions, hits, domain)

    def _identifier_hits(self, probe: Probe):
        store = self._store
        for tag, value, column in (("u", probe.uscc, store.uscc),
                                   ("i", probe.id_number, store.id_number)):
            if not value:
                continue
            matched_on = "uscc" if tag == "u" else "id_number"
            for row in self._lookup(tag, value, column):
                # The code decides even under another name: names change, codes do not.
                same = (matched_on == "id_number" or not probe.name
                        or store.names[row] == probe.name)
                reason = REASONS[matched_on if same else "uscc_renamed"]
                yield Hit(row, matched_on, 1.0, CONCLUSIVE, reason)

    def _name_hits(self, probe: Probe):
        if not probe.name:
            return
        store = self._store
        for row in self._lookup("n", probe.name, store.names):
            yield self._exact_name_hit(probe, row, "name")
        for alias in self._lookup("a", probe.name, store.alias_names):
            yield self._exact_name_hit(probe, store.alias_owner[alias], "former_name")

    def _exact_name_hit(self, probe: Probe, row: int, matched_on: str) -> Hit:
        """An exact name decides only for an organisation that gives no identifier."""
        if probe.is_person or self._store.is_person(row):
            return Hit(row, matched_on, 1.0, SUGGESTIVE, REASONS["person_name"])
        if probe.has_identifier:
            return Hit(row, matched_on, 1.0, SUGGESTIVE, REASONS["other_identifier"])
        return Hit(row, matched_on, 1.0, CONCLUSIVE, REASONS[matched_on])

    def _near_name_hits(self, probe: Probe):
        if probe.is_person or not probe.name:
            return
        reduced = self._analyser.reduce(probe.name)
        refs = self._grams.candidates(self._analyser.grams(reduced))
        if not refs:
            return
        floor = min(self._config.near_name, self._config.near_name_other_identifier)
        cutoff = 100 * max(0.0, (floor - (1 - _REDUCED_WEIGHT)) / _REDUCED_WEIGHT)
        theirs = self._reduced_names(refs)
        for _, close, at in extract(reduced, theirs, scorer=ratio, score_cutoff=cutoff, limit=None):
            row, their_name = self._candidate_name(refs[at])
            if their_name == probe.name:
                continue  # an exact name is judged by _name_hits
            full = ratio(probe.name, their_name)
            score = (_REDUCED_WEIGHT * close + (1 - _REDUCED_WEIGHT) * full) / 100
            if score >= self._near_threshold(probe, row):
                reason = REASONS["near_name" if refs[at] >= 0 else "near_former_name"]
                yield Hit(row, "near_name", score, SUGGESTIVE, reason)

    def _reduced_names(self, refs: list[int]) -> list[str]:
        store = self._store
        names = store.reduced.many(ref for ref in refs if ref >= 0)
        aliases = iter(store.alias_reduced.many(~ref for ref in refs if ref < 0))
        own = iter(names)
        return [next(own) if ref >= 0 else next(aliases) for ref in refs]

    def _candidate_name(self, ref: int) -> tuple[int, str]:
        store = self._store
        if ref >= 0:
            return ref, store.names[ref]
        return store.alias_owner[~ref], store.alias_names[~ref]

    def _near_threshold(self, probe: Probe, row: int) -> float:
        """A near name under another code of the same kind needs a closer name to be reported."""
        store = self._store
        theirs = store.uscc[row] if probe.uscc else store.id_number[row] if probe.id_number else ""
        if theirs:
            return self._config.near_name_other_identifier
        return self._config.near_name

    def _legal_rep_hits(self, probe: Probe):
        if not probe.rep_id:
            return
        store = self._store
        for row in self._lookup("i", probe.rep_id, store.id_number):
            yield Hit(row, "legal_representative", 1.0, SUGGESTIVE, REASONS["rep_is_listed"])
        for row in self._lookup("r", probe.rep_id, store.rep_id):
            yield Hit(row, "legal_representative", 1.0, SUGGESTIVE, REASONS["rep_of_listed"])

    def _lookup(self, tag: str, value: str, column) -> list[int]:
        # The table holds hashes only; the stored value confirms each candidate.
        return [ref for ref in self._keys.find(key_hash(tag + value)) if column[ref] == value]

    def _index(self, row: int, add: bool) -> None:
        store = self._store
        keys = [("l", store.listing_ids[row], row), ("u", store.uscc[row], row),
                ("i", store.id_number[row], row), ("r", store.rep_id[row], row),
                ("n", store.names[row], row)]
        keys += [("a", store.alias_names[a], a) for a in store.aliases(row)]
        change = self._keys.add if add else self._keys.discard
        for tag, value, ref in keys:
            if value:
                change(key_hash(tag + value), ref)
        if not store.is_person(row):
            self._index_grams(row, add)

    def _index_new(self, row: int, entry: Entry, names: tuple[str, str],
                   aliases: list[tuple[str, str]]) -> None:
        """_index(row, add=True) from the values in hand, without reading them back."""
        add = self._keys.add
        for tag, value in (("l", entry.listing_id), ("u", entry.uscc), ("i", entry.id_number),
                           ("r", entry.legal_rep_id), ("n", names[0])):
            if value:
                add(key_hash(tag + value), row)
        first = self._store.alias_start[row]
        for alias, (normalised, _) in enumerate(aliases, first):
            add(key_hash("a" + normalised), alias)
        if self._store.is_person(row):
            return
        grams, change = self._analyser.grams, self._grams.add
        change(row, grams(names[1]))
        for alias, (_, reduced) in enumerate(aliases, first):
            change(~alias, grams(reduced))

    def _index_grams(self, row: int, add: bool) -> None:
        store, grams = self._store, self._analyser.grams
        change = self._grams.add if add else self._grams.discard
        change(row, grams(store.reduced[row]))
        for alias in store.aliases(row):
            change(~alias, grams(store.alias_reduced[alias]))
