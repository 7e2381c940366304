"""Place names (行政区划) in company names: where they stand, they do not tell companies apart.

A company name is 行政区划 + 字号 + 行业 + 组织形式, and the rules let the place move
into brackets after the 字号 (华信达（太白县）电子科技有限公司) or be left out by a
company registered higher up. So a place is taken out of a normalised name where it
stands as a place:
- at the start, a run of places (江苏省苏州市, 陕西, 太白县), up to its last full name
  or short province or city form: a short county form (宏伟, 永康, 长安) is a 字号 as
  often as a district, so 苏州宏伟建材 keeps 宏伟;
- in brackets, when all the brackets hold is places ((太白县), (陕西太白)).
Anywhere else a place name is a word of the name, and stays.
"""

import re
from collections.abc import Iterable

from blacklist.registry.names import normalise_name

# Levels whose short form alone, at the start of a name, is taken for the place.
_SHORT_ALONE = frozenset({"province", "prefecture", "listed"})
# NFKC and normalise_name have already folded every bracket to ASCII ( and ).
_BRACKETED = re.compile(r"\(([^()]*)\)")
_RANK = {"province": 0, "prefecture": 1, "county": 2}


class Places:
    """The places of the country, full (太白县) and short (太白), found at one position of a name."""

    def __init__(self, places: Iterable[Iterable[str]], extra: Iterable[str] = ()):
        kinds: dict[str, tuple[bool, str]] = {}
        # A short form shared by levels (红河: the prefecture and a county) takes the higher.
        # Names are compared normalised, and normalising changes some (乾安县 → 干安县).
        places = sorted(((normalise_name(p[0]), normalise_name(p[1]) if p[1] else "", p[2])
                         for p in places), key=lambda p: _RANK.get(p[2], 3))
        for full, short, level, *_ in places:
            if short:
                kinds.setdefault(short, (False, level))
        for full, _, level, *_ in places:
            kinds[full] = (True, level)   # a full name wins over an equal short form
        for word in extra:
            kinds.setdefault(normalise_name(word), (True, "listed"))
        self._kinds = kinds
        lengths: dict[str, set[int]] = {}
        for word in kinds:
            lengths.setdefault(word[0], set()).add(len(word))
        self._lengths = {c: sorted(found, reverse=True) for c, found in lengths.items()}

    def __len__(self) -> int:
        return len(self._kinds)

    def strip(self, name: str) -> str:
        """The name without its leading places and its bracketed places; the 字号 and the rest stay."""
        if "(" in name:
            name = _BRACKETED.sub(self._bracket, name)
        return name[self._leading(name):]

    def _bracket(self, found: re.Match) -> str:
        inside = found.group(1)
        run = self._run(inside)
        return "" if run and run[-1][0] == len(inside) else found.group(0)

    def _leading(self, name: str) -> int:
        """Where the 字号 starts: after the last place of the leading run that is surely a place."""
        end = 0
        for at, full, level in self._run(name):
            if full or level in _SHORT_ALONE:
                end = at
        # Nothing would be left to compare if the place were the whole name.
        return end if len(name) - end >= 2 else 0

    def _run(self, text: str) -> list[tuple[int, bool, str]]:
        """The places that follow each other from the start: (end, is full name, level) of each."""
        run, at = [], 0
        while found := self._at(text, at):
            run.append(found)
            at = found[0]
        return run

    def _at(self, text: str, at: int) -> tuple[int, bool, str] | None:
        """The longest place starting at `at`."""
        if at >= len(text):
            return None
        kinds, left = self._kinds, len(text) - at
        for length in self._lengths.get(text[at], ()):
            kind = kinds.get(text[at:at + length]) if length <= left else None
            if kind is not None:
                return at + length, kind[0], kind[1]
        return None
