"""As-of and window answers: the decisions the list would have given over a past window
(an instant being the window of one), from the change log, with the live check's matcher."""

import datetime as dt

from blacklist.screening.window import Window, screen_window


def screen_over(uow, history, parties: list[dict], domain: str | None,
                window: Window) -> tuple[list[dict], int]:
    """Each party's strictest decision over the window, and the last seq committed by its end."""
    with uow:
        results = [screen_window(uow, history, party, domain, window) for party in parties]
        seq = uow.changes.seq_at(window.end.astimezone(dt.UTC))
    return results, seq
