"""The timeliness report covers repair applications and objections per department, and the
deadlines job logs those near or past their limit."""

import logging

from blacklist.infra.leadership import for_runtime
from jobs import tasks
from tests.api.party_helpers import apply, lodge, repairable
from tests.factories import file_and_publish


def test_decided_on_time_late_and_open_past_the_deadline_per_department(client, housing,
                                                                        admin, clock):
    on_time = apply(client, repairable(client, housing)).json
    client.post(f"/api/v1/repair-applications/{on_time['id']}/decide",
                json={"outcome": "rejected", "reason": "材料不全"}, headers=housing)
    late = apply(client, repairable(client, housing)).json
    still_open = apply(client, repairable(client, housing)).json
    objection = lodge(client, file_and_publish(client, housing)).json
    clock.advance(days=7)                         # Fri 12-04: past Wed 12-02
    client.post(f"/api/v1/repair-applications/{late['id']}/decide",
                json={"outcome": "rejected", "reason": "逾期"}, headers=housing)
    answer = client.get("/api/v1/reports/timeliness?from=2026-11-01&to=2026-12-31",
                        headers=admin)
    assert answer.status_code == 200, answer.json
    [department] = answer.json["party"]
    assert department["org"] == "sz-housing" and department["org_name"] == "市住建局"
    assert department["repair_applications"] == {
        "received": 3, "decided_on_time": 1, "decided_late": 1, "open": 1,
        "open_past_deadline": 1, "overdue_ids": [still_open["id"]]}
    assert department["objections"]["open"] == 1
    assert department["objections"]["open_past_deadline"] == 0   # due 12-18
    assert objection["resolve_by"] == "2026-12-18"


def test_the_deadlines_job_logs_requests_past_and_near_their_deadline(client, housing, runtime,
                                                                      clock, caplog):
    overdue = apply(client, repairable(client, housing)).json
    clock.advance(days=5)                         # Wed 12-02: the first is due today
    soon = apply(client, repairable(client, housing)).json
    clock.advance(days=1)                         # Thu 12-03: the first is overdue
    leader = for_runtime(runtime, lease_seconds=30)
    try:
        with caplog.at_level(logging.INFO, logger="blacklist.party.timeliness"):
            result = tasks.run("deadlines", runtime, leader)
            again = tasks.run("deadlines", runtime, leader)
    finally:
        leader.release()
    assert result["requests_overdue"] == 1 and result["requests_due_soon"] == 0
    assert again == result                        # idempotent: it only reports
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warned and warned[0].repair_application == overdue["id"]
    assert soon["decide_by"] == "2026-12-07"


def test_the_widest_period_is_answered(client, admin):
    answer = client.get("/api/v1/reports/timeliness?from=0001-01-01&to=9999-12-31",
                        headers=admin)
    assert answer.status_code == 200 and answer.json["party"] == []


def test_the_deadlines_job_tells_of_a_request_due_within_a_working_day(client, housing, runtime,
                                                                       clock, caplog):
    clock.advance(days=5)                         # Wed 12-02
    soon = apply(client, repairable(client, housing)).json
    clock.advance(days=2)                         # Fri 12-04: due on Mon 12-07, the next working day
    leader = for_runtime(runtime, lease_seconds=30)
    try:
        with caplog.at_level(logging.INFO, logger="blacklist.party.timeliness"):
            result = tasks.run("deadlines", runtime, leader)
    finally:
        leader.release()
    assert soon["decide_by"] == "2026-12-07"
    assert result["requests_due_soon"] == 1 and result["requests_overdue"] == 0
    [told] = [r for r in caplog.records if r.name == "blacklist.party.timeliness"]
    assert told.levelno == logging.INFO and told.repair_application == soon["id"]
    assert told.deadline == "2026-12-07"
