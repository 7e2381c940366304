"""A deployment as an operator runs it: N `blacklist serve` on one PostgreSQL, Debian's nginx in
front configured by deploy/nginx.conf, and a private PostgreSQL cluster that a test may stop
(the shared one on 5432 is never touched)."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import requests

from tests.api.test_freshness import free_port
from tests.reliability.conftest import BLACKLIST, ROOT, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_VERSION = sorted(os.listdir("/etc/postgresql"))[-1] if os.path.isdir("/etc/postgresql") else ""


class Server:
    """One `blacklist serve` in its own process group (master, workers and scheduler), its log
    in a file so that a chatty scheduler never blocks on a full pipe."""

    def __init__(self, env: dict, folder: Path, workers: int = 1):
        self.port, self.log = free_port(), folder / f"serve-{len(list(folder.glob('serve-*')))}.log"
        self.base = f"http://127.0.0.1:{self.port}"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [BLACKLIST, "serve", "--port", str(self.port), "--workers", str(workers)],
                env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        wait_for(self._up, timeout=60, every=0.2)

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
        try:
            return requests.get(f"{self.base}/readyz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def leads(self) -> bool:
        """Its scheduler logged that it won leadership."""
        return "leadership gained" in self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL of the whole server, as when its machine dies."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def nginx_conf(ports: list[int], listen: int, folder: Path) -> str:
    """deploy/nginx.conf with this test's ports and folders; everything else as shipped."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n"
                      for port in ports)
    text = re.sub(r"(        server 127\.0\.0\.1:\d+ [^\n]*\n)+", servers, text, count=1)
    text = re.sub(r"listen 127\.0\.0\.1:\d+;", f"listen 127.0.0.1:{listen};", text)
    text = re.sub(r"^pid [^;]+;", f"pid {folder / 'nginx.pid'};", text, flags=re.M)
    text = re.sub(r"^error_log [^;]+;", f"error_log {folder / 'error.log'} warn;", text,
                  flags=re.M)
    return re.sub(r"(\w+_temp_path) /var/lib/nginx/([\w-]+);",
                  lambda m: f"{m[1]} {folder / m[2]};", text)


@contextlib.contextmanager
def nginx(ports: list[int], folder: Path):
    """Debian's nginx in the foreground, balancing the given ports; yields its URL."""
    folder.mkdir(exist_ok=True)
    listen = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(ports, listen, folder))
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder), "-e",
                                str(folder / "error.log"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{listen}"
    try:
        wait_for(lambda: _answers(process, base), timeout=20, every=0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def _answers(process, base: str) -> bool:
    if process.poll() is not None:
        raise AssertionError(f"nginx exited: {process.stderr.read().decode()[-2000:]}")
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Cluster:
    """A PostgreSQL cluster of this test alone (pg_createcluster), on a free port, trust auth."""

    def __init__(self):
        self.name, self.port = f"bltest{uuid.uuid4().hex[:8]}", free_port()
        self.version = PG_VERSION
        self._run("pg_createcluster", self.version, self.name, "-p", str(self.port), "--",
                  "--auth=trust")
        self.start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/blacklist_test"
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-qc", "CREATE DATABASE blacklist_test"], check=True)

    @staticmethod
    def _run(*command: str) -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def _ctl(self, action: str, *extra: str) -> None:
        self._run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action,
                  *extra)

    def start(self) -> None:
        self._ctl("start")
        wait_for(self.ready, timeout=30, every=0.2)

    def stop(self) -> None:
        """Fast shutdown: every open connection is cut, as in a crash of the database."""
        self._ctl("stop", "-m", "fast")

    def ready(self) -> bool:
        return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                              check=False).returncode == 0

    def drop(self) -> None:
        self._run("pg_dropcluster", "--stop", self.version, self.name)


def wait_ready(base: str, timeout: float) -> float:
    """Seconds until `/readyz` answers 200."""
    start = time.monotonic()
    wait_for(lambda: _status(f"{base}/readyz") == 200, timeout=timeout, every=0.2)
    return time.monotonic() - start


def _status(url: str) -> int | None:
    try:
        return requests.get(url, timeout=3).status_code
    except requests.RequestException:
        return None
