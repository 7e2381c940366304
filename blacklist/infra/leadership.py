"""Leadership: one scheduler acts at a time, across processes and machines. A PostgreSQL
session advisory lock on a dedicated connection, or a lease row with an expiry on SQLite.
The scheduler and `blacklist jobs run` (jobs/) only ask `ensure()` and pass `guard` on."""

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from typing import Self

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from blacklist.errors import DomainError
from blacklist.infra.models import Lease

log = logging.getLogger("blacklist.infra.leadership")
LEADER_LOCK_KEY = 74_015_002   # fixed, distinct from the log lock of blacklist/infra/db.py
LEASE_NAME = "scheduler"


class NotLeader(DomainError):
    """This process no longer holds leadership: it must not write a cursor."""

    slug, title = "not-leader", "Leadership lost"


def for_runtime(runtime, lease_seconds: float | None = None):
    """The leadership that fits the runtime's database; the lease of BLACKLIST_LEASE_SECONDS
    unless given."""
    seconds = lease_seconds or runtime.settings.leadership.lease_seconds
    if runtime.db.is_postgres:
        return AdvisoryLeadership(runtime.settings.database.url, seconds)
    return LeaseLeadership(runtime, seconds)


def _renew_every(lease_seconds: float) -> float:
    """A third of the lease, so a live leader never lets it run out."""
    return max(0.2, lease_seconds / 3)


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AdvisoryLeadership:
    """pg_try_advisory_lock on a connection kept for it; the lock dies with the connection."""

    def __init__(self, url: str, lease_seconds: float):
        self.renew_every = _renew_every(lease_seconds)
        self.engine = create_engine(url, poolclass=NullPool)
        self.connection = None
        self.pid = None
        self.held, self.terms = False, 0  # terms: how many times leadership was won
        self._lock = threading.Lock()

    def ensure(self) -> bool:
        """Still the leader, or just became it; checked before each job."""
        with self._lock:
            held = self._ensure()
            self.terms += held and not self.held
            self.held = held
            return held

    def _ensure(self) -> bool:
        try:
            if self.connection is not None and self._still_held():
                return True
            self._drop()
            self.connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = self.connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                          {"k": LEADER_LOCK_KEY}).scalar_one()
            self.pid = self.connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            if not got:
                self._drop()
            return bool(got)
        except Exception as exc:  # noqa: BLE001  a lost server is a lost lock, never a crash
            log.warning("leadership check failed", extra={"error": str(exc)})
            self._drop()
            return False

    def _still_held(self) -> bool:
        return bool(self.connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND pid = pg_backend_pid() AND objid = :k AND classid = 0"),
            {"k": LEADER_LOCK_KEY}).scalar_one())

    def guard(self, uow) -> None:
        """Inside a writing transaction: the leader's lock is still granted to its connection."""
        held = self.pid is not None and uow.session.connection().execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND objid = :k AND classid = 0 AND pid = :p"),
            {"k": LEADER_LOCK_KEY, "p": self.pid}).scalar_one()
        if not held:
            raise NotLeader("leadership was lost; the cursor is left as it was")

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception as exc:  # noqa: BLE001  already gone: nothing left to free
                log.debug("closing the leader connection failed", extra={"error": str(exc)})
        self.connection, self.pid = None, None

    def release(self) -> None:
        """Give leadership up now (closing the connection frees the lock)."""
        with self._lock:
            self._drop()
            self.held = False
        self.engine.dispose()


class LeaseLeadership:
    """A lease row renewed on every check; a dead leader's lease runs out after `seconds`."""

    def __init__(self, runtime, seconds: float):
        self.runtime, self.seconds, self.holder = runtime, seconds, _holder()
        self.renew_every = _renew_every(seconds)
        self.held, self.terms = False, 0  # terms: how many times leadership was won
        self._lock = threading.Lock()

    def ensure(self) -> bool:
        """Take or renew the lease if it is free, expired or ours."""
        with self._lock:
            try:
                held = self._ensure()
            except Exception as exc:  # noqa: BLE001  a lost database is a lost lease, no crash
                log.warning("lease check failed", extra={"error": str(exc)})
                held = False
            self.terms += held and not self.held
            self.held = held
            return held

    def _ensure(self) -> bool:
        now = dt.datetime.now(dt.UTC)  # real time: leases are about live processes
        with self.runtime.uow() as uow:
            lease = uow.session.get(Lease, LEASE_NAME)
            if lease is not None and lease.holder != self.holder and _aware(lease.expires_at) > now:
                return False
            lease = lease or Lease(name=LEASE_NAME, holder=self.holder, expires_at=now)
            lease.holder, lease.expires_at = self.holder, now + dt.timedelta(seconds=self.seconds)
            uow.session.add(lease)
            uow.commit()
            return True

    def guard(self, uow) -> None:
        """Inside the writing transaction (BEGIN IMMEDIATE): our lease has not run out."""
        lease = uow.session.get(Lease, LEASE_NAME)
        now = dt.datetime.now(dt.UTC)
        if lease is None or lease.holder != self.holder or _aware(lease.expires_at) <= now:
            raise NotLeader("the lease ran out; the cursor is left as it was")
        lease.expires_at = now + dt.timedelta(seconds=self.seconds)
        uow.session.add(lease)

    def release(self) -> None:
        """Hand the lease back so another scheduler need not wait for it to run out."""
        self.held = False
        with self._lock, self.runtime.uow() as uow:
            lease = uow.session.get(Lease, LEASE_NAME)
            if lease is not None and lease.holder == self.holder:
                uow.session.delete(lease)
                uow.commit()


def _aware(instant: dt.datetime) -> dt.datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


class Heartbeat:
    """Renews (or tries to take) leadership every `renew_every` seconds while a long job runs."""

    def __init__(self, leader):
        self.leader, self.every = leader, leader.renew_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="leadership", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            self.leader.ensure()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)

