"""The yearly account: listings, removals, penalties on time and screenings, per domain
and per department."""

import datetime as dt

import pytest

from tests.factories import company, file_and_publish, file_listing, penalty_body


def test_the_annual_report_counts_the_year(client, housing, finance, screener, clock):
    kept = file_and_publish(client, housing)
    revoked = file_and_publish(client, housing, domain="housing", measures=["housing_ban"])
    file_and_publish(client, finance, domain="procurement", measures=["procurement_ban"])
    file_listing(client, housing)                                   # pending: not counted
    client.post(f"/api/v1/listings/{revoked['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    client.post("/api/v1/penalties", json=penalty_body(decision_date="2026-11-25"),
                headers=housing)                                    # on time
    client.post("/api/v1/penalties", json=penalty_body(decision_date="2026-09-24"),
                headers=housing)                                    # late
    client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-1", "domain": "construction",
        "parties": [{"name": kept["entity"]["name"], "uscc": kept["entity"]["uscc"]},
                    {"name": "苏州无关公司", "uscc": company()["uscc"]}]})
    report = client.get("/api/v1/reports/annual?year=2026").json
    listings = report["listings"]
    assert listings["new"] == 3
    assert listings["new_by_domain"] == {"construction": 1, "housing": 1, "procurement": 1}
    assert listings["new_by_department"] == {"sz-housing": 2, "sz-finance": 1}
    assert listings["new_by_month"]["2026-11"] == 3 and listings["new_by_month"]["2026-01"] == 0
    assert listings["removals"] == {"expired": 0, "repaired": 0, "revoked": 1}
    assert listings["removals_by_domain"]["housing"]["revoked"] == 1
    assert listings["listed_at_year_end"] == {"construction": 1, "procurement": 1}
    housing_row = next(d for d in report["penalties"]["by_department"]
                       if d["org"] == "sz-housing")
    assert (housing_row["filed"], housing_row["on_time"], housing_row["late"]) == (2, 1, 1)
    assert housing_row["share_on_time"] == 0.5 and housing_row["name"] == "市住建局"
    assert report["screenings"]["total"] == 1 and report["screenings"]["refusals"] == 1


def test_an_entry_that_expires_before_year_end_is_not_listed_at_year_end(client, housing, clock):
    file_and_publish(client, housing, publish_until="2027-11-19")
    clock.set(dt.datetime(2027, 12, 1, 2, tzinfo=dt.timezone.utc))
    report = client.get("/api/v1/reports/annual?year=2027").json
    assert report["listings"]["listed_at_year_end"] == {}
    assert client.get("/api/v1/reports/annual?year=2026").json["listings"][
        "listed_at_year_end"] == {"construction": 1}


def test_the_year_is_required_and_checked(client):
    assert client.get("/api/v1/reports/annual").status_code == 422
    assert "year" in client.get("/api/v1/reports/annual?year=abc").json["errors"]


def test_a_closed_year_counted_by_the_job_is_answered_without_counting_again(
        client, housing, clock, runtime, monkeypatch):
    from blacklist.public import reports, year_ends
    from blacklist.public.tallies import LATE_KEY

    file_and_publish(client, housing)
    file_and_publish(client, housing, domain="housing", measures=["housing_ban"])
    clock.set(dt.datetime(2027, 2, 1, 2, tzinfo=dt.timezone.utc))
    assert reports.keep_closed_years(runtime.uow()) == [2026]
    assert reports.keep_closed_years(runtime.uow()) == []          # nothing stale: no work
    counted = year_ends.counted
    monkeypatch.setattr(year_ends, "counted", lambda *a: pytest.fail("counted again"))
    monkeypatch.setattr(reports, "_CLOSED_YEARS", {})              # a new process
    figures = client.get("/api/v1/reports/annual?year=2026").json["listings"]
    assert figures["listed_at_year_end"] == {"construction": 1, "housing": 1}
    assert figures["listed_at_year_end_by_department"] == {"sz-housing": 2}
    with runtime.uow() as uow:                      # a change dated in a closed year
        uow.public_entries.bump([LATE_KEY], +1)
        uow.commit()
    monkeypatch.setattr(year_ends, "counted", counted)
    stale = client.get("/api/v1/reports/annual?year=2026").json["listings"]
    assert stale["listed_at_year_end"] == {"construction": 1, "housing": 1}
    assert reports.keep_closed_years(runtime.uow()) == [2026]
