"""Bearer tokens: verified once, cached until they expire, and checked for the endpoint's role."""

import functools
import threading
import time
from collections import OrderedDict

from flask import current_app, g, request

from api import deps
from api.openapi import BEARER, document
from blacklist.errors import Unauthorized
from blacklist.infra.principal import Principal, principal_from_claims
from blacklist.infra.signing import SignatureError

CACHE_SIZE = 10_000


class TokenCache:
    """Verified tokens until their exp: an ES256 check costs more than the check path's budget.
    An entry holds only under the key ring that verified it: after a rotation or a retirement
    the token is verified again, so a retired key's token is refused even if it was cached."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[str, tuple[Principal, int, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str, generation: int) -> Principal | None:
        hit = self._items.get(token)
        if hit is None or hit[2] != generation or hit[1] <= time.time():
            return None
        return hit[0]

    def put(self, token: str, principal: Principal, exp: int, generation: int) -> None:
        with self._lock:
            self._items[token] = (principal, exp, generation)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def bearer_token(header: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def cached_principal(app, token: str) -> Principal | None:
    """The principal of a token verified before under the key ring in use, or None."""
    return app.extensions["token_cache"].get(token, app.extensions["blacklist"].keys.generation)


def authenticate() -> Principal:
    """The principal of the request's bearer token, or 401."""
    # Read from the environ: what request.headers.get does, without building EnvironHeaders.
    token = bearer_token(request.environ.get("HTTP_AUTHORIZATION", ""))
    if token is None:
        raise Unauthorized("a bearer token is required")
    app = current_app._get_current_object()
    principal = cached_principal(app, token)
    if principal is None:
        rt = deps.runtime()
        keys, settings = rt.keys, rt.settings.keys
        try:
            claims = keys.verify_token(token, issuer=settings.issuer, audience=settings.audience)
        except SignatureError as exc:
            raise Unauthorized(f"invalid token: {exc}") from exc
        principal = principal_from_claims(claims, rt.reference.orgs)
        app.extensions["token_cache"].put(token, principal, int(claims["exp"]), keys.generation)
    return principal


def requires(*roles: str):
    """The endpoint needs a valid token (401) that holds one of `roles` (403)."""
    # The document learns the roles here, once; the wrapper does nothing more per request.
    documented = document(security=[{BEARER: []}], **{"x-roles": list(roles)})

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            g.principal = principal = authenticate()
            principal.require(*roles)
            return view(*args, **kwargs)
        return documented(wrapper)
    return decorate
