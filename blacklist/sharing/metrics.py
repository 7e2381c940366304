"""Prometheus instruments of the service; multiprocess-safe when PROMETHEUS_MULTIPROC_DIR is set.

Feed lag is not kept here: /metrics reads it from the database at scrape time, so every
process reports the same figure whichever one pushed last.
"""

from prometheus_client import Counter, Histogram

PUSHES = Counter("blacklist_feed_pushes_total",
                 "POSTs to credit platforms by feed and outcome "
                 "(acked, retry, rejected, stopped)", ["feed", "outcome"])
CHANGES_SETTLED = Counter("blacklist_feed_changes_total",
                          "Changes settled per feed: delivered or parked", ["feed", "outcome"])
JOB_RUNS = Counter("blacklist_job_runs_total",
                   "Scheduled job runs by job and outcome (ok, failed, skipped)", ["job", "outcome"])
JOB_DURATION = Histogram("blacklist_job_duration_seconds", "Duration of job runs", ["job"],
                         buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300))
SCREENINGS = Counter("blacklist_screenings_total",
                     "Screened parties by decision (refuse, review, clear)", ["decision"])
