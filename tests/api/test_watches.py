"""Watches over HTTP: registered with a first screening, re-screened on every change by the
leader's job, alerts recorded once and POSTed signed to a real receiver, closed by DELETE
or by date."""

import json

import pytest

from blacklist.errors import NotFound
from blacklist.infra.leadership import for_runtime
from blacklist.infra.principal import Principal
from blacklist.infra.runtime import Runtime
from blacklist.infra.signing import verify_compact, verify_detached
from sqlalchemy import delete, select, update

from blacklist.watching import rescreen, service
from blacklist.watching.models import Watch, WatchCursor, WatchKey
from jobs import tasks
from tests.factories import company, file_and_publish, make_uscc
from tests.reliability.receiver import Platform

NEAR = "苏州鑫恒泰隆建设工程有限公司"


@pytest.fixture
def platform():
    receiver = Platform().start()
    yield receiver
    receiver.stop()


def watch(client, headers, parties, status=201, **extra):
    body = {"project_code": "SZGP-2026-0457", "project_name": "某某采购项目",
            "domain": "procurement", "parties": parties, "until": "2026-12-31", **extra}
    answer = client.post("/api/v1/watches", json=body, headers=headers)
    assert answer.status_code == status, answer.json
    return answer.json


def run_watches(runtime, leader):
    result = tasks.run("watches", runtime, leader)
    assert result is not None, "the watches job failed"
    return result


def alerts(client, headers, watch_id):
    answer = client.get(f"/api/v1/watches/{watch_id}", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json["alerts"]


def test_a_watch_answers_with_its_first_screening_and_receipt(client, housing, screener):
    listed = file_and_publish(client, housing)
    made = watch(client, screener, [{"name": "甲", "uscc": listed["entity"]["uscc"]},
                                    {"name": "乙公司", "uscc": make_uscc()}])
    assert (made["status"], made["until"]) == ("open", "2026-12-31")
    screening = made["screening"]
    assert [r["decision"] for r in screening["results"]] == ["refuse", "clear"]
    payload = verify_compact(screening["receipt"], client.get("/.well-known/jwks.json").json)
    assert payload["id"] == screening["id"]
    kept = client.get(f"/api/v1/screenings/{screening['id']}", headers=screener)
    assert kept.status_code == 200
    assert [p["decision"] for p in made["parties"]] == ["refuse", "clear"]


def test_a_publication_alerts_the_watch_with_a_signed_post(
        client, housing, screener, runtime, leader, platform):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "乙公司", "uscc": make_uscc()},
                                    {"name": "苏州被盯建设工程有限公司", "uscc": uscc}],
                 callback_url=platform.url)
    listed = file_and_publish(client, housing, entity=company("苏州被盯建设工程有限公司", uscc=uscc))
    result = run_watches(runtime, leader)
    assert result["alerts"] == 1 and result["delivered"]["sent"] == 1
    [alert] = alerts(client, screener, made["id"])
    assert (alert["party_index"], alert["from"], alert["to"]) == (1, "clear", "refuse")
    assert alert["matches"][0]["listing_id"] == listed["id"]
    assert alert["delivery"]["status"] == "sent"
    jwks = client.get("/.well-known/jwks.json").json
    assert verify_compact(alert["receipt"], jwks)["parties"][0]["decision"] == "refuse"
    [record] = platform.records
    verify_detached(record["signature"], record["body"].encode(), jwks)
    body = json.loads(record["body"])
    assert (body["watch_id"], body["project_code"]) == (made["id"], "SZGP-2026-0457")
    assert body["alert"]["id"] == alert["id"] and body["alert"]["to"] == "refuse"
    run_watches(runtime, leader)
    assert len(platform.records) == 1   # acknowledged: never sent again


def test_an_unrelated_listing_alerts_nobody(client, housing, screener, runtime, leader):
    made = watch(client, screener, [{"name": "苏州安分守己建设工程有限公司", "uscc": make_uscc()}])
    file_and_publish(client, housing, entity=company("无锡毫不相干贸易有限公司"))
    assert run_watches(runtime, leader)["alerts"] == 0
    assert alerts(client, screener, made["id"]) == []


def test_a_near_name_listed_asks_for_review(client, housing, screener, runtime, leader):
    made = watch(client, screener, [{"name": "苏州鑫恒泰隆建筑工程有限公司"}])
    file_and_publish(client, housing, entity=company(NEAR))
    run_watches(runtime, leader)
    [alert] = alerts(client, screener, made["id"])
    assert (alert["to"], alert["matches"][0]["matched_on"]) == ("review", "near_name")


def test_a_listing_with_the_place_first_alerts_a_watch_on_the_bracketed_name(
        client, housing, screener, runtime, leader):
    made = watch(client, screener, [{"name": "华信达（太白县）电子科技有限公司"}])
    file_and_publish(client, housing, entity=company("太白县华信达电子科技有限公司"))
    run_watches(runtime, leader)
    [alert] = alerts(client, screener, made["id"])
    assert (alert["to"], alert["matches"][0]["matched_on"]) == ("review", "near_name")


def test_a_removal_is_recorded_without_a_callback(
        client, housing, screener, runtime, leader, platform):
    listed = file_and_publish(client, housing)
    made = watch(client, screener, [{"name": "甲", "uscc": listed["entity"]["uscc"]}],
                 callback_url=platform.url)
    answer = client.post(f"/api/v1/listings/{listed['id']}/revoke", headers=housing,
                         json={"reason": "行政复议撤销"})
    assert answer.status_code == 200
    run_watches(runtime, leader)
    [alert] = alerts(client, screener, made["id"])
    assert (alert["from"], alert["to"], alert["delivery"]["status"]) == ("refuse", "clear", "none")
    assert platform.records == []
    got = client.get(f"/api/v1/watches/{made['id']}", headers=screener).json
    assert got["parties"][0]["decision"] == "clear"


def test_two_servers_record_one_alert(client, housing, screener, runtime, settings, clock):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "甲", "uscc": uscc}])
    file_and_publish(client, housing, entity=company(uscc=uscc))
    other = Runtime.from_settings(settings, clock)
    leaders = [for_runtime(runtime, lease_seconds=30), for_runtime(other, lease_seconds=30)]
    try:
        for _ in range(2):
            for rt, lead in zip((runtime, other), leaders):
                tasks.run("watches", rt, lead)
        assert len(alerts(client, screener, made["id"])) == 1
    finally:
        for lead in leaders:
            lead.release()
        other.db.dispose()


def test_a_receiver_that_refuses_parks_the_alert_with_its_answer(
        client, housing, screener, runtime, leader):
    refusing = Platform(status=403).start()
    try:
        uscc = make_uscc()
        made = watch(client, screener, [{"name": "甲", "uscc": uscc}],
                     callback_url=refusing.url)
        file_and_publish(client, housing, entity=company(uscc=uscc))
        assert run_watches(runtime, leader)["delivered"]["parked"] == 1
        [alert] = alerts(client, screener, made["id"])
        assert alert["delivery"]["status"] == "parked"
        assert "403" in alert["delivery"]["answer"]
        metrics = client.get("/metrics").get_data(as_text=True)
        assert 'blacklist_watch_alerts{delivery="failed"} 1.0' in metrics
        assert 'blacklist_watch_alerts{delivery="sent"} 0.0' in metrics
    finally:
        refusing.stop()


def test_a_receiver_that_is_down_gets_the_alerts_in_order_when_it_returns(
        client, housing, screener, runtime, leader, clock):
    receiver = Platform(status=503).start()
    try:
        usccs = [make_uscc(), make_uscc()]
        made = watch(client, screener, [{"name": "甲", "uscc": u} for u in usccs],
                     callback_url=receiver.url)
        for uscc in usccs:
            file_and_publish(client, housing, entity=company(uscc=uscc))
        assert run_watches(runtime, leader)["delivered"]["retry"] == 1   # the second waits
        waiting = alerts(client, screener, made["id"])
        assert [a["delivery"]["status"] for a in waiting] == ["pending", "pending"]
        receiver.status = None   # back up
        clock.advance(minutes=1)
        assert run_watches(runtime, leader)["delivered"]["sent"] == 2
        sent = [json.loads(r["body"])["alert"]["id"] for r in receiver.records]
        assert sent == [a["id"] for a in waiting]
    finally:
        receiver.stop()


def test_delete_closes_the_watch_and_changes_alert_nobody(
        client, housing, screener, runtime, leader):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "甲", "uscc": uscc}])
    closed = client.delete(f"/api/v1/watches/{made['id']}", headers=screener)
    assert closed.status_code == 200
    assert (closed.json["status"], closed.json["closed_reason"]) == ("closed", "award")
    file_and_publish(client, housing, entity=company(uscc=uscc))
    assert run_watches(runtime, leader)["alerts"] == 0
    listed = client.get("/api/v1/watches?status=closed", headers=screener).json
    assert [w["id"] for w in listed["items"]] == [made["id"]]
    assert client.get("/api/v1/watches?status=open", headers=screener).json["total"] == 0


def test_a_watch_closes_by_itself_after_until(client, screener, runtime, leader, clock):
    made = watch(client, screener, [{"name": "甲", "uscc": make_uscc()}], until="2026-11-30")
    assert tasks.run("close-watches", runtime, leader) == {"closed": 0}
    clock.advance(days=4)   # 2026-12-01
    assert tasks.run("close-watches", runtime, leader) == {"closed": 1}
    assert tasks.run("close-watches", runtime, leader) == {"closed": 0}   # idempotent
    got = client.get(f"/api/v1/watches/{made['id']}", headers=screener).json
    assert (got["status"], got["closed_reason"]) == ("closed", "until")


def test_another_orgs_watch_is_not_revealed(client, screener, token, runtime, housing):
    made = watch(client, screener, [{"name": "甲", "uscc": make_uscc()}])
    # data/orgs.json has one screening org: another org is a principal of the service layer.
    stranger = Principal(sub="x", org="sz-finance", roles=frozenset({"screener"}))
    with pytest.raises(NotFound):
        service.get(runtime.uow(readonly=True), made["id"], stranger)
    with pytest.raises(NotFound):
        service.close(runtime.uow(), made["id"], stranger)
    assert service.listing(runtime.uow(readonly=True), stranger, None, 1, 20)["total"] == 0
    assert client.get(f"/api/v1/watches/{made['id']}", headers=housing).status_code == 403
    admin = token("sz-ops", "admin")
    assert client.get("/api/v1/watches", headers=admin).json["total"] == 1
    assert client.get(f"/api/v1/watches/{made['id']}", headers=admin).status_code == 200


def test_bad_watches_are_refused_naming_the_field(client, screener):
    party = {"name": "甲", "uscc": make_uscc()}
    assert watch(client, screener, [party] * 1001, status=413)["type"].endswith(
        "/too-many-parties")
    assert "parties" in watch(client, screener, [], status=422)["errors"]
    for until in ("2026-11-26", "2028-11-28", "soon"):
        assert "until" in watch(client, screener, [party], status=422, until=until)["errors"]
    for url in ("ftp://example.org/x", "example.org/x", "http://localhost/api/v1/x",
                "http://LOCALHOST:80/"):
        assert "callback_url" in watch(client, screener, [party], status=422,
                                       callback_url=url)["errors"], url
    assert watch(client, screener, [party], until="2028-11-27")["status"] == "open"


def test_a_watch_committed_after_the_job_passed_its_change_is_caught_up(
        client, housing, screener, runtime, leader):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "甲", "uscc": uscc}])
    run_watches(runtime, leader)
    file_and_publish(client, housing, entity=company(uscc=uscc))
    # As if this watch's first screening had been made before that publication and its row
    # committed only after the job had read past it.
    with runtime.db.engine.begin() as conn:
        conn.execute(update(Watch).where(Watch.id == made["id"]).values(ordinal=1000,
                                                                        first_seq=0))
        conn.execute(update(WatchCursor).values(seq=1))
    rescreen.rescreener(runtime).index = None   # a leader starting afresh
    run_watches(runtime, leader)
    [alert] = alerts(client, screener, made["id"])
    assert (alert["from"], alert["to"]) == ("clear", "refuse")
    run_watches(runtime, leader)
    assert len(alerts(client, screener, made["id"])) == 1


def test_a_listed_entity_gaining_the_partys_name_as_a_former_name_alerts(
        client, housing, screener, runtime, leader):
    listed = file_and_publish(client, housing, entity=company("苏州改名以后建设工程有限公司"))
    made = watch(client, screener, [{"name": "苏州改名以前贸易有限公司"}])
    run_watches(runtime, leader)
    corrected = client.patch(f"/api/v1/listings/{listed['id']}", headers=housing, json={
        "version": listed["version"], "entity": {"former_names": ["苏州改名以前贸易有限公司"]}})
    assert corrected.status_code == 200, corrected.json
    run_watches(runtime, leader)
    [alert] = alerts(client, screener, made["id"])
    assert (alert["from"], alert["to"]) == ("clear", "refuse")
    assert alert["matches"][0]["matched_on"] == "former_name"


def _take_over(runtime, settings, clock, leader):
    """The leader steps down; a second process (its own runtime) takes over."""
    leader.release()
    other = Runtime.from_settings(settings, clock)
    lead = for_runtime(other, lease_seconds=30)
    assert lead.ensure(), "the second process did not take over"
    return other, lead


def test_a_new_leader_alerts_for_a_listing_published_right_after_it_took_over(
        client, housing, screener, runtime, settings, clock, leader):
    uscc, near = make_uscc(), "苏州接班检测建设工程有限公司"
    made = watch(client, screener, [{"name": "乙公司", "uscc": make_uscc()},
                                    {"name": "丙公司", "uscc": uscc}, {"name": near}])
    run_watches(runtime, leader)
    other, lead = _take_over(runtime, settings, clock, leader)
    try:
        assert run_watches(other, lead)["watched_parties"] == 3   # loaded from stored keys
        file_and_publish(client, housing, entity=company(uscc=uscc))
        file_and_publish(client, housing, entity=company(near, uscc=make_uscc()))
        assert run_watches(other, lead)["alerts"] == 2
        got = alerts(client, screener, made["id"])
        assert [(a["party_index"], a["to"]) for a in got] == [(1, "refuse"), (2, "refuse")]
    finally:
        lead.release()
        other.db.dispose()


def test_a_listing_published_while_the_new_leader_loads_alerts(
        client, housing, screener, runtime, settings, clock, leader, monkeypatch):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "丁公司", "uscc": uscc}])
    run_watches(runtime, leader)
    other, lead = _take_over(runtime, settings, clock, leader)
    loading = rescreen.WatchIndex.load

    def publish_meanwhile(index, watches):
        file_and_publish(client, housing, entity=company(uscc=uscc))
        loading(index, watches)

    monkeypatch.setattr(rescreen.WatchIndex, "load", publish_meanwhile)
    try:
        run_watches(other, lead)
        [alert] = alerts(client, screener, made["id"])
        assert (alert["from"], alert["to"]) == ("clear", "refuse")
    finally:
        lead.release()
        other.db.dispose()


def test_a_watch_made_before_its_keys_were_stored_is_still_alerted(
        client, housing, screener, runtime, leader):
    uscc = make_uscc()
    made = watch(client, screener, [{"name": "戊公司", "uscc": uscc}])
    with runtime.db.engine.begin() as conn:   # as a watch made before migration 0006
        conn.execute(delete(WatchKey).where(WatchKey.watch_id == made["id"]))
    rescreen.rescreener(runtime).index = None
    run_watches(runtime, leader)
    with runtime.db.engine.connect() as conn:
        assert conn.execute(select(WatchKey.version).where(WatchKey.watch_id == made["id"])).one()
    file_and_publish(client, housing, entity=company(uscc=uscc))
    run_watches(runtime, leader)
    assert [a["to"] for a in alerts(client, screener, made["id"])] == ["refuse"]
