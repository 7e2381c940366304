"""Every listed entry within its period, streamed as plain rows for the public export:
no ORM object and no type processing per row, flat memory."""

import datetime as dt
import functools
import json
from collections.abc import Iterator

from sqlalchemy import text

from blacklist.registry.models import LOCAL

# No ORDER BY: sorting every row before the first is sent is what it would cost. The JSON
# columns come as their text on both databases: few distinct values exist (as_list parses each
# once), where PostgreSQL's driver would parse them for every row.
_PUBLIC_ROWS = text(
    "SELECT l.id, l.status, l.domain, l.category, l.decision_no, l.decision_date, l.facts, "
    "l.legal_basis, CAST(l.measures AS TEXT), l.publish_until, l.org, e.kind, e.name, e.uscc, "
    "e.id_number, e.legal_rep_name, e.legal_rep_id, CAST(e.former_names AS TEXT), l.origin, "
    "l.authority, l.authority_uscc, l.under_objection FROM listing l "
    "JOIN entity e ON e.id = l.entity_id WHERE l.status = 'listed' AND l.publish_until >= :today")


def _batches(result, size: int):
    """The rows of a streamed result, fetched `size` at a time."""
    while rows := result.fetchmany(size):
        yield from rows


def iso_day(day) -> str:
    """SQLite hands a date back as its ISO text, PostgreSQL as a date."""
    return day if isinstance(day, str) else day.isoformat()


def as_list(value) -> list:
    """SQLite hands JSON back as text, PostgreSQL as the value."""
    return list(_parsed(value)) if isinstance(value, str) else list(value)


@functools.lru_cache(maxsize=4096)
def _parsed(text_value: str) -> tuple:
    # Few distinct lists of measures exist, and most parties have no former name.
    return tuple(json.loads(text_value))


def raw_rows(uow, today: dt.date, batch: int):
    """The public rows of every listed entry within its period, as the database hands them.
    Close it (contextlib.closing) before the unit of work ends: a stream left open on
    PostgreSQL holds its connection busy."""
    connection = uow.session.connection()
    if connection.dialect.name == "postgresql":
        # One query whose rows arrive `batch` at a time (libpq's chunked mode), planned for
        # all of its rows: a server-side cursor is planned for its first tenth (a nested
        # loop over the entities' index at 1M) and costs a FETCH round trip per batch.
        cursor = connection.connection.driver_connection.cursor()
        sql = str(_PUBLIC_ROWS.compile(dialect=connection.dialect))
        return cursor.stream(sql, {"today": today}, size=batch)
    result = connection.execute(
        _PUBLIC_ROWS.execution_options(stream_results=True, max_row_buffer=batch),
        {"today": today})
    return _batches(result, batch)


def stream_public(uow, today: dt.date, batch: int) -> Iterator[dict]:
    """Every listed entry within its period as the public tier shows it (the fields of
    trail.events.listing_event that tiers.public_listing reads), read in batches; close it
    before the unit of work ends, as raw_rows."""
    sources: dict[str, dict] = {}
    for (lid, status, domain, category, decision_no, decision_date, facts, basis, measures,
         until, org, kind, name, uscc, id_number, rep_name, rep_id, former, origin,
         authority, authority_uscc, objected) in raw_rows(uow, today, batch):
        if origin == LOCAL and org not in sources:
            sources[org] = uow.ref.source(org)
        source = (dict(sources[org]) if origin == LOCAL else
                  {"org": origin, "name": authority or origin, "uscc": authority_uscc})
        yield {"listing": {"id": lid, "status": status, "domain": domain,
                           "category": category, "decision_no": decision_no,
                           "decision_date": iso_day(decision_date), "facts": facts,
                           "legal_basis": basis, "measures": as_list(measures),
                           "publish_until": iso_day(until), "org": org, "origin": origin,
                           "under_objection": bool(objected)},
               "entity": {"kind": kind, "name": name, "uscc": uscc,
                          "id_number": id_number, "legal_rep_name": rep_name,
                          "legal_rep_id": rep_id, "former_names": as_list(former)},
               "source": source}
