"""Near-name candidates: keys made of a name's distinctive characters, found through postings.

Every company shares 有限公司 and 苏州 and many share 科技; a key made of such words
would select half the list. Legal forms and regions are dropped from the
compared ("reduced") name; generic trade words stay in it but select nothing on
their own. A reduced name yields two kinds of key:
- pairs of its distinctive characters, adjacent and one apart, so a changed
  middle character still leaves a shared pair;
- each distinctive character with its place (from either end) and the generic
  words of the name, so a two-character 字号 with one character changed still
  shares a key with the original, among few others.
"""

import math
import re
from array import array
from collections import Counter
from heapq import nlargest
from itertools import chain
from operator import itemgetter

from blacklist.registry.places import Places
from blacklist.screening.index.config import MatchingConfig

_GAP = 1 << 42


def _alternation(words) -> re.Pattern:
    # Longest first, so 苏州市 is removed whole rather than leaving 市 behind.
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered))


# One Places per dictionary: building one normalises ~7,000 words (a quarter of a second),
# and an as-of answer or a test builds an index (and an analyser) per party.
_made: dict[tuple, Places] = {}


def _places_of(config: MatchingConfig) -> Places:
    key = (config.places, config.regions)
    found = _made.get(key)
    if found is None:
        if len(_made) >= 4:
            _made.clear()
        found = _made[key] = Places(config.places, config.regions)
    return found


class NameAnalyser:
    """Turns a normalised name into its reduced form and its candidate-selecting grams."""

    def __init__(self, config: MatchingConfig):
        self._strip = _alternation([*config.legal_forms, *config.regions, "(", ")"])
        self._generic = _alternation(config.generic_words)
        self._places = _places_of(config)

    def reduce(self, normalised: str) -> str:
        """The name without legal form, places or brackets: what tells two companies apart."""
        reduced = self._strip.sub("", self._places.strip(normalised))
        # A name that is only a place and a legal form (太白县有限公司) keeps its place.
        return reduced or self._strip.sub("", normalised)

    def grams(self, reduced: str) -> set[int]:
        """The keys that select candidates for this reduced name."""
        distinct, skeleton = self._split(reduced)
        if not distinct:
            return {hash(reduced)} if reduced else set()
        codes = [ord(c) for c in distinct]
        found = {hash((c, at, skeleton)) for at, c in enumerate(distinct)}
        found.update(hash((c, at - len(distinct), skeleton)) for at, c in enumerate(distinct))
        for at in range(len(codes) - 1):
            found.add(codes[at] << 21 | codes[at + 1])
            if at + 2 < len(codes):
                found.add(_GAP | codes[at] << 21 | codes[at + 2])
        return found

    def _split(self, reduced: str) -> tuple[str, str]:
        """The characters outside generic words, and the generic words in order."""
        # Both are one pass of the regular expression in C; the pattern has no groups.
        return "".join(self._generic.split(reduced)), "".join(self._generic.findall(reduced))


class GramIndex:
    """Postings from gram to references; a reference is an entry row or ~alias number."""

    def __init__(self, max_posting: int, max_candidates: int, min_shared: float = 0.0):
        self._postings: dict[int, array] = {}
        self._max_posting = max_posting
        self._max_candidates = max_candidates
        self._min_shared = min_shared

    def add(self, ref: int, grams: set[int]) -> None:
        postings = self._postings
        for gram in grams:
            posting = postings.get(gram)
            if posting is None:
                postings[gram] = array("i", (ref,))
            else:
                posting.append(ref)

    def discard(self, ref: int, grams: set[int]) -> None:
        for gram in grams:
            posting = self._postings.get(gram)
            if posting is not None and ref in posting:
                posting.remove(ref)
                if not posting:
                    del self._postings[gram]

    def candidates(self, grams: set[int]) -> list[int]:
        """References sharing enough grams with the query, at most max_candidates of them.

        A reference sharing a single gram with a query of many grams is a stranger
        who happens to share one character pair; scoring it costs time and, over a
        million names, mostly yields false reviews. So when the postings hold more
        than max_candidates references, only those sharing at least min_shared of
        the query's grams (and at least two) are kept, those sharing most if too many.
        """
        postings = [self._postings.get(gram) for gram in grams]
        # A gram this common says nothing about identity; it only costs time.
        postings = [p for p in postings if p is not None and len(p) <= self._max_posting]
        if sum(map(len, postings)) <= self._max_candidates:
            return list(set().union(*postings))
        counts = Counter(chain.from_iterable(postings))
        need = max(min(2, len(grams)), math.ceil(self._min_shared * len(grams)))
        kept = [ref for ref, shared in counts.items() if shared >= need]
        if len(kept) <= self._max_candidates:
            return kept
        best = nlargest(self._max_candidates, ((counts[ref], ref) for ref in kept),
                        key=itemgetter(0))
        return [ref for _, ref in best]
