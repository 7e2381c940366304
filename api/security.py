"""Response headers and rate limits on the public surface.

`create_app` calls `init_app(app, runtime)`. The public tier (the lookup API, the exports,
the annual report figures and the pages) is limited per client address; the token-holding
callers (filers, screeners, feeds) and the operational endpoints are never limited here.
"""

import logging
import time

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

HEADERS = {
    # Only the service itself: the pages use no script, one stylesheet, and inline SVG
    # charts styled by classes (a style= attribute would be refused). data: is for images.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_HEADER_ITEMS = list(HEADERS.items())
_HEADER_NAMES = frozenset(name.lower() for name in HEADERS)
# Prefixes, so that routes added later under them (e.g. /api/v1/exports/...) are covered.
LIMITED_API = ("/api/v1/public/", "/api/v1/exports/", "/api/v1/reports/annual")
PAGES_BLUEPRINT = "pages"
FALLBACK_RETRY_AFTER = 60

log = logging.getLogger(__name__)


def init_app(app: Flask, runtime) -> None:
    """Install the headers and the limiter on one app."""
    limiter = make_limiter(runtime.settings.limits)
    limiter_after = _init_for_public_paths_only(app, limiter)
    app.extensions["public_limiter"] = limiter
    app.wsgi_app = SecurityHeaders(app.wsgi_app)

    @app.after_request
    def _after(response: Response) -> Response:
        if response.status_code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(retry_after(limiter))
        if is_limited(request):
            for hook in limiter_after:
                response = hook(response)
        return response


class SecurityHeaders:
    """WSGI middleware that puts HEADERS on every response, replacing any the app set.

    Set as the response starts rather than by an after_request hook: on the check path
    a hook and Headers.update cost several microseconds of a ~140 µs budget.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            if any(name.lower() in _HEADER_NAMES for name, _ in headers):
                headers = [item for item in headers if item[0].lower() not in _HEADER_NAMES]
            return start_response(status, headers + _HEADER_ITEMS, exc_info)
        return self.wsgi_app(environ, start)


def make_limiter(settings) -> Limiter:
    """One per app: Redis counters when REDIS_URL is set (shared by every worker), else memory."""
    limit = settings.public_rate_limit
    options = {"key_func": get_remote_address, "application_limits": [limit],
               "headers_enabled": False, "strategy": "fixed-window",
               "key_prefix": settings.key_prefix}
    if settings.redis_url:
        # If Redis goes away the pages keep answering, limited per process meanwhile.
        return Limiter(storage_uri=settings.redis_url, in_memory_fallback=[limit],
                       in_memory_fallback_enabled=True, **options)
    return Limiter(storage_uri="memory://", **options)


def _init_for_public_paths_only(app: Flask, limiter: Limiter) -> list:
    """Run the limiter's request hooks on the public surface only; return its after hooks.

    Flask-Limiter hooks every request; even when it then finds no limit, that costs tens of
    microseconds, which `GET /api/v1/check` (a ~140 µs budget) cannot spare. So its before
    and teardown hooks are wrapped to return at once elsewhere, and its after hooks are
    taken out for init_app's one after_request hook to run on the public surface. The
    request filter stays as a second guard, so token holders are never limited whatever
    the hooks do.
    """
    gated = (app.before_request_funcs[None], app.teardown_request_funcs[None])
    after = app.after_request_funcs[None]
    counts = [len(hooks) for hooks in (*gated, after)]
    limiter.init_app(app)
    limiter.request_filter(lambda: not is_limited(request))
    for hooks, count in zip(gated, counts):
        hooks[count:] = [_public_only(hook) for hook in hooks[count:]]
    # Flask runs after_request hooks last registered first.
    limiter_after = after[counts[2]:][::-1]
    del after[counts[2]:]
    return limiter_after


def _public_only(hook):
    def gated(*args):
        if is_limited(request):
            return hook(*args)
        return None
    return gated


def is_limited(req) -> bool:
    """The public surface: the lookup API, exports, the report figures and the pages."""
    environ = req.environ  # the answer is kept there: every limiter hook asks again
    limited = environ.get("blacklist.limited")
    if limited is None:
        path = req.path
        limited = (path.startswith(LIMITED_API) if path.startswith("/api/")
                   else req.blueprint == PAGES_BLUEPRINT)
        environ["blacklist.limited"] = limited
    return limited


def retry_after(limiter: Limiter) -> int:
    """Whole seconds until the breached window resets (at least 1)."""
    current = limiter.current_limit
    if current is None or not current.breached:
        return FALLBACK_RETRY_AFTER
    try:
        return max(1, current.reset_at - int(time.time()))
    except Exception:  # noqa: BLE001  the counter store vanished since the breach
        log.warning("could not read the rate-limit window; answering the default Retry-After")
        return FALLBACK_RETRY_AFTER
