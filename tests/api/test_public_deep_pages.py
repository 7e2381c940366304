"""Deep browsing pages step over whole blocks of entries by their kept totals instead of
walking an offset: every page holds what the plain walk gives, also after removals and with
entries past their period still in the projection, for all entries and per domain."""

import pytest

from blacklist.public import finder, grams
from tests.factories import company, file_and_publish

API = "/api/v1/public/listings"


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 seqs, so a dozen entries make several blocks (the service uses 2048)."""
    monkeypatch.setattr(grams, "BLOCK", 4)
    monkeypatch.setattr(finder, "BLOCK", 4)


def _pages(client, per_page: int, **params) -> list[list[str]]:
    pages, page = [], 1
    while True:
        answer = client.get(API, query_string={**params, "page": page, "per_page": per_page})
        assert answer.status_code == 200, answer.json
        pages.append([item["id"] for item in answer.json["items"]])
        if not pages[-1]:
            return pages
        page += 1


def _listed(client, housing, n: int, clock) -> list[str]:
    ids = []
    for i in range(n):
        domain = "housing" if i % 3 == 0 else "construction"
        until = "2027-11-20" if i in (4, 9) else None       # two past their period later
        extra = {"publish_until": until} if until else {}
        ids.append(file_and_publish(client, housing, domain=domain,
                                    entity=company(f"苏州深页{i}有限公司"), **extra)["id"])
        clock.advance(minutes=1)
    return ids


def _walked(ids: list[str], per_page: int) -> list[list[str]]:
    newest = ids[::-1]
    return [newest[at:at + per_page] for at in range(0, len(newest), per_page)] + [[]]


def test_every_deep_page_holds_what_the_plain_walk_gives(client, housing, clock, small_blocks):
    ids = _listed(client, housing, 23, clock)
    assert _pages(client, 3) == _walked(ids, 3)
    assert _pages(client, 5) == _walked(ids, 5)


def test_deep_pages_of_one_domain_hold_only_its_entries_in_order(client, housing, clock,
                                                                   small_blocks):
    ids = _listed(client, housing, 23, clock)
    homes = [i for n, i in enumerate(ids) if n % 3 == 0]
    assert _pages(client, 2, domain="housing") == _walked(homes, 2)
    building = [i for n, i in enumerate(ids) if n % 3]
    assert _pages(client, 3, domain="construction") == _walked(building, 3)


def test_deep_pages_skip_removed_entries_and_those_past_their_period(client, housing, clock,
                                                                     small_blocks):
    ids = _listed(client, housing, 23, clock)
    for gone in (ids[1], ids[2], ids[3], ids[13]):          # a whole block and one more
        answer = client.post(f"/api/v1/listings/{gone}/revoke", json={"reason": "撤销"},
                             headers=housing)
        assert answer.status_code == 200, answer.json
    clock.advance(days=365)                  # past 2027-11-20; no expiry job has run
    kept = [i for n, i in enumerate(ids) if n not in (1, 2, 3, 13, 4, 9)]
    assert _pages(client, 3) == _walked(kept, 3)
    total = client.get(API, query_string={"per_page": 3, "page": 4}).json["total"]
    assert total == len(kept)


def test_a_page_far_past_the_end_is_empty_with_the_total(client, housing, clock, small_blocks):
    ids = _listed(client, housing, 9, clock)
    answer = client.get(API, query_string={"page": 100_000, "per_page": 100})
    assert answer.status_code == 200
    assert answer.json["items"] == [] and answer.json["total"] == len(ids)


@pytest.mark.parametrize("params", [{"page": "abc"}, {"per_page": "x"}, {"page": -1},
                                    {"per_page": 2**63}, {"page": "1.5"}])
def test_malformed_paging_is_422_naming_the_field(client, params):
    answer = client.get(API, query_string=params)
    assert answer.status_code == 422
    assert set(params) <= set(answer.json["errors"])


def test_deep_pages_after_an_import_hold_what_the_plain_walk_gives(runtime, client, tmp_path,
                                                                  small_blocks):
    from tests.api.test_import import jsonl, run
    from tests.factories import listing_body

    bodies = [listing_body(decision_date="2026-10-01",
                           domain="housing" if n % 3 == 0 else "construction")
              for n in range(14)]
    assert run(runtime, jsonl(tmp_path, bodies), batch=5).imported == 14
    for params in ({}, {"domain": "construction"}, {"source": "legacy"}):
        every = client.get(API, query_string={**params, "per_page": 100}).json
        ids = [item["id"] for item in every["items"]][::-1]
        assert len(ids) == every["total"] > 8
        assert _pages(client, 3, **params) == _walked(ids, 3)


def test_the_upgrade_counts_again_the_blocks_an_older_import_left_out(runtime, client, tmp_path,
                                                                      small_blocks):
    from sqlalchemy import text

    from blacklist.infra import bootstrap
    from tests.api.test_import import jsonl, run
    from tests.factories import listing_body

    bodies = [listing_body(decision_date="2026-10-01") for _ in range(10)]
    assert run(runtime, jsonl(tmp_path, bodies), batch=4).imported == 10
    expected = _pages(client, 3, source="legacy", domain="construction")
    with runtime.db.engine.begin() as conn:      # as 0008's code left an import
        conn.execute(text("DELETE FROM public_count WHERE key LIKE 'b:%' OR key LIKE 'd:%|o:%'"))
        conn.execute(text("DROP INDEX ix_public_entry_domain_origin_seq"))
        conn.execute(text("CREATE INDEX ix_entity_name ON entity (name)"))   # 0010 drops them
        conn.execute(text("CREATE INDEX ix_listing_entity_id ON listing (entity_id)"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    assert _pages(client, 3, source="legacy", domain="construction") == [[]]
    bootstrap.migrate(runtime.settings.database.url)
    assert _pages(client, 3, source="legacy", domain="construction") == expected
    assert _pages(client, 3) == expected
