"""`blacklist feeds ...` and `blacklist jobs ...`. Heavy imports stay inside the commands so
that `blacklist serve` can still choose Prometheus' multiprocess mode before they load."""

import json
import sys
import time

import click

JOB_NAMES = ("push", "expire", "deadlines", "watches", "close-watches", "pull", "year-ends")


def _runtime():
    from blacklist.infra.config import Settings
    from blacklist.infra.runtime import Runtime

    return Runtime.from_settings(Settings.from_env())


@click.group()
def feeds():
    """Credit-sharing platforms the scheduler pushes the change log to."""


@feeds.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--tier", type=click.Choice(["shared", "public"]), default="public",
              show_default=True, help="shared: full identifiers; public: masked")
@click.option("--token", default=None, help="a bearer token the platform expects")
@click.option("--include-sources", is_flag=True,
              help="also carry the entries of our sources (off: no echo)")
def feeds_add(name, url, tier, token, include_sources):
    """Register a platform (or update it and resume it if it was stopped)."""
    from blacklist.sharing import feeds as service

    view = service.add_feed(_runtime().uow(), name, url, tier, token, include_sources)
    click.echo(f"feed {view['name']} → {view['url']} ({view['tier']}), cursor {view['cursor']}, "
               f"lag {view['lag']['changes']} changes")


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="the same items as GET /api/v1/feeds")
def feeds_list(as_json):
    """Each feed with its cursor, lag, last success, last error and parked changes."""
    from blacklist.sharing import feeds as service

    items = service.list_feeds(_runtime().uow(readonly=True))
    if as_json:
        click.echo(json.dumps({"items": items}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'NAME':<20} {'TIER':<7} {'CURSOR':>8} {'LAG':>7} {'LAG_S':>7} {'PARKED':>6}  "
               "LAST SUCCESS / ERROR")
    for f in items:
        state = "STOPPED " if f["stopped"] else ""
        click.echo(f"{f['name']:<20} {f['tier']:<7} {f['cursor']:>8} {f['lag']['changes']:>7} "
                   f"{f['lag']['seconds']:>7} {len(f['parked']):>6}  {state}"
                   f"{f['last_success_at'] or '-'} {f['last_error'] or ''}")
        for p in f["parked"]:
            click.echo(f"    parked seq {p['seq']} listing {p['listing_id']}: {p['answer'][:80]}")


@feeds.command("replay")
@click.argument("name")
def feeds_replay(name):
    """Send a feed's parked changes again, in order (as POST /api/v1/feeds/NAME/replay)."""
    from blacklist.sharing import push

    outcome = push.replay(_runtime(), name)
    click.echo(f"delivered {outcome.delivered}, still parked {outcome.parked}"
               + (f", error: {outcome.error}" if outcome.error else ""))


@click.group()
def jobs():
    """The scheduler's jobs."""


@jobs.command("run")
@click.argument("name", type=click.Choice(JOB_NAMES))
@click.option("--wait", default=60.0, show_default=True,
              help="seconds to wait for leadership held by another scheduler")
def jobs_run(name, wait):
    """Run one pass of a job now, in the foreground, under the scheduler's leadership lock."""
    from blacklist.infra import leadership
    from jobs import logs, tasks

    logs.configure()
    runtime = _runtime()
    leader = leadership.for_runtime(runtime)
    give_up = time.monotonic() + wait
    while not leader.ensure():
        if time.monotonic() > give_up:
            click.echo(f"another scheduler holds leadership; {name} not run", err=True)
            sys.exit(1)
        time.sleep(0.5)
    try:
        with leadership.Heartbeat(leader):
            result = tasks.run(name, runtime, leader)
    finally:
        leader.release()
    if result is None:
        sys.exit(1)
    click.echo(json.dumps(result, ensure_ascii=False))


@jobs.command("scheduler")
def jobs_scheduler():
    """Run the scheduler in the foreground (what `blacklist serve` starts beside gunicorn)."""
    from jobs import scheduler

    scheduler.main()
