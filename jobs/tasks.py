"""The scheduled jobs. Each calls domain services only, is idempotent, and acts only while
its process holds leadership."""

import logging
import os
import time

from blacklist.party import timeliness as party_timeliness
from blacklist.registry import filing
from blacklist.sharing import push, timeliness
from blacklist.watching import delivery, rescreen
from blacklist.watching import service as watching

log = logging.getLogger("jobs")


def push_feeds(runtime, leader) -> dict:
    """Push every feed's backlog; the cursor is written only under leadership."""
    outcomes = push.push_all(runtime, guard=leader.guard)
    return {o.feed: {"delivered": o.delivered, "parked": o.parked, "cursor": o.cursor,
                     "error": o.error, "stopped": o.stopped} for o in outcomes}


def expire(runtime, leader) -> dict:
    """Move listings past publish_until to expired; their removals are pushed next."""
    return {"expired": filing.expire_due(runtime.uow())}


def deadlines(runtime, leader) -> dict:
    """Report penalties still undisclosed, and repair applications and objections still open,
    near or past their deadline."""
    return {**timeliness.watch(runtime.uow()), **party_timeliness.watch(runtime.uow())}


def watches(runtime, leader) -> dict:
    """Re-screen the watched parties each new change touches, then send the alerts due."""
    result = rescreen.rescreener(runtime).run(leader.guard)
    result["delivered"] = delivery.deliver_due(runtime, guard=leader.guard)
    return result


def close_watches(runtime, leader) -> dict:
    """Close the watches whose `until` has passed."""
    return {"closed": watching.close_due(runtime.uow(), leader.guard)}


def pull_sources(runtime, leader) -> dict:
    """Pull every source's change feed; the cursor moves only under leadership."""
    from blacklist.joint import pull

    outcomes = pull.pull_all(runtime, guard=leader.guard)
    return {o.source: {"applied": o.applied, "cursor": o.cursor, "error": o.error,
                       "stopped": o.stopped} for o in outcomes}


def year_ends(runtime, leader) -> dict:
    """Count and keep the closed years' year-end figures a late change made stale."""
    from blacklist.public import reports

    return {"counted": reports.keep_closed_years(runtime.uow())}


JOBS = {"push": push_feeds, "expire": expire, "deadlines": deadlines,
        "watches": watches, "close-watches": close_watches, "pull": pull_sources,
        "year-ends": year_ends}


def run(name: str, runtime, leader) -> dict | None:
    """One run of a job if this process leads (else skipped), logged with its start and end."""
    if not leader.ensure():
        runtime.metrics.job_ran(name, "skipped")
        return None
    started, outcome, result = time.time(), "failed", None
    log.info("job started", extra={"job": name, "pid": os.getpid(), "started": started})
    try:
        result = JOBS[name](runtime, leader)
        outcome = "ok"
        return result
    except Exception:
        log.exception("job failed", extra={"job": name})
        return None
    finally:
        ended = time.time()
        runtime.metrics.job_ran(name, outcome, ended - started)
        log.info("job finished", extra={"job": name, "pid": os.getpid(), "started": started,
                                        "ended": ended, "outcome": outcome, "result": result})
