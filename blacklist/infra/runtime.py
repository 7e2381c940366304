"""What one process holds: settings, the database, the keys, the reference data, and the
outside systems behind their seams (the clock, the calendar, the platforms' transport and
the metrics), each passed in by a test that wants a fake."""

import threading

from blacklist.infra import reference
from blacklist.infra.calendar import Calendar, WorkCalendar
from blacklist.infra.clock import Clock
from blacklist.infra.config import Settings
from blacklist.infra.db import Database, UnitOfWork
from blacklist.infra.metrics import Metrics, PrometheusMetrics
from blacklist.infra.signing import KeyRing
from blacklist.repositories import REPOSITORIES
from blacklist.sharing.transport import RequestsTransport, Transport


class Runtime:
    """One per process; a seam left out gets its real implementation."""

    def __init__(self, settings: Settings, db: Database, *, clock: Clock | None = None,
                 calendar: Calendar | None = None, transport: Transport | None = None,
                 metrics: Metrics | None = None):
        self.settings, self.db = settings, db
        self.clock = clock or Clock()
        self.transport = transport or RequestsTransport()
        self.metrics = metrics or PrometheusMetrics(settings.paths.metrics)
        self._given_calendar = self._calendar = calendar
        self._reference: reference.Reference | None = None
        self._keys: KeyRing | None = None
        self._lock = threading.Lock()

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
        if self._keys is None:
            keys = self.settings.keys
            self._keys = KeyRing.load(keys.folder, keys.trusted_jwks)
        return self._keys

    def reload(self) -> None:
        """Read the reference data and the keys again on next use."""
        self._reference = None
        self._calendar = self._given_calendar
        self._keys = None
