"""Real processes on 127.0.0.1: a platform stand-in, and the service's own commands."""

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.api.test_freshness import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
BLACKLIST = str(Path(sys.executable).parent / "blacklist")
FAST_ENV = {"BLACKLIST_PUSH_CONNECT_TIMEOUT": "0.5", "BLACKLIST_PUSH_READ_TIMEOUT": "0.4",
            "BLACKLIST_PUSH_ATTEMPTS": "4", "BLACKLIST_PUSH_BACKOFF": "0.01",
            "BLACKLIST_PUSH_BACKOFF_MAX": "0.05", "BLACKLIST_PUSH_PASS_SECONDS": "20",
            "BLACKLIST_LEASE_SECONDS": "1.5", "PYTHONPATH": str(ROOT)}


def wait_for(predicate, timeout: float, every: float = 0.05):
    """Poll until predicate() is truthy; fail the test when time runs out."""
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout}s waiting for {predicate}")


class Receiver:
    """The platform in its own process; what it accepted is read back from its log."""

    def __init__(self, tmp: Path, *args: str):
        self.log, port_file = tmp / "received.jsonl", tmp / "port"
        self.fixed = tmp / "fixed"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.receiver", "--port-file", str(port_file),
             "--log", str(self.log), "--fixed", str(self.fixed), "--lifetime", "120", *args],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        port = wait_for(lambda: port_file.exists() and port_file.read_text(), 10)
        self.url = f"http://127.0.0.1:{port}/changes"

    def records(self) -> list[dict]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(10)


@pytest.fixture
def receiver(tmp_path):
    started: list[Receiver] = []

    def start(*args: str) -> Receiver:
        folder = tmp_path / f"receiver{len(started)}"
        folder.mkdir()
        started.append(Receiver(folder, *args))
        return started[-1]
    yield start
    for item in started:
        item.stop()


@pytest.fixture
def service_env(settings):
    """The environment a `blacklist` command of this test's instance runs with."""
    return {**os.environ, **FAST_ENV, "BLACKLIST_HOME": str(settings.paths.home),
            "DATABASE_URL": settings.database.url}


@contextlib.contextmanager
def serving(env: dict, *, workers: int = 1):
    """`blacklist serve` on a free port of 127.0.0.1 until the block ends; yields its URL."""
    port = free_port()
    process = subprocess.Popen([BLACKLIST, "serve", "--port", str(port), "--workers",
                                str(workers)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
