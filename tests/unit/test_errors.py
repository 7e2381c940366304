"""Errors carry meaning in the domain; api/errors.py alone gives each its status."""

import importlib
import inspect
import pkgutil

import pytest

import blacklist
from api.errors import status_of
from blacklist import errors
from blacklist.infra.signing import SignatureError
from blacklist.registry.identifiers import IdentifierError


def _domain_modules():
    for info in pkgutil.walk_packages(blacklist.__path__, "blacklist."):
        if ".migrations" not in info.name:
            yield importlib.import_module(info.name)


def _exceptions_defined_in_the_domain():
    for module in _domain_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                yield cls


def test_every_error_the_domain_defines_is_under_the_one_base():
    found = list(_exceptions_defined_in_the_domain())
    assert {"SignatureError", "IdentifierError", "TransportError", "NotReady"} <= {
        cls.__name__ for cls in found}
    strays = [f"{cls.__module__}.{cls.__name__}" for cls in found
              if not issubclass(cls, errors.DomainError)]
    assert strays == []


def test_no_domain_error_knows_an_http_status():
    with_status = [cls.__name__ for cls in _exceptions_defined_in_the_domain()
                   if "status" in vars(cls) or "code" in vars(cls)]
    assert with_status == []


@pytest.mark.parametrize(("error", "status", "slug"), [
    (errors.InvalidInput.field("x", "bad"), 422, "invalid-input"),
    (IdentifierError("check digit is wrong"), 422, "invalid-identifier"),
    (errors.MalformedBody("not JSON"), 400, "malformed-body"),
    (errors.BadQuery("页码须为整数"), 400, "bad-query"),
    (errors.Unauthorized("no token"), 401, "unauthorized"),
    (SignatureError("unknown signing key"), 401, "unauthorized"),
    (errors.Forbidden("not yours"), 403, "forbidden"),
    (errors.NotFound("no listing"), 404, "not-found"),
    (errors.StaleVersion("stale"), 409, "stale-version"),
    (errors.RepairTooEarly("too early"), 409, "repair-too-early"),
    (errors.TooManyParties("1001"), 413, "too-many-parties"),
    (errors.NotReady("no index"), 503, "not-ready"),
    (errors.ConfigurationError("BLACKLIST_X"), 500, "configuration"),
])
def test_each_meaning_answers_with_its_status_and_slug(error, status, slug):
    assert status_of(error) == status
    assert error.slug == slug
