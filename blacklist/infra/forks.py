"""What a process forked from another must forget: the one fork-safety mechanism.

gunicorn loads the app in its master and forks the workers from it. Pooled database
connections, per-thread probe connections and background threads do not survive a fork
intact: a child must never use the parent's sockets, and a thread of the parent does not
run in the child. Whatever holds such state registers a callback here, and every child
runs all of them once, right after the fork.

A child also starts with the parent's heap, the screening index among it (hundreds of
thousands of objects). The cyclic collector of a child would walk them all in its first
full collection: a pause of a fifth of a second at 20,000 entries, seconds at a million,
and every page it touches copied out of the memory the workers share. So what exists at
the fork is frozen for the child (gc.freeze, as its documentation advises before a fork);
the parent unfreezes at once and collects as before (unless it had frozen its heap itself).
"""

import gc
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


_parent_was_frozen = False


def _freeze() -> None:
    global _parent_was_frozen
    _parent_was_frozen = gc.get_freeze_count() > 0
    gc.freeze()


def _thaw_parent() -> None:
    # A parent that had frozen its heap itself (a bulk writer: pipeline.few_collections)
    # keeps it frozen.
    if not _parent_was_frozen:
        gc.unfreeze()


os.register_at_fork(before=_freeze, after_in_parent=_thaw_parent, after_in_child=_run_in_child)
