"""The statutory holidays of any year (全国年节及纪念日放假办法, 2024 revision, DOMAIN.md §10),
computed from the solar and the lunar calendar: what a provisional year still skips before the
State Council's 调休 notice for it is out."""

import datetime as dt
import functools

from lunardate import LunarDate

ONE_DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[dt.date]:
    """元旦, 春节 (除夕 to 初三), 清明, 劳动节 (May 1–2), 端午, 中秋 and 国庆 (Oct 1–3) of a year."""
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days = {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 5, 2),
            dt.date(year, 10, 1), dt.date(year, 10, 2), dt.date(year, 10, 3),
            qingming(year),
            LunarDate(year, 5, 5).to_solar_date(), LunarDate(year, 8, 15).to_solar_date()}
    days.update(new_year + ONE_DAY * offset for offset in range(-1, 3))
    return frozenset(days)


def qingming(year: int) -> dt.date:
    """The 清明 solar term: April 4 or 5, by the usual 21st-century formula (寿星公式)."""
    y = year % 100
    return dt.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)
