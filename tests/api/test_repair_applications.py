"""A listed party applies for credit repair; the filing department decides within its
working-day limit, and an approval repairs the listing at once."""

import datetime as dt

import pytest

from tests.api.party_helpers import apply, repairable
from tests.factories import file_and_publish, person


def test_a_listed_party_applies_and_is_told_its_deadlines(client, housing):
    listing = repairable(client, housing)
    answer = apply(client, listing)
    assert answer.status_code == 201, answer.json
    body = answer.json
    # Received Fri 2026-11-27: 3 working days → Wed 12-02; 10 → Fri 12-11.
    assert body["status"] == "received" and body["decide_by"] == "2026-12-02"
    assert body["reply_by"] == "2026-12-11" and body["provisional"] is False
    assert body["received_at"].endswith("+08:00")
    assert "contact" not in body and "applicant" not in body


def test_the_deadline_counts_a_make_up_saturday_as_worked(client, housing, clock):
    listing = repairable(client, housing)
    clock.set(dt.datetime(2026, 9, 30, 2, tzinfo=dt.UTC))
    body = apply(client, listing).json
    # Wed 09-30; 10-01..07 国庆 off; Sat 10-10 is a 调休 working day: 10-08, 10-09, 10-10.
    assert body["decide_by"] == "2026-10-10", body


def test_an_application_before_the_minimum_period_is_too_early(client, housing):
    listing = file_and_publish(client, housing)
    answer = apply(client, listing)
    assert answer.status_code == 409 and answer.json["type"] == "/problems/repair-too-early"
    assert answer.json["repairable_from"] == "2027-11-20"


def test_a_second_application_while_one_is_pending_is_refused(client, housing):
    listing = repairable(client, housing)
    assert apply(client, listing).status_code == 201
    again = apply(client, listing)
    assert again.status_code == 409 and again.json["type"] == "/problems/application-open"


def test_an_identifier_that_is_not_the_listings_is_refused_naming_the_applicant(client, housing):
    listing = repairable(client, housing)
    other = file_and_publish(client, housing)["entity"]["uscc"]
    answer = apply(client, listing, applicant={"name": "冒名", "uscc": other})
    assert answer.status_code == 422 and "applicant" in answer.json["errors"]


def test_a_listing_not_listed_is_not_found(client, housing):
    listing = repairable(client, housing)
    client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "复议撤销"},
                headers=housing)
    assert apply(client, listing).status_code == 404
    assert apply(client, {**listing, "id": "no-such-listing"}).status_code == 404


@pytest.mark.parametrize("field, value", [
    ("commitment", False), ("statement", "整改\x00完成"), ("statement", "长" * 5001),
    ("contact", {"name": "王", "phone": "call me"}), ("evidence", ["x"] * 21),
])
def test_bad_application_fields_are_named(client, housing, field, value):
    listing = repairable(client, housing)
    answer = apply(client, listing, **{field: value})
    assert answer.status_code == 422, answer.json
    assert any(key.startswith(field) for key in answer.json["errors"]), answer.json


def test_the_status_is_told_to_the_applicant_only(client, housing):
    listing = repairable(client, housing, entity=person())
    created = apply(client, listing).json
    number = listing["entity"]["id_number"]
    url = f"/api/v1/public/repair-applications/{created['id']}"
    mine = client.get(f"{url}?id_number={number.lower()}")
    assert mine.status_code == 200 and mine.json["status"] == "received"
    assert "contact" not in mine.json and "statement" not in mine.json
    wrong = client.get(f"{url}?uscc=91320505MA1XXXXX0Y")
    assert wrong.status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?uscc=").status_code == 404


def decide(client, headers, application_id, **body):
    return client.post(f"/api/v1/repair-applications/{application_id}/decide", json=body,
                       headers=headers)


def test_approval_repairs_the_listing_in_the_same_step(client, housing, feed_reader):
    listing = repairable(client, housing)
    created = apply(client, listing).json
    answer = decide(client, housing, created["id"], outcome="approved",
                    decision_no="苏建修〔2026〕1号", reason="已履行处罚决定")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "approved" and answer.json["on_time"] is True
    assert answer.json["decision_no"] == "苏建修〔2026〕1号"
    after = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json
    assert after["status"] == "repaired"
    assert [a["action"] for a in after["history"]][-1] == "repair"
    assert client.get(f"/api/v1/public/listings/{listing['id']}").status_code == 404
    status = client.get(f"/api/v1/public/repair-applications/{created['id']}"
                        f"?uscc={listing['entity']['uscc']}").json
    assert status["status"] == "approved" and status["decision_no"] == "苏建修〔2026〕1号"


def test_a_decision_after_the_deadline_is_late(client, housing, clock):
    listing = repairable(client, housing)
    created = apply(client, listing).json
    clock.advance(days=6)  # Thu 12-03, past Wed 12-02
    answer = decide(client, housing, created["id"], outcome="rejected", reason="未履行罚款")
    assert answer.status_code == 200 and answer.json["on_time"] is False
    assert client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json["status"] \
        == "listed"


def test_an_approval_needs_a_decision_number_and_a_rejection_a_reason(client, housing):
    created = apply(client, repairable(client, housing)).json
    assert "decision_no" in decide(client, housing, created["id"], outcome="approved").json[
        "errors"]
    assert "reason" in decide(client, housing, created["id"], outcome="rejected").json["errors"]
    assert decide(client, housing, created["id"], outcome="maybe").status_code == 422


def test_a_decision_on_a_listing_revoked_meanwhile_is_refused_and_writes_nothing(client,
                                                                                  housing):
    listing = repairable(client, housing)
    created = apply(client, listing).json
    client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "复议撤销"},
                headers=housing)
    answer = decide(client, housing, created["id"], outcome="approved", decision_no="苏建修1号")
    assert answer.status_code == 409
    pending = client.get("/api/v1/repair-applications?status=received", headers=housing).json
    assert [a["id"] for a in pending["items"]] == [created["id"]]


def test_a_decision_on_a_listing_past_its_period_is_refused(client, housing, clock):
    listing = repairable(client, housing, publish_until="2026-12-31")
    created = apply(client, listing).json
    clock.set(dt.datetime(2027, 1, 2, 2, tzinfo=dt.UTC))
    answer = decide(client, housing, created["id"], outcome="rejected", reason="期满")
    assert answer.status_code == 409


def test_another_department_neither_sees_nor_decides_the_application(client, housing, token,
                                                                     admin):
    created = apply(client, repairable(client, housing)).json
    land = token("sz-land", "filer")
    assert client.get("/api/v1/repair-applications", headers=land).json["total"] == 0
    assert decide(client, land, created["id"], outcome="rejected",
                  reason="x").status_code == 404
    mine = client.get("/api/v1/repair-applications", headers=housing).json
    assert mine["total"] == 1 and mine["items"][0]["contact"]["phone"] == "0512-68881234"
    assert mine["items"][0]["applicant"]["name"]
    assert client.get("/api/v1/repair-applications", headers=admin).json["total"] >= 1


def test_every_step_is_in_the_audit_trail(client, housing, runtime):
    listing = repairable(client, housing)
    created = apply(client, listing).json
    decide(client, housing, created["id"], outcome="rejected", reason="材料不全")
    with runtime.uow(readonly=True) as uow:
        trail = [(e.actor_org, e.action) for e in uow.audit.history("repair_application",
                                                                    created["id"])]
    assert trail == [("public", "apply"), ("sz-housing", "rejected")]


def test_the_application_body_must_be_an_object(client):
    answer = client.post("/api/v1/public/repair-applications", json=["x"])
    assert answer.status_code == 400
