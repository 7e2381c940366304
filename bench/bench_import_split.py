"""Where a `blacklist import` spends its time: the same import as bench_import, run in this
process so that its parts can be clocked. It prints the writer's CPU, the checking
process's CPU, and the database's own time as the writer waits for it (each statement by
table, and the commits). On SQLite the database's time is the writer's CPU (the library
runs in the writer); on PostgreSQL it is the server's work plus the round trips.

What it answers: whether a target can be met by the writer at all. The import runs as two
processes on two cores, so neither may take more than the target: the database's own time
is the writer's floor, the checking process's CPU the reader's.

    .venv/bin/python -m bench.bench_import_split --rows 1000000
    .venv/bin/python -m bench.bench_import_split --rows 100000 --format csv \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/blacklist_test_b
"""

import json
import os
import resource
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import event

from bench.bench_import import parsed_args, prepared
from blacklist.infra import bulk, db
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.joint.imports import BATCH, Defaults
from blacklist.public import entries


class Clock:
    """Seconds the writer waited on its database, by what it waited for."""

    def __init__(self):
        self.seconds = Counter()

    def timed(self, name: str, call, *args):
        started = time.perf_counter()
        try:
            return call(*args)
        finally:
            self.seconds[name] += time.perf_counter() - started

    def watch(self, engine) -> None:
        """Every statement through SQLAlchemy (SQLite's executemany too), by its table."""
        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, *_):
            conn.info["bench_started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, *_):
            self.seconds[_table(statement)] += time.perf_counter() - conn.info["bench_started"]


def _table(statement: str) -> str:
    words = statement.split()
    for word, following in zip(words, words[1:]):
        if word.upper() in ("INTO", "FROM", "UPDATE"):
            return following.strip('"').split("(")[0]
    return words[0].upper()


def clocked_import(runtime, path: Path, fmt: str, batch: int | None, clock: Clock):
    """The import of path, its statements and commits clocked (COPY, which SQLAlchemy does
    not see, by insert_values, in bulk and where the projection took it by name)."""
    from api import imports as importer

    commit, copy = db.UnitOfWork.commit, bulk.insert_values
    db.UnitOfWork.commit = lambda uow: clock.timed("COMMIT", commit, uow)
    if runtime.db.is_postgres:
        bulk.insert_values = entries.insert_values = lambda session, table, *rest: clock.timed(
            table.name, copy, session, table, *rest)
    try:
        clock.watch(runtime.db.engine)
        encoding = "gb18030" if fmt == "csv" else None
        return importer.run(runtime, path, Defaults("legacy"), fmt=fmt, encoding=encoding,
                            bar=False, batch=batch)
    finally:
        db.UnitOfWork.commit = commit
        bulk.insert_values = entries.insert_values = copy


def main() -> None:
    args = parsed_args()
    path, env = prepared(args, "bench-import-split-")
    os.environ.update(env)
    runtime, clock = Runtime.from_settings(Settings.from_env()), Clock()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.monotonic(), time.process_time()
    summary = clocked_import(runtime, path, args.format, args.batch, clock)
    seconds, writer = time.monotonic() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    database = sum(clock.seconds.values())
    print(json.dumps({
        "rows": args.rows, "format": args.format, "batch": args.batch or BATCH,
        "database": "postgresql" if args.database_url else "sqlite", "summary": summary.line(),
        "seconds": round(seconds, 1), "writer_cpu_s": round(writer, 1),
        "checker_cpu_s": round(after.ru_utime + after.ru_stime
                               - children.ru_utime - children.ru_stime, 1),
        "database_s": round(database, 1),
        "database_s_by": {name: round(s, 1) for name, s in clock.seconds.most_common()},
        "load": os.getloadavg()[0]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
