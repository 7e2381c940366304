"""The small layer handlers use to reach the process's runtime."""

from flask import current_app, g

from blacklist.db import UnitOfWork
from blacklist.reference import Reference
from blacklist.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["blacklist"]


def uow(*, readonly: bool = False) -> UnitOfWork:
    """A fresh unit of work; the domain service it is handed owns the transaction."""
    return runtime().uow(readonly=readonly)


def reference() -> Reference:
    return runtime().reference


def principal():
    return g.principal
