"""Screening of parties against the listed entries of the negative list, in memory."""

from blacklist.screening.index.config import (
           MatchingConfig,
           load_matching_config,
           load_measure_domains,
)
from blacklist.screening.index.screening import ScreeningIndex
from blacklist.screening.index.store import Entry

__all__ = ["Entry", "MatchingConfig", "ScreeningIndex", "load_matching_config",
           "load_measure_domains"]
