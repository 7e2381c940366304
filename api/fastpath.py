"""GET /api/v1/check by a token already verified, answered without Flask's request machinery.

A bare Flask endpoint is the yardstick of the check path (bench/bench_check_http.py), and
a request context, URL matching, hooks and a Response object cost as much as the check
itself. The answer is the view's own (`check_body`); only the plumbing around it is left out.
"""

from urllib.parse import parse_qsl

from api.auth import bearer_token, cached_principal

CHECK_PATH = "/api/v1/check"


class CheckFastPath:
    """WSGI middleware: a GET /api/v1/check whose bearer token is in the token cache and holds
    one of the endpoint's roles is answered here. Every other request, and every check that
    does not come out as a 200, goes on to the app, which answers it in full (401, 403,
    problem+json, 503), exactly as without this."""

    def __init__(self, wsgi_app, app, answer, roles: tuple[str, ...]):
        self.wsgi_app = wsgi_app
        self._app = app
        self._answer = answer
        self._roles = frozenset(roles)

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == CHECK_PATH and environ.get("REQUEST_METHOD") == "GET":
            body = self._body(environ)
            if body is not None:
                start_response("200 OK", [("Content-Type", "application/json"),
                                          ("Content-Length", str(len(body)))])
                return [body]
        return self.wsgi_app(environ, start_response)

    def _body(self, environ) -> bytes | None:
        """The encoded answer, or None for the app to answer."""
        # Anything raised (no keys yet, a bad argument, the index not built) is the app's to
        # answer: it asks again and answers in full, with the problem and its log line.
        try:
            token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
            principal = cached_principal(self._app, token) if token else None
            if principal is None or not self._roles.intersection(principal.roles):
                return None
            return self._answer(self._app, query_args(environ)).encode()
        except Exception:  # noqa: BLE001
            return None


def query_args(environ) -> dict[str, str]:
    """The first value of each query parameter, as werkzeug's request.args.to_dict() reads it."""
    query = environ.get("QUERY_STRING", "").encode("latin1").decode()
    args: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"):
        args.setdefault(key, value)
    return args
