"""What a process forked from another must forget: the one fork-safety mechanism.

gunicorn loads the app in its master and forks the workers from it. Pooled database
connections, per-thread probe connections and background threads do not survive a fork
intact: a child must never use the parent's sockets, and a thread of the parent does not
run in the child. Whatever holds such state registers a callback here, and every child
runs all of them once, right after the fork.
"""

import os
import threading
import weakref
from collections.abc import Callable

_callbacks: list[tuple[weakref.ref, Callable]] = []
_lock = threading.Lock()


def forget_in_child(owner: object, callback: Callable[[object], None]) -> None:
    """After a fork, call `callback(owner)` in the child, for as long as `owner` lives."""
    with _lock:
        _callbacks.append((weakref.ref(owner), callback))


def _run_in_child() -> None:
    live = [(ref, callback) for ref, callback in _callbacks if ref() is not None]
    _callbacks[:] = live
    for ref, callback in live:
        owner = ref()
        if owner is not None:
            callback(owner)


os.register_at_fork(after_in_child=_run_in_child)
