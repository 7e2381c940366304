"""Which repair notice a decision gets: the listing's or the penalty's facts, read for the
department that made it (another org's decision is not revealed, 404)."""

from blacklist.infra.principal import Principal
from blacklist.party import deadlines
from blacklist.party.notice import Notice, render
from blacklist.registry.periods import repairable_from


def listing_notice(uow, listing_id: str, actor: Principal, apply_at: str) -> bytes:
    """The notice served with a listing decision (列入黑名单决定)."""
    with uow:
        record = uow.listings.get(listing_id, for_org=actor)
    listing = record.listing
    return render(_notice(uow, "列入严重失信主体名单（黑名单）决定", record, listing,
                          listing.repairable_from, apply_at), uow.clock.today())


def penalty_notice(uow, penalty_id: str, actor: Principal, apply_at: str) -> bytes:
    """The notice served with a penalty decision (行政处罚决定): repair from the end of the
    severity's minimum publication period."""
    with uow:
        record = uow.penalties.get(penalty_id, for_org=actor)
    penalty = record.penalty
    opens = repairable_from(uow.ref.penalty_rule(penalty.severity), penalty.decision_date)
    return render(_notice(uow, "行政处罚决定", record, penalty, opens, apply_at),
                  uow.clock.today())


def _notice(uow, kind: str, record, decision, opens, apply_at: str) -> Notice:
    entity = record.entity
    return Notice(
        kind=kind, party=entity.name, identifier=entity.uscc or entity.id_number or "无",
        decision_no=decision.decision_no, decision_date=decision.decision_date,
        authority=record.source["name"], publish_from=decision.decision_date,
        publish_until=decision.publish_until, repairable_from=opens, apply_at=apply_at,
        decide_days=deadlines.working_days(uow.ref, "repair_decide_working_days"),
        reply_days=deadlines.working_days(uow.ref, "repair_reply_working_days"))
