import dataclasses
import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blacklist.registry.identifiers import id_check_char, org_code_check_char, uscc_check_char
from blacklist.screening.index import (
    Entry,
    ScreeningIndex,
    load_matching_config,
    load_measure_domains,
)

DATA = Path(__file__).resolve().parents[2] / "data"
TODAY = datetime.date(2026, 3, 1)


def uscc(serial: int) -> str:
    first8 = f"{serial:08d}"
    first17 = "91320505" + first8 + org_code_check_char(first8)
    return first17 + uscc_check_char(first17)


def id_number(serial: int) -> str:
    first17 = f"320505198001{serial % 28 + 1:02d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def company(listing_id="L1", name="苏州华信科技有限公司", **changes) -> Entry:
    fields = {"listing_id": listing_id, "kind": "legal_person", "name": name,
              "former_names": (), "uscc": uscc(1), "id_number": None, "legal_rep_name": "王五",
              "legal_rep_id": id_number(5), "domain": "construction", "category": "market_order",
              "measures": ("bid_ban",), "publish_until": "2027-12-31",
              "source_org": "sz-housing", "source_name": "市住建局"}
    return Entry(**{**fields, **changes})


def person(listing_id="P1", name="李四", **changes) -> Entry:
    return company(listing_id, name, kind="natural_person", uscc=None, id_number=id_number(4),
                   legal_rep_name=None, legal_rep_id=None, **changes)


@pytest.fixture(scope="module")
def config():
    return load_matching_config(DATA / "matching.json")


@pytest.fixture(scope="module")
def measure_domains():
    return load_measure_domains(DATA / "measures.json")


@pytest.fixture
def index(config, measure_domains):
    return ScreeningIndex(measure_domains, config)


def screen(index, party, domain="construction", today=TODAY):
    return index.screen_party(party, domain, today)


def test_a_listed_uscc_is_refused(index):
    index.upsert(company())
    result = screen(index, {"name": "苏州华信科技有限公司", "uscc": uscc(1)})
    assert result["decision"] == "refuse"
    assert result["matches"][0]["matched_on"] == "uscc"
    assert result["matches"][0]["restricts"] is True


def test_a_listed_uscc_is_refused_under_another_name(index):
    index.upsert(company())
    result = screen(index, {"name": "苏州完全不同实业有限公司", "uscc": uscc(1)})
    assert result["decision"] == "refuse"


def test_a_listed_id_number_is_refused(index):
    index.upsert(person())
    result = screen(index, {"name": "李四", "id_number": id_number(4)})
    assert result["decision"] == "refuse"
    assert result["matches"][0]["matched_on"] == "id_number"


def test_an_exact_name_without_identifier_is_refused_whatever_the_spelling(index):
    index.upsert(company(name="华信（苏州）科技有限公司"))
    for spelling in ("华信(苏州)科技有限公司", "華信（蘇州）科技 有限公司", "华信【苏州】科技有限公司"):
        assert screen(index, {"name": spelling})["decision"] == "refuse"


def test_a_former_name_without_identifier_is_refused(index):
    index.upsert(company(former_names=("苏州旧名贸易有限公司",)))
    result = screen(index, {"name": "苏州旧名贸易有限公司"})
    assert result["decision"] == "refuse"
    assert result["matches"][0]["matched_on"] == "former_name"


def test_an_exact_name_under_another_identifier_needs_review(index):
    index.upsert(company())
    result = screen(index, {"name": "苏州华信科技有限公司", "uscc": uscc(2)})
    assert result["decision"] == "review"
    assert result["matches"][0]["matched_on"] == "name"


def test_a_natural_person_matched_by_name_alone_needs_review(index):
    index.upsert(person())
    for party in ({"name": "李四", "kind": "natural_person"},
                  {"name": "李四", "id_number": id_number(9)}, {"name": "李四"}):
        assert screen(index, party)["decision"] == "review"


def test_a_near_name_needs_review(index):
    index.upsert(company(name="苏州华信达电子科技有限公司"))
    result = screen(index, {"name": "苏州华信达电子科技有限责任公司"})
    assert result["decision"] == "review"
    assert result["matches"][0]["matched_on"] == "near_name"
    assert 0 < result["matches"][0]["score"] < 1


def test_a_branch_office_of_a_listed_company_needs_review(index):
    index.upsert(company())
    for party in ({"name": "苏州华信科技有限公司吴江分公司"},
                  {"name": "苏州华信科技有限公司吴江分公司", "uscc": uscc(3)}):
        assert screen(index, party)["decision"] == "review"


def test_a_listed_branch_office_named_exactly_is_refused(index):
    index.upsert(company(name="苏州华信科技有限公司吴江分公司"))
    assert screen(index, {"name": "苏州华信科技有限公司吴江分公司"})["decision"] == "refuse"


def test_an_unrelated_name_is_clear(index):
    index.upsert(company())
    assert screen(index, {"name": "苏州鹏程万里建设工程有限公司"}) == {
        "decision": "clear", "matches": []}


def test_a_company_sharing_only_generic_words_is_clear(index):
    index.upsert(company(name="苏州华信科技有限公司"))
    assert screen(index, {"name": "江苏省东方红科技有限公司"})["decision"] == "clear"


def test_a_listed_person_as_legal_representative_needs_review(index):
    index.upsert(person())
    party = {"name": "苏州新公司有限公司", "uscc": uscc(7),
             "legal_representative": {"name": "李四", "id_number": id_number(4)}}
    result = screen(index, party)
    assert result["decision"] == "review"
    assert result["matches"][0]["matched_on"] == "legal_representative"


def test_the_legal_representative_of_a_listed_company_needs_review(index):
    index.upsert(company())
    party = {"name": "苏州另一家有限公司", "uscc": uscc(7),
             "legal_representative": {"name": "王五", "id_number": id_number(5)}}
    assert screen(index, party)["decision"] == "review"


def test_a_match_outside_the_screening_domain_is_listed_but_clear(index):
    index.upsert(company())
    result = screen(index, {"name": "x", "uscc": uscc(1)}, domain="procurement")
    assert result["decision"] == "clear"
    assert [m["restricts"] for m in result["matches"]] == [False]


def test_without_a_domain_any_measure_restricts(index):
    index.upsert(company(measures=("medical_ban",)))
    assert screen(index, {"name": "x", "uscc": uscc(1)}, domain=None)["decision"] == "refuse"


def test_a_listing_counts_through_its_last_day_and_not_after(index):
    index.upsert(company(publish_until="2026-03-01"))
    party = {"name": "x", "uscc": uscc(1)}
    assert screen(index, party, today=datetime.date(2026, 3, 1))["decision"] == "refuse"
    assert screen(index, party, today=datetime.date(2026, 3, 2))["decision"] == "clear"


def test_a_removed_listing_no_longer_matches(index):
    index.upsert(company())
    index.remove("L1")
    index.remove("L1")
    assert len(index) == 0
    assert screen(index, {"name": "苏州华信科技有限公司", "uscc": uscc(1)})["matches"] == []


def test_an_upsert_replaces_the_listing_of_the_same_id(index):
    index.upsert(company())
    index.upsert(company(name="苏州改名实业有限公司", uscc=uscc(2)))
    assert len(index) == 1
    assert screen(index, {"name": "x", "uscc": uscc(1)})["decision"] == "clear"
    assert screen(index, {"name": "苏州改名实业有限公司"})["decision"] == "refuse"


def test_a_listing_is_reported_once_by_its_strongest_match(index):
    index.upsert(company(former_names=("苏州华信科技有限公司吴江分公司",)))
    result = screen(index, {"name": "苏州华信科技有限公司", "uscc": uscc(1)})
    assert [m["matched_on"] for m in result["matches"]] == ["uscc"]


def test_each_listing_of_one_party_is_reported(index):
    index.upsert(company())
    index.upsert(company("L2", domain="procurement", measures=("procurement_ban",)))
    result = screen(index, {"name": "x", "uscc": uscc(1)}, domain="procurement")
    assert result["decision"] == "refuse"
    assert {m["listing_id"]: m["restricts"] for m in result["matches"]} == {
        "L1": False, "L2": True}


def test_a_match_reports_the_listing_details(index):
    index.upsert(company(measures=("bid_ban", "procurement_ban")))
    match = screen(index, {"name": "x", "uscc": uscc(1)})["matches"][0]
    assert match["listing_id"] == "L1"
    assert match["domain"] == "construction" and match["category"] == "market_order"
    assert sorted(match["measures"]) == ["bid_ban", "procurement_ban"]
    assert match["publish_until"] == "2027-12-31"
    assert match["source"] == {"org": "sz-housing", "name": "市住建局"}
    assert match["score"] == 1.0 and match["reason"]


def test_the_individual_business_placeholder_code_is_no_identifier(index):
    index.upsert(company(kind="individual_business", name="苏州小吃店", uscc=None))
    party = {"name": "苏州小吃店", "uscc": "00000000000000000X"}
    assert screen(index, party)["decision"] == "refuse"


def test_screen_answers_each_party_in_order(index):
    index.upsert(company())
    parties = [{"name": "x", "uscc": uscc(1)}, {"name": "苏州鹏程万里建设工程有限公司"}]
    assert [r["decision"] for r in index.screen(parties, None, TODAY)] == ["refuse", "clear"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.booleans()), max_size=25))
def test_the_index_holds_exactly_the_listings_upserted_and_not_removed(config, measure_domains,
                                                                       steps):
    index, held = ScreeningIndex(measure_domains, config), set()
    for serial, (listing_id, keep) in enumerate(steps):
        if keep:
            index.upsert(company(listing_id, uscc=uscc(serial)))
            held.add(listing_id)
        else:
            index.remove(listing_id)
            held.discard(listing_id)
    assert len(index) == len(held)
    found = {m["listing_id"] for serial in range(len(steps))
             for m in screen(index, {"name": "x", "uscc": uscc(serial)})["matches"]}
    assert found == held


def test_entries_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        company().name = "other"


def test_bulk_load_equals_upserting_each_in_turn(config, measure_domains):
    listed = [company("L1"), person("P1"), company("L2", name="苏州鹏程万里建设工程有限公司",
                                                    uscc=uscc(2), former_names=("苏州旧名贸易有限公司",)),
              company("L1", name="苏州改名实业有限公司", uscc=uscc(3))]
    one_by_one = ScreeningIndex(measure_domains, config)
    bulk = ScreeningIndex(measure_domains, config)
    for entry in listed:
        one_by_one.upsert(entry)
    assert bulk.bulk_load(iter(listed)) == 4
    parties = [{"name": "x", "uscc": uscc(1)}, {"name": "x", "uscc": uscc(3)},
               {"name": "李四", "id_number": id_number(4)}, {"name": "苏州旧名贸易有限公司"},
               {"name": "苏州鹏程万里建设工程有限责任公司"}, {"name": "苏州改名实业有限公司"}]
    assert len(bulk) == len(one_by_one) == 3
    assert bulk.screen(parties, None, TODAY) == one_by_one.screen(parties, None, TODAY)


def test_a_near_name_is_found_among_many_names_sharing_its_grams(config, measure_domains):
    index = ScreeningIndex(measure_domains, dataclasses.replace(config, max_candidates=4))
    # Many listed names share one character pair with the party; one shares most of them.
    index.bulk_load(company(f"X{i}", name=f"苏州华信{c}科技有限公司", uscc=uscc(100 + i))
                    for i, c in enumerate("东南西北中发白红绿蓝"))
    index.upsert(company("L1", name="苏州华信达电子科技有限公司"))
    result = screen(index, {"name": "苏州华信达电子科技有限责任公司"})
    assert result["decision"] == "review"
    assert result["matches"][0]["listing_id"] == "L1"


def test_changes_concurrent_with_screens_neither_crash_nor_tear(index):
    import threading

    index.upsert(company())
    errors, stop = [], threading.Event()

    def change():
        for serial in range(300):
            index.upsert(company(f"C{serial}", name=f"苏州变化{serial}科技有限公司",
                                 uscc=uscc(1000 + serial)))
            index.remove(f"C{serial - 5}")
        stop.set()

    def read():
        try:
            while not stop.is_set():
                results = index.screen([{"name": "x", "uscc": uscc(1)},
                                        {"name": "苏州变化7科技有限公司"}], None, TODAY)
                assert results[0]["decision"] == "refuse"
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=change)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(index) == 1 + 5


def test_readers_share_the_lock_and_a_writer_waits_for_them():
    import threading
    import time

    from blacklist.screening.index.rwlock import ReadWriteLock

    lock, wrote, leave = ReadWriteLock(), threading.Event(), threading.Event()
    both_in = threading.Barrier(3, timeout=5)

    def reader():
        with lock.reading():
            both_in.wait()  # passes only while two readers hold the lock at once
            leave.wait(5)

    def writer():
        with lock.writing():
            wrote.set()

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    both_in.wait()
    threads.append(threading.Thread(target=writer))
    threads[-1].start()
    time.sleep(0.05)
    assert not wrote.is_set()  # the writer waits for the readers
    leave.set()
    for thread in threads:
        thread.join(timeout=10)
    assert wrote.is_set()


def test_a_stamped_screen_reports_the_state_of_the_list_it_was_decided_against(index):
    index.bulk_load([company()], stamp=7)
    party = {"name": "苏州华信科技有限公司", "uscc": uscc(1)}
    result, stamp = index.screen_party_stamped(party, "construction", TODAY)
    assert (result["decision"], stamp) == ("refuse", 7)
    index.remove("L1", stamp=8)
    result, stamp = index.screen_party_stamped(party, "construction", TODAY)
    assert (result["decision"], stamp) == ("clear", 8)
    results, stamp = index.screen_stamped([party, party], "construction", TODAY)
    assert [r["decision"] for r in results] == ["clear", "clear"] and stamp == 8


def test_matches_carry_the_measures_in_the_order_they_were_filed(index):
    index.upsert(company(measures=("procurement_ban", "bid_ban")))
    index.upsert(company("L2", "苏州另一家有限公司", uscc=uscc(2),
                         measures=("bid_ban", "procurement_ban")))
    first = screen(index, {"name": "苏州华信科技有限公司", "uscc": uscc(1)})
    second = screen(index, {"name": "苏州另一家有限公司", "uscc": uscc(2)})
    assert first["matches"][0]["measures"] == ["procurement_ban", "bid_ban"]
    assert second["matches"][0]["measures"] == ["bid_ban", "procurement_ban"]
