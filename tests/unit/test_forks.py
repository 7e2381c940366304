"""A worker forked from the master starts with the master's heap and never walks it."""

import gc
import os

from blacklist.infra import forks


class Held:
    """What the master holds, as the index does: many objects the collector could walk."""

    def __init__(self):
        self.items = [[n] for n in range(50_000)]


def test_a_forked_worker_leaves_the_heap_it_started_with_to_the_master():
    held = Held()
    called = []
    forks.forget_in_child(held, called.append)
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: report what its collector will never walk, and what it forgot
        os.write(writable, f"{gc.get_freeze_count()} {len(called)}".encode())
        os._exit(0)
    os.waitpid(pid, 0)
    frozen, forgotten = map(int, os.read(readable, 64).split())
    os.close(readable)
    os.close(writable)
    assert frozen >= len(held.items) and forgotten == 1
    assert gc.get_freeze_count() == 0 and called == []   # the master collects as before


def test_a_bulk_writer_keeps_its_heap_frozen_across_the_fork_of_its_checking_process():
    from blacklist.joint.pipeline import BULK_THRESHOLD, checked_chunks, few_collections
    from blacklist.joint.rows import Row

    thresholds = gc.get_threshold()
    rows = [Row(n, {"n": n}, {"n": n}) for n in range(6)]
    seen = []
    with few_collections():
        for chunk in checked_chunks(rows, lambda row: row.body, 2, apart=True):
            seen.append((len(chunk), gc.get_freeze_count() > 0, gc.get_threshold()[0]))
    assert seen == [(2, True, BULK_THRESHOLD)] * 3   # each chunk came after the fork
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
