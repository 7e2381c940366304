"""The `pull` job: keep a verified copy of each source's list. A page of the source's change
feed is taken only when its X-Signature verifies against the source's JWKS (ES256 only; a
jku/x5u/jwk header is never followed) and every change in it is well-formed, passes a
filing's checks, and has a seq past the last; it is then applied in one transaction with the
cursor. Anything else stops the source with the reason; 5xx and timeouts wait for the next
run, the cursor unmoved."""

import datetime as dt
import json
import time
from dataclasses import dataclass

from blacklist.errors import DomainError, InvalidInput
from blacklist.infra.signing import SignatureError, UnknownKey, verify_detached
from blacklist.joint import sources
from blacklist.joint.imports import Summary, apply_checked, check_decided
from blacklist.joint.repository import keyed
from blacklist.registry import entities
from blacklist.sharing.transport import TransportError

EVENTS = ("listed", "updated", "removed")
REMOVED = ("expired", "repaired", "revoked")
RETRY_STATUSES = (408, 429)


class BadPage(DomainError):
    """A page that must not be applied: the source is stopped with this reason."""

    slug, title = "bad-page", "Bad page from a source"


@dataclass
class PullOutcome:
    """What one run did for one source."""

    source: str
    applied: int = 0
    cursor: int = 0
    error: str | None = None
    stopped: bool = False


# When this process last tried each source: a source is pulled once its `every` has passed
# (a new process, as `blacklist jobs run pull`, finds every source due).
_tried: dict[str, float] = {}


def pull_all(runtime, guard, *, limit: int = 500, budget: float = 50.0) -> list[PullOutcome]:
    """Pull every running source that is due (each until it is caught up or time is up)."""
    with runtime.uow(readonly=True) as uow:
        due = [s.name for s in uow.joint.sources() if not s.stopped
               and time.monotonic() - _tried.get(s.name, -1e12) >= s.every]
    outcomes = []
    for name in due:
        _tried[name] = time.monotonic()
        outcomes.append(pull_source(runtime, name, guard, limit=limit, budget=budget))
    runtime.db.finish_bulk()
    return outcomes


def pull_source(runtime, name: str, guard, *, limit: int = 500,
                budget: float = 50.0) -> PullOutcome:
    """Pages past the cursor until an empty or short page, a failure, or the time is up."""
    deadline = time.monotonic() + budget
    with runtime.uow(readonly=True) as uow:
        source = uow.joint.source(name)
    outcome = PullOutcome(name, cursor=source.cursor)
    while time.monotonic() < deadline:
        try:
            changes = fetch_page(runtime, source, outcome.cursor, limit)
            if changes:
                outcome.cursor = apply_page(runtime, name, source, outcome.cursor, changes,
                                            guard)
                outcome.applied += len(changes)
        except BadPage as exc:
            outcome.error, outcome.stopped = exc.detail, True
            _note(runtime, name, exc.detail, stop=True)
            runtime.metrics.pulled(name, "stopped")
            return outcome
        except (TransportError, RetryLater) as exc:
            outcome.error = exc.detail
            _note(runtime, name, exc.detail, stop=False)
            runtime.metrics.pulled(name, "retry")
            return outcome
        if len(changes) < limit:
            _caught_up(runtime, name)
            runtime.metrics.pulled(name, "applied" if outcome.applied else "empty", 0.0)
            return outcome
        runtime.metrics.pulled(name, "applied", _lag(runtime, changes[-1]))
    return outcome


class RetryLater(DomainError):
    """The source did not answer well this time (5xx, 408, 429): the next run tries again."""

    slug, title = "retry-later", "Source unavailable"


def fetch_page(runtime, source, cursor: int, limit: int) -> list[dict]:
    """The changes past the cursor, verified and checked; BadPage or RetryLater else."""
    headers = {"Accept": "application/json"}
    if source.token:
        headers["Authorization"] = f"Bearer {source.token}"
    answer = runtime.fetcher.get(source.url, {"after": cursor, "limit": limit}, headers,
                                 (3.0, 15.0))
    if answer.status >= 500 or answer.status in RETRY_STATUSES:
        raise RetryLater(f"HTTP {answer.status} from the source")
    if answer.status != 200:
        raise BadPage(f"HTTP {answer.status} from the source: {answer.body[:200]!r}")
    signature = {k.lower(): v for k, v in answer.headers.items()}.get("x-signature")
    if not signature:
        raise BadPage("the answer carries no X-Signature")
    verify(runtime, source, signature, answer.body)
    return well_formed(answer.body, cursor)


def verify(runtime, source, signature: str, body: bytes) -> None:
    """The page's signature against the source's JWKS. A kid the JWKS lacks sends us once to
    the address the operator read the JWKS from (the source rotated its key; never an
    address the page names): a JWKS found there that verifies the page is kept; one that
    does not hold the kid either stops the source; none there to read is retried."""
    try:
        verify_detached(signature, body, source.jwks)
        return
    except UnknownKey as exc:
        if not source.jwks_url:
            raise BadPage(f"bad signature: {exc}") from None
    except SignatureError as exc:
        raise BadPage(f"bad signature: {exc}") from None
    try:
        jwks = sources.fetch_jwks(runtime.fetcher, source.jwks_url)
    except TransportError as exc:
        raise RetryLater(f"signed under a key not held; the JWKS could not be read again: "
                         f"{exc.detail}") from None
    try:
        verify_detached(signature, body, jwks)
    except SignatureError as exc:
        raise BadPage(f"bad signature: {exc} (the JWKS read again from "
                      f"{source.jwks_url} does not verify it either)") from None
    sources.keep_jwks(runtime.uow(), source.name, jwks)
    source.jwks = jwks


def well_formed(body: bytes, cursor: int) -> list[dict]:
    """The page's changes, each with a seq past the one before (and past the cursor)."""
    try:
        page = json.loads(body)
        changes = page["changes"]
        if not isinstance(changes, list):
            raise TypeError("changes is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise BadPage(f"not a change page: {exc}") from None
    last = cursor
    for change in changes:
        seq = change.get("seq") if isinstance(change, dict) else None
        if not isinstance(seq, int) or seq <= last:
            raise BadPage(f"seq {seq!r} does not increase (after {last})")
        if change.get("event") not in EVENTS or not isinstance(change.get("listing"), dict):
            raise BadPage(f"change seq {seq} is malformed")
        last = seq
    return changes


def apply_page(runtime, name: str, source, cursor: int, changes: list[dict], guard) -> int:
    """Apply a checked page with the cursor in one transaction; return the new cursor."""
    ref, today = runtime.reference, runtime.clock.today()
    checked = [(change, pulled(ref, today, change, source)) for change in changes]
    with runtime.uow() as uow:
        guard(uow)
        uow.lock_log()
        held = uow.joint.source(name, lock=True)
        if held.cursor != cursor or held.stopped:
            raise RetryLater("the source moved meanwhile")
        refused = apply_checked(uow, checked, today, Summary())
        if refused:
            change, exc = refused[0]
            raise BadPage(f"change seq {change['seq']}: {exc.detail}")
        held.cursor, held.last_error = changes[-1]["seq"], None
        held.last_success_at = uow.clock.now()
        held.last_change_at = _instant(changes[-1].get("at")) or held.last_change_at
        uow.joint.save_source(held)
        uow.commit()
    uow.db.wrote_in_bulk(len(changes))
    return changes[-1]["seq"]


def pulled(ref, today: dt.date, change: dict, source) -> dict:
    """A change as an entry of the source, checked as a filing is (BadPage naming its seq)."""
    listing = change["listing"]
    try:
        data = _fields(listing)
        if change["event"] == "removed" or listing.get("status") in REMOVED:
            data["entity"] = entities.validate(data["entity"], ref.uscc_allowed)
            data["status"] = listing.get("status") if listing.get("status") in REMOVED \
                else "revoked"
        else:
            check_decided(ref, today, data)
            data["status"] = "listed"
        data["entity"] = keyed(data["entity"])
    except InvalidInput as exc:
        raise BadPage(f"change seq {change['seq']} fails the checks of a filing: "
                      f"{json.dumps(exc.extra['errors'], ensure_ascii=False)}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadPage(f"change seq {change['seq']} is malformed: {exc!r}") from None
    issuer = change.get("source") if isinstance(change.get("source"), dict) else {}
    data.update(org=source.name, origin=source.name, published_at=None,
                authority=source.authority or issuer.get("name") or source.name,
                authority_uscc=source.authority_uscc or issuer.get("uscc"),
                removal_reason=f"removed by {source.name}: {listing.get('removal_reason')}")
    return data


def _fields(listing: dict) -> dict:
    entity = listing["entity"]
    if not isinstance(entity, dict) or not isinstance(entity.get("name"), str):
        raise TypeError("entity")
    texts = {k: listing[k] for k in ("domain", "category", "decision_no", "facts",
                                     "legal_basis")}
    if not all(isinstance(v, str) and v for v in texts.values()):
        raise TypeError("a text field is empty or not text")
    measures = listing.get("measures") or []
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        raise TypeError("measures")
    return {**texts, "entity": {k: entity.get(k) for k in (
                "kind", "name", "uscc", "id_number", "legal_representative", "former_names")},
            "decision_date": dt.date.fromisoformat(listing["decision_date"]),
            "publish_until": dt.date.fromisoformat(listing["publish_until"]),
            "measures": measures, "repairable_from": None}


def _instant(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _lag(runtime, change: dict) -> float | None:
    at = _instant(change.get("at"))
    return None if at is None else max(0.0, (runtime.clock.now() - at).total_seconds())


def _note(runtime, name: str, reason: str, *, stop: bool) -> None:
    with runtime.uow() as uow:
        source = uow.joint.source(name, lock=True)
        source.last_error, source.stopped = reason, source.stopped or stop
        uow.joint.save_source(source)
        uow.commit()


def _caught_up(runtime, name: str) -> None:
    with runtime.uow() as uow:
        source = uow.joint.source(name, lock=True)
        source.last_success_at, source.last_error = uow.clock.now(), None
        uow.joint.save_source(source)
        uow.commit()
