"""The change log's event format, and the wire shapes platforms receive, read from it."""

import pytest

from blacklist.sharing.tiers import public_listing, shared_listing
from blacklist.trail import events

# What a change held before version 1: the filer's answer of the time (listing_view).
ANSWER = {
    "id": "L-1", "status": "listed",
    "entity": {"kind": "legal_person", "name": "苏州某某建设工程有限公司",
               "former_names": ["苏州某某建筑有限公司"], "uscc": "91320505MA1XXXXX0X",
               "legal_representative": {"name": "王五", "id_number": "32050519800101001X"}},
    "domain": "construction", "category": "market_order", "decision_no": "苏建罚〔2026〕1号",
    "decision_date": "2026-11-20", "facts": "串通投标", "legal_basis": "《招标投标法》第五十三条",
    "publish_until": "2029-11-19", "measures": ["bid_ban", "procurement_ban"],
    "statement_deadline": "2026-12-04", "repairable_from": "2027-11-20",
    "statement": "waived", "statement_note": None,
    "source": {"org": "sz-housing", "name": "市住建局", "uscc": "11320500014001004G"},
    "created_at": "2026-11-27T10:00:00+08:00", "published_at": "2026-11-27T10:00:00+08:00",
    "removed_at": None, "removal_reason": None, "version": 2,
}


def test_a_row_from_before_version_1_reads_as_version_1():
    read = events.read(ANSWER)
    assert read["v"] == 1
    assert read["listing"]["org"] == "sz-housing" and read["listing"]["version"] == 2
    assert read["entity"]["legal_rep_name"] == "王五"
    assert read["entity"]["legal_rep_id"] == "32050519800101001X"
    assert read["source"] == ANSWER["source"]


def test_the_shared_tier_of_an_old_row_is_what_platforms_received_from_it():
    # plus the origin of v2: a row from before it is the city's own
    assert shared_listing(events.read(ANSWER)) == {**ANSWER, "origin": "local"}


def test_the_public_tier_of_an_old_row_never_shows_a_representatives_id():
    shown = public_listing(events.read(ANSWER))
    assert shown["entity"] == {"kind": "legal_person", "name": "苏州某某建设工程有限公司",
                               "uscc": "91320505MA1XXXXX0X",
                               "legal_representative": {"name": "王五"},
                               "former_names": ["苏州某某建筑有限公司"]}
    assert "statement" not in shown and shown["status"] == "listed"


def test_a_version_1_row_is_read_as_it_is():
    stored = events.read(ANSWER)
    assert events.read(stored) is stored


def test_a_format_from_the_future_is_refused_rather_than_misread():
    with pytest.raises(ValueError, match="version 2"):
        events.read({"v": 2, "listing": {}})
