"""Listed entries held column by column, so a million of them fit in a few hundred MB."""

import datetime
from array import array
from dataclasses import dataclass

KINDS = ("legal_person", "natural_person", "individual_business")
NATURAL_PERSON = KINDS.index("natural_person")
_REMOVED = 255


@dataclass(frozen=True, slots=True)
class Entry:
    """One `listed` listing, as the service feeds it to the index."""

    listing_id: str
    kind: str
    name: str
    former_names: tuple[str, ...]
    uscc: str | None
    id_number: str | None
    legal_rep_name: str | None
    legal_rep_id: str | None
    domain: str
    category: str
    measures: tuple[str, ...]
    publish_until: str
    source_org: str
    source_name: str
    origin: str = "local"   # "local", or the source (another authority) it came from
    under_objection: bool = False


class TextColumn:
    """Strings packed end to end in one buffer: a row costs its UTF-8 bytes plus 8."""

    def __init__(self):
        self._data = bytearray()
        self._ends = array("Q", [0])

    def append(self, text: str) -> int:
        self._data += text.encode()
        self._ends.append(len(self._data))
        return len(self._ends) - 2

    def __getitem__(self, i: int) -> str:
        return self._data[self._ends[i]:self._ends[i + 1]].decode()

    def many(self, rows) -> list[str]:
        """Several rows at once, without a method call per row."""
        data, ends = self._data, self._ends
        return [data[ends[i]:ends[i + 1]].decode() for i in rows]

    def __len__(self) -> int:
        return len(self._ends) - 1


class Codes:
    """Small integer codes for the few distinct values of a field (domains, sources)."""

    def __init__(self, values=()):
        self.values: list[str] = []
        self._codes: dict[str, int] = {}
        for value in values:
            self.code(value)

    def code(self, value: str) -> int:
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found


class EntryStore:
    """Rows of listed entries; a replaced or removed row is marked, never reused."""

    def __init__(self, measure_codes: list[str]):
        self.listing_ids, self.uscc, self.id_number, self.rep_id = (TextColumn() for _ in "1234")
        self.names, self.reduced = TextColumn(), TextColumn()
        self.alias_names, self.alias_reduced = TextColumn(), TextColumn()
        self.alias_owner, self.alias_start = array("i"), array("i")
        self.alias_count, self.kinds = array("B"), array("B")
        self.domains, self.categories = array("B"), array("B")
        self.measures, self.until, self.sources = array("Q"), array("i"), array("H")
        self.domain_codes, self.category_codes, self.source_codes = Codes(), Codes(), Codes()
        self.measure_codes = Codes(measure_codes)
        # The measures as filed, in their order: the mask above answers "restricts?", this
        # answers what the listing says. Few distinct lists exist, so each is stored once.
        self.measure_lists, self.measure_list_codes = array("H"), Codes()
        # Rows under objection (异议处理中): few at any time, so a set and not a column.
        self.objected: set[int] = set()

    def append(self, entry: Entry, names: tuple[str, str], aliases: list[tuple[str, str]]) -> int:
        """Store an entry with its (normalised, reduced) name and former names; return its row."""
        row = self.listing_ids.append(entry.listing_id)
        for column, value in ((self.uscc, entry.uscc), (self.id_number, entry.id_number),
                              (self.rep_id, entry.legal_rep_id)):
            column.append(value or "")
        self.names.append(names[0])
        self.reduced.append(names[1])
        self.alias_start.append(len(self.alias_owner))
        self.alias_count.append(len(aliases))
        for normalised, reduced in aliases:
            self.alias_names.append(normalised)
            self.alias_reduced.append(reduced)
            self.alias_owner.append(row)
        self._append_codes(entry)
        if entry.under_objection:
            self.objected.add(row)
        return row

    def _append_codes(self, entry: Entry) -> None:
        self.kinds.append(KINDS.index(entry.kind))
        self.domains.append(self.domain_codes.code(entry.domain))
        self.categories.append(self.category_codes.code(entry.category))
        mask = 0
        for measure in entry.measures:
            mask |= 1 << self.measure_codes.code(measure)
        self.measures.append(mask)
        filed = "\x1f".join(dict.fromkeys(entry.measures))
        self.measure_lists.append(self.measure_list_codes.code(filed))
        self.until.append(datetime.date.fromisoformat(entry.publish_until).toordinal())
        self.sources.append(self.source_codes.code(
            f"{entry.source_org}\x1f{entry.source_name}\x1f{entry.origin}"))

    def remove(self, row: int) -> None:
        self.kinds[row] = _REMOVED

    def is_live(self, row: int, today: int) -> bool:
        """A row counts while it is not removed and today is on or before its last listed day."""
        return self.kinds[row] != _REMOVED and self.until[row] >= today

    def is_person(self, row: int) -> bool:
        return self.kinds[row] == NATURAL_PERSON

    def aliases(self, row: int) -> range:
        start = self.alias_start[row]
        return range(start, start + self.alias_count[row])

    def measure_list(self, row: int) -> list[str]:
        """The row's measures in the order they were filed."""
        filed = self.measure_list_codes.values[self.measure_lists[row]]
        return filed.split("\x1f") if filed else []

    def source(self, row: int) -> dict:
        org, name, _ = self.source_codes.values[self.sources[row]].split("\x1f")
        return {"org": org, "name": name}

    def origin(self, row: int) -> str:
        """"local", or the source the entry came from."""
        return self.source_codes.values[self.sources[row]].split("\x1f")[2]
