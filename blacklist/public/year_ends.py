"""Closed years' year-end counts (listed on 31 December, per domain and department), kept
in public_count once computed: `y:{year}|{domain}|{org}` rows and a `ys:{year}` mark
holding the late-change stamp they were counted at. A change dated in a closed year bumps
the stamp (tallies.LATE_KEY), which makes every stored year stale until counted again."""

import datetime as dt

from sqlalchemy import delete, func, insert, or_, select

from blacklist.public.entries import C
from blacklist.public.tallies import LATE_KEY
from blacklist.registry.models import Listing

_L = Listing.__table__


def _end(year: int) -> dt.datetime:
    from blacklist.public.reports import year_bounds
    return year_bounds(year)[1]


def counted(db, year: int) -> list[tuple[str, str, int]]:
    """(domain, org, n) listed at the end of the year, counted from the listings (a
    grouped scan: seconds at a million)."""
    end = _end(year)
    return list(db.execute(
        select(_L.c.domain, _L.c.org, func.count()).where(
            _L.c.published_at < end, _L.c.publish_until >= dt.date(year, 12, 31),
            or_(_L.c.removed_at.is_(None), _L.c.removed_at >= end))
        .group_by(_L.c.domain, _L.c.org)))


def _kept(db, keys: list[str]) -> dict[str, int]:
    return dict(db.execute(select(C.c.key, C.c.n).where(C.c.key.in_(keys))).all())


def stored(db, year: int) -> list[tuple[str, str, int]] | None:
    """The year's stored counts, or None when never counted or stale."""
    marks = _kept(db, [f"ys:{year}", LATE_KEY])
    if f"ys:{year}" not in marks or marks[f"ys:{year}"] != marks.get(LATE_KEY, 0):
        return None
    prefix = f"y:{year}|"
    rows = db.execute(select(C.c.key, C.c.n).where(C.c.key >= prefix,
                                                   C.c.key < prefix + "\uffff"))
    return [(*key[len(prefix):].split("|", 1), n) for key, n in rows]


def store(db, year: int) -> None:
    """Count the year and keep the counts with the current stamp (the caller commits)."""
    stamp = _kept(db, [LATE_KEY]).get(LATE_KEY, 0)
    prefix = f"y:{year}|"
    db.execute(delete(C).where(or_(C.c.key == f"ys:{year}",
                                   (C.c.key >= prefix) & (C.c.key < prefix + "\uffff"))))
    rows = [{"key": f"{prefix}{domain}|{org}", "n": n} for domain, org, n in counted(db, year)]
    db.execute(insert(C), [*rows, {"key": f"ys:{year}", "n": stamp}])


def closed_years(db, today: dt.date) -> list[int]:
    """The years before this one in which anything was published (from the kept tallies)."""
    first = db.execute(select(func.min(C.c.key)).where(C.c.key >= "n:", C.c.key < "n:\uffff"))
    first = first.scalar()
    return list(range(int(first[2:6]), today.year)) if first else []


def keep(db, today: dt.date) -> list[int]:
    """Count every closed year not stored or stale; the years counted (caller commits)."""
    years = [year for year in closed_years(db, today) if stored(db, year) is None]
    for year in years:
        store(db, year)
    return years
