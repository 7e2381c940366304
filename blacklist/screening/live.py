"""The process's screening index, kept in step with the change log before every answer."""

import contextlib
import datetime
import threading

from blacklist.errors import NotReady
from blacklist.infra import forks
from blacklist.registry.repository import listed_rows
from blacklist.screening.entries import (
    apply_change,
    empty_index,
    entry_of_row,
    json_value,
    matching_config,
)
from blacklist.screening.history import NameHistory
from blacklist.screening.index import ScreeningIndex
from blacklist.screening.index.config import MatchingConfig
from blacklist.trail.changelog import changes_after_raw, last_seq_raw

BATCH = 1000
# changelog.last_seq_raw's query, sent on a plain DB-API connection: the freshness check runs
# before every answer, and an engine checkout, BEGIN and ROLLBACK cost more than the query.
LAST_SEQ_SQL = "SELECT COALESCE(MAX(seq), 0) FROM change"


class SeqProbe:
    """One autocommit DB-API connection per thread and process, asking only for the last seq."""

    def __init__(self, engine):
        self._engine = engine
        self._local = threading.local()
        # A connection inherited across fork is kept with its cursor, never closed: closing
        # it in the child would end the parent's session on the shared socket.
        self._inherited: list = []
        forks.forget_in_child(self, SeqProbe._forget_parent_connections)

    def _forget_parent_connections(self) -> None:
        self._inherited.append(self._local)  # kept alive, so nothing of it is ever closed
        self._local = threading.local()

    def last_seq(self) -> int:
        """The last committed seq; a broken connection is replaced once."""
        try:
            return self._query()
        except self._engine.dialect.dbapi.Error:
            self._drop()
            return self._query()

    def _query(self) -> int:
        cursor = self._cursor()
        cursor.execute(LAST_SEQ_SQL)
        return cursor.fetchone()[0]

    def _cursor(self):
        local = self._local
        cursor = getattr(local, "cursor", None)
        if cursor is None:
            # Detached from the pool: held for the thread's life, it takes no pool slot.
            proxied = self._engine.raw_connection()
            proxied.detach()
            connection = proxied.dbapi_connection
            if hasattr(connection, "autocommit"):
                connection.autocommit = True  # no transaction left open between checks
            local.proxied, local.connection = proxied, connection
            # Kept with its connection: one row is fetched to the end, so no statement
            # stays open between checks, and a new cursor per check costs more than the query.
            cursor = local.cursor = connection.cursor()
        return cursor

    def _drop(self) -> None:
        proxied = getattr(self._local, "proxied", None)
        self._local.cursor = None
        if proxied is not None:
            with contextlib.suppress(self._engine.dialect.dbapi.Error):
                proxied.invalidate()


def _config(runtime):
    return matching_config(runtime.reference, runtime.settings.paths.data)


class LiveIndex:
    """One ScreeningIndex per process and the last change `seq` it reflects."""

    def __init__(self, runtime, index: ScreeningIndex, seq: int,
                 history: NameHistory | None = None):
        self._runtime = runtime
        self._index = index
        # Every name ever listed, for as-of and window answers; fed by the same catch-up.
        self.history = history or NameHistory(_config(runtime))
        self.seq = seq
        # One thread at a time catches up; the others wait for it. Screens take only the
        # index's lock: each change carries its seq into the index, and a screen reads the
        # seq back in the same hold, so an answer and its seq describe the same list.
        self._catching_up = threading.Lock()
        self._probe = SeqProbe(runtime.db.read_engine)

    @classmethod
    def build(cls, runtime) -> "LiveIndex":
        """Index every listed row; changes committed during the build are replayed next."""
        index = empty_index(runtime)
        sources = runtime.reference.orgs
        with runtime.db.read_engine.connect() as conn:
            # The seq is read first: whatever commits after it is applied again by
            # refresh(), and replaying a change in seq order is harmless.
            seq = last_seq_raw(conn)
            rows = listed_rows(conn, BATCH)
            index.bulk_load((entry_of_row(row, sources) for row in rows), stamp=seq)
            history = NameHistory(_config(runtime))
            history.load(conn)
        return cls(runtime, index, seq, history)

    @property
    def matching(self) -> MatchingConfig:
        """The matching words and thresholds of the process's reference data."""
        return _config(self._runtime)

    def __len__(self) -> int:
        return len(self._index)

    def refresh(self) -> int:
        """Apply every change past the last seen seq; one indexed query when none is new."""
        latest = self._probe.last_seq()
        if latest <= self.seq:
            return self.seq
        with self._catching_up, self._runtime.db.read_engine.connect() as conn:
            while self.seq < latest:   # another thread may have applied them meanwhile
                self._apply_batch(conn)
        return self.seq

    def _apply_batch(self, conn) -> None:
        rows = changes_after_raw(conn, self.seq, BATCH)
        if not rows:
            raise NotReady(f"the change log ends before seq {self.seq + 1}")
        for row in rows:
            snapshot = json_value(row.snapshot)
            apply_change(self._index, row.event, snapshot, stamp=row.seq)
            self.history.apply(row.event, snapshot)
            self.seq = row.seq  # after the index has it: a reader that sees it finds it there

    def screen(self, parties: list[dict], domain: str | None,
               today: datetime.date) -> tuple[list[dict], int]:
        """Each party's decision against the list as of now, and the seq it reflects."""
        self.refresh()
        return self._index.screen_stamped(parties, domain, today)

    def screen_party(self, party: dict, domain: str | None,
                     today: datetime.date) -> tuple[dict, int]:
        """One party's decision against the list as of now, and the seq it reflects."""
        self.refresh()
        return self._index.screen_party_stamped(party, domain, today)

