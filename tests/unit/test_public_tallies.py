"""The report's kept tallies: which year-ends an entry reaches, and which tallies a change moves."""

import datetime as dt
from types import SimpleNamespace

from blacklist.public.grams import fragment, grams_of
from blacklist.public.tallies import LATE_KEY, moves, reach


def _listing(status="listed", published_at=None, removed_at=None):
    return SimpleNamespace(status=status, is_public=status == "listed", domain="construction",
                           org="sz-housing", published_at=published_at, removed_at=removed_at)


def test_an_entry_lasting_to_the_last_day_of_a_year_counts_at_that_year_end():
    assert reach(dt.date(2027, 12, 31)) == 2028      # listed at the end of 2027
    assert reach(dt.date(2027, 12, 30)) == 2027      # not listed at the end of 2027


def test_a_publication_counts_in_its_month_in_suzhou_time():
    # 2026-11-30 17:00 UTC is already 1 December in Suzhou.
    at = dt.datetime(2026, 11, 30, 17, tzinfo=dt.UTC)
    assert moves(_listing(published_at=at), False, dt.date(2026, 12, 1)) == [
        "n:2026-12|construction|sz-housing"]


def test_a_change_dated_in_a_closed_year_marks_the_closed_years_stale():
    at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    assert LATE_KEY in moves(_listing(published_at=at), False, dt.date(2026, 12, 1))


def test_a_removal_counts_in_its_year_by_reason():
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    listing = _listing("revoked", published_at=at, removed_at=at)
    assert moves(listing, True, dt.date(2026, 3, 1)) == ["r:2026|revoked|construction"]
    assert moves(listing, False, dt.date(2026, 3, 1)) == []   # never listed: not a removal


def test_grams_never_span_two_names_and_one_character_is_no_fragment():
    assert grams_of("甲乙|丙丁") == {"甲乙", "丙丁"}
    assert fragment("华") == "" and fragment(" 華信 ") == "华信"
