"""The scheduler: APScheduler 3.x in its own process beside the web workers. Every process
may run one; leadership decides which one acts."""

import datetime as dt
import logging
import os
import signal
import threading

from apscheduler.schedulers.background import BackgroundScheduler

from blacklist.infra import leadership
from jobs import logs, tasks

log = logging.getLogger("jobs.scheduler")
TIMEZONE = "Asia/Shanghai"
WATCH_EVERY = 2.0  # seconds between re-screenings of the watches (alerts are due in 10 s)
YEAR_ENDS_EVERY = 300  # seconds between looks at the closed years' kept figures


def build(runtime, leader, *, push_every: float | None = None) -> BackgroundScheduler:
    """push every few seconds (BLACKLIST_PUSH_EVERY); expire daily and at start; deadlines
    daily and at start; leadership renewed a few times a lease."""
    push_every = push_every or runtime.settings.push.every
    scheduler = BackgroundScheduler(timezone=TIMEZONE)
    now = dt.datetime.now(dt.UTC)
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
    scheduler.add_job(tasks.run, "interval", seconds=push_every, id="push", next_run_time=now,
                      args=("push", runtime, leader), **common)
    # Daily just after midnight and at start, so a removal reaches the platforms within a day
    # of the expiry (the rule is 3 working days, data/rules.json removal_share_working_days).
    scheduler.add_job(tasks.run, "cron", hour=0, minute=5, id="expire", next_run_time=now,
                      args=("expire", runtime, leader), **common)
    scheduler.add_job(tasks.run, "cron", hour=8, minute=30, id="deadlines", next_run_time=now,
                      args=("deadlines", runtime, leader), **common)
    # Every few seconds: an alert is due within seconds of the listing that causes it.
    scheduler.add_job(tasks.run, "interval", seconds=WATCH_EVERY, id="watches",
                      next_run_time=now, args=("watches", runtime, leader), **common)
    scheduler.add_job(tasks.run, "cron", hour=0, minute=10, id="close-watches",
                      next_run_time=now, args=("close-watches", runtime, leader), **common)
    # Sources are looked at every 10 s; each is pulled when its own `every` (60 s default) is due.
    scheduler.add_job(tasks.run, "interval", seconds=10, id="pull", next_run_time=now,
                      args=("pull", runtime, leader), **common)
    # At start and every few minutes (a cheap look at the stamps when nothing is stale).
    scheduler.add_job(tasks.run, "interval", seconds=YEAR_ENDS_EVERY, id="year-ends",
                      next_run_time=now, args=("year-ends", runtime, leader), **common)
    scheduler.add_job(_heartbeat, "interval", seconds=leader.renew_every,
                      id="leadership", args=(scheduler, leader, {"terms": 0}), **common)
    return scheduler


def _heartbeat(scheduler, leader, seen: dict) -> None:
    """Keep (or take) leadership; newly won leadership runs expire at once (idempotent)."""
    if leader.ensure() and leader.terms > seen["terms"]:
        log.info("leadership gained", extra={"pid": os.getpid()})
        scheduler.modify_job("expire", next_run_time=dt.datetime.now(dt.UTC))
    seen["terms"] = leader.terms


def serve(runtime, stop: threading.Event | None = None) -> None:
    """Run the scheduler until SIGTERM or SIGINT, then hand leadership back."""
    stop = stop or threading.Event()
    leader = leadership.for_runtime(runtime)
    scheduler = build(runtime, leader)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    scheduler.start()
    log.info("scheduler started", extra={"pid": os.getpid()})
    try:
        while not stop.wait(1):
            pass
    finally:
        scheduler.shutdown(wait=True)
        leader.release()
        log.info("scheduler stopped", extra={"pid": os.getpid()})


def main() -> None:
    """`python -m jobs.scheduler`: what `blacklist serve` starts beside gunicorn."""
    from blacklist.infra.config import Settings
    from blacklist.infra.runtime import Runtime

    logs.configure()
    serve(Runtime.from_settings(Settings.from_env()))


if __name__ == "__main__":
    main()
