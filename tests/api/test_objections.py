"""A party objects to its entry: every view shows 异议处理中 until the department resolves it
(upheld: corrected or revoked; dismissed), and the feed hears of both."""

import pytest

from tests.api.party_helpers import lodge
from tests.factories import file_and_publish, file_listing, person


def resolve(client, headers, objection_id, **body):
    return client.post(f"/api/v1/objections/{objection_id}/resolve", json=body, headers=headers)


def events_of(client, feed_reader, listing_id):
    changes = client.get("/api/v1/changes", headers=feed_reader).json["changes"]
    return [(c["event"], c["listing"].get("under_objection")) for c in changes
            if c["listing"]["id"] == listing_id]


def test_an_objection_is_received_with_its_deadline(client, housing):
    listing = file_and_publish(client, housing)
    answer = lodge(client, listing)
    assert answer.status_code == 201, answer.json
    # Fri 2026-11-27 + 15 working days.
    assert answer.json["status"] == "open" and answer.json["resolve_by"] == "2026-12-18"
    assert "contact" not in answer.json


def test_an_open_objection_shows_in_every_view(client, housing, screener, feed_reader):
    listing = file_and_publish(client, housing, entity=person("赵异议"))
    lodge(client, listing)
    public = client.get(f"/api/v1/public/listings/{listing['id']}").json
    assert public["under_objection"] is True
    found = client.get("/api/v1/public/listings?q=赵异议").json["items"]
    assert [item["under_objection"] for item in found] == [True]
    page = client.get(f"/listings/{listing['id']}")
    assert "异议处理中" in page.get_data(as_text=True)
    assert "异议处理中" in client.get("/search?q=赵异议").get_data(as_text=True)
    number = listing["entity"]["id_number"]
    check = client.get(f"/api/v1/check?id_number={number}", headers=screener).json
    assert check["decision"] == "refuse" and check["matches"][0]["under_objection"] is True
    screening = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0457", "project_name": "某某采购项目",
        "domain": "procurement", "parties": [{"name": "赵异议", "id_number": number}]}).json
    assert screening["results"][0]["decision"] == "refuse"
    assert screening["results"][0]["matches"][0]["under_objection"] is True
    assert client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json[
        "under_objection"] is True
    assert events_of(client, feed_reader, listing["id"]) == [("listed", False), ("updated", True)]


def test_a_dismissed_objection_lifts_the_flag_and_leaves_the_entry(client, housing, screener,
                                                                   feed_reader):
    listing = file_and_publish(client, housing)
    objection = lodge(client, listing).json
    answer = resolve(client, housing, objection["id"], outcome="dismissed", reason="异议不成立")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "dismissed" and answer.json["on_time"] is True
    assert client.get(f"/api/v1/public/listings/{listing['id']}").json[
        "under_objection"] is False
    check = client.get(f"/api/v1/check?uscc={listing['entity']['uscc']}", headers=screener).json
    assert check["matches"][0]["under_objection"] is False
    assert events_of(client, feed_reader, listing["id"]) == [
        ("listed", False), ("updated", True), ("updated", False)]
    history = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json["history"]
    assert [h["action"] for h in history] == ["file", "publish", "object", "settle_objection"]
    assert history[2]["changes"]["under_objection"] == [False, True]


def test_an_upheld_objection_corrects_the_entry_in_one_change(client, housing, feed_reader):
    listing = file_and_publish(client, housing)
    objection = lodge(client, listing).json
    answer = resolve(client, housing, objection["id"], outcome="upheld", reason="金额有误",
                     action="correct", correction={"facts": "串通投标（金额已更正）"})
    assert answer.status_code == 200, answer.json
    public = client.get(f"/api/v1/public/listings/{listing['id']}").json
    assert public["facts"] == "串通投标（金额已更正）" and public["under_objection"] is False
    assert events_of(client, feed_reader, listing["id"])[-1] == ("updated", False)


def test_an_upheld_objection_may_revoke_the_entry(client, housing, feed_reader, screener):
    listing = file_and_publish(client, housing)
    objection = lodge(client, listing, grounds="wrong_party").json
    answer = resolve(client, housing, objection["id"], outcome="upheld", reason="认定对象错误",
                     action="revoke")
    assert answer.status_code == 200 and answer.json["action"] == "revoke"
    assert client.get(f"/api/v1/public/listings/{listing['id']}").status_code == 404
    assert events_of(client, feed_reader, listing["id"])[-1][0] == "removed"
    check = client.get(f"/api/v1/check?uscc={listing['entity']['uscc']}", headers=screener).json
    assert check["decision"] == "clear"


def test_a_party_may_not_object_again_while_its_objection_is_open(client, housing):
    listing = file_and_publish(client, housing)
    first = lodge(client, listing).json
    again = lodge(client, listing, grounds="other")
    assert again.status_code == 409 and again.json["type"] == "/problems/objection-open"
    resolve(client, housing, first["id"], outcome="dismissed", reason="不成立")
    second = lodge(client, listing, grounds="past_period")
    assert second.status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"grounds": "dislike"}, "grounds"), ({"statement": ""}, "statement"),
    ({"statement": "异\x07议"}, "statement"), ({"applicant": {"name": "某"}}, "applicant"),
])
def test_bad_objections_are_named(client, housing, body, field):
    listing = file_and_publish(client, housing)
    answer = lodge(client, listing, **body)
    assert answer.status_code == 422, answer.json
    assert any(key.startswith(field) for key in answer.json["errors"]), answer.json
    if field == "grounds":
        assert "wrong_content" in str(answer.json["errors"]["grounds"])


def test_an_objection_to_an_entry_not_listed_is_not_found(client, housing):
    pending = file_listing(client, housing)
    assert lodge(client, pending).status_code == 404


def test_resolving_needs_the_right_action(client, housing):
    objection = lodge(client, file_and_publish(client, housing)).json
    assert "action" in resolve(client, housing, objection["id"], outcome="upheld",
                               reason="x").json["errors"]
    assert "action" in resolve(client, housing, objection["id"], outcome="dismissed",
                               reason="x", action="revoke").json["errors"]
    assert "correction" in resolve(client, housing, objection["id"], outcome="upheld",
                                   reason="x", action="correct").json["errors"]
    assert resolve(client, housing, objection["id"], outcome="dismissed",
                   reason="x").status_code == 200
    assert resolve(client, housing, objection["id"], outcome="dismissed",
                   reason="x").status_code == 409


def test_another_department_neither_sees_nor_resolves_it(client, housing, token, admin, clock):
    objection = lodge(client, file_and_publish(client, housing)).json
    land = token("sz-land", "filer")
    assert client.get("/api/v1/objections", headers=land).json["total"] == 0
    assert resolve(client, land, objection["id"], outcome="dismissed",
                   reason="x").status_code == 404
    listed = client.get("/api/v1/objections?status=open", headers=admin).json
    assert objection["id"] in [o["id"] for o in listed["items"]]
    clock.advance(days=30)
    late = resolve(client, admin, objection["id"], outcome="dismissed", reason="不成立")
    assert late.status_code == 200 and late.json["on_time"] is False


def test_the_objection_status_is_told_to_its_applicant_only(client, housing):
    listing = file_and_publish(client, housing)
    objection = lodge(client, listing).json
    url = f"/api/v1/public/objections/{objection['id']}"
    assert client.get(f"{url}?uscc={listing['entity']['uscc']}").json["status"] == "open"
    assert client.get(f"{url}?uscc=91320505MA1XXXXX0Y").status_code == 404
    assert client.get(url).status_code == 404
