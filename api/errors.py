"""The one place that turns errors into RFC 9457 problem details."""

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from blacklist.errors import DomainError

log = logging.getLogger(__name__)

SLUGS = {400: "malformed-body", 401: "unauthorized", 403: "forbidden", 404: "not-found",
         405: "method-not-allowed", 409: "conflict", 413: "too-large", 415: "malformed-body",
         422: "invalid-input", 429: "rate-limited"}


def problem(status: int, title: str, detail: str, slug: str | None = None, **extra):
    """A problem+json response."""
    body = {"type": f"/problems/{slug or SLUGS.get(status, 'error')}", "title": title,
            "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


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


def _from_webargs(exc: HTTPException):
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    # webargs nests by location ("json", "query"); the field paths are what matter.
    merged = {}
    for location_messages in messages.values():
        merged.update(flatten(location_messages))
    if set(merged) in ({"_schema"}, {"_body"}):
        return problem(400, "Malformed body", "the body must be a JSON object")
    return problem(422, "Invalid input", f"invalid fields: {', '.join(sorted(merged))}",
                   errors=merged)


def register(app: Flask) -> None:
    """Every error, ours or the framework's, leaves as problem+json; none as a bare 500."""

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        if exc.status >= 500:
            log.error("configuration error: %s", exc.detail)
        return problem(exc.status, exc.title, exc.detail, exc.slug, **exc.extra)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code == 422:
            return _from_webargs(exc)
        headers = dict(exc.get_headers()) if exc.code in (405, 429) else {}
        response = problem(exc.code or 500, exc.name, exc.description or exc.name)
        for name in ("Allow", "Retry-After"):
            if name in headers:
                response.headers[name] = headers[name]
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return problem(500, "Internal error", "the service failed; the error is logged", "internal")
