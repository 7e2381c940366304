"""The backup and restore round trip of the README ("Operations: backup and restore"), on the
database the suite runs on: `blacklist backup` while filings go on, then the restore of
SQLite's copy or of pg_dump's archive with pg_restore into another database, and the key
folder beside it. The restored service holds what the original held."""

import shutil
import subprocess
import threading

import pytest
from sqlalchemy import create_engine, make_url, text

from api import create_app
from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.infra.signing import verify_compact
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.api.test_keys import blacklist
from tests.conftest import ON_POSTGRES
from tests.factories import file_and_publish, file_listing
from tests.reliability.conftest import BLACKLIST


@pytest.fixture
def seams(fakes):
    return fakes


def build_history(client, runtime, leader, housing, screener) -> dict:
    """Listings in every state, a correction, a screening with its receipt, a feed's cursor."""
    listed = [file_and_publish(client, housing) for _ in range(3)]
    client.patch(f"/api/v1/listings/{listed[0]['id']}", headers=housing,
                 json={"version": listed[0]["version"], "facts": "串通投标，情节严重"})
    client.post(f"/api/v1/listings/{listed[1]['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    file_listing(client, housing)
    screening = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0457", "domain": "procurement",
        "parties": [{"name": listed[2]["entity"]["name"], "uscc": listed[2]["entity"]["uscc"]}]})
    feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
    [pushed] = push.push_all(runtime, guard=leader.guard, policy=PushPolicy(pass_seconds=10))
    assert pushed.delivered > 0
    return {"screening": screening.json, "refused": listed[2]["entity"]["uscc"]}


def backup_while_filing(app, housing, service_env, target) -> int:
    """`blacklist backup` while another thread files listings; the number filed meanwhile."""
    stop, under_way, filed = threading.Event(), threading.Event(), []

    def keep_filing():
        writer = app.test_client()
        while not stop.wait(0.01):
            filed.append(file_listing(writer, housing)["id"])
            under_way.set()
    thread = threading.Thread(target=keep_filing)
    thread.start()
    try:
        assert under_way.wait(30)
        done = subprocess.run([BLACKLIST, "backup", str(target)], env=service_env, timeout=120,
                              capture_output=True, text=True, check=False)
    finally:
        stop.set()
        thread.join(30)
    assert done.returncode == 0, done.stderr
    return len(filed)


def restore(backup, home, url: str) -> Settings:
    """The README's restore: the database, then the key folder beside it (`blacklist init`
    follows)."""
    home.mkdir()
    if ON_POSTGRES:
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        done = subprocess.run(["pg_restore", "--no-owner", "--dbname", dsn,
                               str(backup / "blacklist.dump")], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    else:
        shutil.copy2(backup / "blacklist.db", home / "blacklist.db")
    shutil.copytree(backup / "keys", home / "keys")
    return Settings.from_env({"BLACKLIST_HOME": str(home), "DATABASE_URL": url})


@pytest.fixture
def restored_url(settings, tmp_path):
    """Where the restore goes: a second throwaway PostgreSQL database, or a new SQLite file."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored' / 'blacklist.db'}"
        return
    original = make_url(settings.database.url)
    name = f"{original.database}_restore"
    admin = create_engine(original, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield original.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def round_trip(app, client, runtime, leader, housing, screener, admin, feed_reader,
               service_env, restored_url, tmp_path, clock):
    """The original's answers before the backup, and a client of the restored service."""
    state = build_history(client, runtime, leader, housing, screener)
    state["before"] = answers(client, admin, feed_reader, screener, state)
    state["filed_meanwhile"] = backup_while_filing(app, housing, service_env, tmp_path / "bk")
    state["after"] = answers(client, admin, feed_reader, screener, state)
    settings = restore(tmp_path / "bk", tmp_path / "restored", restored_url)
    restored = Runtime.from_settings(settings, clock)
    bootstrap.init(restored)  # what `blacklist init` does after a restore
    state["env"] = {**service_env, "BLACKLIST_HOME": str(settings.paths.home),
                    "DATABASE_URL": settings.database.url}
    yield create_app(runtime=restored).test_client(), state
    restored.db.dispose()


def answers(client, admin, feed_reader, screener, state) -> dict:
    """What the service answers about everything it holds."""
    return {
        "listings": {item["id"]: client.get(f"/api/v1/listings/{item['id']}",
                                            headers=admin).json
                     for item in every_listing(client, admin)},
        "changes": client.get("/api/v1/changes", query_string={"limit": 1000},
                              headers=feed_reader).json["changes"],
        "feeds": [{k: feed[k] for k in ("name", "cursor", "parked")}
                  for feed in client.get("/api/v1/feeds", headers=admin).json["items"]],
        "screening": client.get(f"/api/v1/screenings/{state['screening']['id']}",
                                headers=screener).json,
    }


def every_listing(client, admin) -> list[dict]:
    items, page = [], 1
    while True:
        answer = client.get("/api/v1/listings", query_string={"per_page": 100, "page": page},
                            headers=admin).json
        items += answer["items"]
        if len(items) >= answer["total"] or not answer["items"]:
            return items
        page += 1


def test_every_listing_history_feed_cursor_and_screening_survives_the_round_trip(
        round_trip, admin, feed_reader, screener):
    restored_client, state = round_trip
    restored = answers(restored_client, admin, feed_reader, screener, state)
    before, after = state["before"], state["after"]
    assert restored["feeds"] == before["feeds"] and restored["feeds"][0]["cursor"] > 0
    assert restored["screening"] == before["screening"]
    # Everything that existed before the backup, exactly as it was, history included ...
    assert {i: restored["listings"][i] for i in before["listings"]} == before["listings"]
    # ... and of what was filed while it ran, whole filings only, as the original holds them.
    assert before["listings"].keys() < restored["listings"].keys() <= after["listings"].keys()
    assert all(restored["listings"][i] == after["listings"][i] for i in restored["listings"])
    assert restored["changes"] == after["changes"][:len(restored["changes"])]
    assert len(restored["changes"]) >= len(before["changes"])
    answer = restored_client.get("/api/v1/check", query_string={"uscc": state["refused"]},
                                 headers=screener)
    assert answer.json["decision"] == "refuse"


def test_the_restored_copy_proves_what_the_original_signed_and_chained(round_trip, screener):
    restored_client, state = round_trip
    done = subprocess.run([BLACKLIST, "audit", "verify"], env=state["env"], timeout=60,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "intact" in done.stdout, done.stderr
    jwks = restored_client.get("/.well-known/jwks.json").json
    payload = verify_compact(state["screening"]["receipt"], jwks)
    assert payload["id"] == state["screening"]["id"]
    assert restored_client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "P-2", "domain": "procurement",
        "parties": [{"name": "甲"}]}).status_code == 201


def test_a_backup_never_overwrites_another(settings, tmp_path):
    target = tmp_path / "bk"
    target.mkdir()
    (target / "blacklist.db").write_text("an older backup")
    done = blacklist(settings, "backup", str(target))
    assert done.exit_code == 2 and "not empty" in done.stderr
    assert (target / "blacklist.db").read_text() == "an older backup"
