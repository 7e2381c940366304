"""The service's counters behind a small interface: Prometheus in the service, a recording
fake in tests (tests/fakes.py).

Feed lag is not counted here: /metrics reads it from the database at scrape time, so every
process reports the same figure whichever one pushed last.
"""

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Protocol

_made: dict[str, SimpleNamespace] = {}
_making = threading.Lock()


class Metrics(Protocol):
    """What the push, the jobs and the screenings count."""

    def pushed(self, feed: str, outcome: str) -> None:
        """One POST to a platform: acked, retry, rejected or stopped."""

    def settled(self, feed: str, outcome: str, count: int) -> None:
        """Changes of a feed settled: delivered or parked."""

    def job_ran(self, job: str, outcome: str, seconds: float | None = None) -> None:
        """One run of a job: ok or failed (and how long it took), or skipped."""

    def screened(self, decision: str, count: int = 1) -> None:
        """Parties screened with that decision: refuse, review or clear."""

    def pulled(self, source: str, outcome: str, lag_seconds: float | None = None) -> None:
        """One pull of a source, and how far behind its copy is."""

    def exposition(self) -> bytes:
        """The counters in Prometheus' text format."""


def _instruments() -> SimpleNamespace:
    """Made once per process, on first use: prometheus_client chooses multiprocess mode when
    it is first imported, which `blacklist serve` settles before anything counts. The jobs
    start together on threads of their own, so the first use is locked."""
    if "all" not in _made:
        with _making:
            if "all" not in _made:
                _made["all"] = _make()
    return _made["all"]


def _make() -> SimpleNamespace:
    from prometheus_client import Counter, Gauge, Histogram

    return SimpleNamespace(
        pushes=Counter("blacklist_feed_pushes_total",
                       "POSTs to credit platforms by feed and outcome "
                       "(acked, retry, rejected, stopped)", ["feed", "outcome"]),
        settled=Counter("blacklist_feed_changes_total",
                        "Changes settled per feed: delivered or parked", ["feed", "outcome"]),
        job_runs=Counter("blacklist_job_runs_total",
                         "Scheduled job runs by job and outcome (ok, failed, skipped)",
                         ["job", "outcome"]),
        job_duration=Histogram("blacklist_job_duration_seconds", "Duration of job runs", ["job"],
                               buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300)),
        screenings=Counter("blacklist_screenings_total",
                           "Screened parties by decision (refuse, review, clear)", ["decision"]),
        pulls=Counter("blacklist_source_pulls_total",
                      "Pulls of another authority's feed by source and outcome "
                      "(applied, empty, retry, stopped)", ["source", "outcome"]),
        source_lag=Gauge("blacklist_source_lag_seconds",
                         "Seconds since a source's copy was last known current", ["source"],
                         multiprocess_mode="max"))


class PrometheusMetrics:
    """prometheus_client counters; gathered across processes from `multiprocess_dir` (gunicorn
    workers and the scheduler) when it is set, else this process's own."""

    def __init__(self, multiprocess_dir: Path | None = None):
        self.multiprocess_dir = multiprocess_dir

    def pushed(self, feed: str, outcome: str) -> None:
        """One POST to a platform: acked, retry, rejected or stopped."""
        _instruments().pushes.labels(feed, outcome).inc()

    def settled(self, feed: str, outcome: str, count: int) -> None:
        """Changes of a feed settled: delivered or parked."""
        _instruments().settled.labels(feed, outcome).inc(count)

    def job_ran(self, job: str, outcome: str, seconds: float | None = None) -> None:
        """One run of a job; a skipped run has no duration."""
        _instruments().job_runs.labels(job, outcome).inc()
        if seconds is not None:
            _instruments().job_duration.labels(job).observe(seconds)

    def screened(self, decision: str, count: int = 1) -> None:
        """Parties screened with that decision."""
        _instruments().screenings.labels(decision).inc(count)

    def pulled(self, source: str, outcome: str, lag_seconds: float | None = None) -> None:
        """One pull of a source: applied, empty, retry or stopped; and how far behind it is."""
        _instruments().pulls.labels(source, outcome).inc()
        if lag_seconds is not None:
            _instruments().source_lag.labels(source).set(lag_seconds)

    def exposition(self) -> bytes:
        """Every process's counters in multiprocess mode, else this process's."""
        from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

        _instruments()  # a scrape before anything counted still lists the families
        if self.multiprocess_dir is None:
            return generate_latest(REGISTRY)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(self.multiprocess_dir))
        return generate_latest(registry)

