"""The process's screening index, built once when the app is made, never by a request.

The build runs in gunicorn's master before the workers fork, so every worker starts
with the index in its memory. When it cannot be built then (the database is down, or
`blacklist init` has not run yet), a background thread tries again until it can, in
every process that needs it; meanwhile screening and `/readyz` answer "not ready".
"""

import logging
import threading

from blacklist.errors import NotReady
from blacklist.infra import forks
from blacklist.screening.live import LiveIndex

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0


class IndexHolder:
    """Holds the LiveIndex once built; builds it now, or keeps trying in the background."""

    def __init__(self, runtime, retry_seconds: float = RETRY_SECONDS):
        self._runtime = runtime
        self._retry_seconds = retry_seconds
        self._live: LiveIndex | None = None
        self._error = "the screening index is being built"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        forks.forget_in_child(self, IndexHolder._retry_if_missing)

    def start(self) -> "IndexHolder":
        """Build the index now; if that fails, go on trying in the background."""
        if not self._try_build():
            self._retry_if_missing()
        return self

    def get(self) -> LiveIndex:
        """The index, or NotReady while it is not built."""
        live = self._live
        if live is None:
            raise NotReady(self._error)
        return live

    @property
    def ready(self) -> bool:
        return self._live is not None

    def stop(self) -> None:
        """Stop trying (the app is shutting down, or a test is done with it)."""
        self._stop.set()

    def _try_build(self) -> bool:
        with self._lock:
            if self._live is not None:
                return True
            try:
                self._live = LiveIndex.build(self._runtime)
            except Exception as exc:  # noqa: BLE001  any failure means "not yet": try again
                self._error = f"the screening index could not be built: {exc}".splitlines()[0]
                log.warning("screening index not built", extra={"error": self._error})
                return False
        log.info("screening index built: %d listed entries at seq %d",
                 len(self._live), self._live.seq)
        return True

    def _retry_if_missing(self) -> None:
        """Start the retry thread (again, in a forked child: threads do not survive a fork)."""
        if self._live is None and not self._stop.is_set():
            threading.Thread(target=self._retry, name="index-build", daemon=True).start()

    def _retry(self) -> None:
        while not self._stop.wait(self._retry_seconds):
            if self._try_build():
                return
