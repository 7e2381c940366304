"""The change log keeps its own versioned format, and rows written before it (which held the
filer's answer itself) are still read right by the pull, the push, exports, every screening
index and the listing's history."""

from sqlalchemy import text, update

from blacklist.infra.principal import Principal
from blacklist.registry.identifiers import mask_id_number
from blacklist.screening.entries import apply_change, empty_index
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from blacklist.trail import audit
from blacklist.trail.models import Change
from tests.factories import company, file_listing, make_id_number, person, publish
from tests.reliability.receiver import Platform
from tests.reliability.seed import received


def stored_changes(runtime) -> list[Change]:
    with runtime.uow(readonly=True) as uow:
        return uow.changes.after(0, 100)


def as_stored_before_version_1(runtime, answers: dict[str, dict]) -> None:
    """Rewrite each listing's change rows as the code before version 1 wrote them: the filer's
    answer of the time, which had no "v"."""
    with runtime.db.engine.begin() as conn:
        for listing_id, answer in answers.items():
            conn.execute(update(Change).where(Change.listing_id == listing_id)
                         .values(snapshot=answer))


def sole_scheduler(uow) -> None:
    """The push's leadership guard in a process that is the only scheduler there is."""


def pushed(runtime, platform) -> dict[str, dict[str, dict]]:
    """One push pass; the listings each feed's platform received, by the feed's token."""
    push.push_all(runtime, guard=sole_scheduler, policy=PushPolicy(pass_seconds=10))
    listings: dict[str, dict[str, dict]] = {}
    for record in platform.records:
        by_id = listings.setdefault(record["authorization"].removeprefix("Bearer "), {})
        by_id.update({change["listing"]["id"]: change["listing"] for change in received([record])})
    return listings


def test_a_change_stores_the_change_logs_own_format(client, housing, runtime):
    rep_id = make_id_number()
    entity = company(legal_representative={"name": "王五", "id_number": rep_id})
    listed = publish(client, housing, file_listing(client, housing, entity=entity)["id"])
    [change] = stored_changes(runtime)
    stored = change.snapshot
    assert stored["v"] == 1 and set(stored) == {"v", "listing", "entity", "source"}
    assert stored["listing"]["id"] == listed["id"] and stored["listing"]["status"] == "listed"
    assert stored["listing"]["org"] == "sz-housing"
    assert stored["entity"]["uscc"] == entity["uscc"] and stored["entity"]["legal_rep_id"] == rep_id
    assert stored["source"] == listed["source"]
    assert "history" not in stored["listing"] and "entity" not in stored["listing"]


def test_a_pulled_change_carries_the_listing_as_its_filer_read_it(client, housing, feed_reader):
    listing = publish(client, housing, file_listing(client, housing, entity=person())["id"])
    [change] = client.get("/api/v1/changes", headers=feed_reader).json["changes"]
    read = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json
    read.pop("history")
    assert change["listing"] == read == listing


def test_rows_written_before_version_1_are_read_by_the_pull_the_push_and_the_export(
        client, housing, runtime, feed_reader):
    platform = Platform().start()
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared", token="shared")
    feeds.add_feed(runtime.uow(), "xinyong", platform.url, "public", token="public")
    rep_id = make_id_number()
    firm = publish(client, housing, file_listing(client, housing, entity=company(
        legal_representative={"name": "王五", "id_number": rep_id}))["id"])
    someone = publish(client, housing, file_listing(client, housing, entity=person())["id"])
    pulled = client.get("/api/v1/changes", headers=feed_reader).json
    as_stored_before_version_1(runtime, {firm["id"]: firm, someone["id"]: someone})
    assert all("v" not in change.snapshot for change in stored_changes(runtime))

    assert client.get("/api/v1/changes", headers=feed_reader).json == pulled
    try:
        by_tier = pushed(runtime, platform)
    finally:
        platform.stop()
    assert by_tier["shared"] == {firm["id"]: firm, someone["id"]: someone}
    public = by_tier["public"][someone["id"]]
    assert public["entity"]["id_number"] == mask_id_number(someone["entity"]["id_number"])
    assert rep_id not in str(by_tier["public"])
    exported = {item["id"]: item for item in
                client.get("/api/v1/exports/listings?format=json").json}
    assert exported == by_tier["public"]


def test_rows_written_before_version_1_are_read_by_every_screening_index(
        client, housing, screener, runtime):
    # The app's index was built before anything was filed: it learns of the listing from the
    # change log alone.
    listing = publish(client, housing, file_listing(client, housing, entity=person())["id"])
    as_stored_before_version_1(runtime, {listing["id"]: listing})
    id_number = listing["entity"]["id_number"]
    now = client.get("/api/v1/check", query_string={"id_number": id_number}, headers=screener)
    assert now.json["decision"] == "refuse"
    as_of = client.get("/api/v1/check", headers=screener, query_string={
        "id_number": id_number, "as_of": "2026-11-27T10:00:00+08:00"})
    assert as_of.json["decision"] == "refuse"
    fresh = empty_index(runtime)
    for change in stored_changes(runtime):
        apply_change(fresh, change.event, change.snapshot)
    assert fresh.screen_party({"id_number": id_number}, None, runtime.clock.today())[
        "decision"] == "refuse"


def test_audit_rows_written_before_version_1_keep_their_history_and_their_chain(
        client, housing, runtime):
    filed = file_listing(client, housing)
    listed = publish(client, housing, filed["id"])
    # The chain as the code before version 1 wrote it: the same events, holding answers.
    with runtime.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))
    actor = Principal(sub="sz-housing-clerk", org="sz-housing", roles=frozenset({"filer"}))
    with runtime.uow() as uow:
        uow.audit.record(actor, "file", "listing", filed["id"], before=None, after=filed,
                         at=runtime.clock.now())
        uow.audit.record(actor, "publish", "listing", filed["id"], before=filed, after=listed,
                         at=runtime.clock.now())
        uow.commit()
    client.patch(f"/api/v1/listings/{filed['id']}", headers=housing,
                 json={"version": listed["version"], "facts": "更正后的事实"})
    history = client.get(f"/api/v1/listings/{filed['id']}", headers=housing).json["history"]
    assert [h["action"] for h in history] == ["file", "publish", "correct"]
    assert history[1]["changes"]["status"] == ["pending", "listed"]
    assert history[2]["changes"] == {"facts": ["串通投标", "更正后的事实"]}
    with runtime.uow(readonly=True) as uow:
        old = [event.after for event in uow.audit.history("listing", filed["id"])][:2]
    assert old == [filed, listed]  # as written: their hashes cover these bytes
    assert audit.verify_chain(runtime.uow(readonly=True)) == (True, None, 3)
