"""The pull feed is signed like a push, and carries our own entries only unless asked: two
cities subscribed to each other never echo."""

import json

from api import imports as importer
from blacklist.infra.signing import SignatureError, verify_detached
from blacklist.joint.imports import Defaults
from blacklist.sharing import feeds
from tests.api.test_import import jsonl
from tests.api.test_sharing import platform, run_push  # noqa: F401 (fixture)
from tests.factories import file_and_publish, listing_body


def _import(runtime, tmp_path, n=2):
    return importer.run(runtime, jsonl(tmp_path, [listing_body(decision_date="2026-10-01")
                                                  for _ in range(n)]),
                        Defaults("jiangsu", "江苏省公共信用信息中心"), bar=False)


def test_changes_answers_are_signed_over_their_exact_bytes(client, runtime, housing,
                                                           feed_reader):
    file_and_publish(client, housing)
    answer = client.get("/api/v1/changes", headers=feed_reader)
    jwks = client.get("/.well-known/jwks.json").json
    verify_detached(answer.headers["X-Signature"], answer.data, jwks)
    assert json.loads(answer.data)["changes"][0]["listing"]["origin"] == "local"
    tampered = answer.data.replace(b"listed", b"remove", 1)
    try:
        verify_detached(answer.headers["X-Signature"], tampered, jwks)
    except SignatureError:
        pass
    else:
        raise AssertionError("a changed body still verified")


def test_changes_carry_sources_entries_only_when_asked(client, runtime, housing, feed_reader,
                                                       tmp_path):
    own = file_and_publish(client, housing)
    _import(runtime, tmp_path)
    plain = client.get("/api/v1/changes", headers=feed_reader).json["changes"]
    assert [c["listing"]["id"] for c in plain] == [own["id"]]
    every = client.get("/api/v1/changes?include_sources=true", headers=feed_reader).json
    assert [c["listing"]["origin"] for c in every["changes"]] == ["local", "jiangsu", "jiangsu"]
    assert every["changes"][1]["source"]["name"] == "江苏省公共信用信息中心"


def test_a_feed_hears_of_sources_entries_only_when_added_with_include_sources(
        runtime, client, housing, platform, leader, tmp_path):  # noqa: F811
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    feeds.add_feed(runtime.uow(), "province", platform.url + "?all", "shared",
                   include_sources=True)
    file_and_publish(client, housing)
    _import(runtime, tmp_path)
    outcomes = {o.feed: o for o in run_push(runtime, leader)}
    assert outcomes["city"].delivered == 1
    assert outcomes["province"].delivered == 3
