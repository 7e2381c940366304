"""Whether the departments decided repair applications and resolved objections within their
working-day limits, per department; and the daily watch of those near or past the limit."""

import datetime as dt
import logging

from blacklist.party import deadlines

log = logging.getLogger("blacklist.party.timeliness")
NEAR_WORKING_DAYS = 1
KINDS = {"repair_applications": "decide_by", "objections": "resolve_by"}


def by_department(uow, date_from: dt.date, date_to: dt.date, today: dt.date) -> list[dict]:
    """Per department, the requests received between from and to (inclusive): received,
    decided on time, decided late, open, and open past their deadline. Inside an entered uow."""
    start, end = deadlines.day_bounds(date_from, date_to)
    groups: dict[str, dict] = {}
    for kind, due_field in KINDS.items():
        for row in getattr(uow, kind).received_between(start, end):
            group = groups.setdefault(row.org, _group(uow.ref, row.org))
            _count(group[kind], row, getattr(row, due_field), today)
    return [groups[org] for org in sorted(groups)]


def _group(ref, org: str) -> dict:
    counts = {"received": 0, "decided_on_time": 0, "decided_late": 0, "open": 0,
              "open_past_deadline": 0}
    return {"org": org, "org_name": ref.orgs.get(org, {}).get("name", org),
            **{kind: {**counts, "overdue_ids": []} for kind in KINDS}}


def _count(counts: dict, row, due: dt.date, today: dt.date) -> None:
    counts["received"] += 1
    if row.is_open:
        counts["open"] += 1
        if today > due:
            counts["open_past_deadline"] += 1
            counts["overdue_ids"].append(row.id)
    elif row.on_time:
        counts["decided_on_time"] += 1
    else:
        counts["decided_late"] += 1


def watch(uow) -> dict:
    """The deadlines job: open applications and objections past their deadline (warning) and
    those due within a working day (info)."""
    today = uow.clock.today()
    soon, _ = uow.calendar.add_workdays(today, NEAR_WORKING_DAYS)
    found = {"requests_overdue": 0, "requests_due_soon": 0}
    with uow:
        for kind, due_field in KINDS.items():
            for row in getattr(uow, kind).open_due_by(soon):
                due = getattr(row, due_field)
                late = due < today
                found["requests_overdue" if late else "requests_due_soon"] += 1
                (log.warning if late else log.info)(
                    f"{kind[:-1].replace('_', ' ')} {'past' if late else 'near'} its deadline",
                    extra={kind[:-1]: row.id, "org": row.org, "deadline": due.isoformat()})
    return found
