"""The lifecycle rules as the records enforce them, without a database."""

import datetime as dt

import pytest

from blacklist.errors import (
    InvalidInput,
    InvalidTransition,
    RepairTooEarly,
    StaleVersion,
    StatementPeriodOpen,
)
from blacklist.registry.models import Entity, Listing, Penalty

NOW = dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)
RULE = {"min_months": 12, "default_months": 36, "max_months": 36}


def pending(**overrides) -> Listing:
    fields = {
        "id": "L-1", "entity_id": "E-1", "org": "sz-housing", "domain": "construction",
        "category": "market_order", "decision_no": "苏建罚〔2026〕1号",
        "decision_date": dt.date(2026, 11, 20), "facts": "串通投标", "legal_basis": "《招标投标法》",
        "measures": ["bid_ban"], "publish_until": dt.date(2029, 11, 19),
        "statement_deadline": dt.date(2026, 12, 4), "repairable_from": dt.date(2027, 11, 20),
        "status": "pending", "created_at": NOW, "updated_at": NOW}
    return Listing(**{**fields, **overrides})


def listed(**overrides) -> Listing:
    listing = pending(**overrides)
    listing.publish(statement="waived", note=None, today=TODAY, now=NOW)
    return listing


def test_a_waived_statement_lists_the_entry_at_once_and_raises_its_version():
    listing = listed()
    assert (listing.status, listing.statement, listing.published_at) == ("listed", "waived", NOW)
    assert listing.version == 2 and listing.is_public


def test_none_received_waits_until_the_statement_deadline_has_passed():
    listing = pending()
    with pytest.raises(StatementPeriodOpen) as refused:
        listing.publish(statement="none_received", note=None, today=dt.date(2026, 12, 4), now=NOW)
    assert refused.value.extra == {"statement_deadline": "2026-12-04"}
    assert listing.status == "pending" and listing.version == 1
    listing.publish(statement="none_received", note=None, today=dt.date(2026, 12, 5), now=NOW)
    assert listing.status == "listed"


def test_a_reviewed_statement_needs_a_note():
    with pytest.raises(InvalidInput) as refused:
        pending().publish(statement="reviewed", note="  ", today=TODAY, now=NOW)
    assert set(refused.value.extra["errors"]) == {"note"}


def test_an_entry_whose_period_is_over_cannot_be_published():
    with pytest.raises(InvalidTransition):
        pending(publish_until=dt.date(2026, 11, 26)).publish(
            statement="waived", note=None, today=TODAY, now=NOW)


def test_a_listed_entry_cannot_be_published_again():
    with pytest.raises(InvalidTransition):
        listed().publish(statement="waived", note=None, today=TODAY, now=NOW)


def test_repair_opens_on_the_day_the_minimum_period_ends():
    listing = listed()
    with pytest.raises(RepairTooEarly) as early:
        listing.repair(decision_no="苏信修〔2027〕1号", reason="已整改",
                       today=dt.date(2027, 11, 19), now=NOW)
    assert early.value.extra == {"repairable_from": "2027-11-20"}
    listing.repair(decision_no="苏信修〔2027〕1号", reason="已整改", today=dt.date(2027, 11, 20),
                   now=NOW)
    assert (listing.status, listing.repair_decision_no, listing.removed_at) == \
        ("repaired", "苏信修〔2027〕1号", NOW)


def test_a_pending_entry_cannot_be_repaired():
    with pytest.raises(InvalidTransition):
        pending().repair(decision_no="x", reason="y", today=dt.date(2028, 1, 1), now=NOW)


@pytest.mark.parametrize("make", [pending, listed])
def test_a_pending_or_listed_entry_can_be_revoked_once(make):
    listing = make()
    listing.revoke(reason="复议撤销", now=NOW)
    assert (listing.status, listing.removal_reason) == ("revoked", "复议撤销")
    with pytest.raises(InvalidTransition):
        listing.revoke(reason="again", now=NOW)


def test_an_entry_expires_only_after_its_last_day():
    listing = listed(publish_until=dt.date(2027, 11, 19))
    with pytest.raises(InvalidTransition):
        listing.expire(today=dt.date(2027, 11, 19), now=NOW)
    listing.expire(today=dt.date(2027, 11, 20), now=NOW)
    assert (listing.status, listing.removal_reason) == ("expired", "publication period ended")


def test_a_correction_needs_the_current_version_and_a_period_within_the_rule():
    listing = listed()
    with pytest.raises(StaleVersion) as stale:
        listing.correct(version=1, rule=RULE, today=TODAY, now=NOW, facts="新事实")
    assert stale.value.extra == {"current_version": 2} and listing.facts == "串通投标"
    with pytest.raises(InvalidInput) as too_long:
        listing.correct(version=2, rule=RULE, today=TODAY, now=NOW,
                        publish_until=dt.date(2029, 11, 20))
    assert set(too_long.value.extra["errors"]) == {"publish_until"}
    listing.correct(version=2, rule=RULE, today=TODAY, now=NOW, facts="新事实",
                    measures=["bid_ban", "land_ban"], publish_until=dt.date(2028, 11, 19))
    assert (listing.facts, listing.measures, listing.publish_until, listing.version) == \
        ("新事实", ["bid_ban", "land_ban"], dt.date(2028, 11, 19), 3)


def test_a_removed_entry_cannot_be_corrected():
    listing = listed()
    listing.revoke(reason="撤销", now=NOW)
    with pytest.raises(InvalidTransition):
        listing.correct(version=listing.version, rule=RULE, today=TODAY, now=NOW, facts="x")


def test_a_filing_under_a_new_name_keeps_the_old_one_as_a_former_name():
    entity = Entity(id="E-1", kind="legal_person", name="苏州甲建筑有限公司", uscc="x",
                    former_names=[], created_at=NOW, updated_at=NOW)
    entity.take_filing("苏州甲建设工程有限公司", ["苏州甲公司"], {"name": "张三"}, NOW)
    assert entity.name == "苏州甲建设工程有限公司"
    assert entity.former_names == ["苏州甲建筑有限公司", "苏州甲公司"]
    assert entity.legal_representative.name == "张三"
    assert "苏州甲建筑有限公司" in entity.search_key.split("|")


def test_a_penalty_published_after_its_deadline_is_late_and_is_published_once():
    penalty = Penalty(id="P-1", entity_id="E-1", org="sz-housing", domain="construction",
                      decision_no="P1", decision_date=dt.date(2026, 11, 10), violation_type="v",
                      facts="f", legal_basis="l", penalty_type="罚款", content="c",
                      severity="general", publish_until=dt.date(2027, 11, 9),
                      disclosure_deadline=dt.date(2026, 11, 19), created_at=NOW)
    penalty.publish(today=dt.date(2026, 11, 20), now=NOW)
    assert penalty.published_at == NOW and penalty.late is True
    with pytest.raises(InvalidTransition):
        penalty.publish(today=dt.date(2026, 11, 20), now=NOW)
