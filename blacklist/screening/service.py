"""Screening use cases: screen a bid's parties with a signed receipt, read it back, check one."""

import datetime
import uuid
from collections import Counter

from blacklist.errors import InvalidInput
from blacklist.infra.clock import rfc3339
from blacklist.infra.principal import Principal
from blacklist.screening.asof import screen_as_of
from blacklist.screening.live import LiveIndex
from blacklist.screening.models import Screening
from blacklist.screening.parties import canonical, canonical_parties, check_domain, receipt_party

RECEIPT_FIELDS = ("id", "project_code", "domain", "checked_at", "as_of_seq")


def _receipt_payload(answer: dict, parties: list[dict], fingerprint) -> dict:
    payload = {key: answer[key] for key in RECEIPT_FIELDS}
    payload["parties"] = [receipt_party(party, result["decision"], fingerprint)
                          for party, result in zip(parties, answer["results"])]
    return payload


def _count(results: list[dict], decision: str) -> int:
    return sum(1 for result in results if result["decision"] == decision)


def screen(uow, live: LiveIndex, actor: Principal, request: dict) -> dict:
    """Screen every party in order, sign the receipt and keep the screening, all or nothing."""
    parties = canonical_parties(request["parties"], uow.ref.uscc_allowed)
    domain = request.get("domain")
    check_domain(uow.ref.domains, domain)
    now = uow.clock.now()
    decided, seq = live.screen(parties, domain, uow.clock.today())
    answer = {"id": str(uuid.uuid4()), "checked_at": rfc3339(now), "domain": domain,
              "project_code": request.get("project_code"),
              "project_name": request.get("project_name"), "as_of_seq": seq,
              "results": [{"party": sent, **result}
                          for sent, result in zip(request["parties"], decided)]}
    keys = uow.keys
    answer["receipt"] = keys.sign(_receipt_payload(answer, parties, keys.fingerprint))
    with uow:
        uow.screenings.add(Screening(
            id=answer["id"], org=actor.org, sub=actor.sub, checked_at=now, domain=domain,
            project_code=answer["project_code"], project_name=answer["project_name"],
            as_of_seq=seq, refusals=_count(decided, "refuse"), reviews=_count(decided, "review"),
            results=answer["results"], receipt=answer["receipt"]))
        uow.commit()
    for decision, count in Counter(result["decision"] for result in decided).items():
        uow.context.metrics.screened(decision, count)
    return answer


def screening_view(row: Screening) -> dict:
    """A stored screening as its org reads it back."""
    return {"id": row.id, "org": row.org, "sub": row.sub, "checked_at": rfc3339(row.checked_at),
            "domain": row.domain, "project_code": row.project_code,
            "project_name": row.project_name, "as_of_seq": row.as_of_seq,
            "refusals": row.refusals, "reviews": row.reviews, "results": row.results,
            "receipt": row.receipt}


def get(uow, screening_id: str, actor: Principal) -> dict:
    """A screening of the actor's org (admin: any); another org's is not revealed (404)."""
    with uow:
        return screening_view(uow.screenings.get(screening_id, for_org=actor))


def check(runtime, live: LiveIndex, party: dict, domain: str | None,
          as_of: datetime.datetime | None = None) -> dict:
    """One party's decision now, or as the change log stood at `as_of`."""
    errors: dict[str, list[str]] = {}
    probe = canonical(party, "", errors, runtime.reference.uscc_allowed)
    if errors:
        raise InvalidInput(errors)
    check_domain(runtime.reference.domains, domain)
    if as_of is None:
        result, seq = live.screen_party(probe, domain, runtime.clock.today())
    else:
        result, seq = screen_as_of(runtime.uow(readonly=True), probe, domain, as_of)
    return {"party": party, **result, "domain": domain, "as_of_seq": seq}
