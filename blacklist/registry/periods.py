"""Publication periods: how long a listing or a penalty stays public, by its rule in data/."""

import datetime as dt

from blacklist.errors import InvalidInput
from blacklist.infra.clock import add_months


def publication_window(rule: dict, decision_date: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(earliest allowed last day, default last day, latest allowed last day); inclusive."""
    low, default, high = (add_months(decision_date, rule[key]) - dt.timedelta(days=1)
                          for key in ("min_months", "default_months", "max_months"))
    return low, default, high


def check_publish_until(rule: dict, decision_date: dt.date, publish_until: dt.date | None,
                        today: dt.date) -> dt.date:
    """A last day within the rule's period and not already past (422 naming the field)."""
    low, default, high = publication_window(rule, decision_date)
    if publish_until is None:
        if default < today:
            raise InvalidInput.field("decision_date",
                                     f"its publication period already ended on {default}")
        return default
    if publish_until > high:
        raise InvalidInput.field("publish_until", f"past the maximum period: at most {high}")
    if publish_until < low:
        raise InvalidInput.field("publish_until", f"shorter than the minimum: at least {low}")
    if publish_until < today:
        raise InvalidInput.field("publish_until", f"already past (today is {today})")
    return publish_until


def repairable_from(rule: dict, decision_date: dt.date) -> dt.date:
    """Credit repair opens once the minimum publication period is over."""
    return add_months(decision_date, rule["min_months"])
