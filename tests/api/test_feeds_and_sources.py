"""A feed added without include_sources never carries the entries of our sources, so neither
its lag nor its unacknowledged removals count them: an operator sees only what it owes."""

import datetime as dt

from blacklist.registry import filing
from blacklist.sharing import feeds
from tests.api.test_import import jsonl, run
from tests.factories import file_and_publish, listing_body


def feed(client, admin, name):
    [item] = [f for f in client.get("/api/v1/feeds", headers=admin).json["items"]
              if f["name"] == name]
    return item


def unacknowledged(client, name):
    metrics = client.get("/metrics").get_data(as_text=True)
    [line] = [l for l in metrics.splitlines()
              if l.startswith(f'blacklist_removals_unacknowledged{{feed="{name}"}}')]
    return float(line.split()[-1])


def test_a_feed_without_sources_lags_by_our_own_changes_only(runtime, client, housing, admin,
                                                             tmp_path):
    feeds.add_feed(runtime.uow(), "city", "https://city.example/changes", "shared")
    feeds.add_feed(runtime.uow(), "province", "https://js.example/changes", "shared",
                   include_sources=True)
    run(runtime, jsonl(tmp_path, [listing_body(decision_date="2026-10-01") for _ in range(3)]))
    file_and_publish(client, housing)
    assert feed(client, admin, "city")["lag"]["changes"] == 1
    assert feed(client, admin, "province")["lag"]["changes"] == 4


def test_removals_of_a_sources_entries_are_owed_only_to_feeds_that_carry_them(
        runtime, client, housing, admin, tmp_path):
    feeds.add_feed(runtime.uow(), "city", "https://city.example/changes", "shared")
    feeds.add_feed(runtime.uow(), "province", "https://js.example/changes", "shared",
                   include_sources=True)
    run(runtime, jsonl(tmp_path, [listing_body(decision_date="2026-10-01")]))
    assert filing.expire_due(runtime.uow(), dt.date(2040, 1, 1)) == 1
    assert unacknowledged(client, "city") == 0
    assert unacknowledged(client, "province") == 1
    report = client.get("/api/v1/reports/removals?from=2026-01-01&to=2026-12-31",
                        headers=admin).json
    [item] = report["items"]
    assert [f["feed"] for f in item["feeds"]] == ["province"]
    summary = {s["feed"]: s["removals"] for s in report["feeds"]}
    assert summary == {"city": 0, "province": 1}
