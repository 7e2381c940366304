"""A readers-writer lock: screens run side by side, a change waits for them and runs alone."""

import threading


class ReadWriteLock:
    """Many readers at once, or one writer. A waiting writer holds off new readers,
    so a steady stream of screens cannot starve the change log. Not reentrant."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._changed = threading.Condition(self._mutex)
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        # Made once: a screen enters the lock for every answer, so the hold costs no allocation.
        self._read_hold = _Hold(self.acquire_read, self.release_read)
        self._write_hold = _Hold(self.acquire_write, self.release_write)

    def reading(self) -> "_Hold":
        """A context that holds the lock shared."""
        return self._read_hold

    def writing(self) -> "_Hold":
        """A context that holds the lock alone."""
        return self._write_hold

    def acquire_read(self) -> None:
        """Join the readers once no writer holds or waits for the lock."""
        with self._mutex:
            # Without a writer about, a reader only counts itself in: no Condition.wait.
            while self._writing or self._writers_waiting:
                self._changed.wait()
            self._readers += 1

    def release_read(self) -> None:
        """Leave the readers; the last one out lets a waiting writer in."""
        with self._mutex:
            self._readers -= 1
            if not self._readers and self._writers_waiting:
                self._changed.notify_all()

    def acquire_write(self) -> None:
        """Wait until no reader or writer holds the lock, then hold it alone."""
        with self._mutex:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    self._changed.wait()
            finally:
                self._writers_waiting -= 1
            self._writing = True

    def release_write(self) -> None:
        """Let the readers and writers that waited try again."""
        with self._mutex:
            self._writing = False
            self._changed.notify_all()


class _Hold:
    """A reusable `with` block around an acquire and its release."""

    __slots__ = ("_acquire", "_release")

    def __init__(self, acquire, release):
        self._acquire, self._release = acquire, release

    def __enter__(self) -> None:
        self._acquire()

    def __exit__(self, *exc) -> None:
        self._release()
