"""Many rows through the database driver itself. For a bulk writer (an import's batch, a
pull's page) SQLAlchemy's handling of each row's parameters costs more than the database's
own work: rows go to SQLite by the driver's executemany and to PostgreSQL by COPY FROM STDIN
(or one statement over a JSON array of them where a conflict must be handled), in the caller's
transaction and in the order given."""

import json
from operator import itemgetter

import uuid_utils
from sqlalchemy import ARRAY, JSON, any_, bindparam


def new_id() -> str:
    """A bulk-written row's id: a UUIDv7 (RFC 9562), ordered by time, so that the rows written
    together sit together in every index on their ids. Random (v4) ids put each row's index
    entries on pages of their own: at a million rows nearly every write misses the cache."""
    return str(uuid_utils.uuid7())


class Json(str):
    """A JSON column's value serialised once, in its canonical text (a change's snapshot is
    also its audit trace's `after`, which the audit chain hashes as it is)."""


# One encoder for every canonical text: json.dumps with options builds an encoder a call.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(value) -> str:
    """A value's one JSON text: sorted keys, no spaces, characters as they are."""
    return _CANONICAL.encode(value)


def as_json(value) -> Json:
    """The value serialised once for the columns that store it and the chain that hashes it."""
    return Json(canonical(value))


def insert_rows(session, table, rows: list[dict]) -> None:
    """Rows (dicts of the same columns, a JSON column's value as it is or `as_json`) into the
    table, in their order: an identity column numbers them in that order."""
    if not rows:
        return
    columns = tuple(rows[0])
    values = list(map(itemgetter(*columns), rows)) if len(columns) > 1 else \
        [(row[columns[0]],) for row in rows]
    insert_values(session, table, columns, values)


def insert_values(session, table, columns: tuple[str, ...], values: list[tuple]) -> None:
    """insert_rows of rows given as tuples of these columns' values."""
    if not values:
        return
    values = _ready(table, columns, values, session.connection().dialect)
    names = ", ".join(f'"{name}"' for name in columns)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        with connection.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
                                   values)


def among(session, column, values):
    """column IN values; on PostgreSQL as one array parameter (an IN of a batch's thousands
    of values is rendered, bound and parsed by the driver a value at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def reserve_ids(session, table, column: str, n: int) -> list[int]:
    """n new values of an identity column, ascending, for rows written with them (the caller
    holds the lock its table's writers take, so nobody else numbers rows meanwhile)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        found = connection.exec_driver_sql(
            f"SELECT array_agg(nextval(pg_get_serial_sequence('{table.name}', '{column}'))) "
            f"FROM generate_series(1, {int(n)})").scalar()   # one row, not n
        return sorted(found)
    top = connection.exec_driver_sql(f"SELECT MAX({column}) FROM {table.name}").scalar() or 0
    return list(range(top + 1, top + 1 + n))


def driver_many(session, sql: str, rows: list[tuple], types: tuple[str, ...]) -> None:
    """Many rows of plain strings and numbers (distinct keys) in one go; `{}` in sql stands
    for their source. PostgreSQL takes them as one statement over a JSON array of the rows
    (psycopg dumps a Python list as an array in Python, a row's values at a time; json in
    C). SQLite takes the driver's own executemany."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        values = ", ".join(f"(r->>{i})::{kind}" for i, kind in enumerate(types))
        source = f"SELECT {values} FROM json_array_elements(%s::json) AS r"
        connection.exec_driver_sql(sql.format(source), (json.dumps(rows),))
    else:
        marks = ", ".join("?" * len(types))
        connection.exec_driver_sql(sql.format(f"VALUES ({marks})"), rows)


def _ready(table, columns: tuple[str, ...], values: list[tuple], dialect) -> list[tuple]:
    """Each value as the column's type hands it to this driver (SQLite's dates and instants
    as text, JSON as text); a date or instant repeated in a column is converted once."""
    by_column = None
    for i, name in enumerate(columns):
        kind = table.c[name].type
        convert = None if isinstance(kind, JSON) else \
            kind.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None or isinstance(kind, JSON):
            by_column = by_column or list(zip(*values))
            by_column[i] = _json_texts(by_column[i]) if convert is None else \
                _converted(convert, by_column[i])
    return list(zip(*by_column)) if by_column else values


def _converted(convert, column: tuple) -> list:
    # Each distinct value once; the lookups then run in C, not a Python call a value.
    done = {value: convert(value) for value in set(column) if value is not None}
    done[None] = None
    return list(map(done.__getitem__, column))


def _json_texts(column: tuple) -> list:
    return [value if value is None or type(value) is Json else json.dumps(value)
            for value in column]
