"""Administrative penalties (行政处罚) disclosed under the 双公示 rules, on time."""

import datetime as dt
import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from blacklist.errors import DuplicateDecision, InvalidInput, InvalidTransition, NotFound
from blacklist.infra.clock import rfc3339
from blacklist.infra.principal import Principal, require_domain
from blacklist.registry import entities
from blacklist.registry.filing import check_codes, check_publish_until
from blacklist.registry.models import Entity, Penalty
from blacklist.registry.views import entity_view
from blacklist.trail import audit

SEVERITIES = ("minor", "general", "serious")


def penalty_view(p: Penalty, entity: Entity, ref) -> dict:
    """A penalty as its filer sees it, with its deadline and lateness."""
    source = ref.source(p.org)
    money = lambda v: None if v is None else f"{v:.2f}"  # noqa: E731
    return {
        "id": p.id, "entity": entity_view(entity), "domain": p.domain,
        "decision_no": p.decision_no, "decision_date": p.decision_date.isoformat(),
        "violation_type": p.violation_type, "facts": p.facts, "legal_basis": p.legal_basis,
        "penalty_type": p.penalty_type, "content": p.content, "severity": p.severity,
        "fine_amount": money(p.fine_amount), "confiscated_amount": money(p.confiscated_amount),
        "license": p.license, "publish_until": p.publish_until.isoformat(),
        "disclosure_deadline": p.disclosure_deadline.isoformat(), "provisional": p.provisional,
        "published_at": rfc3339(p.published_at), "late": p.late,
        "authority": source, "source": source, "created_at": rfc3339(p.created_at),
    }


def disclosure_deadline(uow, decision_date: dt.date) -> tuple[dt.date, bool]:
    """The decision date plus the disclosure period in working days; provisional if unknown."""
    days = uow.ref.rules["penalty_disclosure_working_days"]
    return uow.calendar.add_workdays(decision_date, days)


def _publish(p: Penalty, now: dt.datetime, today: dt.date) -> None:
    p.published_at = now
    p.late = today > p.disclosure_deadline


def file_penalty(uow, actor: Principal, data: dict) -> dict:
    """Record a penalty and its disclosure deadline; publish it unless it is a draft."""
    ref, today, now = uow.ref, uow.clock.today(), uow.clock.now()
    check_codes(ref, {"domain": data.get("domain")})
    require_domain(actor, data["domain"], ref.orgs)
    if data["decision_date"] > today:
        raise InvalidInput.field("decision_date", "cannot be in the future")
    entity_data = entities.validate(data["entity"], ref.uscc_allowed)
    severity = data.get("severity") or "general"
    publish_until = check_publish_until(ref.penalty_rule(severity), data["decision_date"],
                                        data.get("publish_until"), today)
    deadline, provisional = disclosure_deadline(uow, data["decision_date"])
    with uow:
        uow.lock_log()
        entity = entities.upsert(uow, entity_data, now)
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
            _publish(penalty, now, today)
        return _save(uow, actor, "file", penalty, entity, None, now)


def _save(uow, actor, action, penalty, entity, before, now) -> dict:
    uow.session.add(penalty)
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise DuplicateDecision("this decision is already filed for this entity") from exc
    view = penalty_view(penalty, entity, uow.ref)
    audit.record(uow, actor, action, "penalty", penalty.id, before, view, now)
    uow.commit()
    return view


def _load(uow, penalty_id: str, actor: Principal, *, lock=False) -> tuple[Penalty, Entity]:
    query = select(Penalty).where(Penalty.id == penalty_id)
    penalty = uow.session.exec(query.with_for_update() if lock else query).first()
    if penalty is None or (penalty.org != actor.org and not actor.is_admin):
        raise NotFound(f"no penalty {penalty_id}")
    return penalty, uow.session.get(Entity, penalty.entity_id)


def publish_penalty(uow, penalty_id: str, actor: Principal) -> dict:
    """Publish a draft; it is late if published after its disclosure deadline."""
    now = uow.clock.now()
    with uow:
        uow.lock_log()
        penalty, entity = _load(uow, penalty_id, actor, lock=True)
        if penalty.published_at is not None:
            raise InvalidTransition("the penalty is already published")
        before = penalty_view(penalty, entity, uow.ref)
        _publish(penalty, now, uow.clock.today())
        return _save(uow, actor, "publish", penalty, entity, before, now)


def get_penalty(uow, penalty_id: str, actor: Principal) -> dict:
    """A penalty of the actor's org (admin: any); another org's is not revealed (404)."""
    with uow:
        penalty, entity = _load(uow, penalty_id, actor)
        return penalty_view(penalty, entity, uow.ref)
