"""Engines and the unit of work: one use case, one transaction."""

from collections.abc import Callable, Mapping

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from blacklist.errors import NotReady
from blacklist.infra import forks

# Arbitrary, fixed: the advisory lock that serialises appends to the change log and audit chain.
LOG_LOCK_KEY = 74_015_001
# The tables a bulk writer (an import, a pull, the projection's rebuild) fills or updates:
# analyzed each time it has written as many rows as before (1k, 2k, 4k ...), for a plan needs
# the order of a table's size, not its last row; vacuumed when it ends (Database.settle).
BULK_TABLES = ("entity", "listing", "change", "audit_event", "public_entry", "public_gram",
               "public_count")
ANALYZE_BASE, ANALYZE_SCALE = 1000, 1.0
# SQLite's page cache of a bulk-loading process's writes (KiB; the default is 2 MB): a batch
# dirties a page of every index per row, and a page spilled mid-transaction is written twice.
# 160 MB: a larger cache took no time off a million rows in batches of 5,000 (187.5 s at
# 256 MB, 180.5 s at 160 MB), only memory.
BULK_CACHE_KIB = 160 * 1024
BULK_CHECKPOINT_PAGES = 50_000


class Database:
    """The system of record: SQLite in the instance folder, or PostgreSQL."""

    def __init__(self, url: str):
        self.url = url
        self.is_postgres = make_url(url).get_backend_name() == "postgresql"
        if self.is_postgres:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
            # Same pool; a read's transaction is READ ONLY, so a read can never write.
            self.read_engine = self.engine.execution_options(postgresql_readonly=True)
        else:
            self.engine = _sqlite_engine(url, begin="BEGIN IMMEDIATE")
            # A deferred BEGIN never takes the write lock; query_only makes sure of it.
            self.read_engine = _sqlite_engine(url, begin="BEGIN", query_only=True)
        self._written, self._analyzed, self._unsettled = 0, 0, 0
        # A worker forked from a master that used the pool must never reuse its connections.
        forks.forget_in_child(self, Database._forget_parent_pool)

    def _forget_parent_pool(self) -> None:
        """close=False: the connections stay the parent's, the child opens its own."""
        self.engine.dispose(close=False)
        if self.read_engine.pool is not self.engine.pool:
            self.read_engine.dispose(close=False)

    def ping(self) -> None:
        """NotReady unless the database answers (readiness)."""
        try:
            with self.read_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise NotReady(f"database unreachable: {str(exc).splitlines()[0]}") from exc

    def wrote_in_bulk(self, rows: int) -> None:
        """After a bulk writer's commit: on PostgreSQL, ANALYZE the tables it fills once this
        process has doubled what it wrote into them. Autovacuum lags a bulk load (and may be
        off); planned on the statistics of a nearly empty table, every batch's lookups become
        scans, and a load slows as it grows."""
        self._written += rows
        self._unsettled += rows
        if not self.is_postgres or self._written <= ANALYZE_BASE + ANALYZE_SCALE * self._analyzed:
            return
        self._maintain("ANALYZE")
        self._analyzed += self._written
        self._written = 0

    def finish_bulk(self) -> None:
        """A bulk writer's end (an import, a pull run that applied something): settle what
        it wrote; statistics too once it wrote more than a few rows since the last ANALYZE."""
        if self._unsettled:
            self.settle(analyze=self._written >= ANALYZE_BASE)

    def settle(self, *, analyze: bool = True) -> None:
        """On PostgreSQL, VACUUM the bulk tables: the visibility map without which no scan is
        index-only (a public search fetches each posting's heap page to learn it is visible:
        2-4x its time at a million entries). Autovacuum does it in its own time, or never
        where it is off; a bulk writer does not leave it to chance. VACUUM skips the pages
        already all-visible, so settling a settled table costs little."""
        self._unsettled = 0
        if self.is_postgres:
            self._maintain("VACUUM (ANALYZE)" if analyze else "VACUUM")
            if analyze:
                self._analyzed, self._written = self._analyzed + self._written, 0

    def _maintain(self, command: str) -> None:
        # VACUUM cannot run in a transaction: autocommit, on a connection of its own.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"{command} {', '.join(BULK_TABLES)}"))

    def load_in_bulk(self) -> None:
        """This process is a bulk load (`blacklist import`). On SQLite its writing
        connections keep a page cache that holds a batch's pages; a commit is not synced to
        disk (synchronous=NORMAL: in WAL mode the file stays whole after a power cut, which
        may take the last batches back, and a rerun does them again; a killed process
        loses nothing); and the WAL is copied back into the database every
        BULK_CHECKPOINT_PAGES, not every 1,000 (a batch writes more than that: each commit
        copied the batch's pages a second time)."""
        if self.is_postgres:
            return

        def bulk_pragmas(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
        event.listen(self.engine, "connect", bulk_pragmas)
        self.engine.dispose()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine.pool is not self.engine.pool:
            self.read_engine.dispose()


def _sqlite_engine(url: str, *, begin: str, query_only: bool = False) -> Engine:
    """SQLite with WAL and a busy timeout; writers start with BEGIN IMMEDIATE so two
    processes queue for the write lock instead of failing on a lock upgrade."""
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        if query_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(begin)

    return engine


class UnitOfWork:
    """A session whose work lands all at once on commit(), or not at all.

    Entered, it carries one repository per name of `repositories` (`uow.listings`,
    `uow.changes` ...), each made from the unit of work, so every query of the use case
    runs in its transaction. The areas supply them (blacklist/repositories.py). The
    records it loaded stay readable after it ends, detached."""

    def __init__(self, db: Database, *, readonly: bool = False, context=None,
                 repositories: Mapping[str, Callable[["UnitOfWork"], object]] | None = None):
        self.db = db
        self.readonly = readonly
        self.context = context
        self.repositories = dict(repositories or {})
        self.session: Session | None = None

    @property
    def ref(self):
        return self.context.reference

    @property
    def clock(self):
        return self.context.clock

    @property
    def calendar(self):
        return self.context.calendar

    @property
    def keys(self):
        return self.context.keys

    def __enter__(self) -> "UnitOfWork":
        if self.session is not None:
            raise RuntimeError("a unit of work is one transaction: it is not entered twice")
        engine = self.db.read_engine if self.readonly else self.db.engine
        self.session = Session(engine, expire_on_commit=False)
        for name, make in self.repositories.items():
            setattr(self, name, make(self))
        return self

    def __exit__(self, *exc) -> None:
        for name in self.repositories:
            delattr(self, name)  # a repository must not outlive its transaction
        # close() lets go of the records before it rolls back what was not committed, so
        # the records a use case returns stay readable as it last saw them (a rollback
        # first would expire them).
        self.session.close()
        self.session = None

    def commit(self) -> None:
        """Make the use case's writes land together."""
        self.session.commit()

    def lock_log(self) -> None:
        """Serialise appends so the change log's seq order is its commit order."""
        if self.db.is_postgres:
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOG_LOCK_KEY})
