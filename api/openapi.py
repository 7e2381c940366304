"""The OpenAPI document of /api/v1 as the service behaves: its problem answers, the bearer
scheme and the role of each operation, and the codes of data/.

Everything here runs when the app is made or when the document is first asked for; no
request to an operation pays for it (`GET /check` has a budget of ~140 µs).
"""

import copy
import http
import threading

from apispec import BasePlugin
from flask import current_app
from flask_smorest import Api
from flask_smorest.utils import deepupdate

from api.schemas.problem import Problem
from api.security import LIMITED_API

PROBLEM_JSON = "application/problem+json"
BEARER = "bearerAuth"
# The code lists of data/ a field names by its `x-codes` (api.schemas.common.Code).
CODE_LISTS = ("domains", "categories", "measures")
# Writes to the registry meet its state rules (duplicate decision, transitions, versions).
STATEFUL_PREFIXES = ("/api/v1/listings", "/api/v1/penalties")
# The operations that read the screening index, which a process builds when it starts.
INDEXED = {("post", "/api/v1/screenings"), ("get", "/api/v1/check")}
ERRORS = {
    400: "Malformed body: not JSON, not an object, or not application/json "
         "(/problems/malformed-body)",
    401: "No token, or not a valid one (/problems/unauthorized)",
    403: "The token's roles do not include the one this needs, or the domain is not the "
         "org's (/problems/forbidden)",
    404: "No such record, or another org's, which is not revealed (/problems/not-found)",
    409: "A state rule forbids it (/problems/stale-version, statement-period-open, "
         "repair-too-early, duplicate-decision, invalid-transition)",
    413: "Too large: a body over 2 MB (/problems/too-large), or more than 1000 parties "
         "(/problems/too-many-parties)",
    422: "Invalid fields; `errors` names each by its dotted path (/problems/invalid-input)",
    429: "Rate limited; Retry-After says when to come back (/problems/rate-limited)",
    503: "The screening index is not built yet (/problems/not-ready); /readyz says when it is",
}
# Answered by gunicorn before the app sees the request: as its own HTML page, unless the
# server writes its refusals as problems.
URI_TOO_LONG = {"description": "The request line is longer than the server takes "
                               "(gunicorn's limit_request_line, 4094 bytes)",
                "content": {PROBLEM_JSON: {"schema": Problem},
                            "text/html": {"schema": {"type": "string"}}}}

UNDESCRIBED_ANSWER = {"description": "The answer; its schema is not documented yet",
                      "content": {"application/json": {"schema": {"type": "object"}}}}
RETRY_AFTER = {"Retry-After": {"description": "seconds until the window resets",
                               "schema": {"type": "integer", "minimum": 1}, "required": True}}


def document(**doc):
    """Attach OpenAPI documentation to a view when it is decorated: nothing runs per request."""
    def decorate(view):
        apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
        apidoc["manual_doc"] = deepupdate(apidoc.get("manual_doc", {}), doc)
        view._apidoc = apidoc
        return view
    return decorate


def error_statuses(path: str, method: str, operation: dict, path_parameters=()) -> list[int]:
    """The error answers an operation can give, by what it takes and who may call it."""
    parameters = [*path_parameters, *operation.get("parameters", [])]
    statuses = set()
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
    if any(isinstance(p, dict) and p.get("in") == "query" for p in parameters):
        statuses |= {414, 422}
    if "x-roles" in operation:
        statuses |= {401, 403}
    if "{" in path:
        statuses |= {404, 414}
    if method != "get" and path.startswith(STATEFUL_PREFIXES):
        statuses.add(409)
    if path.startswith(LIMITED_API):
        statuses.add(429)
    if (method, path) in INDEXED:
        statuses.add(503)
    return sorted(statuses)


class ContractPlugin(BasePlugin):
    """Complete each operation: its error answers, and `security: []` when it is public."""

    def init_spec(self, spec) -> None:
        """Protected operations name one scheme: a bearer JWT."""
        spec.components.security_scheme(BEARER, {
            "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
            "description": "An ES256 JWT with sub, org, roles, iat, exp, iss and aud "
                           "(`blacklist token --org ORG --role ROLE`)."})

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        """An operation lists every error it can answer; one without a role is public."""
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(path, method, operation, kwargs.get("parameters") or ()):
                responses.setdefault(str(status), http.HTTPStatus(status).name)
            if not any(str(status).startswith("2") for status in responses):
                # A handler without @bp.response still answers a JSON object; say only that.
                responses["2XX"] = UNDESCRIBED_ANSWER
            roles = operation.get("x-roles")
            if roles is None:
                operation["security"] = []
                continue
            needs = f"Needs a bearer token with the role {' or '.join(roles)}."
            operation["description"] = "\n\n".join(
                part for part in (operation.get("description"), needs) if part)


def fill_codes(node, reference):
    """Replace each `x-codes: <list>` by the enum of that list's codes, as data/ has them."""
    if isinstance(node, list):
        return [fill_codes(item, reference) for item in node]
    if not isinstance(node, dict):
        return node
    filled = {key: fill_codes(value, reference) for key, value in node.items()}
    name = filled.pop("x-codes", None)
    if name in CODE_LISTS:
        codes: list = list(getattr(reference, name))
        nullable = "null" in (filled.get("type") or []) or filled.get("nullable")
        filled["enum"] = codes + [None] if nullable else codes
    return filled


class DocumentedApi(Api):
    """flask-smorest's Api, answering errors with the problem schema the service really sends."""

    ERROR_SCHEMA = Problem
    DEFAULT_ERROR_RESPONSE_NAME = None  # every answer is listed by its status; no "default"

    def __init__(self, app=None, **kwargs):
        self._served: tuple[object, dict] | None = None
        self._served_lock = threading.Lock()
        spec_kwargs = {"extra_plugins": [ContractPlugin()], **kwargs.pop("spec_kwargs", {})}
        super().__init__(app, spec_kwargs=spec_kwargs, **kwargs)

    def _register_responses(self) -> None:
        for status, text in ERRORS.items():
            response = {"description": text, "content": {PROBLEM_JSON: {"schema": Problem}}}
            if status == 429:
                response["headers"] = RETRY_AFTER
            self.spec.components.response(http.HTTPStatus(status).name, response, lazy=True)
        self.spec.components.response("REQUEST_URI_TOO_LONG", URI_TOO_LONG, lazy=True)

    def _register_pagination_header(self) -> None:
        """The lists carry their paging in the body ({items, total, page, per_page})."""

    def _openapi_json(self):
        """The document, with the codes of the reference data the service checks against."""
        reference = current_app.extensions["blacklist"].reference
        with self._served_lock:
            if self._served is None or self._served[0] is not reference:
                self._served = (reference, fill_codes(self.spec.to_dict(), reference))
            document = self._served[1]
        return current_app.json.response(document)
