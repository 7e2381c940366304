"""Reading request bodies: JSON only, an object at the top, nested no deeper than the
service reads, and present wherever the operation takes one."""

import json
import re

from flask import current_app, request
from flask.json.provider import DefaultJSONProvider

from blacklist.errors import InvalidInput, MalformedBody

BODY_METHODS = ("POST", "PUT", "PATCH")
# The deepest body the service reads: a screening's parties.N.legal_representative.name.
MAX_DEPTH = 8
_KEY = re.compile(r'\s*\{\s*"((?:[^"\\]|\\.)*)"\s*:')


def depth_error(value, path: str = "", depth: int = 1) -> InvalidInput | None:
    """The error naming the first place nested deeper than MAX_DEPTH, or None."""
    if not isinstance(value, (dict, list)):
        return None
    if depth > MAX_DEPTH:
        return InvalidInput.field(path or "_body", f"nested deeper than {MAX_DEPTH} levels")
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found = depth_error(item, f"{path}.{key}" if path else str(key), depth + 1)
        if found is not None:
            return found
    return None


def _leading_keys(text: str) -> str:
    """The keys of a body nested past what the parser can follow, as far as they go."""
    keys, at = [], 0
    while len(keys) < MAX_DEPTH and (match := _KEY.match(text, at)):
        keys.append(match.group(1))
        at = match.end()
    return ".".join(keys) or "_body"


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing what is nested past what the parser can follow (never a 500)."""

    def loads(self, s, **kwargs):
        text = s.decode("utf-8", "surrogatepass") if isinstance(s, bytes) else s
        try:
            value = json.loads(text, **kwargs)
        except RecursionError:
            if not text.lstrip().startswith("{"):
                raise MalformedBody("the body must be a JSON object") from None
            raise InvalidInput.field(_leading_keys(text),
                                     f"nested deeper than {MAX_DEPTH} levels") from None
        return value


def require_json_body() -> None:
    """A body that is not JSON is a 400 before any field is looked at; so is no body at all
    where the operation takes one."""
    if request.method not in BODY_METHODS or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.data:
        if _takes_body():
            raise MalformedBody("this operation needs a JSON body")
        return
    if not request.is_json:
        raise MalformedBody("the body must be application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise MalformedBody("the body is not valid JSON")
    error = depth_error(body)
    if error is not None:
        raise error if isinstance(body, dict) else MalformedBody("the body must be a JSON object")


def _takes_body() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    arguments = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(argument.get("in") == "json" for argument in arguments)
