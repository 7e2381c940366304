"""Repositories keep the org boundary: another org's record is not found, unless admin."""

import pytest

from blacklist.errors import NotFound
from blacklist.infra.principal import Principal
from tests.factories import file_listing, penalty_body


def filer(org: str) -> Principal:
    return Principal(sub=f"{org}-clerk", org=org, roles=frozenset({"filer"}))


ADMIN = Principal(sub="ops", org="sz-ops", roles=frozenset({"admin"}))


def test_a_listing_of_another_org_is_not_found_but_its_own_org_and_admins_find_it(
        client, housing, runtime):
    listing = file_listing(client, housing)
    with runtime.uow(readonly=True) as uow:
        with pytest.raises(NotFound):
            uow.listings.get(listing["id"], for_org=filer("sz-ndrc"))
        for actor in (filer("sz-housing"), ADMIN, None):
            record = uow.listings.get(listing["id"], for_org=actor)
            assert record.listing.id == listing["id"]
            assert record.entity.uscc == listing["entity"]["uscc"]
            assert record.source["org"] == "sz-housing"


def test_a_penalty_of_another_org_is_not_found(client, housing, runtime):
    penalty = client.post("/api/v1/penalties", json=penalty_body(), headers=housing).json
    with runtime.uow(readonly=True) as uow:
        with pytest.raises(NotFound):
            uow.penalties.get(penalty["id"], for_org=filer("sz-land"))
        assert uow.penalties.get(penalty["id"], for_org=filer("sz-housing")).penalty.id \
            == penalty["id"]


def test_an_unknown_id_is_not_found(runtime):
    with runtime.uow(readonly=True) as uow, pytest.raises(NotFound):
        uow.listings.get("nope", for_org=ADMIN)


def test_a_repository_does_not_outlive_its_unit_of_work(runtime):
    uow = runtime.uow(readonly=True)
    with uow:
        assert uow.listings.search(ADMIN).total == 0
    assert not hasattr(uow, "listings")
    with pytest.raises(RuntimeError), uow, uow:
        pass
