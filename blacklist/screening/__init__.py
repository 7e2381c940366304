"""Screening: the live index kept in step with the change log, screenings, checks, receipts."""

from blacklist.screening.live import LiveIndex
from blacklist.screening.parties import MAX_PARTIES

__all__ = ["MAX_PARTIES", "LiveIndex"]
