"""Penalties (双公示) are told their disclosure deadline and whether they were late."""

import datetime as dt

import pytest

from blacklist.infra.calendar import WorkCalendar
from tests.factories import company, penalty_body, person
from tests.fakes import FakeCalendar


def file(client, headers, **overrides):
    return client.post("/api/v1/penalties", json=penalty_body(**overrides), headers=headers)


def test_a_penalty_is_due_seven_working_days_after_its_decision(client, housing):
    answer = file(client, housing, decision_date="2026-09-24")
    assert answer.status_code == 201, answer.json
    body = answer.json
    # Thu 2026-09-24: the National Day week and the 10-10 make-up Saturday counted.
    assert body["disclosure_deadline"] == "2026-10-12"
    assert body["provisional"] is False
    assert body["late"] is True           # filed 2026-11-27, long after
    assert body["published_at"] is not None
    assert body["fine_amount"] == "12000.00"
    assert body["authority"]["org"] == "sz-housing" and body["source"]["name"] == "市住建局"


def test_a_penalty_filed_within_its_deadline_is_on_time(client, housing):
    body = file(client, housing, decision_date="2026-11-24").json
    assert body["disclosure_deadline"] == "2026-12-03" and body["late"] is False


def test_a_deadline_running_into_an_unknown_year_is_provisional(client, housing, clock):
    clock.set(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    body = file(client, housing, decision_date="2026-12-24").json
    assert body["provisional"] is True
    assert body["disclosure_deadline"] >= "2027-01-04"


NEXT_YEARS_NOTICE = WorkCalendar({"years": [2027], "holidays": ["2027-01-01"], "workdays": []})


@pytest.mark.parametrize("seams", [{"calendar": NEXT_YEARS_NOTICE}])
def test_calendar_overrides_in_data_make_a_later_year_certain(client, housing, clock):
    clock.set(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    body = file(client, housing, decision_date="2026-12-24").json
    assert body["provisional"] is False
    # 12-25, 28, 29, 30, 31, (1-1 holiday), 1-4, 1-5
    assert body["disclosure_deadline"] == "2027-01-05"


@pytest.mark.parametrize("seams", [{"calendar": FakeCalendar(holidays=["2026-11-26"])}])
def test_the_deadline_counts_only_the_days_the_calendar_says_are_worked(client, housing):
    body = file(client, housing, decision_date="2026-11-24").json
    # 2026-12-03 on the mainland calendar; one day later with 11-26 off.
    assert body["disclosure_deadline"] == "2026-12-04" and body["provisional"] is False


@pytest.mark.parametrize("seams", [{"calendar": FakeCalendar(known_until=2025)}])
def test_a_deadline_the_calendar_cannot_vouch_for_is_provisional(client, housing):
    body = file(client, housing, decision_date="2026-11-24").json
    assert body["provisional"] is True


def test_a_draft_is_late_when_published_after_its_deadline(client, housing, clock):
    draft = file(client, housing, decision_date="2026-11-26", publish=False).json
    assert draft["published_at"] is None and draft["late"] is False
    clock.set(dt.datetime(2026, 12, 9, 2, tzinfo=dt.UTC))
    published = client.post(f"/api/v1/penalties/{draft['id']}/publish", headers=housing)
    assert published.status_code == 200
    assert published.json["disclosure_deadline"] == "2026-12-07"
    assert published.json["late"] is True
    again = client.post(f"/api/v1/penalties/{draft['id']}/publish", headers=housing)
    assert again.status_code == 409


def test_a_penalty_can_be_read_back_by_its_department_only(client, housing, token):
    body = file(client, housing, entity=person()).json
    assert client.get(f"/api/v1/penalties/{body['id']}", headers=housing).json == body
    other = token("sz-land", "filer")
    assert client.get(f"/api/v1/penalties/{body['id']}", headers=other).status_code == 404


@pytest.mark.parametrize("severity, publish_until, status", [
    ("minor", "2027-02-19", 201), ("minor", "2027-02-20", 422),
    ("general", "2027-11-19", 201), ("general", "2027-11-20", 422),
    ("serious", "2029-11-19", 201),
])
def test_severity_sets_the_publication_period(client, housing, severity, publish_until, status):
    answer = file(client, housing, severity=severity, publish_until=publish_until)
    assert answer.status_code == status, answer.json


@pytest.mark.parametrize("field, value", [
    ("severity", "catastrophic"), ("fine_amount", "-5"), ("fine_amount", "lots"),
    ("domain", "space"), ("decision_date", "2026-13-01"),
])
def test_bad_penalty_fields_are_named(client, housing, field, value):
    answer = file(client, housing, **{field: value})
    assert answer.status_code == 422 and field in answer.json["errors"], answer.json


def test_the_same_penalty_decision_twice_is_a_conflict(client, housing):
    entity = company()
    body = penalty_body(entity=entity, decision_no="苏建罚〔2026〕88号")
    assert client.post("/api/v1/penalties", json=body, headers=housing).status_code == 201
    again = client.post("/api/v1/penalties", json=body, headers=housing)
    assert again.status_code == 409 and again.json["type"] == "/problems/duplicate-decision"


def test_published_penalties_are_public_and_drafts_are_not(client, housing):
    file(client, housing, entity=company("苏州公开处罚有限公司"))
    file(client, housing, entity=company("苏州草稿处罚有限公司"), publish=False)
    found = client.get("/api/v1/public/penalties?q=处罚有限公司").json
    assert [p["entity"]["name"] for p in found["items"]] == ["苏州公开处罚有限公司"]


def test_a_provisional_deadline_skips_the_next_years_statutory_holidays(client, housing, clock):
    clock.set(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    body = file(client, housing, decision_date="2026-12-23").json
    # 12-24, 25, 28, 29, 30, 31, (2027-01-01 元旦, computed, not yet in any notice), 01-04.
    assert body["disclosure_deadline"] == "2027-01-04" and body["provisional"] is True
