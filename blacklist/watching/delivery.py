"""Alert delivery: each stricter alert POSTed to its watch's callback, signed like a push.

The state of each alert is in the database (pending, sent, parked) with its attempts and
the time of its next try, so a process killed mid-delivery loses none: the alert is sent
again, and the receiver drops the repeat by alert `id`. A watch's alerts go in the order
they were recorded: while one waits for a retry, the later ones wait behind it. A receiver
that answers 408, 429 or 5xx (or cannot be reached) is retried with backoff and jitter (the
push's policy); any other answer but 2xx parks the alert with the answer, shown on the watch.
"""

import datetime as dt
import json
import logging

from blacklist.sharing.policy import PushPolicy
from blacklist.sharing.transport import Transport, TransportError
from blacklist.watching.service import alert_view

log = logging.getLogger("blacklist.watching")
RETRY = {408, 425, 429}
BATCH = 100


def body_of(watch, alert) -> bytes:
    """The exact bytes that are signed and sent."""
    payload = {"watch_id": watch.id, "project_code": watch.project_code,
               "alert": alert_view(alert, watch.parties[alert.party_index])}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def deliver_due(runtime, *, guard, transport: Transport | None = None,
                policy: PushPolicy | None = None) -> dict:
    """One pass over the pending alerts whose time has come; returns what it settled."""
    policy = policy or PushPolicy.from_settings(runtime.settings.push)
    transport = transport or runtime.transport
    now = runtime.clock.now()
    with runtime.uow(readonly=True) as uow:
        due = [(alert, uow.watches.get(alert.watch_id, for_org=None))
               for alert in uow.watches.alerts_due(now, BATCH)]
    held, outcome = set(), {"sent": 0, "retry": 0, "parked": 0}
    for alert, watch in due:
        if watch.id in held:
            continue   # an earlier alert of this watch waits: keep the order
        if alert.next_attempt_at is not None and _aware(alert.next_attempt_at) > now:
            held.add(watch.id)
            continue
        result, answer, retry_after = _post(runtime, transport, policy, watch, alert)
        _settle(runtime, alert.id, result, answer, policy.delay(alert.attempts, retry_after),
                guard)
        outcome[result] += 1
        if result == "retry":
            held.add(watch.id)
    return outcome


def _aware(instant: dt.datetime) -> dt.datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def _post(runtime, transport, policy, watch, alert) -> tuple[str, str | None, float | None]:
    body = body_of(watch, alert)
    headers = {"Content-Type": "application/json", "X-Signature": runtime.keys.detached(body),
               "X-Alert-Id": alert.id}
    try:
        reply = transport.post(watch.callback_url, body, headers, policy.timeout)
    except TransportError as exc:
        return "retry", str(exc)[:500], None
    text = f"HTTP {reply.status}: {reply.text}"[:2000]
    if 200 <= reply.status < 300:
        return "sent", text, None
    if reply.status in RETRY or reply.status >= 500:
        return "retry", text, reply.retry_after
    return "parked", text, None


def _settle(runtime, alert_id: str, result: str, answer: str | None, delay: float,
            guard) -> None:
    with runtime.uow() as uow:
        alert = uow.watches.alert(alert_id, lock=True)
        if alert.delivery != "pending":
            return   # settled meanwhile
        now = uow.clock.now()
        alert.attempts += 1
        alert.answer = answer
        if result == "sent":
            alert.delivery, alert.delivered_at, alert.next_attempt_at = "sent", now, None
        elif result == "parked":
            alert.delivery, alert.next_attempt_at = "parked", None
        else:
            alert.next_attempt_at = now + dt.timedelta(seconds=delay)
        guard(uow)
        uow.commit()
    log.info("alert %s", result, extra={"alert": alert_id, "detail": (answer or "")[:200]})
