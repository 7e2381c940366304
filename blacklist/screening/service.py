"""Screening use cases: screen a bid's parties with a signed receipt, read it back, check one."""

import datetime
import uuid
from collections import Counter

from blacklist.errors import InvalidInput
from blacklist.infra.clock import rfc3339
from blacklist.infra.principal import Principal
from blacklist.screening.asof import screen_over
from blacklist.screening.live import LiveIndex
from blacklist.screening.models import Screening
from blacklist.screening.parties import canonical, canonical_parties, check_domain, receipt_party
from blacklist.screening.window import Window

RECEIPT_FIELDS = ("id", "project_code", "domain", "checked_at", "as_of_seq")


def _receipt_payload(answer: dict, parties: list[dict], fingerprint) -> dict:
    payload = {key: answer[key] for key in RECEIPT_FIELDS}
    if answer.get("window"):
        payload["window"] = answer["window"]  # what the decisions answer for
    payload["parties"] = [receipt_party(party, result["decision"], fingerprint)
                          for party, result in zip(parties, answer["results"])]
    return payload


def _count(results: list[dict], decision: str) -> int:
    return sum(1 for result in results if result["decision"] == decision)


def screen(uow, live: LiveIndex, actor: Principal, request: dict) -> dict:
    """Screen every party in order, sign the receipt and keep the screening, all or nothing."""
    answer, row = screening_of(uow, live, actor, request)
    with uow:
        uow.screenings.add(row)
        uow.commit()
    count_decisions(uow.context.metrics, answer["results"])
    return answer


def screening_of(uow, live: LiveIndex, actor: Principal, request: dict) -> tuple[dict, Screening]:
    """The signed answer of a screening and the record to keep, not yet kept (a watch keeps
    its first screening in its own transaction)."""
    parties = canonical_parties(request["parties"], uow.ref.uscc_allowed)
    domain = request.get("domain")
    check_domain(uow.ref.domains, domain)
    now = uow.clock.now()
    window = _window(request.get("window"), "window")
    decided, seq = _decide(uow, live, parties, domain, window)
    answer = {"id": str(uuid.uuid4()), "checked_at": rfc3339(now), "domain": domain,
              "project_code": request.get("project_code"),
              "project_name": request.get("project_name"), "as_of_seq": seq,
              "results": [{"party": sent, **result}
                          for sent, result in zip(request["parties"], decided)]}
    if window is not None:
        answer["window"] = window.view()
    keys = uow.keys
    answer["receipt"] = keys.sign(_receipt_payload(answer, parties, keys.fingerprint))
    row = Screening(
        id=answer["id"], org=actor.org, sub=actor.sub, checked_at=now, domain=domain,
        project_code=answer["project_code"], project_name=answer["project_name"],
        as_of_seq=seq, refusals=_count(decided, "refuse"), reviews=_count(decided, "review"),
        results=answer["results"], receipt=answer["receipt"])
    return answer, row


def count_decisions(metrics, results: list[dict]) -> None:
    """Count the screened parties by decision."""
    for decision, count in Counter(result["decision"] for result in results).items():
        metrics.screened(decision, count)


def _window(given: dict | None, path: str) -> Window | None:
    if not given:
        return None
    return Window.checked(given["from"], given["to"], path)


def _decide(uow, live: LiveIndex, parties: list[dict], domain: str | None,
            window: Window | None) -> tuple[list[dict], int]:
    """Now from the live index; over a window from the change log, with the same matcher."""
    if window is None:
        return live.screen(parties, domain, uow.clock.today())
    live.refresh()  # the names ever listed are as fresh as the live check's list
    return screen_over(uow.context.uow(readonly=True), live.history, parties, domain, window)


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
          as_of: datetime.datetime | None = None, window: dict | None = None) -> dict:
    """One party's decision now, at the instant `as_of`, or the strictest of a window."""
    errors: dict[str, list[str]] = {}
    probe = canonical(party, "", errors, runtime.reference.uscc_allowed)
    if errors:
        raise InvalidInput(errors)
    check_domain(runtime.reference.domains, domain)
    span = Window(as_of, as_of) if as_of is not None else _window(window, "")
    if span is None:
        result, seq = live.screen_party(probe, domain, runtime.clock.today())
        return {"party": party, **result, "domain": domain, "as_of_seq": seq}
    live.refresh()
    results, seq = screen_over(runtime.uow(readonly=True), live.history, [probe], domain, span)
    answer = {"party": party, **results[0], "domain": domain, "as_of_seq": seq}
    if window is not None:
        answer["window"] = span.view()
    return answer
