"""A department files, publishes, corrects, revokes and repairs listings over HTTP."""

import datetime as dt

from tests.factories import (
    company,
    file_and_publish,
    file_listing,
    make_uscc,
    person,
    publish,
)


def test_filing_a_company_answers_the_whole_listing(client, housing):
    uscc = make_uscc()
    listing = file_listing(client, housing, entity=company(uscc=uscc))
    assert listing["status"] == "pending" and listing["version"] == 1
    assert listing["entity"]["uscc"] == uscc
    assert listing["source"] == {"org": "sz-housing", "name": "市住建局",
                                 "uscc": listing["source"]["uscc"]}
    assert len(listing["source"]["uscc"]) == 18
    # Decision 2026-11-20 + the 12-month minimum; filed Fri 2026-11-27 + 5 working days.
    assert listing["repairable_from"] == "2027-11-20"
    assert listing["statement_deadline"] == "2026-12-04"
    assert listing["publish_until"] == "2029-11-19"
    assert listing["created_at"].endswith("+08:00")


def test_filing_without_measures_carries_joint_punishment_in_every_domain(client, housing):
    listing = file_listing(client, housing, measures=None)
    assert len(listing["measures"]) == 7 and "medical_ban" in listing["measures"]


def test_filing_a_natural_person_by_id_number(client, housing):
    listing = file_listing(client, housing, entity=person(id_number="11010519491231002x"))
    assert listing["entity"]["id_number"] == "11010519491231002X"
    assert "uscc" not in listing["entity"]


def test_the_same_uscc_is_always_the_same_entity_and_a_filing_renames_it(client, housing, admin):
    uscc = make_uscc()
    first = file_listing(client, housing, entity=company("苏州甲建筑有限公司", uscc))
    second = file_listing(client, housing, entity=company("苏州甲建设工程有限公司", uscc))
    assert second["entity"]["name"] == "苏州甲建设工程有限公司"
    assert "苏州甲建筑有限公司" in second["entity"]["former_names"]
    again = client.get(f"/api/v1/listings/{first['id']}", headers=housing).json
    assert again["entity"]["name"] == "苏州甲建设工程有限公司"


def test_publishing_after_a_waiver_lists_the_entry(client, housing):
    listing = file_listing(client, housing)
    listed = publish(client, housing, listing["id"], "waived")
    assert listed["status"] == "listed" and listed["statement"] == "waived"
    assert listed["version"] == 2


def test_none_received_before_the_statement_deadline_is_refused(client, housing, clock):
    listing = file_listing(client, housing)
    answer = client.post(f"/api/v1/listings/{listing['id']}/publish",
                         json={"statement": "none_received"}, headers=housing)
    assert answer.status_code == 409
    assert answer.json["type"] == "/problems/statement-period-open"
    assert "2026-12-04" in answer.json["detail"]
    clock.advance(days=8)   # past Fri 2026-12-04
    assert publish(client, housing, listing["id"], "none_received")["status"] == "listed"


def test_a_reviewed_statement_needs_a_note(client, housing):
    listing = file_listing(client, housing)
    answer = client.post(f"/api/v1/listings/{listing['id']}/publish",
                         json={"statement": "reviewed"}, headers=housing)
    assert answer.status_code == 422 and "note" in answer.json["errors"]
    assert publish(client, housing, listing["id"], "reviewed", note="陈述理由不成立")["status"] \
        == "listed"


def test_revoking_a_listed_entry(client, housing):
    listing = file_and_publish(client, housing)
    answer = client.post(f"/api/v1/listings/{listing['id']}/revoke",
                         json={"reason": "行政复议撤销原处罚决定"}, headers=housing)
    assert answer.status_code == 200 and answer.json["status"] == "revoked"
    again = client.post(f"/api/v1/listings/{listing['id']}/revoke",
                        json={"reason": "again"}, headers=housing)
    assert again.status_code == 409 and again.json["type"] == "/problems/invalid-transition"


def test_repair_before_the_minimum_period_says_when_it_becomes_possible(client, housing, clock):
    listing = file_and_publish(client, housing)
    body = {"decision_no": "苏信修〔2027〕1号", "reason": "已整改并作出信用承诺"}
    early = client.post(f"/api/v1/listings/{listing['id']}/repair", json=body, headers=housing)
    assert early.status_code == 409
    assert early.json["type"] == "/problems/repair-too-early"
    assert early.json["repairable_from"] == "2027-11-20" and "2027-11-20" in early.json["detail"]
    clock.set(dt.datetime(2027, 11, 20, 2, tzinfo=dt.timezone.utc))
    repaired = client.post(f"/api/v1/listings/{listing['id']}/repair", json=body, headers=housing)
    assert repaired.status_code == 200 and repaired.json["status"] == "repaired"


def test_a_pending_listing_cannot_be_repaired(client, housing):
    listing = file_listing(client, housing)
    answer = client.post(f"/api/v1/listings/{listing['id']}/repair",
                         json={"decision_no": "x", "reason": "y"}, headers=housing)
    assert answer.status_code == 409


def test_correcting_with_the_current_version_raises_it(client, housing):
    listing = file_and_publish(client, housing)
    answer = client.patch(f"/api/v1/listings/{listing['id']}", headers=housing, json={
        "version": listing["version"], "facts": "串通投标，情节严重", "measures": ["bid_ban"],
        "publish_until": "2028-11-19", "entity": {"former_names": ["苏州旧名有限公司"]}})
    assert answer.status_code == 200, answer.json
    assert answer.json["version"] == listing["version"] + 1
    assert answer.json["measures"] == ["bid_ban"]
    assert answer.json["entity"]["former_names"] == ["苏州旧名有限公司"]


def test_a_stale_version_is_refused(client, housing):
    listing = file_listing(client, housing)
    path = f"/api/v1/listings/{listing['id']}"
    assert client.patch(path, json={"version": 1, "facts": "a"}, headers=housing).status_code == 200
    stale = client.patch(path, json={"version": 1, "facts": "b"}, headers=housing)
    assert stale.status_code == 409 and stale.json["type"] == "/problems/stale-version"
    assert client.get(path, headers=housing).json["facts"] == "a"


def test_the_history_names_every_action_and_what_changed(client, housing):
    listing = file_and_publish(client, housing)
    client.patch(f"/api/v1/listings/{listing['id']}", headers=housing,
                 json={"version": listing["version"], "facts": "更正后的事实"})
    client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    history = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json["history"]
    assert [h["action"] for h in history] == ["file", "publish", "correct", "revoke"]
    assert history[0]["actor"] == {"org": "sz-housing", "sub": "sz-housing-clerk"}
    assert history[1]["changes"]["status"] == ["pending", "listed"]
    assert history[2]["changes"] == {"facts": ["串通投标", "更正后的事实"]}
    assert history[3]["changes"]["status"] == ["listed", "revoked"]


def test_another_departments_listing_is_not_revealed(client, housing, token, admin):
    listing = file_listing(client, housing)
    other = token("sz-ndrc", "filer")
    assert client.get(f"/api/v1/listings/{listing['id']}", headers=other).status_code == 404
    assert client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "x"},
                       headers=other).status_code == 404
    assert client.get(f"/api/v1/listings/{listing['id']}", headers=admin).status_code == 200


def test_a_filer_lists_its_own_orgs_listings_with_filters(client, housing, token, admin):
    file_and_publish(client, housing, entity=company("苏州乙科技有限公司"))
    file_listing(client, housing, entity=company("苏州丙贸易有限公司"))
    file_listing(client, token("sz-ndrc", "filer"))
    mine = client.get("/api/v1/listings?status=listed", headers=housing).json
    assert mine["total"] == 1 and mine["items"][0]["entity"]["name"] == "苏州乙科技有限公司"
    assert client.get("/api/v1/listings?q=丙贸易", headers=housing).json["total"] == 1
    everything = client.get("/api/v1/listings?per_page=2", headers=admin).json
    assert everything["total"] == 3 and len(everything["items"]) == 2
    assert everything["page"] == 1 and everything["per_page"] == 2


def test_expire_due_moves_past_due_entries_and_records_a_removal(client, housing, runtime):
    from blacklist.registry import filing

    listing = file_and_publish(client, housing, publish_until="2027-11-19")
    assert filing.expire_due(runtime.uow(), dt.date(2027, 11, 19)) == 0
    assert filing.expire_due(runtime.uow(), dt.date(2027, 11, 20)) == 1
    read = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json
    assert read["status"] == "expired" and read["history"][-1]["action"] == "expire"
    with runtime.uow(readonly=True) as uow:
        events = [c.event for c in uow.changes.after(0, 100)]
    assert events == ["listed", "removed"]


def test_expiring_many_at_once_goes_a_batch_at_a_time_and_misses_none(client, housing, runtime):
    from blacklist.registry import filing

    listed = [file_and_publish(client, housing, publish_until="2027-11-19") for _ in range(5)]
    assert filing.expire_due(runtime.uow(), dt.date(2027, 11, 20), batch=2) == 5
    assert {client.get(f"/api/v1/listings/{x['id']}", headers=housing).json["status"]
            for x in listed} == {"expired"}
    with runtime.uow(readonly=True) as uow:
        assert [c.event for c in uow.changes.after(0, 100)].count("removed") == 5
    assert filing.expire_due(runtime.uow(), dt.date(2027, 11, 20), batch=2) == 0
