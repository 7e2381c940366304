"""An import's rows read and checked in a second process while this one writes: the check of
a row (decoding, the API's field checks, the domain's) needs no database, and the writes
need no more than its outcome, so the two take a core each. Chunks come back in the file's
order, at most AHEAD chunks ahead of the writer (memory stays bounded); a checking process
whose importer is gone (SIGKILL) stops at its next chunk.

Unpickling a chunk is the writer's work, so a chunk crosses lean: a checked row's raw form
travels pickled on its own (read back only for a row the writer refuses), and the values
repeated in a chunk (codes, dates, authorities) travel once each."""

import datetime as dt
import gc
import multiprocessing
import os
import pickle
import queue
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from blacklist.errors import DomainError

AHEAD = 2
_DONE = "done"
# The collector's first threshold while rows stream (Python's default is 700): a batch makes
# hundreds of thousands of objects, nearly none in a cycle.
BULK_THRESHOLD = 20_000


def checked_chunks(rows: Iterable, check: Callable[[object], dict], size: int, *,
                   apart: bool = True) -> Iterator[list[tuple]]:
    """Chunks of `size` (row, data, errors): data is check(row), or errors what a refusal
    says (DomainError). With apart, the rows are read and checked by a forked process."""
    if not apart or "fork" not in multiprocessing.get_all_start_methods():
        yield from _checked(iter(rows), check, size)
        return
    context = multiprocessing.get_context("fork")
    out = context.Queue(maxsize=AHEAD)
    worker = context.Process(target=_produce, args=(rows, check, size, out, os.getpid()),
                             daemon=True)
    worker.start()
    try:
        while (item := _get(out, worker)) != _DONE:
            if isinstance(item, str):
                raise RuntimeError(f"checking the rows failed:\n{item}")
            yield item
    finally:
        worker.terminate()
        worker.join()


@contextmanager
def few_collections():
    """The cyclic collector out of a bulk writer's way, in it and in the checking process it
    forks: what lived before (the application, its models, its reference data) is frozen out
    of every collection, and the young generation is collected every BULK_THRESHOLD objects,
    not every 700. A collection walked the whole heap many times a batch: a tenth of the
    writer's time, and half of unpickling a chunk."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BULK_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def refusal(exc: DomainError) -> dict[str, list[str]]:
    """A refused row's errors by field, as PATH.rejected writes them."""
    return exc.extra.get("errors") or {"_row": [exc.detail]}


def _checked(rows: Iterator, check, size: int) -> Iterator[list[tuple]]:
    while chunk := list(islice(rows, size)):
        done = []
        for row in chunk:
            try:
                done.append((row, check(row), None))
            except DomainError as exc:
                done.append((row, None, refusal(exc)))
        yield done


class Shipped:
    """A checked row as the writer gets it: its line, and its raw form (unpickled only
    when asked, as for a row the writer refuses)."""

    __slots__ = ("line", "packed", "errors")

    def __init__(self, line: int, packed: bytes):
        self.line, self.packed, self.errors = line, packed, {}

    def __reduce__(self):
        return Shipped, (self.line, self.packed)

    @property
    def raw(self):
        """The row as read from the file."""
        return pickle.loads(self.packed)


def _lean(chunk: list[tuple]) -> list[tuple]:
    """The chunk as it crosses to the writer: checked rows Shipped, equal values shared."""
    same: dict = {}
    return [(row, None, errors) if errors is not None else
            (Shipped(row.line, pickle.dumps(row.raw, pickle.HIGHEST_PROTOCOL)),
             _shared(data, same), None)
            for row, data, errors in chunk]


def _shared(data: dict, same: dict) -> dict:
    """The checked row with each top-level string, date and list of strings equal to one
    seen before replaced by that one (pickle writes an object once a chunk, then refers to
    it). A row's own values (its party, its draft) are left as they are: looking them up
    cost more than it saved."""
    shared = {}
    for key, value in data.items():
        kind = type(value)
        if kind is str or kind is dt.date:
            value = same.setdefault(value, value)
        elif kind is list and all(type(item) is str for item in value):
            value = same.setdefault(tuple(value), value)
        shared[key] = value
    return shared


def _produce(rows, check, size: int, out, parent: int) -> None:
    try:
        for chunk in _checked(iter(rows), check, size):
            _put(out, _lean(chunk), parent)
        _put(out, _DONE, parent)
    except Exception:   # the importer raises it, with this process's traceback
        _put(out, traceback.format_exc(), parent)


def _put(out, item, parent: int) -> None:
    while True:
        try:
            out.put(item, timeout=1.0)
            return
        except queue.Full:
            if os.getppid() != parent:   # the importer was killed: nobody will read it
                os._exit(0)


def _get(out, worker):
    while True:
        try:
            return out.get(timeout=1.0)
        except queue.Empty:
            if not worker.is_alive() and out.empty():
                raise RuntimeError(f"the checking process died (exit {worker.exitcode})")
