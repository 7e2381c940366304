"""From what the database holds (listing rows, change snapshots) to index entries."""

import json

from blacklist.screening.index import Entry, MatchingConfig, ScreeningIndex, load_matching_config
from blacklist.screening.index.config import load_regions, matching_config_of
from blacklist.trail import events


# The configuration made from each process's reference data, once: an as-of or window
# answer builds an index per party, and parsing the word lists each time costs more than it.
_configs: dict[int, tuple[object, MatchingConfig]] = {}


def matching_config(reference, data_dir) -> MatchingConfig:
    """The matching words and thresholds `blacklist init` stored, else data/matching.json;
    made once per reference data loaded (`runtime.reload()` loads new data)."""
    held = _configs.get(id(reference))
    if held is not None and held[0] is reference:
        return held[1]
    config = _read_matching_config(reference, data_dir)
    _configs.clear()  # the older reference data is not used any more
    _configs[id(reference)] = (reference, config)
    return config


def _read_matching_config(reference, data_dir) -> MatchingConfig:
    raw = reference.matching
    if not raw:
        return load_matching_config(data_dir / "matching.json")
    # An instance initialised before data/regions.json existed reads the file of this release.
    return matching_config_of(raw, reference.regions or load_regions(data_dir))


def empty_index(runtime) -> ScreeningIndex:
    """An index with the process's reference data and nothing in it."""
    reference = runtime.reference
    return ScreeningIndex(reference.measure_domains,
                          matching_config(reference, runtime.settings.paths.data))


def json_value(value):
    # SQLite hands JSON columns back as text when read without the ORM.
    return json.loads(value) if isinstance(value, str) else value


def entry_of_row(row, sources: dict[str, dict]) -> Entry:
    """An entry from one row of registry.repository.listed_rows."""
    origin = getattr(row, "origin", None) or "local"
    if origin == "local":
        source = sources.get(row.org) or {"name": row.org}
        org = row.org
    else:   # another authority's entry: its source and the authority that issued it
        source, org = {"name": row.authority or origin}, origin
    return Entry(
        listing_id=row.id, kind=row.kind, name=row.name,
        former_names=tuple(json_value(row.former_names) or ()), uscc=row.uscc,
        id_number=row.id_number, legal_rep_name=row.legal_rep_name,
        legal_rep_id=row.legal_rep_id, domain=row.domain, category=row.category,
        measures=tuple(json_value(row.measures) or ()),
        publish_until=str(row.publish_until)[:10], source_org=org,
        source_name=source["name"], origin=origin,
        under_objection=bool(row.under_objection),
    )


def entry_of_event(event: dict) -> Entry:
    """An entry from a change's event (blacklist.trail.events, version 1)."""
    listing, entity, source = event["listing"], event["entity"], event["source"] or {}
    return Entry(
        listing_id=listing["id"], kind=entity["kind"], name=entity["name"],
        former_names=tuple(entity.get("former_names") or ()), uscc=entity.get("uscc"),
        id_number=entity.get("id_number"), legal_rep_name=entity.get("legal_rep_name"),
        legal_rep_id=entity.get("legal_rep_id"), domain=listing["domain"],
        category=listing["category"], measures=tuple(listing.get("measures") or ()),
        publish_until=listing["publish_until"], source_org=source.get("org", ""),
        source_name=source.get("name", ""), origin=listing.get("origin") or "local",
        under_objection=bool(listing.get("under_objection", False)),
    )


def apply_change(index: ScreeningIndex, event: str, snapshot: dict,
                 stamp: int | None = None) -> None:
    """A listing counts while its last change left it `listed`; anything else removes it.
    The snapshot is as stored, in any version of the change log's format."""
    stored = events.read(snapshot)
    if event in ("listed", "updated") and stored["listing"]["status"] == "listed":
        index.upsert(entry_of_event(stored), stamp)
    else:
        index.remove(stored["listing"]["id"], stamp)
