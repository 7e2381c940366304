"""Screening 100 parties against an instance loaded by `blacklist import` (the instance
bench_import leaves behind, its "home"): the index built from that database as a server
builds it, then timed in process (the index alone, and POST /api/v1/screenings through the
Flask test client) and over HTTP (gunicorn, 2 sync workers, app preloaded, requests one at a
time). Targets (DESIGN.md): in process p50 <= 10 ms, p99 <= 30 ms; over HTTP p50 <= 50 ms.

    .venv/bin/python -m bench.bench_screen_imported --home /tmp/bench-import-XXXX/instance
    .venv/bin/python -m bench.bench_screen_imported --home DIR \
        --database-url postgresql+psycopg://...
"""

import argparse
import datetime as dt
import os
import random
import resource
import time

import requests
from sqlalchemy import select

from bench.bench_check_http import serve
from bench.bench_screen import percentile
from bench.synth import make_org_name, make_uscc
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.registry.models import Entity, Listing


def listed_parties(runtime, n: int = 5000) -> list[tuple[str, str]]:
    """(name, uscc) of some listed parties of the instance."""
    E, L = Entity.__table__, Listing.__table__
    query = (select(E.c.name, E.c.uscc).join(L, L.c.entity_id == E.c.id)
             .where(L.c.status == "listed", E.c.uscc.is_not(None)).limit(n))
    with runtime.db.read_engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def bids(listed, count: int, size: int = 100, seed: int = 11) -> list[list[dict]]:
    """Bidder lists: mostly unknown firms, some listed (by code, or by a near name only)."""
    rng = random.Random(seed)
    makers = [(60, lambda: {"name": make_org_name(rng), "uscc": make_uscc(rng)}),
              (10, lambda: dict(zip(("name", "uscc"), rng.choice(listed)))),
              (10, lambda: {"name": rng.choice(listed)[0][:-4] + "吴江分公司"}),
              (20, lambda: {"name": make_org_name(rng)})]
    weights, funcs = zip(*makers)
    return [[rng.choices(funcs, weights)[0]() for _ in range(size)] for _ in range(count)]


def timed(call, batches, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call."""
    wall, cpu = [], []
    for run in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call(batches[run % len(batches)])
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def report(label: str, timings: tuple[list[float], list[float]]) -> None:
    wall, cpu = timings
    print(f"{label}: wall p50 {percentile(wall, .5):.1f} ms p99 {percentile(wall, .99):.1f} ms; "
          f"CPU p50 {percentile(cpu, .5):.1f} ms p99 {percentile(cpu, .99):.1f} ms; "
          f"load {os.getloadavg()[0]:.1f}", flush=True)


def screener_token(runtime) -> dict:
    now = int(time.time())
    claims = {"sub": "bench", "org": "sz-trading-center", "roles": ["screener"], "iat": now,
              "exp": now + 86400, "iss": runtime.settings.keys.issuer,
              "aud": runtime.settings.keys.audience}
    return {"Authorization": f"Bearer {runtime.keys.sign_token(claims)}"}


def over_http(env: dict, headers: dict, batches, runs: int) -> None:
    process, base = serve("api:create_app()", env)
    try:
        session = requests.Session()
        body = {"domain": "construction", "parties": batches[0]}
        while session.post(f"{base}/api/v1/screenings", json=body,
                           headers=headers).status_code == 503:
            time.sleep(1)        # each worker builds its index first
        post = lambda parties: session.post(   # noqa: E731
            f"{base}/api/v1/screenings", headers=headers,
            json={"domain": "construction", "parties": parties}).raise_for_status()
        timed(post, batches, 20)
        report(f"over HTTP (gunicorn) x {runs}", timed(post, batches, runs))
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "BLACKLIST_HOME": args.home}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    runtime = Runtime.from_settings(Settings.from_env(env))
    from api import create_app

    started = time.monotonic()
    app = create_app(runtime=runtime)         # builds the index as a server process does
    live = app.extensions["screening"].get()
    print(f"index of {len(live)} entries built in {time.monotonic() - started:.1f} s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    batches, today = bids(listed_parties(runtime), 50), dt.date.today()
    refused = sum(r["decision"] == "refuse" for r in live.screen(batches[0], "construction",
                                                                 today)[0])
    print(f"first bid of 100: {refused} refused")
    report(f"in process (index) x {args.runs}",
           timed(lambda parties: live.screen(parties, "construction", today), batches, args.runs))
    client, headers = app.test_client(), screener_token(runtime)
    post = lambda parties: client.post(   # noqa: E731
        "/api/v1/screenings", headers=headers,
        json={"domain": "construction", "parties": parties})
    assert post(batches[0]).status_code == 201
    report(f"in process (POST /api/v1/screenings, test client) x {args.runs}",
           timed(post, batches, args.runs))
    if not args.no_http:
        over_http(env, headers, batches, args.runs)


if __name__ == "__main__":
    main()
