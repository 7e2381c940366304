"""The sources an operator subscribes to (`blacklist sources add`), and how each stands."""

import datetime as dt
import json
from urllib.parse import urlparse

from blacklist.errors import InvalidInput
from blacklist.infra.clock import rfc3339
from blacklist.joint.fetch import Fetcher
from blacklist.joint.models import Source
from blacklist.sharing.feeds import NAME
from blacklist.sharing.transport import TransportError


def add_source(uow, name: str, url: str, jwks: dict, *, token: str | None = None,
               authority: str | None = None, authority_uscc: str | None = None,
               every: int = 60, jwks_url: str | None = None) -> dict:
    """Subscribe to another authority's change feed, or update it (and resume it if it was
    stopped, the cursor kept). `jwks_url` is where the JWKS was read, if an address."""
    _check(name, url, jwks, every)
    with uow:
        source = uow.joint.find_source(name)
        if source is None:
            source = Source(name=name, url=url, jwks=jwks, created_at=uow.clock.now())
        source.url, source.jwks, source.token, source.every = url, jwks, token, every
        source.jwks_url = jwks_url
        source.authority, source.authority_uscc = authority, authority_uscc
        source.stopped, source.last_error = False, None
        uow.joint.save_source(source)
        uow.commit()
        return source_view(uow, source)


def _check(name: str, url: str, jwks: dict, every: int) -> None:
    errors = {}
    if not NAME.match(name or "") or name == "local":
        errors["name"] = ["lower-case letters, digits, '.', '_' or '-', at most 64; not local"]
    parsed = urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        errors["url"] = ["an http:// or https:// address"]
    if not _is_jwks(jwks):
        errors["jwks"] = [JWKS_RULE]
    if not isinstance(every, int) or every < 5:
        errors["every"] = ["at least 5 seconds"]
    if errors:
        raise InvalidInput(errors)


JWKS_RULE = "a JWKS of EC (ES256) keys, each with its kid"


def _is_jwks(jwks) -> bool:
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    return bool(keys) and isinstance(keys, list) and all(
        isinstance(k, dict) and k.get("kid") and k.get("kty") == "EC" for k in keys)


def fetch_jwks(fetcher: Fetcher, url: str) -> dict:
    """A source's JWKS read from its address; TransportError when none is there to be read."""
    answer = fetcher.get(url, {}, {"Accept": "application/json"}, (3.0, 10.0))
    if answer.status != 200:
        raise TransportError(f"HTTP {answer.status} from {url}")
    try:
        jwks = json.loads(answer.body)
    except ValueError:
        jwks = None
    if not _is_jwks(jwks):
        raise TransportError(f"{url} does not answer {JWKS_RULE}")
    return jwks


def keep_jwks(uow, name: str, jwks: dict) -> None:
    """The source's JWKS as read again from its address (a key rotation at the source)."""
    with uow:
        source = uow.joint.source(name, lock=True)
        source.jwks = jwks
        uow.joint.save_source(source)
        uow.commit()


def list_sources(uow) -> list[dict]:
    """Every source: URL, authority, cursor, entries held, last success, error, stopped."""
    with uow:
        return [source_view(uow, s) for s in uow.joint.sources()]


def source_view(uow, source: Source) -> dict:
    """A source as operators see it."""
    return {"name": source.name, "url": source.url, "jwks_url": source.jwks_url,
            "authority": source.authority,
            "authority_uscc": source.authority_uscc, "every": source.every,
            "cursor": source.cursor, "entries": uow.joint.entries_of(source.name),
            "last_success_at": rfc3339(source.last_success_at),
            "last_change_at": rfc3339(source.last_change_at),
            "lag_seconds": _lag(uow, source), "last_error": source.last_error,
            "stopped": source.stopped}


def _lag(uow, source: Source) -> int | None:
    """Seconds since the copy was last known current (None before the first success)."""
    if source.last_success_at is None:
        return None
    now, then = uow.clock.now(), source.last_success_at
    if then.tzinfo is None:
        then = then.replace(tzinfo=dt.UTC)
    return max(0, int((now - then).total_seconds()))
