"""The yearly account each department gives (三(三)): listings, removals, penalties, screenings."""

import datetime as dt
from collections import Counter

from blacklist.infra.clock import SHANGHAI
from blacklist.public import year_ends
from blacklist.public.tallies import LATE_KEY

REMOVAL_REASONS = ("expired", "repaired", "revoked")
# Year-end counts of closed years not kept yet, per process: (late-change stamp, rows).
_CLOSED_YEARS: dict[int, tuple[int, list]] = {}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as instants: Suzhou's midnight of 1 January to the next."""
    start = dt.datetime(year, 1, 1, tzinfo=SHANGHAI)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


def _month(instant: dt.datetime) -> str:
    return instant.astimezone(SHANGHAI).strftime("%Y-%m")


def _listings(uow, year: int, start, end) -> dict:
    """From the kept tallies (public/tallies.py); only the year-end count of a closed year
    is computed, once per process until a late change touches the closed years."""
    tallies = uow.public_entries
    months = {f"{year}-{m:02d}": 0 for m in range(1, 13)}
    by_domain, by_department = Counter(), Counter()
    for key, n in tallies.kept_under(f"n:{year}-").items():
        month, domain, org = key[2:].split("|")
        months[month] += n
        by_domain[domain] += n
        by_department[org] += n
    removed: dict[str, Counter] = {}
    for key, n in tallies.kept_under(f"r:{year}|").items():
        _, status, domain = key.split("|")
        removed.setdefault(domain, Counter())[status] += n
    at_end, at_end_by_department = _listed_at_year_end(uow, year, end)
    return {"new": sum(by_domain.values()), "new_by_domain": _positive(by_domain),
            "new_by_month": months, "new_by_department": _positive(by_department),
            "removals": _by_reason(sum(removed.values(), Counter())),
            "removals_by_domain": {d: _by_reason(removed[d]) for d in sorted(removed)
                                   if sum(removed[d].values())},
            "listed_at_year_end": at_end, "listed_at_year_end_by_department":
                at_end_by_department}


def _positive(counts: Counter) -> dict:
    return {key: n for key, n in counts.items() if n > 0}


def _listed_at_year_end(uow, year: int, end) -> tuple[dict, dict]:
    """The current year and later ones from the kept tally of listed entries; a closed
    year from its kept counts (public.year_ends), else counted once per process."""
    if year >= uow.clock.today().year:
        by_domain, by_department = Counter(), Counter()
        for key, n in uow.public_entries.kept_under("u:").items():
            reach, domain, org = key[2:].split("|")
            if int(reach) > year:
                by_domain[domain] += n
                by_department[org] += n
        return _positive(by_domain), _positive(by_department)
    rows = year_ends.stored(uow.session, year)
    if rows is None:                 # not counted yet by the job, or stale: count it here
        stamp = uow.public_entries.kept([LATE_KEY]).get(LATE_KEY, 0)
        known = _CLOSED_YEARS.get(year)
        if known is None or known[0] != stamp:
            known = _CLOSED_YEARS[year] = (stamp, year_ends.counted(uow.session, year))
        rows = known[1]
    by_domain, by_department = Counter(), Counter()
    for domain, org, n in rows:
        by_domain[domain] += n
        by_department[org] += n
    return dict(by_domain), dict(by_department)


def keep_closed_years(uow) -> list[int]:
    """Count and keep the closed years' year-end figures not kept yet or made stale by a
    late change (the job does it, so no request pays for the grouped scan)."""
    with uow:
        years = year_ends.keep(uow.session, uow.clock.today())
        uow.commit()
        return years


def _by_reason(counted: Counter) -> dict[str, int]:
    return {reason: counted.get(reason, 0) for reason in REMOVAL_REASONS}


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
    rows = uow.screenings.totals_between(start, end)
    by_domain: dict[str, Counter] = {}
    for domain, total, refusals, _ in rows:
        counts = by_domain.setdefault(domain or "any", Counter())
        counts["total"] += total
        counts["refusals"] += refusals
    return {"total": sum(r[1] for r in rows), "refusals": sum(r[2] for r in rows),
            "reviews": sum(r[3] for r in rows),
            "by_domain": {d: {"total": c["total"], "refusals": c["refusals"]}
                          for d, c in sorted(by_domain.items())}}


def annual(uow, year: int) -> dict:
    """The year's figures per domain and per department."""
    start, end = year_bounds(year)
    with uow:
        return {"year": year, "listings": _listings(uow, year, start, end),
                "penalties": _penalties(uow, uow.ref, year),
                "screenings": _screenings(uow, start, end)}
