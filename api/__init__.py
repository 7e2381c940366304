"""The Flask app factory: HTTP and pages over the domain in blacklist/."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from api import (
    bodies,
    errors,
    filing,
    health,
    metrics,
    pages,
    party,
    penalties,
    public,
    reports,
    screening,
    security,
    sharing,
    sources,
    watching,
)
from api.auth import TokenCache
from api.openapi import DocumentedApi
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime

# The /api/v1 blueprints are flask-smorest's (they make the OpenAPI document); the others,
# health probes, the pages and /metrics, are plain Flask blueprints.
API_BLUEPRINTS = (filing.bp, penalties.bp, screening.bp, sharing.bp, public.bp, reports.bp,
                  party.bp, watching.bp, sources.bp)
PLAIN_BLUEPRINTS = (health.bp, pages.bp, metrics.bp)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the app; the runtime (database, keys, data) and the screening index are made
    here, once per process, before gunicorn forks its workers."""
    runtime = runtime or Runtime.from_settings(settings or Settings.from_env())
    app = Flask(__name__)
    app.json = bodies.BoundedJSONProvider(app)
    app.config.update(
        API_TITLE="Suzhou public-resource credit negative list", API_VERSION="v1",
        OPENAPI_VERSION="3.1.0", OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024, JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    app.extensions["blacklist"] = runtime
    app.extensions["token_cache"] = TokenCache()
    api = DocumentedApi(app)
    for blueprint in API_BLUEPRINTS:
        api.register_blueprint(blueprint)
    for blueprint in PLAIN_BLUEPRINTS:
        app.register_blueprint(blueprint)
    errors.register(app)
    # The index first: its check fast path is WSGI middleware, and the security headers,
    # installed after it, wrap it too.
    screening.init_app(app, runtime)
    security.init_app(app, runtime)
    app.before_request(bodies.require_json_body)
    if runtime.settings.limits.trusted_proxies:
        # The client address (rate limits) comes from X-Forwarded-For, set by that many proxies.
        n = runtime.settings.limits.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app
