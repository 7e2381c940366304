"""The OpenAPI document at /api/v1/openapi.json: valid, and what it says is what the service does."""

import json
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from tests.factories import make_uscc, penalty_body

DATA = Path(__file__).resolve().parents[2] / "data"
METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = ("/api/v1/public/", "/api/v1/exports/", "/api/v1/reports/annual")


@pytest.fixture
def document(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    return answer.json


def operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(document, node: dict) -> dict:
    """Follow a local $ref ("#/components/...") to what it names."""
    while "$ref" in node:
        target = document
        for part in node["$ref"].split("/")[1:]:
            target = target[part]
        node = target
    return node


def codes(name: str) -> list[str]:
    return [item["code"] for item in json.loads((DATA / f"{name}.json").read_text())[name]]


def test_the_document_is_a_valid_openapi_3_document(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_error_answer_is_the_problem_the_service_sends(document):
    assert "Error" not in document["components"]["schemas"]
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for path, method, operation in operations(document):
        assert "default" not in operation["responses"], (method, path)
        for status, response in operation["responses"].items():
            content = resolve(document, response).get("content")
            if status == "414":  # gunicorn's, before the app: a problem or its own page
                assert set(content) == {"application/problem+json", "text/html"}
            elif status.startswith(("4", "5")):
                assert list(content) == ["application/problem+json"], (method, path, status)
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"}


def test_every_operation_documents_its_success_answer(document):
    for path, method, operation in operations(document):
        success = [s for s in operation["responses"] if s.startswith("2")]
        assert success, (method, path)
        for status in success:
            assert resolve(document, operation["responses"][status])["content"], (method, path)


@pytest.mark.parametrize("method, path, schema", [
    ("post", "/api/v1/screenings", "ScreeningOut"),
    ("get", "/api/v1/screenings/{screening_id}", "ScreeningRecordOut"),
    ("get", "/api/v1/check", "CheckOut"),
    ("get", "/api/v1/changes", "ChangesOut"),
    ("get", "/api/v1/feeds", "FeedsOut"),
    ("post", "/api/v1/feeds/{name}/replay", "ReplayOut"),
    ("get", "/api/v1/reports/annual", "AnnualOut"),
    ("get", "/api/v1/reports/timeliness", "TimelinessOut"),
])
def test_the_answers_of_screening_sharing_and_reports_name_their_schema(
        document, method, path, schema):
    responses = document["paths"][path][method]["responses"]
    [status] = [s for s in responses if s.startswith("2")]
    assert responses[status]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{schema}"}


def test_the_export_documents_both_of_its_content_types(document, client):
    content = document["paths"]["/api/v1/exports/listings"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv"}
    for kind, media in (("json", "application/json"), ("csv", "text/csv")):
        answer = client.get(f"/api/v1/exports/listings?format={kind}")
        answer.get_data()  # the stream ends inside the request
        assert answer.mimetype == media


def test_each_error_status_the_operation_can_give_is_listed(document):
    paths = document["paths"]
    filing = paths["/api/v1/listings/{listing_id}/publish"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "422"} <= set(filing)
    assert {"413", "422"} <= set(paths["/api/v1/screenings"]["post"]["responses"])
    public = paths["/api/v1/public/listings"]["get"]["responses"]
    assert "429" in public and "Retry-After" in resolve(document, public["429"])["headers"]


def test_protected_operations_carry_the_bearer_scheme_and_their_role(document):
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    for path, method, operation in operations(document):
        if path.startswith(PUBLIC):
            assert operation["security"] == [], (method, path)
            continue
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        assert operation["x-roles"], (method, path)
        assert all(role in operation["description"] for role in operation["x-roles"])
    check = document["paths"]["/api/v1/check"]["get"]
    assert check["x-roles"] == ["screener", "admin"]


def test_enumerations_list_the_codes_of_data(document):
    schemas = document["components"]["schemas"]
    listing = schemas["ListingIn"]["properties"]
    assert listing["domain"]["enum"] == codes("domains")
    assert listing["category"]["enum"] == codes("categories")
    assert listing["measures"]["items"]["enum"] == codes("measures")
    assert set(schemas["EntityIn"]["properties"]["kind"]["enum"]) == {
        "legal_person", "natural_person", "individual_business"}
    assert set(schemas["PublishIn"]["properties"]["statement"]["enum"]) == {
        "waived", "reviewed", "none_received"}
    assert set(schemas["PenaltyIn"]["properties"]["severity"]["enum"]) == {
        "minor", "general", "serious"}
    query = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/listings"]["get"][
        "parameters"]}
    assert "listed" in query["status"]["enum"] and query["domain"]["enum"] == codes("domains")
    export = document["paths"]["/api/v1/exports/listings"]["get"]["parameters"]
    assert export[0]["schema"]["enum"] == ["csv", "json"]
    assert "x-codes" not in json.dumps(document)


def test_an_unknown_code_is_still_a_422_naming_the_field(client, housing):
    answer = client.get("/api/v1/listings?domain=nowhere", headers=housing)
    assert answer.status_code == 422 and "domain" in answer.json["errors"]
    answer = client.get("/api/v1/public/listings?domain=nowhere")
    assert answer.status_code == 422 and "domain" in answer.json["errors"]


def test_money_is_a_decimal_string(document, client, housing):
    fine = document["components"]["schemas"]["PenaltyIn"]["properties"]["fine_amount"]
    assert "string" in fine["type"] and fine["pattern"] == r"^[0-9]{1,16}(\.[0-9]{1,2})?$"
    answer = client.post("/api/v1/penalties", json=penalty_body(fine_amount=12000),
                         headers=housing)
    assert answer.status_code == 422 and "fine_amount" in answer.json["errors"]
    answer = client.post("/api/v1/penalties", json=penalty_body(fine_amount="12000.5"),
                         headers=housing)
    assert answer.status_code == 201 and answer.json["fine_amount"] == "12000.50"


def test_parties_are_between_one_and_a_thousand(document, client, screener):
    parties = document["components"]["schemas"]["ScreeningIn"]["properties"]["parties"]
    assert (parties["minItems"], parties["maxItems"]) == (1, 1000)
    for count, status in ((0, 422), (1001, 413)):
        answer = client.post("/api/v1/screenings", headers=screener,
                             json={"parties": [{"name": "某公司"}] * count})
        assert answer.status_code == status


def test_numbers_past_what_the_service_stores_are_a_422_naming_the_field(client, feed_reader):
    answer = client.get(f"/api/v1/changes?after={2**63}", headers=feed_reader)
    assert answer.status_code == 422 and "after" in answer.json["errors"]


def test_an_empty_domain_or_instant_in_a_check_is_a_422_as_the_document_says(client, screener):
    for empty in ("domain", "as_of"):
        answer = client.get(f"/api/v1/check?uscc={make_uscc()}&{empty}=", headers=screener)
        assert answer.status_code == 422 and empty in answer.json["errors"]
