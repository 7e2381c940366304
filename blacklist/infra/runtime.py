"""What one process holds: settings, the database, the keys, the reference data, and the
outside systems behind their seams (the clock, the calendar, the platforms' transport and
the metrics), each passed in by a test that wants a fake."""

import logging
import math
import threading
import time

from blacklist.infra import keyfolder, reference
from blacklist.infra.calendar import Calendar, WorkCalendar
from blacklist.infra.clock import Clock
from blacklist.infra.config import Settings
from blacklist.infra.db import Database, UnitOfWork
from blacklist.infra.metrics import Metrics, PrometheusMetrics
from blacklist.infra.signing import KeyRing
from blacklist.repositories import REPOSITORIES
from blacklist.joint.fetch import Fetcher, RequestsFetcher
from blacklist.sharing.transport import RequestsTransport, Transport

log = logging.getLogger(__name__)


class Runtime:
    """One per process; a seam left out gets its real implementation."""

    def __init__(self, settings: Settings, db: Database, *, clock: Clock | None = None,
                 calendar: Calendar | None = None, transport: Transport | None = None,
                 metrics: Metrics | None = None, fetcher: Fetcher | None = None):
        self.settings, self.db = settings, db
        self.fetcher = fetcher or RequestsFetcher()   # the sources' feeds (joint punishment)
        self.clock = clock or Clock()
        self.transport = transport or RequestsTransport()
        self.metrics = metrics or PrometheusMetrics(settings.paths.metrics)
        self._given_calendar = self._calendar = calendar
        self._reference: reference.Reference | None = None
        self._keys: KeyRing | None = None
        self._keys_stamp: tuple | None = None
        self._keys_generation = 0  # never reused: a token cache entry names the one it passed
        self._keys_due = -math.inf  # monotonic time of the next look at the key folder
        self._lock, self._keys_lock = threading.Lock(), threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None,
                      **seams) -> "Runtime":
        """One runtime per process; the database engine is made here, never at import."""
        return cls(settings, Database(settings.database.url), clock=clock, **seams)

    def uow(self, *, readonly: bool = False) -> UnitOfWork:
        """A unit of work that sees this process's clock, keys and reference data."""
        return UnitOfWork(self.db, readonly=readonly, context=self, repositories=REPOSITORIES)

    @property
    def reference(self) -> reference.Reference:
        """Loaded from the database once per process; `reload()` after `blacklist init`."""
        if self._reference is None:
            with self._lock, UnitOfWork(self.db, readonly=True) as uow:
                self._reference = reference.load(uow.session)
        return self._reference

    @property
    def calendar(self) -> Calendar:
        """The calendar passed in, else the working days of the reference data."""
        if self._calendar is None:
            self._calendar = WorkCalendar(self.reference.calendar)
        return self._calendar

    @property
    def keys(self) -> KeyRing:
        """The key folder as it was at most BLACKLIST_KEYS_RECHECK_SECONDS ago, so a rotation
        or a retirement reaches a running process without a restart."""
        # The hot path (every token, every receipt) pays one clock comparison, no stat.
        if time.monotonic() >= self._keys_due:
            self._recheck_keys()
        return self._keys

    def _recheck_keys(self) -> None:
        with self._keys_lock:
            if time.monotonic() < self._keys_due:
                return  # another thread has just looked
            settings = self.settings.keys
            stamp = keyfolder.stamp(settings.folder, settings.trusted_jwks)
            if self._keys is None or stamp != self._keys_stamp:
                self._load_keys(stamp)
            self._keys_due = time.monotonic() + settings.recheck_seconds

    def _load_keys(self, stamp: tuple) -> None:
        settings = self.settings.keys
        generation = self._keys_generation + 1
        try:
            self._keys = KeyRing.load(settings.folder, settings.trusted_jwks, generation)
        except Exception as exc:
            if self._keys is None:
                raise
            # Caught mid-change (a file moved between listing and reading it) or a file an
            # operator got wrong: keep serving with the keys held, look again next time.
            log.warning("key folder unreadable, keeping generation %s: %s",
                        self._keys.generation, exc)
            return
        self._keys_stamp, self._keys_generation = stamp, generation
        if generation > 1:
            log.info("keys reloaded", extra={"kid": self._keys.kid, "generation": generation})

    def reload(self) -> None:
        """Read the reference data and the keys again on next use."""
        self._reference = None
        self._calendar = self._given_calendar
        self._keys, self._keys_due = None, -math.inf
