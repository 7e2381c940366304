"""Working days on the mainland calendar: chinese-calendar where it knows the year,
data/calendar.json overrides beyond, and a provisional answer where neither does: weekends and
the statutory holidays of that year, without its 调休 arrangement (DOMAIN.md §10)."""

import datetime as dt
from typing import Protocol

import chinese_calendar

from blacklist.infra.holidays import statutory_holidays


class Calendar(Protocol):
    """Which days are working days; each answer says whether it is known for certain."""

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is it a working day, is that known for certain)."""

    def add_workdays(self, start: dt.date, count: int) -> tuple[dt.date, bool]:
        """The count-th working day after start, and whether the answer is provisional."""


class WorkCalendar:
    """Counts working days, 调休 Saturdays included, holidays excluded."""

    def __init__(self, overrides: dict | None = None):
        overrides = overrides or {}
        self.override_years = {int(y) for y in overrides.get("years", [])}
        self.holidays = {dt.date.fromisoformat(d) for d in overrides.get("holidays", [])}
        self.workdays = {dt.date.fromisoformat(d) for d in overrides.get("workdays", [])}

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is it a working day, is that known for certain)."""
        if day.year in self.override_years:
            if day in self.workdays:
                return True, True
            return day not in self.holidays and day.weekday() < 5, True
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:
            # The year's 调休 notice is not known: skip weekends and the statutory holidays.
            return day.weekday() < 5 and day not in statutory_holidays(day.year), False

    def add_workdays(self, start: dt.date, count: int) -> tuple[dt.date, bool]:
        """The count-th working day after start (the start day itself is not counted,
        民法典 Art. 201), and whether the answer is provisional."""
        day, seen, provisional = start, 0, False
        while seen < count:
            day += dt.timedelta(days=1)
            working, known = self.is_workday(day)
            provisional = provisional or not known
            seen += working
        return day, provisional
