"""Bad input gets a clear problem+json that names the field; never a 500."""

import json

import pytest

from tests.factories import company, file_listing, listing_body, make_uscc, person


def post(client, headers, body, path="/api/v1/listings"):
    return client.post(path, json=body, headers=headers)


def assert_invalid(answer, field, text=None):
    assert answer.status_code == 422, answer.json
    assert answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/problems/invalid-input"
    assert field in answer.json["errors"], answer.json
    if text:
        assert any(text in m for m in answer.json["errors"][field]), answer.json


@pytest.mark.parametrize("field, value", [
    ("domain", "fishing"), ("category", "rudeness"), ("measures", ["bid_ban", "parking_ban"]),
])
def test_unknown_codes_are_named(client, housing, field, value):
    name = "measures.1" if field == "measures" else field
    assert_invalid(post(client, housing, listing_body(**{field: value})), name, "unknown")


@pytest.mark.parametrize("missing", ["entity", "domain", "category", "decision_no",
                                     "decision_date", "facts", "legal_basis"])
def test_a_missing_field_is_named(client, housing, missing):
    body = listing_body()
    del body[missing]
    assert_invalid(post(client, housing, body), missing)


def test_a_wrong_uscc_check_digit_says_what_was_expected(client, housing):
    good = make_uscc()
    wrong = "0" if good[-1] != "0" else "1"
    answer = post(client, housing, listing_body(entity=company(uscc=good[:17] + wrong)))
    assert_invalid(answer, "entity.uscc", f"check digit is wrong: expected {good[-1]}, got {wrong}")


def test_a_wrong_id_number_and_a_wrong_representative_id_are_both_named(client, housing):
    entity = company(legal_representative={"name": "张三", "id_number": "110105194912310021"})
    answer = post(client, housing, listing_body(entity=entity))
    assert_invalid(answer, "entity.legal_representative.id_number", "expected X, got 1")
    assert_invalid(post(client, housing, listing_body(entity=person(id_number="1101051949"))),
                   "entity.id_number", "18 characters")


def test_a_natural_person_needs_an_id_number_and_a_company_a_uscc(client, housing):
    assert_invalid(post(client, housing, listing_body(
        entity={"kind": "natural_person", "name": "王五"})), "entity.id_number")
    assert_invalid(post(client, housing, listing_body(
        entity={"kind": "legal_person", "name": "某公司"})), "entity.uscc")
    assert_invalid(post(client, housing, listing_body(
        entity={"kind": "legal_person", "name": "某公司", "uscc": "00000000000000000X"})),
        "entity.uscc", "placeholder")


def test_an_individual_business_may_give_the_placeholder_as_no_code(client, housing):
    listing = file_listing(client, housing, entity={
        "kind": "individual_business", "name": "吴中区某某五金店", "uscc": "00000000000000000x"})
    assert "uscc" not in listing["entity"]


@pytest.mark.parametrize("publish_until, text", [
    ("2029-11-20", "maximum"), ("2026-12-01", "minimum"), ("2026-11-19", "minimum"),
])
def test_publish_until_outside_the_period_is_refused(client, housing, publish_until, text):
    assert_invalid(post(client, housing, listing_body(publish_until=publish_until)),
                   "publish_until", text)


def test_publish_until_already_past_is_refused(client, housing):
    body = listing_body(decision_date="2024-01-10", publish_until="2025-06-30")
    assert_invalid(post(client, housing, body), "publish_until", "already past")


def test_a_decision_date_in_the_future_is_refused(client, housing):
    assert_invalid(post(client, housing, listing_body(decision_date="2026-12-01")),
                   "decision_date", "future")


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", 20261120])
def test_a_malformed_date_is_named(client, housing, value):
    assert_invalid(post(client, housing, listing_body(decision_date=value)), "decision_date")


def test_filing_the_same_decision_twice_for_an_entity_and_domain_is_a_conflict(client, housing):
    body = listing_body()
    assert post(client, housing, body).status_code == 201
    again = post(client, housing, body)
    assert again.status_code == 409 and again.json["type"] == "/problems/duplicate-decision"
    other_domain = post(client, housing, {**body, "domain": "housing", "measures": ["housing_ban"]})
    assert other_domain.status_code == 201


@pytest.mark.parametrize("data, content_type", [
    ("{not json", "application/json"),
    (json.dumps(listing_body()), "text/plain"),
    ("entity=x", "application/x-www-form-urlencoded"),
    ("[1, 2]", "application/json"),
    ("null", "application/json"),
])
def test_a_malformed_body_or_wrong_content_type_is_a_400(client, housing, data, content_type):
    answer = client.post("/api/v1/listings", data=data, content_type=content_type,
                         headers=housing)
    assert answer.status_code == 400, answer.json
    assert answer.json["type"] == "/problems/malformed-body"


def test_unknown_paths_and_ids_are_problem_details(client, housing):
    assert client.get("/api/v1/listings/nope", headers=housing).status_code == 404
    missing = client.get("/api/v1/nothing-here", headers=housing)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_bad_query_parameters_are_named(client, housing):
    answer = client.get("/api/v1/listings?per_page=1000&status=gone", headers=housing)
    assert answer.status_code == 422
    assert {"per_page", "status"} <= set(answer.json["errors"])


def test_a_failure_halfway_leaves_nothing_written(client, housing, runtime, monkeypatch):
    from sqlmodel import select

    from blacklist.registry.models import Entity, Listing
    from blacklist.trail.audit import AuditTrail

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditTrail, "record", broken)
    answer = post(client, housing, listing_body())
    assert answer.status_code == 500 and answer.mimetype == "application/problem+json"
    with runtime.uow(readonly=True) as uow:
        assert uow.session.exec(select(Listing)).all() == []
        assert uow.session.exec(select(Entity)).all() == []


def test_the_openapi_document_describes_the_api(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/listings", "/api/v1/penalties", "/api/v1/listings/{listing_id}/publish"} \
        <= set(doc["paths"])


def test_health_and_readiness(client):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}


def test_a_decision_whose_publication_period_is_over_is_refused(client, housing):
    body = listing_body(decision_date="2022-06-01")
    assert_invalid(post(client, housing, body), "decision_date", "already ended on 2025-05-31")
