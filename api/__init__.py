"""The Flask app factory: HTTP and pages over the domain in blacklist/."""

import importlib

from flask import Flask, request
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from api import errors
from api.auth import TokenCache
from api.openapi import DocumentedApi
from blacklist.errors import MalformedBody
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime

BODY_METHODS = ("POST", "PUT", "PATCH")


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the app; the runtime (database, keys, data) is made once per process."""
    runtime = runtime or Runtime.from_settings(settings or Settings.from_env())
    app = Flask(__name__)
    app.config.update(
        API_TITLE="Suzhou public-resource credit negative list", API_VERSION="v1",
        OPENAPI_VERSION="3.1.0", OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024, JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    app.extensions["blacklist"] = runtime
    app.extensions["token_cache"] = TokenCache()
    api = DocumentedApi(app)
    _register_blueprints(app, api)
    errors.register(app)
    for name in INIT_MODULES:
        module = _optional(name)
        if module is not None:
            module.init_app(app, runtime)
    app.before_request(_require_json_body)
    if runtime.settings.trusted_proxies:
        # The client address (rate limits) comes from X-Forwarded-For, set by that many proxies.
        n = runtime.settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app


# Each module defines `bp`: the /api/v1 ones are flask-smorest blueprints (OpenAPI),
# the others plain Flask blueprints.
API_MODULES = ("filing", "penalties", "screening", "sharing", "public", "reports")
PLAIN_MODULES = ("health", "pages", "metrics")
# Each defines init_app(app, runtime): security headers and rate limits, the screening index.
INIT_MODULES = ("security", "screening_index")


def _register_blueprints(app: Flask, api: Api) -> None:
    for name in API_MODULES:
        module = _optional(name)
        if module is not None:
            api.register_blueprint(module.bp)
    for name in PLAIN_MODULES:
        module = _optional(name)
        if module is not None:
            app.register_blueprint(module.bp)


def _optional(name: str):
    try:
        return importlib.import_module(f"api.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"api.{name}":
            raise
        return None


def _require_json_body() -> None:
    """A body that is not JSON is a 400, before any field is looked at."""
    if request.method not in BODY_METHODS or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.data:
        return
    if not request.is_json:
        raise MalformedBody("the body must be application/json")
    if request.get_json(silent=True) is None:
        raise MalformedBody("the body is not valid JSON")
