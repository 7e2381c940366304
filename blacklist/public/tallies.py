"""Kept tallies for the annual report, beside the public projection's totals: listings
published per month, removals per year, and entries on the list by the last year-end
they reach. Each is a row of public_count, moved by the change that moves the figure,
so a report reads a few hundred rows instead of a million listings."""

import datetime as dt

from blacklist.infra.clock import SHANGHAI

# Bumped by a change dated in a year already closed (an import of old decisions):
# reports of closed years remembered before it are then computed again.
LATE_KEY = "late"


def _local(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:       # SQLite hands naive UTC back
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(SHANGHAI)


def reach(publish_until: dt.date) -> int:
    """The first year at whose end the entry is no longer listed: an entry is listed at
    the end of year Y when its period lasts to 31 December Y, i.e. when reach > Y."""
    last_day = (publish_until.month, publish_until.day) == (12, 31)
    return publish_until.year + (1 if last_day else 0)


def live_key(domain: str, org: str, publish_until: dt.date) -> str:
    """The tally of listed entries of a domain and department by the year-end they reach."""
    return f"u:{reach(publish_until)}|{domain}|{org}"


def new_key(published_at: dt.datetime, domain: str, org: str) -> str:
    """The tally of listings published in a month (Suzhou time), per domain and department."""
    return f"n:{_local(published_at):%Y-%m}|{domain}|{org}"


def removal_key(removed_at: dt.datetime, status: str, domain: str) -> str:
    """The tally of published listings removed in a year, by reason and domain."""
    return f"r:{_local(removed_at):%Y}|{status}|{domain}"


def moves(listing, was_listed: bool, today: dt.date) -> list[str]:
    """The tallies one change of a listing adds one to: published, removed, or late."""
    keys = []
    if listing.is_public and not was_listed and listing.published_at is not None:
        keys.append(new_key(listing.published_at, listing.domain, listing.org))
        if _local(listing.published_at).year < today.year:
            keys.append(LATE_KEY)
    elif was_listed and not listing.is_public and listing.removed_at is not None:
        keys.append(removal_key(listing.removed_at, listing.status, listing.domain))
    return keys


def historic_keys(published_at, removed_at, status: str, domain: str, org: str) -> list[str]:
    """What one listing adds to the published and removed tallies (for a rebuild)."""
    keys = []
    if published_at is not None:
        keys.append(new_key(published_at, domain, org))
        if removed_at is not None and status != "listed":
            keys.append(removal_key(removed_at, status, domain))
    return keys
