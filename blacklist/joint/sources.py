"""The sources an operator subscribes to (`blacklist sources add`), and how each stands."""

import datetime as dt
from urllib.parse import urlparse

from blacklist.errors import InvalidInput
from blacklist.infra.clock import rfc3339
from blacklist.joint.models import Source
from blacklist.sharing.feeds import NAME


def add_source(uow, name: str, url: str, jwks: dict, *, token: str | None = None,
               authority: str | None = None, authority_uscc: str | None = None,
               every: int = 60) -> dict:
    """Subscribe to another authority's change feed, or update it (and resume it if it was
    stopped, the cursor kept)."""
    _check(name, url, jwks, every)
    with uow:
        source = uow.joint.find_source(name)
        if source is None:
            source = Source(name=name, url=url, jwks=jwks, created_at=uow.clock.now())
        source.url, source.jwks, source.token, source.every = url, jwks, token, every
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
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not keys or not all(isinstance(k, dict) and k.get("kid") and k.get("kty") == "EC"
                           for k in keys):
        errors["jwks"] = ["a JWKS of EC (ES256) keys, each with its kid"]
    if not isinstance(every, int) or every < 5:
        errors["every"] = ["at least 5 seconds"]
    if errors:
        raise InvalidInput(errors)


def list_sources(uow) -> list[dict]:
    """Every source: URL, authority, cursor, entries held, last success, error, stopped."""
    with uow:
        return [source_view(uow, s) for s in uow.joint.sources()]


def source_view(uow, source: Source) -> dict:
    """A source as operators see it."""
    return {"name": source.name, "url": source.url, "authority": source.authority,
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
