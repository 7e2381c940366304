"""The public export, the timeliness report, and the expire and deadlines jobs."""

import csv
import datetime as dt
import io

from blacklist.infra.leadership import for_runtime
from blacklist.sharing.export import COLUMNS
from jobs import tasks
from tests.factories import company, file_and_publish, file_listing, penalty_body, person


def test_the_csv_export_carries_the_shuanggongshi_field_names_and_masks(client, housing):
    listed = file_and_publish(client, housing, entity=person(name="王五"))
    file_listing(client, housing, entity=company(name="未公示公司"))
    answer = client.get("/api/v1/exports/listings?format=csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert row["行政相对人名称"] == "王五" and row["行政相对人类别"] == "自然人"
    assert row["证件号码"] != listed["entity"]["id_number"] and "*" in row["证件号码"]
    assert row["数据来源单位"] == "市住建局" and row["数据来源单位统一社会信用代码"]
    assert listed["entity"]["id_number"] not in answer.get_data(as_text=True)


def test_the_json_export_is_one_array_of_listed_entries(client, housing):
    first = file_and_publish(client, housing)
    second = file_and_publish(client, housing)
    answer = client.get("/api/v1/exports/listings?format=json")
    assert answer.status_code == 200
    assert sorted(item["id"] for item in answer.json) == sorted([first["id"], second["id"]])
    assert client.get("/api/v1/exports/listings?format=xml").status_code == 422


def test_the_export_leaves_out_entries_past_their_period_before_the_expire_job(
        client, housing, clock):
    file_and_publish(client, housing, publish_until="2027-11-19")
    lasting = file_and_publish(client, housing)
    clock.set(dt.datetime(2027, 11, 20, 2, tzinfo=dt.timezone.utc))
    ids = [item["id"] for item in client.get("/api/v1/exports/listings?format=json").json]
    assert ids == [lasting["id"]]


def test_expiry_emits_a_removal_that_the_next_push_carries(runtime, client, housing, clock):
    listing = file_and_publish(client, housing, publish_until="2027-12-31")
    leader = for_runtime(runtime, lease_seconds=30)
    clock.set(dt.datetime(2028, 1, 1, 2, 0, tzinfo=dt.UTC))
    assert tasks.run("expire", runtime, leader) == {"expired": 1}
    assert tasks.run("expire", runtime, leader) == {"expired": 0}  # idempotent
    leader.release()
    changes = client.get("/api/v1/changes", headers=_feed(client, runtime)).json["changes"]
    assert [(c["event"], c["listing"]["id"]) for c in changes][-1] == ("removed", listing["id"])


def _feed(client, runtime):
    import time
    import uuid

    now = int(time.time())
    claims = {"sub": "t", "org": "sz-credit", "roles": ["feed"], "iat": now, "exp": now + 600,
              "iss": runtime.settings.keys.issuer, "aud": runtime.settings.keys.audience,
              "jti": str(uuid.uuid4())}
    return {"Authorization": f"Bearer {runtime.keys.sign_token(claims)}"}


def _penalty(client, housing, **body):
    answer = client.post("/api/v1/penalties", json=penalty_body(**body), headers=housing)
    assert answer.status_code == 201, answer.json
    return answer.json


def test_timeliness_counts_on_time_late_and_overdue_drafts(client, housing, admin, runtime):
    _penalty(client, housing, decision_date="2026-11-20")                      # on time
    late = _penalty(client, housing, decision_date="2026-11-10")               # late
    draft = _penalty(client, housing, decision_date="2026-11-12", publish=False)  # overdue
    _penalty(client, housing, decision_date="2026-11-26", publish=False)       # not yet due
    answer = client.get("/api/v1/reports/timeliness?from=2026-11-01&to=2026-11-30",
                        headers=admin)
    assert answer.status_code == 200
    [group] = answer.json["items"]
    assert (group["org"], group["domain"]) == ("sz-housing", "construction")
    assert (group["on_time"], group["late"], group["overdue_drafts"], group["drafts_due"]) == \
        (1, 1, 1, 1)
    assert [item["id"] for item in group["late_items"]] == [late["id"]]
    assert [item["id"] for item in group["overdue_items"]] == [draft["id"]]
    leader = for_runtime(runtime, lease_seconds=30)
    assert tasks.run("deadlines", runtime, leader)["overdue"] == 1
    leader.release()


def test_timeliness_is_for_admins_and_checks_its_dates(client, housing, admin):
    assert client.get("/api/v1/reports/timeliness", headers=housing).status_code == 403
    bad = client.get("/api/v1/reports/timeliness?from=2026-12-01&to=2026-11-01", headers=admin)
    assert bad.status_code == 422
    assert client.get("/api/v1/reports/timeliness?from=junk", headers=admin).status_code == 422


def test_every_csv_row_says_what_the_public_view_of_its_entry_says(
        client, housing, runtime, tmp_path):
    from tests.api.test_import import jsonl, run
    from tests.factories import listing_body

    from blacklist.sharing.export import csv_row

    file_and_publish(client, housing, entity=person(name="赵六"))
    file_and_publish(client, housing, domain="housing", measures=["housing_ban"], entity=company(
        "苏州代表建设有限公司", legal_representative={"name": "钱七", "id_number": "320500198001010015"}))
    imported = [listing_body(decision_date="2026-10-01", entity=person(name="孙八")),
                listing_body(decision_date="2026-10-01")]
    assert run(runtime, jsonl(tmp_path, imported)).imported == 2
    views = {item["id"]: item for item in client.get("/api/v1/exports/listings?format=json").json}
    text_ = client.get("/api/v1/exports/listings?format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text_)))[1:]
    assert len(rows) == len(views) == 4
    for row in rows:
        listing_id = row[-1].split()[1].split("；")[0]
        expected = [("" if v is None else str(v))
                    for v in csv_row(views[listing_id], runtime.reference)]
        assert row == expected
    assert "320500198001010015" not in text_ and "钱七" in text_
    assert any("；来源：legacy" in row[-1] for row in rows)


def test_an_export_given_up_halfway_leaves_the_next_reader_a_working_connection(
        client, housing, runtime):
    from blacklist.sharing import export

    ids = {file_and_publish(client, housing)["id"] for _ in range(5)}
    for kind in (export.as_csv, export.as_json):
        download = kind(runtime.uow(readonly=True), batch=2)
        next(download), next(download)      # the client goes away with rows still to come
        download.close()
        answer = client.get("/api/v1/exports/listings?format=json")
        assert answer.status_code == 200
        assert {item["id"] for item in answer.json} == ids
