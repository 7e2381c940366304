"""Window checks: was the party listed at any instant of [from, to]? (财库〔2016〕125号)

The answer comes from the change log, not from today's state: the candidate listings'
changes are replayed in order into an index of the same matcher as the live check, and the
party is screened at the window's start and again at every instant inside it where a
candidate's state changed (a change, or the end of its last listed day). The decision is
the strictest of those answers; each match carries the periods its listing was listed in.
`as_of` is the window of one instant.
"""

import datetime as dt
from dataclasses import dataclass

from blacklist.errors import InvalidInput
from blacklist.infra.clock import SHANGHAI, rfc3339
from blacklist.screening.entries import apply_change, empty_index, json_value
from blacklist.trail import events

MAX_WINDOW = dt.timedelta(days=5 * 366)  # five years, leap days included
STRICTNESS = {"clear": 0, "review": 1, "refuse": 2}


def aware(instant: dt.datetime) -> dt.datetime:
    """SQLite gives instants back without their offset; they were stored in UTC."""
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Window:
    """The closed interval [start, end] of instants a check answers for."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def checked(cls, start: dt.datetime, end: dt.datetime, path: str = "") -> "Window":
        """`from` no later than `to`, and at most five years between them."""
        prefix = f"{path}." if path else ""
        if start > end:
            raise InvalidInput.field(f"{prefix}from", "must not be after `to`")
        if end - start > MAX_WINDOW:
            raise InvalidInput.field(f"{prefix}to", "a window is at most 5 years long")
        return cls(start, end)

    def view(self) -> dict:
        return {"from": rfc3339(self.start), "to": rfc3339(self.end)}


@dataclass(frozen=True)
class Step:
    """One change of a candidate listing, as the replay needs it."""

    at: dt.datetime
    seq: int
    listing_id: str
    event: str
    snapshot: dict

    @property
    def listed(self) -> bool:
        return self.event in ("listed", "updated") and self.snapshot["listing"]["status"] == "listed"

    @property
    def last_instant(self) -> dt.datetime:
        """The instant its listing stops counting by date: the end of publish_until."""
        day = dt.date.fromisoformat(self.snapshot["listing"]["publish_until"])
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), SHANGHAI)


def steps_of(changes) -> list[Step]:
    """Change rows (any version of the log's format) as steps, in seq order."""
    return sorted((Step(aware(c.at), c.seq, c.listing_id, c.event,
                        events.read(json_value(c.snapshot))) for c in changes),
                  key=lambda step: step.seq)


def listed_periods(steps: list[Step], now: dt.datetime) -> dict[str, list[tuple]]:
    """Each listing's listed periods (from, to), `to` None while it is still listed."""
    periods: dict[str, list[tuple]] = {}
    open_at: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for step in steps:
        started = open_at.get(step.listing_id)
        if step.listed:
            open_at[step.listing_id] = (started[0] if started else step.at, step.last_instant)
        elif started:
            del open_at[step.listing_id]
            periods.setdefault(step.listing_id, []).append((started[0], min(step.at, started[1])))
    for listing_id, (since, last) in open_at.items():
        periods.setdefault(listing_id, []).append((since, last if last <= now else None))
    return periods


def _instants(steps: list[Step], window: Window) -> list[dt.datetime]:
    """The window's start and every instant inside it where a candidate's state changed."""
    inside = {window.start}
    for step in steps:
        for instant in (step.at, step.last_instant):
            if window.start < instant <= window.end:
                inside.add(instant)
    return sorted(inside)


def _stronger(new: dict, old: dict | None) -> bool:
    return old is None or (new["restricts"], new["score"]) > (old["restricts"], old["score"])


def replay(runtime, steps: list[Step], party: dict, domain: str | None,
           window: Window) -> tuple[str, dict[str, dict]]:
    """The strictest decision of the window, and the strongest way each listing matched."""
    index, pending = empty_index(runtime), iter(steps)
    step, decision, matches = next(pending, None), "clear", {}
    for instant in _instants(steps, window):
        while step is not None and step.at <= instant:
            apply_change(index, step.event, step.snapshot)
            step = next(pending, None)
        result = index.screen_party(party, domain, instant.astimezone(SHANGHAI).date())
        if STRICTNESS[result["decision"]] > STRICTNESS[decision]:
            decision = result["decision"]
        for match in result["matches"]:
            if _stronger(match, matches.get(match["listing_id"])):
                matches[match["listing_id"]] = match
    return decision, matches


def _overlapping(periods: list[tuple], window: Window) -> list[dict]:
    return [{"from": rfc3339(since), "to": rfc3339(until)} for since, until in periods
            if since <= window.end and (until is None or until > window.start)]


def screen_window(uow, history, party: dict, domain: str | None, window: Window) -> dict:
    """The party's strictest decision over the window, each match with its listed periods;
    uow is entered by the caller (one transaction for a whole batch)."""
    listing_ids = set(uow.screenings.candidate_listings(party))
    listing_ids |= history.candidates(party.get("name"))
    steps = steps_of(uow.changes.of_listings(sorted(listing_ids)))
    decision, matches = replay(uow.context, steps, party, domain, window)
    periods = listed_periods(steps, uow.clock.now())
    ordered = sorted(matches.values(), key=lambda m: (not m["restricts"], -m["score"],
                                                       m["listing_id"]))
    return {"decision": decision,
            "matches": [{**m, "intervals": _overlapping(periods.get(m["listing_id"], []), window)}
                        for m in ordered]}
