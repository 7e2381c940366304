"""gunicorn hooks: the scheduler runs as one child process of the master, beside the web
workers, so N workers never mean N schedulers; leadership covers several deployments."""

import functools
import logging
import subprocess
import sys
import threading
from pathlib import Path

from blacklist.infra.config import Settings, child_environment

log = logging.getLogger("jobs.hooks")
_state: dict = {"child": None, "stop": threading.Event()}


def server_options(settings: Settings) -> dict:
    """gunicorn settings that start and stop the scheduler and tidy up after a dead worker's
    Prometheus files (settings from `config.use_metrics_folder`)."""
    return {"when_ready": when_ready, "on_exit": on_exit,
            "child_exit": functools.partial(child_exit, settings.paths.metrics)}


def _start() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jobs.scheduler"], env=child_environment())


def _supervise() -> None:
    """Restart the scheduler if it dies; stop when the master exits."""
    while not _state["stop"].wait(5):
        child = _state["child"]
        if child is not None and child.poll() is not None:
            log.warning("scheduler exited with %s; restarting", child.returncode)
            _state["child"] = _start()


def when_ready(server) -> None:
    """gunicorn master is up: start the scheduler process."""
    _state["child"] = _start()
    threading.Thread(target=_supervise, name="scheduler-supervisor", daemon=True).start()


def on_exit(server) -> None:
    """gunicorn master stops: stop the scheduler, which hands leadership back."""
    _state["stop"].set()
    child = _state["child"]
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


def child_exit(metrics_folder: Path | None, server, worker) -> None:
    """A worker died: drop its live Prometheus gauges."""
    if metrics_folder is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, path=str(metrics_folder))
