"""The clock sits behind an interface so tests can move time; the real one reads the system."""

import calendar
import datetime as dt
import functools
import time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The real clock: instants in UTC, calendar days in Asia/Shanghai."""

    def __init__(self):
        # The day and the instants it starts and ends: every check asks for today's date,
        # and working it out through zoneinfo costs more than comparing two floats.
        self._day: tuple[float, float, dt.date | None] = (0.0, 0.0, None)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def today(self) -> dt.date:
        """The calendar day in Shanghai now."""
        start, end, day = self._day
        now = time.time()
        if start <= now < end:
            return day
        day = dt.datetime.fromtimestamp(now, SHANGHAI).date()
        self._day = (_midnight(day), _midnight(day + dt.timedelta(days=1)), day)
        return day


class FixedClock(Clock):
    """A clock that stands still until told to move (tests, imports of history)."""

    def __init__(self, now: dt.datetime):
        self._now = now

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.astimezone(SHANGHAI).date()

    def set(self, now: dt.datetime) -> None:
        self._now = now

    def advance(self, **delta) -> None:
        self._now += dt.timedelta(**delta)


def _midnight(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), SHANGHAI).timestamp()


@functools.lru_cache(maxsize=4096)   # a batch's rows share their instants (created, published)
def rfc3339(instant: dt.datetime | None) -> str | None:
    """An instant as RFC 3339 with the Shanghai offset, as the API shows it."""
    if instant is None:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return instant.astimezone(SHANGHAI).isoformat(timespec="seconds")


@functools.lru_cache(maxsize=4096)   # a list's decisions share their days: an import asks 4 a row
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (1-31 + 1 month = 2-28/29)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
