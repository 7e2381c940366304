"""The clock sits behind an interface so tests can move time; the real one reads the system."""

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The real clock: instants in UTC, calendar days in Asia/Shanghai."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def today(self) -> dt.date:
        return self.now().astimezone(SHANGHAI).date()


class FixedClock(Clock):
    """A clock that stands still until told to move (tests, imports of history)."""

    def __init__(self, now: dt.datetime):
        self._now = now

    def now(self) -> dt.datetime:
        return self._now

    def set(self, now: dt.datetime) -> None:
        self._now = now

    def advance(self, **delta) -> None:
        self._now += dt.timedelta(**delta)


def rfc3339(instant: dt.datetime | None) -> str | None:
    """An instant as RFC 3339 with the Shanghai offset, as the API shows it."""
    if instant is None:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return instant.astimezone(SHANGHAI).isoformat(timespec="seconds")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (1-31 + 1 month = 2-28/29)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
