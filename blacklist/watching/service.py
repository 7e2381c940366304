"""Watch use cases: register a bid's parties until the award, read, list and close them."""

import datetime as dt
import uuid
from urllib.parse import urlsplit

from blacklist.errors import InvalidInput
from blacklist.infra.clock import add_months, rfc3339
from blacklist.infra.principal import Principal
from blacklist.screening.parties import canonical_parties
from blacklist.screening.service import count_decisions, screening_of
from blacklist.watching.models import Watch, WatchAlert
from blacklist.watching.reverse import name_keys

def check_until(until: dt.date, today: dt.date) -> None:
    """`until` is today or later, and at most two years ahead."""
    if until < today:
        raise InvalidInput.field("until", "must not be in the past")
    if until > add_months(today, 24):
        raise InvalidInput.field("until", "must be at most 2 years ahead")


def check_callback(url: str | None, own_hosts: set[str]) -> None:
    """An http(s) URL with a host, never the service's own address."""
    if url is None:
        return
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidInput.field("callback_url", "is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput.field("callback_url", "must be an http or https URL with a host")
    default = 443 if parts.scheme == "https" else 80
    where = f"{parts.hostname.lower()}:{port or default}"
    if where in own_hosts or parts.hostname.lower() in own_hosts:
        raise InvalidInput.field("callback_url", "must not point at this service")


def _state(results: list[dict]) -> list[dict]:
    return [{"decision": r["decision"], "matches": {m["listing_id"]: m for m in r["matches"]}}
            for r in results]


def create(uow, live, actor: Principal, request: dict, own_hosts: set[str]) -> dict:
    """Register the watch and its first screening (with its receipt) in one transaction."""
    canonical_parties(request["parties"], uow.ref.uscc_allowed)  # 413/422 before the rest
    check_until(request["until"], uow.clock.today())
    check_callback(request.get("callback_url"), own_hosts)
    screening = {key: request.get(key) for key in ("project_code", "project_name", "domain",
                                                   "parties")}
    answer, record = screening_of(uow, live, actor, screening)
    probes = canonical_parties(request["parties"], uow.ref.uscc_allowed)
    watch = Watch(id=str(uuid.uuid4()), org=actor.org, sub=actor.sub,
                  project_code=request.get("project_code"),
                  project_name=request.get("project_name"), domain=request.get("domain"),
                  until=request["until"], callback_url=request.get("callback_url"),
                  created_at=uow.clock.now(), screening_id=answer["id"],
                  first_seq=answer["as_of_seq"], parties=list(request["parties"]),
                  probes=probes, state=_state(answer["results"]))
    names = name_keys(live.matching)
    reduced, keys = names.stored(probes)
    with uow:
        # Under the log's lock, a watch's ordinal order is its commit order, so the
        # re-screening, which takes watches by ordinal, never passes over one.
        uow.lock_log()
        uow.screenings.add(record)
        uow.watches.add_watch(watch, reduced, keys, names.version)
        uow.commit()
    count_decisions(uow.context.metrics, answer["results"])
    return {**watch_view(watch, []), "screening": answer}


def alert_view(alert: WatchAlert, party: dict | None = None) -> dict:
    """An alert as the watch shows it and the callback receives it."""
    view = {"id": alert.id, "at": rfc3339(alert.at), "seq": alert.seq,
            "party_index": alert.party_index, "from": alert.from_decision,
            "to": alert.to_decision, "matches": alert.matches, "receipt": alert.receipt}
    if party is not None:
        view["party"] = party
    return view


def _delivery(alert: WatchAlert) -> dict:
    return {"status": alert.delivery, "attempts": alert.attempts,
            "delivered_at": rfc3339(alert.delivered_at), "answer": alert.answer}


def watch_view(watch: Watch, alerts: list[WatchAlert]) -> dict:
    """A watch, its parties' current decisions and its alerts (with how each was delivered)."""
    return {
        "id": watch.id, "org": watch.org, "project_code": watch.project_code,
        "project_name": watch.project_name, "domain": watch.domain,
        "until": watch.until.isoformat(), "status": watch.status,
        "callback_url": watch.callback_url, "created_at": rfc3339(watch.created_at),
        "closed_at": rfc3339(watch.closed_at), "closed_reason": watch.closed_reason,
        "screening_id": watch.screening_id,
        "parties": [{"party": party, "decision": state["decision"],
                     "matches": list(state["matches"].values())}
                    for party, state in zip(watch.parties, watch.state)],
        "alerts": [{**alert_view(a, watch.parties[a.party_index]), "delivery": _delivery(a)}
                   for a in alerts],
    }


def get(uow, watch_id: str, actor: Principal) -> dict:
    """A watch of the actor's org (admin: any); another org's is not revealed (404)."""
    with uow:
        watch = uow.watches.get(watch_id, for_org=actor)
        return watch_view(watch, uow.watches.alerts_of(watch_id))


def listing(uow, actor: Principal, status: str | None, page: int, per_page: int) -> dict:
    """The org's watches (admin: all), newest first, without their alerts."""
    with uow:
        total, rows = uow.watches.page(actor, status, page, per_page)
        items = [{key: value for key, value in watch_view(w, []).items() if key != "alerts"}
                 for w in rows]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def close(uow, watch_id: str, actor: Principal) -> dict:
    """Close the watch now (the award was made); closing a closed watch changes nothing."""
    with uow:
        watch = uow.watches.get(watch_id, for_org=actor, lock=True)
        if watch.status == "open":
            watch.status, watch.closed_at, watch.closed_reason = "closed", uow.clock.now(), "award"
            uow.watches.drop_keys([watch.ordinal])
            uow.commit()
        return watch_view(watch, uow.watches.alerts_of(watch_id))


def close_due(uow, guard=None) -> int:
    """Close every open watch whose `until` has passed; running it twice closes nothing more."""
    with uow:
        due = uow.watches.due_to_close(uow.clock.today())
        now = uow.clock.now()
        for watch in due:
            watch.status, watch.closed_at, watch.closed_reason = "closed", now, "until"
        uow.watches.drop_keys([watch.ordinal for watch in due])
        if guard is not None:
            guard(uow)
        uow.commit()
    return len(due)


def delivery_counts(uow) -> dict[str, int]:
    """How many alerts are sent, pending, parked (and not for sending)."""
    with uow:
        return uow.watches.delivery_counts()
