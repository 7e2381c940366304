"""Whether penalties were disclosed within their deadline (7 working days), per department
and domain; and the daily watch for drafts near or past it."""

import datetime as dt
import logging

from blacklist.infra.clock import rfc3339
from blacklist.party import deadlines
from blacklist.party import timeliness as party_timeliness
from blacklist.registry.models import Penalty

log = logging.getLogger("blacklist.sharing.timeliness")
NEAR_WORKING_DAYS = 2


def report(uow, date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """Penalties decided between from and to (inclusive): on time, late, drafts past deadline."""
    today = uow.clock.today()
    date_from, date_to = deadlines.report_period(today, date_from, date_to)
    with uow:
        penalties = uow.penalties.decided_between(date_from, date_to)
        groups: dict[tuple[str, str], dict] = {}
        for p in penalties:
            group = groups.setdefault((p.org, p.domain), _group(uow.ref, p))
            _count(group, p, today)
        party = party_timeliness.by_department(uow, date_from, date_to, today)
    return {"from": date_from.isoformat(), "to": date_to.isoformat(), "as_of": today.isoformat(),
            "items": list(groups.values()), "party": party}


def _group(ref, p: Penalty) -> dict:
    return {"org": p.org, "org_name": ref.orgs.get(p.org, {}).get("name", p.org),
            "domain": p.domain, "on_time": 0, "late": 0, "overdue_drafts": 0, "drafts_due": 0,
            "late_items": [], "overdue_items": []}


def _count(group: dict, p: Penalty, today: dt.date) -> None:
    if p.published_at is not None:
        key = "late" if p.late else "on_time"
        group[key] += 1
        if p.late:
            group["late_items"].append(_item(p))
    elif today > p.disclosure_deadline:
        group["overdue_drafts"] += 1
        group["overdue_items"].append(_item(p))
    else:
        group["drafts_due"] += 1


def _item(p: Penalty) -> dict:
    return {"id": p.id, "decision_no": p.decision_no, "decision_date": p.decision_date.isoformat(),
            "disclosure_deadline": p.disclosure_deadline.isoformat(),
            "provisional": p.provisional, "published_at": rfc3339(p.published_at)}


def watch(uow) -> dict:
    """The deadlines job: drafts past their deadline, and those due within two working days."""
    today = uow.clock.today()
    soon, _ = uow.calendar.add_workdays(today, NEAR_WORKING_DAYS)
    with uow:
        drafts = uow.penalties.drafts_due_by(soon)
    overdue = [p for p in drafts if p.disclosure_deadline < today]
    near = [p for p in drafts if p.disclosure_deadline >= today]
    for p in overdue:
        log.warning("penalty not disclosed past its deadline", extra={
            "penalty": p.id, "org": p.org, "domain": p.domain,
            "deadline": p.disclosure_deadline.isoformat()})
    for p in near:
        log.info("penalty disclosure due soon", extra={
            "penalty": p.id, "org": p.org, "deadline": p.disclosure_deadline.isoformat()})
    return {"overdue": len(overdue), "due_soon": len(near)}
