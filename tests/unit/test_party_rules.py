"""The state rules of repair applications and objections, without a database."""

import datetime as dt

import pytest

from blacklist.errors import InvalidInput, InvalidTransition
from blacklist.party.models import Objection, RepairApplication

NOW = dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)


def application(**extra) -> RepairApplication:
    return RepairApplication(id="a", listing_id="l", org="sz-housing", applicant_name="某公司",
                             applicant_code="X", contact={}, statement="s", status="received",
                             received_at=NOW, decide_by=dt.date(2026, 12, 2),
                             reply_by=dt.date(2026, 12, 11), **extra)


def objection() -> Objection:
    return Objection(id="o", listing_id="l", org="sz-housing", applicant_name="某公司",
                     applicant_code="X", contact={}, statement="s", status="open",
                     received_at=NOW, grounds="other", resolve_by=dt.date(2026, 12, 18))


def test_an_application_is_decided_once_and_on_time_by_its_deadline():
    a = application()
    a.decide(outcome="approved", reason=None, decision_no="修1号", by="sz-housing/x",
             today=dt.date(2026, 12, 2), now=NOW)
    assert (a.status, a.on_time, a.decision_no, a.is_open) == ("approved", True, "修1号", False)
    with pytest.raises(InvalidTransition):
        a.decide(outcome="rejected", reason="r", decision_no=None, by="x", today=TODAY, now=NOW)


def test_a_rejection_keeps_no_decision_number_and_is_late_after_the_deadline():
    a = application()
    a.decide(outcome="rejected", reason="材料不全", decision_no="ignored", by="x",
             today=dt.date(2026, 12, 3), now=NOW)
    assert (a.status, a.on_time, a.decision_no) == ("rejected", False, None)


@pytest.mark.parametrize("outcome, reason, number, field", [
    ("approved", "r", " ", "decision_no"), ("rejected", "", None, "reason")])
def test_an_outcome_needs_what_it_rests_on(outcome, reason, number, field):
    with pytest.raises(InvalidInput) as caught:
        application().decide(outcome=outcome, reason=reason, decision_no=number, by="x",
                             today=TODAY, now=NOW)
    assert field in caught.value.extra["errors"]


def test_an_objection_is_only_identified_by_the_listed_partys_code():
    o = objection()
    assert o.is_applicant("X") and not o.is_applicant("Y") and not o.is_applicant("")


def test_an_upheld_objection_names_its_action_and_a_dismissed_one_none():
    o = objection()
    with pytest.raises(InvalidInput):
        o.resolve(outcome="upheld", action=None, reason="r", by="x", today=TODAY, now=NOW)
    with pytest.raises(InvalidInput):
        o.resolve(outcome="dismissed", action="revoke", reason="r", by="x", today=TODAY,
                  now=NOW)
    o.resolve(outcome="upheld", action="revoke", reason="r", by="x",
              today=dt.date(2026, 12, 21), now=NOW)
    assert (o.status, o.action, o.on_time) == ("upheld", "revoke", False)
