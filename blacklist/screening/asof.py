"""As-of answers: the decision the list would have given at a past instant, from the change log."""

import datetime

from blacklist.infra.clock import SHANGHAI
from blacklist.screening.entries import apply_change, empty_index


def screen_as_of(uow, party: dict, domain: str | None,
                 instant: datetime.datetime) -> tuple[dict, int]:
    """The party screened against the listings as their last change before the instant left them."""
    index = empty_index(uow.context)
    with uow:
        candidates = uow.screenings.candidate_listings(party)
        for change in uow.changes.of_listings_until(candidates, instant):
            apply_change(index, change.event, change.snapshot)
        seq = uow.changes.seq_at(instant)
    today = instant.astimezone(SHANGHAI).date()
    return index.screen_party(party, domain, today), seq
