"""Moving the old list in: JSON Lines and 双公示 CSV, UTF-8 and GB18030, rejected rows, the
same file twice, a changed row, a killed import, and the imported entries refusing bidders,
read-only, and named with their authority everywhere."""

import csv
import io
import json

import pytest

from api import imports as importer
from blacklist.infra.clock import rfc3339
from blacklist.infra.db import BULK_TABLES
from blacklist.joint import imports
from blacklist.joint.imports import Defaults
from blacklist.trail import audit, events
from tests.api.test_audit_and_cli import run_cli
from tests.api.test_public_deep_pages import _pages, small_blocks  # noqa: F401 (a fixture)
from tests.api.test_screening import decision
from tests.factories import listing_body, make_id_number, make_uscc
from tests.reliability.conftest import wait_for

LEGACY = Defaults("legacy", "苏州市原信用平台", None)
HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件号码",
          "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚决定日期", "公示截止期",
          "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "领域", "惩戒措施"]


def jsonl(tmp_path, bodies, name="old.jsonl", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("".join(json.dumps(b, ensure_ascii=False) + "\n"
                             for b in bodies).encode(encoding))
    return path


def csv_row(n, **over):
    row = {"行政相对人名称": f"苏州旧单{n}建设有限公司", "行政相对人类别": "法人及非法人组织",
           "统一社会信用代码": make_uscc(1000 + n), "法定代表人": "张三", "证件号码": "",
           "行政处罚决定书文号": f"苏建罚〔2025〕{n}号", "违法行为类型": "严重破坏市场公平竞争秩序和骗取公共资源的行为",
           "违法事实": "串通投标", "处罚依据": "《招标投标法》第五十三条", "处罚决定日期": "2026/06/01",
           "公示截止期": "", "处罚机关": "江苏省住房和城乡建设厅",
           "处罚机关统一社会信用代码": "", "数据来源单位": "江苏省住房和城乡建设厅",
           "领域": "工程建设项目招标投标", "惩戒措施": "bid_ban;限制参与政府采购活动"}
    row.update(over)
    return row


def csv_file(tmp_path, rows, encoding="gb18030", bom=False, name="old.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER)
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") * bom
                     + buffer.getvalue().encode(encoding))
    return path


def run(runtime, path, defaults=LEGACY, **kw):
    return importer.run(runtime, path, defaults, bar=False, **kw)


def public(client, **query):
    return client.get("/api/v1/public/listings", query_string=query).json


def test_a_jsonl_import_lists_entries_that_refuse_bidders(runtime, client, screener, tmp_path):
    bodies = [listing_body(decision_date="2026-10-01") for _ in range(3)]
    summary = run(runtime, jsonl(tmp_path, bodies))
    assert (summary.imported, summary.rejected) == (3, 0)
    verdict, matches = decision(client, screener, {"name": "某某", "uscc": bodies[0]["entity"]["uscc"]},
                                domain="construction")
    assert verdict == "refuse"
    assert matches[0]["origin"] == "legacy"
    assert matches[0]["source"] == {"org": "legacy", "name": "苏州市原信用平台"}
    found = public(client, q=bodies[1]["entity"]["uscc"])["items"]
    assert found[0]["origin"] == "legacy" and found[0]["source"]["name"] == "苏州市原信用平台"


@pytest.mark.parametrize("encoding,bom", [("gb18030", False), ("utf-8", True), ("utf-8", False)])
def test_a_shuanggongshi_csv_is_read_in_either_encoding(runtime, client, tmp_path, encoding, bom):
    path = csv_file(tmp_path, [csv_row(1), csv_row(2)], encoding=encoding, bom=bom)
    summary = run(runtime, path, encoding=None)
    assert (summary.imported, summary.rejected) == (2, 0)
    item = public(client, q=csv_row(1)["统一社会信用代码"])["items"][0]
    assert item["entity"]["name"] == "苏州旧单1建设有限公司"
    assert item["domain"] == "construction"
    assert item["measures"] == ["bid_ban", "procurement_ban"]
    assert item["source"]["name"] == "江苏省住房和城乡建设厅" and item["origin"] == "legacy"
    assert public(client, source="legacy")["total"] == 2
    assert public(client, source="nobody")["total"] == 0


def test_bad_rows_are_rejected_with_line_and_reason_and_the_rest_imported(runtime, tmp_path):
    good = listing_body(decision_date="2026-10-01")
    bad_digit = listing_body(entity={"kind": "legal_person", "name": "某公司",
                                     "uscc": make_uscc(5)[:-1] + "0"})
    unknown = listing_body(domain="nowhere")
    future = listing_body(decision_date="2027-01-01")
    too_long = listing_body(decision_date="2026-10-01", publish_until="2040-01-01")
    missing = {k: v for k, v in listing_body().items() if k != "facts"}
    path = jsonl(tmp_path, [good, bad_digit, unknown, future, too_long, missing])
    with path.open("a") as f:
        f.write('{"entity": {"kind": "legal_pe')          # truncated last line
    summary = run(runtime, path)
    assert (summary.imported, summary.rejected) == (1, 6)
    rejected = [json.loads(line) for line in (tmp_path / "old.jsonl.rejected").open()]
    by_line = {r["line"]: r["errors"] for r in rejected}
    assert set(by_line) == {2, 3, 4, 5, 6, 7}
    assert "entity.uscc" in by_line[2] and "domain" in by_line[3]
    assert "decision_date" in by_line[4] and "publish_until" in by_line[5]
    assert "facts" in by_line[6] and "_line" in by_line[7]


def test_importing_twice_doubles_nothing_and_a_changed_row_updates_its_entry(
        runtime, client, feed_reader, tmp_path):
    bodies = [listing_body(decision_date="2026-10-01") for _ in range(3)]
    run(runtime, jsonl(tmp_path, bodies))
    again = run(runtime, jsonl(tmp_path, bodies))
    assert (again.imported, again.unchanged) == (0, 3)
    bodies[1]["facts"] = "串通投标，情节严重"
    third = run(runtime, jsonl(tmp_path, bodies))
    assert (third.imported, third.updated, third.unchanged) == (0, 1, 2)
    changes = client.get("/api/v1/changes?include_sources=true&limit=100",
                         headers=feed_reader).json["changes"]
    assert [c["event"] for c in changes] == ["listed"] * 3 + ["updated"]
    assert changes[-1]["listing"]["facts"] == "串通投标，情节严重"
    assert public(client, source="legacy")["total"] == 3
    assert audit.verify_chain(runtime.uow(readonly=True))[0] is True


def test_imported_entries_are_read_only_and_name_their_owner(runtime, client, housing,
                                                             tmp_path):
    run(runtime, jsonl(tmp_path, [listing_body(decision_date="2026-10-01")]))
    [item] = public(client, source="legacy")["items"]
    for action, body in (("revoke", {"reason": "撤销"}), ("publish", {"statement": "waived"}),
                         ("repair", {"decision_no": "修复1号", "reason": "已整改"})):
        answer = client.post(f"/api/v1/listings/{item['id']}/{action}", json=body,
                             headers=housing)
        assert answer.status_code == 409, answer.json
        assert answer.json["type"].endswith("/owned-elsewhere")
        assert "苏州市原信用平台" in answer.json["detail"]
    patch = client.patch(f"/api/v1/listings/{item['id']}", json={"version": 1, "facts": "x"},
                         headers=housing)
    assert patch.status_code == 409


def test_a_row_with_an_org_is_the_citys_own_entry(runtime, client, housing, tmp_path):
    body = {**listing_body(decision_date="2026-10-01"), "org": "sz-housing"}
    run(runtime, jsonl(tmp_path, [body]))
    [item] = public(client, source="sz-housing")["items"]
    assert item["origin"] == "local" and item["source"]["org"] == "sz-housing"
    answer = client.post(f"/api/v1/listings/{item['id']}/revoke", json={"reason": "撤销"},
                         headers=housing)
    assert answer.status_code == 200


def test_the_command_exits_by_what_it_took(settings, runtime, tmp_path):
    good = jsonl(tmp_path, [listing_body(decision_date="2026-10-01")], name="good.jsonl")
    result = run_cli(settings, "import", str(good), "--source", "legacy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported 1, unchanged 0, rejected 0 in ")
    mixed = jsonl(tmp_path, [listing_body(decision_date="2026-10-01"), listing_body(domain="x")],
                  name="mixed.jsonl")
    result = run_cli(settings, "import", str(mixed), "--source", "legacy")
    assert result.returncode == 1 and "rejected 1" in result.stdout
    assert (tmp_path / "mixed.jsonl.rejected").exists()


def test_a_file_in_no_encoding_writes_nothing_and_names_the_line(settings, runtime, client,
                                                                 tmp_path):
    path = csv_file(tmp_path, [csv_row(1), csv_row(2)], encoding="utf-8")
    with path.open("ab") as f:
        f.write(b"\xff\xfe\xff broken,\n")
    result = run_cli(settings, "import", str(path), "--source", "legacy", "--encoding", "utf-8")
    assert result.returncode == 2
    assert "line 4" in result.stderr
    assert public(client, source="legacy")["total"] == 0


def test_a_natural_person_row_keeps_the_id_number_off_the_public_page(runtime, client,
                                                                      tmp_path):
    id_number = make_id_number(77)
    row = csv_row(9, **{"行政相对人名称": "王某", "行政相对人类别": "自然人", "统一社会信用代码": "",
                        "法定代表人": "", "证件号码": id_number})
    run(runtime, csv_file(tmp_path, [row]))
    [item] = public(client, q=id_number)["items"]
    assert item["entity"]["id_number"] == id_number[:4] + "*" * 10 + id_number[-4:]


def test_a_killed_import_rerun_finishes_and_doubles_nothing(settings, runtime, client,
                                                           feed_reader, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from sqlalchemy import text

    from tests.api.test_audit_and_cli import os

    count = 10000                  # more than a quick import finishes between two polls
    path = jsonl(tmp_path, [listing_body(decision_date="2026-10-01") for _ in range(count)])
    env = {**os.environ, "BLACKLIST_HOME": str(settings.paths.home),
           "DATABASE_URL": settings.database.url}
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "import", str(path),
                                "--source", "legacy", "--batch", "100"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    held = 0
    deadline = time.monotonic() + 60
    while held == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
        with runtime.db.engine.connect() as conn:
            held = conn.execute(text("SELECT COUNT(*) FROM listing")).scalar_one()
    checkers = _children(process.pid)   # the process reading and checking the rows
    process.send_signal(signal.SIGKILL)
    process.wait()
    with runtime.db.engine.connect() as conn:
        assert 0 < conn.execute(text("SELECT COUNT(*) FROM listing")).scalar_one() < count
    wait_for(lambda: not any(map(_running, checkers)), timeout=20)
    result = run_cli(settings, "import", str(path), "--source", "legacy")
    assert result.returncode == 0, result.stderr
    with runtime.db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM listing")).scalar_one() == count
        assert conn.execute(text("SELECT COUNT(*) FROM change")).scalar_one() == count
        assert conn.execute(text("SELECT COUNT(DISTINCT listing_id) FROM change")
                            ).scalar_one() == count
    assert run_cli(settings, "audit", "verify").returncode == 0


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listed:
        return [int(child) for child in listed.read().split()]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_local_filing_for_the_same_party_is_its_own_entry_beside_the_sources(
        runtime, client, housing, tmp_path):
    from tests.factories import file_and_publish

    body = listing_body(decision_date="2026-10-01")
    run(runtime, jsonl(tmp_path, [body]))
    own = file_and_publish(client, housing, entity=body["entity"])
    found = public(client, q=body["entity"]["uscc"])["items"]
    assert sorted(i["origin"] for i in found) == ["legacy", "local"]
    assert own["origin"] == "local"


def test_the_search_page_keeps_the_source_from_page_to_page(runtime, client, tmp_path):
    bodies = [listing_body(decision_date="2026-10-01", entity={
        "kind": "legal_person", "name": f"苏州旧名单{n}有限公司", "uscc": make_uscc(7000 + n)})
        for n in range(25)]
    run(runtime, jsonl(tmp_path, bodies))
    first = client.get("/search?source=legacy").get_data(as_text=True)
    assert "source=legacy&amp;page=2" in first or "page=2&amp;source=legacy" in first
    second = client.get("/search?source=legacy&page=2").get_data(as_text=True)
    assert "苏州旧名单" in second
    assert "苏州旧名单" not in client.get("/search?source=nobody").get_data(as_text=True)


def _refused_bodies():
    good = listing_body(decision_date="2026-10-01")
    return [
        {**good, "extra": 1},                                    # a field the API does not know
        {k: v for k, v in good.items() if k != "facts"},         # a required field missing
        {**good, "facts": ""},
        {**good, "facts": "串通\x00投标"},
        {**good, "legal_basis": "依据\ud800"},
        {**good, "decision_no": "号" * 101},
        {**good, "decision_date": "2026-13-01"},
        {**good, "domain": 5},
        {**good, "measures": "bid_ban"},
        {**good, "measures": ["bid_ban", "no_such_measure"]},
        {**good, "entity": {**good["entity"], "kind": "robot"}},
        {**good, "entity": {k: v for k, v in good["entity"].items() if k != "name"}},
        {**good, "entity": {**good["entity"], "legal_representative": "张三"}},
        {**good, "entity": {**good["entity"], "legal_representative": {"name": "\x07"}}},
        {**good, "entity": "某公司"},
    ]


def test_a_row_is_refused_in_the_words_the_api_refuses_its_body(runtime, client, housing,
                                                                 tmp_path):
    bodies = _refused_bodies()
    path = tmp_path / "old.jsonl"     # \u escapes: a lone surrogate has no UTF-8 form
    path.write_text("".join(json.dumps(b) + "\n" for b in bodies))
    summary = run(runtime, path)
    assert (summary.imported, summary.rejected) == (0, len(bodies))
    rejected = [json.loads(line) for line in (tmp_path / "old.jsonl.rejected").open()]
    for body, row in zip(bodies, rejected):
        answer = client.post("/api/v1/listings", data=json.dumps(body), headers=housing,
                             content_type="application/json")
        assert answer.status_code == 422, body
        assert row["errors"] == answer.json["errors"], body


def test_a_valid_row_is_loaded_as_the_api_loads_its_body(app):
    from api.schemas.fastload import fast_loader
    from api.schemas.filing import ListingIn

    body = listing_body(decision_date="2026-10-01", publish_until="2027-10-01")
    body["entity"]["legal_representative"] = {"name": "张三", "id_number": None}
    with app.app_context():
        assert fast_loader(ListingIn())(body) == ListingIn().load(body)


@pytest.mark.parametrize("change", [
    {"publish_until": None}, {"decision_date": "2026-13-01"}, {"decision_no": ""},
    {"facts": "串通\x00投标"}, {"facts": "x" * 10_001}, {"domain": "nowhere"},
    {"measures": ["bid_ban", "bid_ban"]}, {"measures": "bid_ban"}, {"measures": None},
    {"category": 7}, {"entity": None}, {"entity": {"kind": "legal_person", "name": None}},
    {"entity": {"kind": "robot", "name": "苏州某公司"}},
    {"entity": {"kind": "legal_person", "name": "苏州某公司", "uscc": None,
                "legal_representative": None, "former_names": ["旧名"] * 51}},
    {"entity": {"kind": "legal_person", "name": "苏州某公司",
                "legal_representative": {"name": "张三", "id_number": "x" * 31}}},
])
def test_the_fast_load_of_a_row_answers_as_the_schema_does(app, change):
    from marshmallow import ValidationError

    from api.schemas.fastload import fast_loader
    from api.schemas.filing import ListingIn

    def outcome(load, body):
        try:
            return load(body)
        except ValidationError as exc:
            return exc.messages

    body = {**listing_body(decision_date="2026-10-01"), **change}
    with app.app_context():
        assert outcome(fast_loader(ListingIn()), body) == outcome(ListingIn().load, body)


def test_a_party_renamed_by_an_import_is_found_by_its_new_name_on_its_older_entry(
        runtime, client, tmp_path):
    old = listing_body(decision_date="2026-09-01",
                       entity={"kind": "legal_person", "name": "苏州旧名建设有限公司",
                               "uscc": make_uscc(4321)})
    run(runtime, jsonl(tmp_path, [old], name="first.jsonl"))
    renamed = listing_body(decision_date="2026-10-01",
                           entity={**old["entity"], "name": "苏州新名建设有限公司"})
    run(runtime, jsonl(tmp_path, [renamed, listing_body(decision_date="2026-10-01")],
                       name="second.jsonl"))
    assert public(client, q="新名建设")["total"] == 2
    assert public(client, source="legacy")["total"] == 3


def test_the_same_entry_twice_in_a_file_is_one_entry_as_its_last_row_says(runtime, client,
                                                                          tmp_path):
    first = listing_body(decision_date="2026-10-01")
    summary = run(runtime, jsonl(tmp_path, [first, {**first, "facts": "串通投标，情节严重"}]))
    assert (summary.imported, summary.updated) == (1, 1)
    page = public(client, source="legacy")
    assert page["total"] == 1 and page["items"][0]["facts"] == "串通投标，情节严重"


def test_an_import_commits_its_batch_of_rows_at_once_unless_told_another(runtime, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 4)   # unless --batch says otherwise
    committed, apply_batch = [], imports.apply_batch
    monkeypatch.setattr(imports, "apply_batch", lambda uow, checked, *rest: (
        committed.append(len(checked)) or apply_batch(uow, checked, *rest)))
    bodies = [listing_body(decision_date="2026-10-01") for _ in range(10)]
    assert run(runtime, jsonl(tmp_path, bodies)).imported == 10
    assert committed == [4, 4, 2]
    committed.clear()
    assert run(runtime, jsonl(tmp_path, bodies, name="again.jsonl"), batch=3).unchanged == 10
    assert committed == [3, 3, 3, 1]


def test_deep_pages_of_an_imported_list_hold_every_entry_newest_first(runtime, client,
                                                                    tmp_path, small_blocks):
    bodies = [listing_body(decision_date="2026-10-01", domain=("construction", "housing")[n % 2])
              for n in range(11)]
    assert run(runtime, jsonl(tmp_path, bodies), batch=4).imported == 11
    newest = [item["id"] for item in public(client, per_page=50)["items"]]
    assert len(newest) == 11
    assert [i for page in _pages(client, 3) for i in page] == newest
    homes = [item["id"] for item in public(client, per_page=50, domain="housing")["items"]]
    assert [i for page in _pages(client, 2, domain="housing") for i in page] == homes


def test_an_imported_batch_keeps_the_totals_a_rebuild_counts(runtime, tmp_path):
    from sqlalchemy import text

    from blacklist.public.backfill import rebuild

    bodies = [listing_body(decision_date="2026-10-01", domain=("construction", "housing")[n % 2])
              for n in range(9)]
    assert run(runtime, jsonl(tmp_path, bodies), batch=4).imported == 9
    totals = "SELECT key, n FROM public_count WHERE n <> 0 ORDER BY key"
    with runtime.db.engine.begin() as conn:
        kept = conn.execute(text(totals)).all()
        rebuild(conn, today=runtime.clock.today())
        assert conn.execute(text(totals)).all() == kept


@pytest.mark.postgres
def test_a_bulk_load_leaves_the_planner_statistics_of_the_tables_it_filled(runtime, tmp_path):
    from sqlalchemy import text

    # Autovacuum lags a bulk load (and is off on some machines): the import analyzes itself,
    # or every batch's lookups are planned on a nearly empty table and become scans.
    bodies = [listing_body(decision_date="2026-10-01") for _ in range(1200)]
    summary = run(runtime, jsonl(tmp_path, bodies), batch=100)
    assert summary.imported == 1200
    with runtime.db.engine.connect() as conn:
        counted = dict(conn.execute(text(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('listing', 'entity')")).all())
    assert counted["listing"] >= 1000 and counted["entity"] >= 1000


def unsettled_tables(runtime) -> dict[str, tuple[int, int]]:
    """The bulk tables with pages not yet marked all-visible: (pages, all-visible pages)."""
    from sqlalchemy import text

    with runtime.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT relname, relpages, relallvisible FROM pg_class "
                                 "WHERE relname = ANY(:t)"), {"t": list(BULK_TABLES)}).all()
    return {name: (pages, visible) for name, pages, visible in rows if visible < pages or
            not pages}


@pytest.mark.postgres
def test_an_import_leaves_its_tables_vacuumed_for_index_only_reads(runtime, client, tmp_path):
    # Without autovacuum (off on some servers, late on all) the visibility map of freshly
    # written pages is empty, and every posting a public search reads costs a heap fetch.
    bodies = [listing_body(decision_date="2026-10-01") for _ in range(300)]
    assert run(runtime, jsonl(tmp_path, bodies), batch=100).imported == 300
    assert unsettled_tables(runtime) == {}
    name = bodies[7]["entity"]["name"]
    assert public(client, q=name)["items"][0]["entity"]["name"] == name


def test_every_imported_change_holds_its_entry_as_stored(runtime, tmp_path):
    """The checking process drafts a new entry's snapshot; what the change log and the audit
    trail keep must be the entry and its party as they stand, whatever the row: a party
    twice, a party renamed in the file or renamed from before, an instant given, a pending
    row, a city department's row."""
    known = listing_body(decision_date="2026-09-01",
                         entity={"kind": "legal_person", "name": "苏州原名建设有限公司",
                                 "uscc": make_uscc(5151)})
    same = listing_body(decision_date="2026-09-01",
                        entity={"kind": "legal_person", "name": "苏州同名建设有限公司",
                                "uscc": make_uscc(5152),
                                "legal_representative": {"name": "李四"}})
    run(runtime, jsonl(tmp_path, [known, same], name="first.jsonl"))
    with runtime.uow(readonly=True) as uow:
        before = uow.changes.last_seq()
    twice = {"kind": "legal_person", "name": "苏州两条建设有限公司", "uscc": make_uscc(5153),
             "former_names": ["苏州两条旧名有限公司"]}
    renamed = {"kind": "legal_person", "name": "苏州改名前有限公司", "uscc": make_uscc(5154)}
    rows = [listing_body(decision_date="2026-10-01"),
            {**listing_body(decision_date="2026-10-01"),
             "published_at": "2026-10-08T09:30:00+08:00"},
            listing_body(decision_date="2026-10-02", entity=twice),
            listing_body(decision_date="2026-10-03", entity=twice),
            listing_body(decision_date="2026-10-02", entity=renamed),
            listing_body(decision_date="2026-10-03", entity={**renamed, "name": "苏州改名后有限公司"}),
            listing_body(decision_date="2026-10-04", entity={**known["entity"],
                                                             "name": "苏州新名建设有限公司"}),
            listing_body(decision_date="2026-10-04", entity=same["entity"]),
            {**listing_body(decision_date="2026-10-05"), "status": "pending"},
            {**listing_body(decision_date="2026-10-05"), "org": "sz-housing"}]
    assert run(runtime, jsonl(tmp_path, rows, name="second.jsonl")).imported == len(rows)
    with runtime.uow(readonly=True) as uow:
        changes = uow.changes.after(before, 100)
        assert len(changes) == len(rows) - 1   # the pending one is not on the list
        for change in changes:
            record = uow.listings.get(change.listing_id, for_org=None)
            stored = events.listing_event(record)
            assert change.snapshot == stored
            assert stored["listing"]["created_at"] == rfc3339(change.at)
            assert change.source == record.source
            [trace] = uow.audit.history("listing", change.listing_id)
            assert trace.after == stored
        names = {change.snapshot["entity"]["name"] for change in changes}
        assert "苏州改名后有限公司" in names and "苏州新名建设有限公司" in names
        assert audit.verify(uow)[0]
