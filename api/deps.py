"""The small layer handlers use to reach the process's runtime."""

from flask import current_app, g

from blacklist.infra.db import UnitOfWork
from blacklist.infra.reference import Reference
from blacklist.infra.runtime import Runtime


def runtime() -> Runtime:
    """The process's runtime, made once by create_app."""
    return current_app.extensions["blacklist"]


def uow(*, readonly: bool = False) -> UnitOfWork:
    """A fresh unit of work; the domain service it is handed owns the transaction."""
    return runtime().uow(readonly=readonly)


def reference() -> Reference:
    """The reference data `blacklist init` loaded."""
    return runtime().reference


def principal():
    """Who is acting in this request (set by api.auth.requires)."""
    return g.principal
