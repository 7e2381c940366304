"""Liveness, readiness and the public keys."""

from flask import Blueprint, current_app, jsonify

from api import deps

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready when the database answers, `blacklist init` has loaded data/ and the screening
    index is built; otherwise a 503 saying which is missing."""
    runtime = deps.runtime()
    runtime.db.ping()
    _ = runtime.reference  # NotReady until `blacklist init` has loaded data/
    current_app.extensions["screening"].get()
    return {"status": "ready"}


@bp.get("/.well-known/jwks.json")
def jwks():
    """The public keys that verify tokens, receipts and push signatures: the current one and
    every previous one not yet retired."""
    response = jsonify(deps.runtime().keys.jwks())
    # Short, so a verifier's copy learns a rotated key about as fast as the servers sign with it.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
