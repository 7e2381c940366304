"""Two schedulers on one database never run the same job at once: each run's start and end
is logged, and no two runs of a job overlap, across a leader killed mid-run."""

import itertools
import json
import signal
import subprocess
import sys
import time

from blacklist.sharing import feeds
from tests.reliability.conftest import ROOT, wait_for
from tests.reliability.seed import seed_changes


def _start(env, log):
    return subprocess.Popen([sys.executable, "-m", "jobs.scheduler"], cwd=ROOT, env=env,
                            stderr=log.open("w"), stdout=subprocess.DEVNULL)


def _runs(log, killed_at=None) -> list[dict]:
    """Each run's job, process, start and end (a run cut by SIGKILL ends at the kill)."""
    open_runs, runs = {}, []
    for line in log.read_text().splitlines():
        entry = json.loads(line) if line.startswith("{") else {}
        if entry.get("msg") == "job started":
            open_runs[entry["job"]] = entry
        elif entry.get("msg") == "job finished":
            open_runs.pop(entry["job"], None)
            runs.append(entry)
    runs += [{**entry, "ended": killed_at} for entry in open_runs.values() if killed_at]
    return runs


def test_two_schedulers_never_run_the_same_job_at_once(runtime, receiver, service_env,
                                                       tmp_path):
    platform = receiver("--delay", "0.03")
    seed_changes(runtime, 600, listings=200)
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    env = {**service_env, "BLACKLIST_PUSH_EVERY": "0.1", "BLACKLIST_PUSH_BATCH": "10",
           "BLACKLIST_PUSH_PASS_SECONDS": "0.3"}
    logs = tmp_path / "a.log", tmp_path / "b.log"
    first = _start(env, logs[0])
    wait_for(lambda: "job started" in logs[0].read_text(), timeout=30)
    second = _start(env, logs[1])
    time.sleep(2.5)
    first.send_signal(signal.SIGKILL)
    killed_at = time.time()
    first.wait(10)
    wait_for(lambda: any(r["job"] == "push" for r in _runs(logs[1])), timeout=30)
    time.sleep(1.5)
    second.send_signal(signal.SIGTERM)
    assert second.wait(30) == 0
    runs = _runs(logs[0], killed_at) + _runs(logs[1])
    assert {r["pid"] for r in runs} == {first.pid, second.pid}
    for job in ("push", "expire"):
        spans = sorted((r["started"], r["ended"]) for r in runs if r["job"] == job)
        assert spans, job
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end, f"two {job} runs overlap"
