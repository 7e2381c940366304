"""The yearly account each department gives (三(三)): listings, removals, penalties, screenings."""

import datetime as dt
from collections import Counter

from blacklist.infra.clock import SHANGHAI

REMOVAL_REASONS = ("expired", "repaired", "revoked")


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as instants: Suzhou's midnight of 1 January to the next."""
    start = dt.datetime(year, 1, 1, tzinfo=SHANGHAI)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


def _month(instant: dt.datetime) -> str:
    return instant.astimezone(SHANGHAI).strftime("%Y-%m")


def _listings(uow, year: int, start, end) -> dict:
    published = uow.listings.published_between(start, end)
    removed = uow.listings.removed_between(start, end)
    active = uow.listings.listed_at(end, dt.date(year, 12, 31))
    months = {f"{year}-{m:02d}": 0 for m in range(1, 13)}
    months.update(Counter(_month(at) for _, _, at in published))
    return {"new": len(published), "new_by_domain": dict(Counter(d for d, _, _ in published)),
            "new_by_month": months, "new_by_department": dict(Counter(o for _, o, _ in published)),
            "removals": _by_reason(status for status, _ in removed),
            "removals_by_domain": {d: _by_reason(st for st, dom in removed if dom == d)
                                   for d in sorted({dom for _, dom in removed})},
            "listed_at_year_end": dict(Counter(d for d, _ in active)),
            "listed_at_year_end_by_department": dict(Counter(o for _, o in active))}


def _by_reason(statuses) -> dict[str, int]:
    counts = dict.fromkeys(REMOVAL_REASONS, 0)
    counts.update(Counter(s for s in statuses if s in counts))
    return counts


def _penalties(uow, ref, year: int) -> dict:
    rows = uow.penalties.disclosures_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    by_org: dict[str, Counter] = {}
    for org, published_at, late in rows:
        counts = by_org.setdefault(org, Counter())
        counts["filed"] += 1
        if published_at is not None:
            counts["late" if late else "on_time"] += 1
    departments = [
        {"org": org, "name": ref.orgs.get(org, {}).get("name", org), "filed": c["filed"],
         "on_time": c["on_time"], "late": c["late"],
         "share_on_time": round(c["on_time"] / c["filed"], 4) if c["filed"] else None}
        for org, c in sorted(by_org.items())
    ]
    return {"by_department": departments, "filed": len(rows)}


def _screenings(uow, start, end) -> dict:
    rows = uow.screenings.counts_between(start, end)
    by_domain: dict[str, Counter] = {}
    for domain, refusals, _ in rows:
        counts = by_domain.setdefault(domain or "any", Counter())
        counts["total"] += 1
        counts["refusals"] += refusals
    return {"total": len(rows), "refusals": sum(r for _, r, _ in rows),
            "reviews": sum(r for _, _, r in rows),
            "by_domain": {d: {"total": c["total"], "refusals": c["refusals"]}
                          for d, c in sorted(by_domain.items())}}


def annual(uow, year: int) -> dict:
    """The year's figures per domain and per department."""
    start, end = year_bounds(year)
    with uow:
        return {"year": year, "listings": _listings(uow, year, start, end),
                "penalties": _penalties(uow, uow.ref, year),
                "screenings": _screenings(uow, start, end)}
