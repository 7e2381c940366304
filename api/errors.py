"""The one place that turns errors into answers: RFC 9457 problem details for the API, and
the same status as an HTML page for the pages a person opens in a browser."""

import logging

from flask import Flask, Response, current_app, jsonify, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from blacklist.errors import (
    BadQuery,
    ConfigurationError,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    MalformedBody,
    NotFound,
    NotReady,
    TooManyParties,
    Unauthorized,
)
from blacklist.registry.identifiers import IdentifierError

log = logging.getLogger(__name__)

# The status of each meaning, resolved along the class hierarchy: a subclass (StaleVersion,
# SignatureError, IdentifierError ...) answers as the nearest class named here.
STATUS: dict[type[DomainError], int] = {
    MalformedBody: 400, BadQuery: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404,
    Conflict: 409, TooManyParties: 413, InvalidInput: 422, IdentifierError: 422,
    ConfigurationError: 500,
    NotReady: 503, DomainError: 400,
}
# Slugs of the framework's own errors (routing, methods, sizes, rate limits).
HTTP_SLUGS = {400: "malformed-body", 401: "unauthorized", 403: "forbidden", 404: "not-found",
              405: "method-not-allowed", 409: "conflict", 413: "too-large", 414: "too-large",
              415: "malformed-body", 422: "invalid-input", 429: "rate-limited",
              431: "too-large", 501: "not-implemented"}
KEPT_HEADERS = ("Allow", "Retry-After")
# The database went away (restart, failover, network): nothing was written, and the caller may
# try again shortly; the pool's pre-ping reconnects once it is back.
DATABASE_LOST = (OperationalError, InterfaceError)
RETRY_AFTER_DATABASE = "5"
NOT_PAGES = ("/api/", "/.well-known/")
OPERATIONS = frozenset({"/api", "/healthz", "/readyz", "/metrics"})

PAGE_ERRORS = {
    400: ("查询条件有误", "请求的内容无法处理，请检查后重试。"),
    404: ("页面不存在", "未找到您要访问的页面或名单条目：它不存在，或已不在公示期内。请从首页查询。"),
    405: ("不支持该请求方式", "该页面不支持这种请求方式。"),
    429: ("请求过于频繁", "您的查询次数过多，请稍后再试。"),
}
SERVER_ERROR = ("服务暂时不可用", "服务出现故障，请稍后再试。")
# A person's browser is told 400 for any query the service refused, whatever the reason.
PAGE_STATUS = {422: 400}


def status_of(exc: DomainError) -> int:
    """The status of an error: that of the nearest class in its hierarchy named in STATUS."""
    return next(STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS)


def problem(status: int, title: str, detail: str, slug: str | None = None,
            headers: dict | None = None, **extra) -> Response:
    """A problem+json answer."""
    body = {"type": f"/problems/{slug or HTTP_SLUGS.get(status, 'error')}", "title": title,
            "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def is_page(path: str) -> bool:
    """A path a person opens in a browser: anything but the API, keys and probes."""
    return not path.startswith(NOT_PAGES) and path not in OPERATIONS


def page_errors(wording: dict[int, tuple[str, str]]):
    """A page's own heading and message for the statuses it knows, over PAGE_ERRORS."""
    def decorate(view):
        view.page_errors = wording
        return view
    return decorate


def page(status: int, message: str | None = None, headers: dict | None = None) -> Response:
    """The error as an HTML page, in Chinese, with the search box to go on from."""
    status = PAGE_STATUS.get(status, status)
    view = current_app.view_functions.get(request.endpoint or "")
    wording = {**PAGE_ERRORS, **getattr(view, "page_errors", {})}
    heading, default = wording.get(status, SERVER_ERROR if status >= 500 else wording[400])
    html = render_template("pages/error.html", heading=heading, message=message or default)
    response = Response(html, status=status, mimetype="text/html")
    response.headers.update(headers or {})
    return response


def render(exc: Exception) -> Response:
    """Any error as the answer its path calls for: problem+json, or a page."""
    status, title, detail, slug, extra, headers = _describe(exc)
    if isinstance(exc, DATABASE_LOST):
        log.error("database unavailable: %s", str(exc).splitlines()[0])
    elif not isinstance(exc, (DomainError, HTTPException)):
        log.exception("unhandled error")
    elif status >= 500:
        log.error("%s: %s", title, detail)
    if is_page(request.path):
        return page(status, exc.detail if isinstance(exc, BadQuery) else None, headers)
    return problem(status, title, detail, slug, headers, **extra)


def _describe(exc: Exception) -> tuple[int, str, str, str | None, dict, dict]:
    if isinstance(exc, DomainError):
        return status_of(exc), exc.title, exc.detail, exc.slug, exc.extra, {}
    if isinstance(exc, HTTPException):
        headers = {k: v for k, v in exc.get_headers() if k in KEPT_HEADERS}
        if exc.code == 422:
            return (*_webargs(exc), headers)
        return exc.code or 500, exc.name, exc.description or exc.name, None, {}, headers
    if isinstance(exc, DATABASE_LOST):
        return (503, "Database unavailable", "the database cannot be reached; nothing was "
                "written, try again shortly", "unavailable", {},
                {"Retry-After": RETRY_AFTER_DATABASE})
    return 500, "Internal error", "the service failed; the error is logged", "internal", {}, {}


def _webargs(exc: HTTPException) -> tuple[int, str, str, str, dict]:
    """webargs nests its messages by location ("json", "query"); the field paths are what matter."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    merged: dict[str, list[str]] = {}
    for location_messages in messages.values():
        merged.update(flatten(location_messages))
    if set(merged) in ({"_schema"}, {"_body"}):
        return 400, "Malformed body", "the body must be a JSON object", "malformed-body", {}
    return (422, "Invalid input", f"invalid fields: {', '.join(sorted(merged))}",
            "invalid-input", {"errors": merged})


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as dotted paths: {"parties.3.uscc": [...]}."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_body": messages}
    items = messages.items() if isinstance(messages, dict) else enumerate(messages)
    flat: dict[str, list[str]] = {}
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        flat.update(flatten(value, path) if isinstance(value, (dict, list)) else {path: [value]})
    return flat


def register(app: Flask) -> None:
    """Every error, ours or the framework's, leaves through render(); none as a bare 500."""
    # HTTPException by name as well: flask-smorest registered a handler of its own for it.
    app.register_error_handler(HTTPException, render)
    app.register_error_handler(Exception, render)
