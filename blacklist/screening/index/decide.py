"""From the matches found for one party to its decision and the matches it reports."""

import datetime
from dataclasses import dataclass

from blacklist.registry.identifiers import USCC_PLACEHOLDER
from blacklist.registry.names import normalise_name
from blacklist.screening.index.store import EntryStore

# A conclusive match refuses when it restricts; a suggestive one only asks for review.
CONCLUSIVE, SUGGESTIVE = 2, 1
_PRIORITY = {"uscc": 6, "id_number": 6, "name": 5, "former_name": 4,
             "legal_representative": 3, "near_name": 2}

REASONS = {
    "uscc": "统一社会信用代码相同 / same USCC",
    "uscc_renamed": "代码相同，名称不同 / same USCC under another name",
    "id_number": "身份证号码相同 / same ID number",
    "name": "名称相同 / same name",
    "former_name": "与曾用名相同 / same as a former name",
    "other_identifier": "名称相同但代码不同 / same name under another identifier",
    "person_name": "自然人同名，须核实身份 / same personal name only",
    "near_name": "名称相近 / similar name",
    "near_former_name": "与曾用名相近 / similar to a former name",
    "rep_is_listed": "法定代表人为失信自然人 / legal representative is a listed person",
    "rep_of_listed": "法定代表人同为失信主体的法定代表人 / legal representative of a listed party",
}


@dataclass(frozen=True, slots=True)
class Probe:
    """What the index compares of a party: normalised name and canonical identifiers."""

    name: str
    uscc: str | None
    id_number: str | None
    rep_id: str | None
    is_person: bool

    @property
    def has_identifier(self) -> bool:
        return bool(self.uscc or self.id_number)

    @classmethod
    def of(cls, party: dict) -> "Probe":
        """Read a party; the 个体工商户 placeholder code counts as no code at all."""
        uscc = party.get("uscc") or None
        if uscc == USCC_PLACEHOLDER:
            uscc = None
        id_number = party.get("id_number") or None
        kind = party.get("kind")
        is_person = kind == "natural_person" or (kind is None and bool(id_number) and not uscc)
        rep = party.get("legal_representative") or {}
        name = party.get("name")
        # A check by code alone sends no name; normalising "" would still run the converter.
        return cls(normalise_name(name) if name else "", uscc, id_number,
                   rep.get("id_number") or None, is_person)


@dataclass(frozen=True, slots=True)
class Hit:
    """One way a party matched one listing."""

    row: int
    matched_on: str
    score: float
    grade: int
    reason: str

    def strength(self) -> tuple:
        return self.grade, self.score, _PRIORITY[self.matched_on]


def keep_strongest(hits: dict[int, Hit], hit: Hit) -> None:
    """A listing is reported once, by the strongest way it matched."""
    current = hits.get(hit.row)
    if current is None or hit.strength() > current.strength():
        hits[hit.row] = hit


class Restrictions:
    """Which listings bar a domain: by their measures, or every domain when none were given."""

    def __init__(self, store: EntryStore, measure_domains: dict[str, str]):
        self._store = store
        self._measure_domains = measure_domains
        self._masks: dict[str, int] = {}

    def restricts(self, row: int, domain: str | None) -> bool:
        """A listing restricts when one of its measures bars the domain (any, if domain is None)."""
        measures = self._store.measures[row]
        if domain is None or measures == 0:
            return True
        return bool(measures & self._mask(domain))

    def _mask(self, domain: str) -> int:
        codes = self._store.measure_codes.values
        # Recomputed when a measure code first seen since the last call was interned.
        key = f"{domain}\x1f{len(codes)}"
        if key not in self._masks:
            self._masks[key] = sum(1 << bit for bit, code in enumerate(codes)
                                   if self._measure_domains.get(code) == domain)
        return self._masks[key]


def verdict(hits: list[Hit], restricting: list[bool]) -> str:
    """Refuse on a restricting conclusive match; review on any other restricting match."""
    if any(r and hit.grade == CONCLUSIVE for hit, r in zip(hits, restricting)):
        return "refuse"
    return "review" if any(restricting) else "clear"


def render(store: EntryStore, hit: Hit, restricts: bool) -> dict:
    """The match as the API reports it."""
    row = hit.row
    return {
        "listing_id": store.listing_ids[row],
        "matched_on": hit.matched_on,
        "score": round(hit.score, 3),
        "reason": hit.reason,
        "domain": store.domain_codes.values[store.domains[row]],
        "category": store.category_codes.values[store.categories[row]],
        "measures": store.measure_list(row),
        "restricts": restricts,
        "publish_until": datetime.date.fromordinal(store.until[row]).isoformat(),
        "source": store.source(row),
        "origin": store.origin(row),
        "under_objection": row in store.objected,
    }


def decide(store: EntryStore, restrictions: Restrictions, hits: dict[int, Hit],
           domain: str | None) -> dict:
    """The party's decision and its matches, strongest first."""
    ordered = sorted(hits.values(), key=lambda h: (
        [-part for part in h.strength()], store.listing_ids[h.row]))
    restricting = [restrictions.restricts(hit.row, domain) for hit in ordered]
    return {"decision": verdict(ordered, restricting),
            "matches": [render(store, hit, r) for hit, r in zip(ordered, restricting)]}
