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


def load_matching_config(path: str | Path) -> MatchingConfig:
    """Read the matching reference data; every word list and threshold must be present."""
    return matching_config_of(json.loads(Path(path).read_text(encoding="utf-8")))


def matching_config_of(raw: dict) -> MatchingConfig:
    """The configuration held in a parsed data/matching.json (or a stored copy of it)."""
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
    )


def load_measure_domains(path: str | Path) -> dict[str, str]:
    """Map each measure code to the domain it bars, from data/measures.json."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {measure["code"]: measure["domain"] for measure in raw["measures"]}
