"""A year the calendar does not know still skips its statutory holidays (DOMAIN.md §10)."""

import datetime as dt

import chinese_calendar
import pytest

from blacklist.infra.calendar import WorkCalendar
from blacklist.infra.holidays import qingming, statutory_holidays

D = dt.date.fromisoformat


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_computed_statutory_holidays_are_days_off_in_every_year_of_the_2024_revision(year):
    # The State Council's notices give each statutory holiday off (and more around it); the
    # revision (除夕 and May 2 added) is in force since 2025-01-01.
    days = statutory_holidays(year)
    assert all(chinese_calendar.is_holiday(day) for day in days), sorted(
        day for day in days if not chinese_calendar.is_holiday(day))


def test_the_lunar_festivals_of_2027_fall_on_their_days():
    days = statutory_holidays(2027)
    # 除夕 2027-02-05 to 初三 2027-02-08; 端午 06-09; 中秋 09-15; 清明 04-05.
    assert {D("2027-02-05"), D("2027-02-06"), D("2027-02-07"), D("2027-02-08")} <= days
    assert {D("2027-06-09"), D("2027-09-15"), D("2027-04-05"), D("2027-01-01")} <= days
    assert len(days) == 13


@pytest.mark.parametrize("year, day", [(2008, 4), (2024, 4), (2025, 4), (2026, 5), (2027, 5)])
def test_qingming_is_the_solar_term(year, day):
    assert qingming(year) == dt.date(year, 4, day)


def test_new_years_day_of_an_unknown_year_is_not_worked_and_is_provisional():
    assert WorkCalendar().is_workday(D("2027-01-01")) == (False, False)
    assert WorkCalendar().is_workday(D("2027-01-04")) == (True, False)


def test_seven_working_days_from_2026_12_23_skip_new_years_day_2027():
    assert WorkCalendar().add_workdays(D("2026-12-23"), 7) == (D("2027-01-04"), True)


def test_a_deadline_across_the_provisional_spring_festival_skips_it():
    # Thu 2027-02-04, then Fri 02-05 (除夕) and Mon 02-08 (初三) are off: 02-09 is the 2nd day.
    assert WorkCalendar().add_workdays(D("2027-02-04"), 2) == (D("2027-02-10"), True)


def test_a_year_in_data_overrides_the_computed_holidays():
    notice = WorkCalendar({"years": [2027], "holidays": [], "workdays": []})
    assert notice.is_workday(D("2027-01-01")) == (True, True)
