"""Removal propagation: each removal (expired, repaired, revoked) must be acknowledged by every
feed's platform within the working-day limit of data/ (removal_share_working_days, 3 by
default). The report shows, per removal and per feed, when; and per feed a summary."""

import datetime as dt

from blacklist.infra.clock import SHANGHAI, rfc3339
from blacklist.party import deadlines
from blacklist.trail import events

LIMIT = "removal_share_working_days"


def report(uow, date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """The removals made between from and to (Shanghai days, inclusive), acknowledged or not."""
    today, now = uow.clock.today(), uow.clock.now()
    date_from, date_to = deadlines.report_period(today, date_from, date_to)
    start, end = deadlines.day_bounds(date_from, date_to)
    with uow:
        feeds = uow.feeds.all()
        removed = uow.removals.between(start, end)
        acks = uow.removals.acks_of([change.seq for change in removed])
        parked = uow.removals.parked_removals()
        items = [_item(uow, change, feeds, acks, parked, today) for change in removed]
    return {"from": date_from.isoformat(), "to": date_to.isoformat(), "as_of": rfc3339(now),
            "limit_working_days": deadlines.working_days(uow.ref, LIMIT), "items": items,
            "feeds": [_summary(feed.name, items, now) for feed in feeds]}


def _item(uow, change, feeds, acks, parked, today: dt.date) -> dict:
    listing = events.read(change.snapshot)["listing"]
    at = _aware(change.at)
    due, provisional = deadlines.due(uow, at.astimezone(SHANGHAI).date(), LIMIT)
    per_feed = []
    for feed in (f for f in feeds if f.include_sources or change.origin == "local"):
        acked = acks.get((feed.name, change.seq))
        acked = _aware(acked) if acked else None
        on_time = (acked.astimezone(SHANGHAI).date() <= due if acked
                   else (None if today <= due else False))
        per_feed.append({"feed": feed.name, "acknowledged_at": rfc3339(acked), "on_time": on_time,
                         "parked": (feed.name, change.seq) in parked,
                         "delay_seconds": None if acked is None
                         else max(0, int((acked - at).total_seconds()))})
    return {"seq": change.seq, "event_id": change.event_id, "listing_id": change.listing_id,
            "status": listing["status"], "org": listing["org"], "removed_at": rfc3339(at),
            "due": due.isoformat(), "provisional": provisional, "feeds": per_feed}


def _summary(name: str, items: list[dict], now: dt.datetime) -> dict:
    """A feed's removals: on time, late, still outstanding, and the longest delay (an
    outstanding removal's delay runs until now)."""
    mine = [(item, f) for item in items for f in item["feeds"] if f["feed"] == name]
    outstanding = [(i, f) for i, f in mine if f["acknowledged_at"] is None]
    delays = [f["delay_seconds"] for _, f in mine if f["delay_seconds"] is not None]
    delays += [int((now - dt.datetime.fromisoformat(i["removed_at"])).total_seconds())
               for i, _ in outstanding]
    acked = [f for _, f in mine if f["acknowledged_at"] is not None]
    return {"feed": name, "removals": len(mine),
            "on_time": sum(1 for f in acked if f["on_time"]),
            "late": sum(1 for f in acked if not f["on_time"]),
            "outstanding": len(outstanding),
            "outstanding_overdue": sum(1 for _, f in outstanding if f["on_time"] is False),
            "longest_delay_seconds": max(delays, default=0)}


def unacknowledged(uow) -> dict[str, int]:
    """Per feed, the removals its platform has not acknowledged yet (the metric)."""
    with uow:
        return {feed.name: uow.removals.unacknowledged(feed.name, feed.cursor, feed.include_sources)
                for feed in uow.feeds.all()}


def _aware(instant: dt.datetime) -> dt.datetime:
    # SQLite may give a stored UTC instant back without its zone.
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
