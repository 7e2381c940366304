"""The reference data name matching runs on, read from data/matching.json."""

import json
from dataclasses import dataclass
from pathlib import Path

# Share of a query's grams a near-name candidate must hold once postings are long;
# used by configurations stored before data/matching.json carried the threshold.
DEFAULT_MIN_SHARED_GRAMS = 0.3


@dataclass(frozen=True, slots=True)
class MatchingConfig:
    """Words that do not identify a company, and the scores a near name must reach."""

    legal_forms: tuple[str, ...]
    regions: tuple[str, ...]
    generic_words: tuple[str, ...]
    near_name: float
    near_name_other_identifier: float
    max_posting: int
    max_candidates: int
    min_shared_grams: float = DEFAULT_MIN_SHARED_GRAMS
    # The country's places, (full name, short form, level, adcode) each, from data/regions.json.
    places: tuple[tuple[str, ...], ...] = ()


def load_matching_config(path: str | Path) -> MatchingConfig:
    """Read the matching reference data, and the places of regions.json beside it."""
    path = Path(path)
    return matching_config_of(json.loads(path.read_text(encoding="utf-8")),
                              load_regions(path.parent))


def load_regions(data_dir: str | Path) -> dict:
    """The parsed data/regions.json, or no places where the folder has none."""
    path = Path(data_dir) / "regions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def matching_config_of(raw: dict, regions: dict | None = None) -> MatchingConfig:
    """The configuration held in a parsed data/matching.json and data/regions.json (or stored copies)."""
    thresholds = raw["thresholds"]
    return MatchingConfig(
        legal_forms=tuple(raw["legal_forms"]),
        regions=tuple(raw["regions"]),
        generic_words=tuple(raw["generic_words"]),
        near_name=float(thresholds["near_name"]),
        near_name_other_identifier=float(thresholds["near_name_other_identifier"]),
        max_posting=int(thresholds["max_posting"]),
        max_candidates=int(thresholds["max_candidates"]),
        min_shared_grams=float(thresholds.get("min_shared_grams", DEFAULT_MIN_SHARED_GRAMS)),
        places=tuple(tuple(place) for place in (regions or {}).get("places", ())),
    )


def load_measure_domains(path: str | Path) -> dict[str, str]:
    """Map each measure code to the domain it bars, from data/measures.json."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {measure["code"]: measure["domain"] for measure in raw["measures"]}
