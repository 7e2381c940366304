"""Liveness, readiness and the public keys."""

from flask import Blueprint, jsonify

from api import deps
from api.errors import problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready when the database answers and `blacklist init` has loaded data/."""
    try:
        deps.runtime().db.ping()
        deps.reference()
    except Exception as exc:  # any failure here means "not ready", never a 500
        return problem(503, "Not ready", str(exc).splitlines()[0], "not-ready")
    return {"status": "ready"}


@bp.get("/.well-known/jwks.json")
def jwks():
    """The public keys that verify tokens, receipts and push signatures."""
    response = jsonify(deps.runtime().keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
