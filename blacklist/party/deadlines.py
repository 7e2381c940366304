"""The party's time limits in working days, from data/rules.json (DOMAIN.md §9), counted on the
mainland calendar from the day after the start (民法典 Art. 201)."""

import datetime as dt

from blacklist.errors import InvalidInput
from blacklist.infra.clock import SHANGHAI

# The limits of 国办发〔2025〕22号 and the local default for objections, where data/ is older.
DEFAULT_WORKING_DAYS = {
    "repair_decide_working_days": 3,
    "repair_reply_working_days": 10,
    "objection_resolve_working_days": 15,
    "removal_share_working_days": 3,
}


def working_days(ref, key: str) -> int:
    """The limit of data/rules.json under key, else the statutory default."""
    return int(ref.rules.get(key, DEFAULT_WORKING_DAYS[key]))


def due(uow, start: dt.date, key: str) -> tuple[dt.date, bool]:
    """The last day of the limit under key counted from start, and whether it is provisional."""
    return uow.calendar.add_workdays(start, working_days(uow.ref, key))


def day_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the Shanghai days from..to inclusive, kept a day inside the calendar's
    ends (0001-01-01 in Shanghai is still year 0 in UTC, which no datetime holds)."""
    first, last = dt.date(1, 1, 2), dt.date(9999, 12, 30)
    start = dt.datetime.combine(max(date_from, first), dt.time(), SHANGHAI)
    end = dt.datetime.combine(min(date_to, last) + dt.timedelta(days=1), dt.time(), SHANGHAI)
    return start, end


def report_period(today: dt.date, date_from: dt.date | None,
                  date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """A report's days: `to` defaults to today, `from` to the first of to's year; from after
    to is a mistake of the asker, refused naming `from`, not an empty report."""
    date_to = date_to or today
    date_from = date_from or date_to.replace(month=1, day=1)
    if date_from > date_to:
        raise InvalidInput.field("from", "must not be after to")
    return date_from, date_to
