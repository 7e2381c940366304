"""What one process holds: settings, the database, the clock, the keys and the reference data."""

import threading
from dataclasses import dataclass, field

from blacklist.infra import reference
from blacklist.infra.calendar import WorkCalendar
from blacklist.infra.clock import Clock
from blacklist.infra.config import Settings
from blacklist.infra.db import Database, UnitOfWork
from blacklist.infra.signing import KeyRing
from blacklist.repositories import REPOSITORIES


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=Clock)
    _reference: reference.Reference | None = None
    _keys: KeyRing | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None) -> "Runtime":
        """One runtime per process; the database engine is made here, never at import."""
        return cls(settings=settings, db=Database(settings.database_url), clock=clock or Clock())

    def uow(self, *, readonly: bool = False) -> UnitOfWork:
        """A unit of work that sees this process's clock, keys and reference data."""
        return UnitOfWork(self.db, readonly=readonly, context=self, repositories=REPOSITORIES)

    @property
    def reference(self) -> reference.Reference:
        """Loaded from the database once per process; `reload()` after `blacklist init`."""
        if self._reference is None:
            with self._lock, UnitOfWork(self.db, readonly=True) as uow:
                self._reference = reference.load(uow.session)
                self._calendar = WorkCalendar(self._reference.calendar)
        return self._reference

    @property
    def calendar(self) -> WorkCalendar:
        self.reference
        return self._calendar

    @property
    def keys(self) -> KeyRing:
        if self._keys is None:
            self._keys = KeyRing.load(self.settings.keys_dir, self.settings.trusted_jwks)
        return self._keys

    def reload(self) -> None:
        self._reference = None
        self._keys = None
