"""Administrative penalties (行政处罚) disclosed under the 双公示 rules, on time."""

import datetime as dt
import uuid

from blacklist.infra.principal import Principal
from blacklist.registry.filing import check_filing
from blacklist.registry.models import Penalty
from blacklist.registry.periods import check_publish_until
from blacklist.registry.records import PenaltyRecord
from blacklist.trail import events

SEVERITIES = ("minor", "general", "serious")


def disclosure_deadline(uow, decision_date: dt.date) -> tuple[dt.date, bool]:
    """The decision date plus the disclosure period in working days; provisional if unknown."""
    days = uow.ref.rules["penalty_disclosure_working_days"]
    return uow.calendar.add_workdays(decision_date, days)


def file_penalty(uow, actor: Principal, data: dict) -> PenaltyRecord:
    """Record a penalty and its disclosure deadline; publish it unless it is a draft."""
    ref, today, now = uow.ref, uow.clock.today(), uow.clock.now()
    entity_data = check_filing(ref, actor, data, today)
    severity = data.get("severity") or "general"
    publish_until = check_publish_until(ref.penalty_rule(severity), data["decision_date"],
                                        data.get("publish_until"), today)
    deadline, provisional = disclosure_deadline(uow, data["decision_date"])
    with uow:
        uow.lock_log()
        entity = uow.entities.upsert(entity_data, now)
        penalty = Penalty(
            id=str(uuid.uuid4()), entity_id=entity.id, org=actor.org, domain=data["domain"],
            decision_no=data["decision_no"], decision_date=data["decision_date"],
            violation_type=data["violation_type"], facts=data["facts"],
            legal_basis=data["legal_basis"], penalty_type=data["penalty_type"],
            content=data["content"], severity=severity, fine_amount=data.get("fine_amount"),
            confiscated_amount=data.get("confiscated_amount"), license=data.get("license"),
            publish_until=publish_until, disclosure_deadline=deadline,
            provisional=provisional, created_at=now)
        if data.get("publish", True):
            penalty.publish(today=today, now=now)
        record = uow.penalties.add(penalty, entity)
        _trace(uow, actor, "file", record, None, now)
        uow.commit()
    return record


def publish_penalty(uow, penalty_id: str, actor: Principal) -> PenaltyRecord:
    """Publish a draft; it is late if published after its disclosure deadline."""
    now = uow.clock.now()
    with uow:
        uow.lock_log()
        record = uow.penalties.get(penalty_id, for_org=actor, lock=True)
        before = events.penalty_event(record)
        record.penalty.publish(today=uow.clock.today(), now=now)
        uow.penalties.save(record)
        _trace(uow, actor, "publish", record, before, now)
        uow.commit()
    return record


def get_penalty(uow, penalty_id: str, actor: Principal) -> PenaltyRecord:
    """A penalty of the actor's org (admin: any); another org's is not revealed (404)."""
    with uow:
        return uow.penalties.get(penalty_id, for_org=actor)


def _trace(uow, actor, action: str, record: PenaltyRecord, before: dict | None, now) -> None:
    uow.audit.record(actor, action, "penalty", record.penalty.id, before=before,
                     after=events.penalty_event(record), at=now)
