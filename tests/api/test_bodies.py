"""Bodies the service cannot read are refused plainly: never a 500 (API.md, Conventions)."""

import pytest


def post(client, path, headers, data):
    return client.post(path, data=data, headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("path", ["/api/v1/listings", "/api/v1/screenings"])
@pytest.mark.parametrize("levels", [20, 5_000, 200_000])
def test_an_array_nested_thousands_deep_is_a_400(client, housing, screener, path, levels):
    headers = housing if path.endswith("listings") else screener
    answer = post(client, path, headers, "[" * levels + "]" * levels)
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/listings", "/api/v1/screenings"])
@pytest.mark.parametrize("levels", [20, 5_000, 200_000])
def test_an_object_nested_thousands_deep_is_a_422_naming_where(client, housing, screener,
                                                                path, levels):
    headers = housing if path.endswith("listings") else screener
    answer = post(client, path, headers, '{"a":' * levels + "1" + "}" * levels)
    assert answer.status_code == 422
    [(field, messages)] = answer.json["errors"].items()
    assert field.startswith("a.a.a") and "nested deeper" in messages[0]


def test_a_screening_as_deep_as_the_service_reads_is_taken(client, screener):
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction",
        "parties": [{"name": "某公司", "legal_representative": {"name": "张三"}}]})
    assert answer.status_code == 201


def test_publishing_without_a_body_is_a_400(client, housing):
    answer = client.post("/api/v1/listings/any/publish", headers=housing)
    assert answer.status_code == 400
    assert answer.json["type"] == "/problems/malformed-body"
