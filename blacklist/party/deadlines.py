"""The party's time limits in working days, from data/rules.json (DOMAIN.md §9), counted on the
mainland calendar from the day after the start (民法典 Art. 201)."""

import datetime as dt

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
