"""No request, however malformed, gets a 500: property-based bodies and query strings."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import listing_body, penalty_body

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["", "\x00", "2026-02-30", "9" * 40,
                                                           "9999-12-31", "0001-01-01"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)


def mutate(body: dict, data) -> dict:
    """A valid body with one field, or one entity field, replaced by anything at all."""
    body = json.loads(json.dumps(body))
    target = data.draw(st.sampled_from(["top", "entity"]))
    holder = body if target == "top" else body["entity"]
    key = data.draw(st.sampled_from(sorted(holder) + ["unexpected"]))
    holder[key] = data.draw(json_values)
    return body


def assert_handled(answer):
    assert answer.status_code < 500, (answer.status_code, answer.get_data(as_text=True)[:300])
    if answer.status_code >= 400:
        assert answer.mimetype == "application/problem+json"


@FUZZ
@given(data=st.data())
def test_any_listing_body_is_answered_without_a_500(client, housing, data):
    assert_handled(client.post("/api/v1/listings", json=mutate(listing_body(), data),
                               headers=housing))


@FUZZ
@given(data=st.data())
def test_any_penalty_body_is_answered_without_a_500(client, housing, data):
    assert_handled(client.post("/api/v1/penalties", json=mutate(penalty_body(), data),
                               headers=housing))


@FUZZ
@given(body=json_values, action=st.sampled_from(["publish", "revoke", "repair"]))
def test_any_transition_body_is_answered_without_a_500(client, housing, body, action):
    assert_handled(client.post(f"/api/v1/listings/x-{action}/{action}", json=body,
                               headers=housing))
    assert_handled(client.patch("/api/v1/listings/x", json=body, headers=housing))


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "domain", "page", "per_page", "status"]),
                              st.text(max_size=40), max_size=4))
def test_any_query_string_is_answered_without_a_500(client, housing, params):
    assert_handled(client.get("/api/v1/listings", query_string=params, headers=housing))
    assert_handled(client.get("/api/v1/public/listings", query_string=params))
    assert_handled(client.get("/api/v1/public/penalties", query_string=params))


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_raw_bytes_are_answered_without_a_500(client, housing, raw):
    assert_handled(client.post("/api/v1/listings", data=raw, content_type="application/json",
                               headers=housing))
