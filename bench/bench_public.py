"""The public tier at a million listed entries: search (partial name, USCC, ID, no match),
browsing (first and deep page), the /search page, the annual report (API and page) and
the CSV export; medians and p95 in process (Flask test client, the whole request path).

    .venv/bin/python -m bench.bench_public --n 1000000          # seed, then measure
    .venv/bin/python -m bench.bench_public --home DIR            # measure a seeded DIR again
    .venv/bin/python -m bench.bench_public --home DIR --http     # + over HTTP (gunicorn)
    .venv/bin/python -m bench.bench_public --n 100000 --seed --home DIR --url postgresql+psycopg://…

Entities and listings are bulk-inserted (names from bench.synth, published over 2024-2026
in order), then the public projection is built by blacklist.public.backfill.rebuild.
"""

import argparse
import contextlib
import datetime as dt
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_check_http import _flush, _rows
from bench.synth import entries
from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.registry.models import Entity, Listing

START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _env(home: Path, url: str) -> dict:
    return {"BLACKLIST_HOME": str(home), "DATABASE_URL": url,
            "BLACKLIST_PUBLIC_RATE_LIMIT": "1000000 per minute"}


def seed(home: Path, url: str, n: int, outside: float = 0.0) -> None:
    """n listed entries, the i-th published i·(3 years / n) after 2024-01-01; a share
    `outside` of the organisations named from the outside vocabulary (bench_fragments)."""
    from dataclasses import replace

    from bench.bench_fragments import outside_names
    from blacklist.public.backfill import rebuild

    runtime = Runtime.from_settings(Settings.from_env(_env(home, url)))
    bootstrap.init(runtime)
    rng, step, started = random.Random(5), dt.timedelta(days=1000) / n, time.perf_counter()
    names = outside_names(random.Random(6))
    with runtime.db.engine.begin() as conn:
        batch, seen = [], set()
        for i, entry in enumerate(entries(n)):
            key = entry.uscc or entry.id_number
            if key in seen:
                continue
            seen.add(key)
            if entry.uscc and outside and rng.random() < outside:
                entry = replace(entry, name=next(names), former_names=())
            entity, listing = _rows(entry, START + i * step)
            listing["published_at"] = START + i * step
            listing["decision_date"] = (START + i * step).date()
            listing["publish_until"] = dt.date(2027 + rng.randint(0, 4), rng.randint(1, 12), 15)
            batch.append((entity, listing))
            if len(batch) >= 5000:
                _flush(conn, Entity, Listing, batch)
        _flush(conn, Entity, Listing, batch)
    runtime.db.wrote_in_bulk(2 * len(seen))      # planner statistics, as an import leaves them
    print(f"seeded {len(seen)} listings in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with runtime.db.engine.begin() as conn:
        built = rebuild(conn)
    runtime.db.settle()     # as the service leaves its bulk-written tables (Database.settle)
    print(f"public projection of {built} entries in {time.perf_counter() - started:.0f} s",
          flush=True)
    runtime.db.dispose()


def samples(home: Path, url: str) -> dict[str, str]:
    """Queries of every kind, taken from the seeded data."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        name, uscc = conn.execute(text("SELECT name, uscc FROM entity WHERE uscc IS NOT NULL "
                                       "ORDER BY id LIMIT 1 OFFSET 777")).one()
        id_number = conn.execute(text("SELECT id_number FROM entity WHERE kind = "
                                      "'natural_person' ORDER BY id LIMIT 1 OFFSET 555")).scalar()
    engine.dispose()
    trade = name[2:4] if name.startswith("苏州") else name[:2]
    # Fragments made only of common grams (synth's place 张家港, its legal forms): each
    # matches tens of thousands of names at 1M, as the 2026-12-04 "4 characters" did.
    common = {"q=张家港 (3, common grams)": "张家港", "q=有限公司 (4, common grams)": "有限公司",
              "q=股份有限公司 (6, common grams)": "股份有限公司"}
    return {"q=2 characters": trade, "q=华信": "华信", "q=科技 (common)": "科技",
            "q=4 characters": name[2:6], **common, "q=whole name": name, "q=USCC": uscc,
            "q=ID number": id_number, "q=no match": "无此企业名称"}


def _requests(home: Path, url: str) -> dict[str, tuple[str, dict]]:
    api = "/api/v1/public/listings"
    requests = {f"API {k}": (api, {"q": v}) for k, v in samples(home, url).items()}
    requests |= {"API browse page 1": (api, {}), "API browse page 5000": (api, {"page": 5000}),
                 "API browse page 50000": (api, {"page": 50000}),
                 "API browse domain page 1000": (api, {"domain": "construction", "page": 1000}),
                 "API browse domain+source page 1000": (api, {"domain": "construction",
                                                              "source": "sz-housing",
                                                              "page": 1000}),
                 "page /search q=2 characters": ("/search", {"q": requests[
                     "API q=2 characters"][1]["q"]}),
                 "page /search (browse)": ("/search", {}),
                 "API reports/annual 2026": ("/api/v1/reports/annual", {"year": 2026}),
                 "API reports/annual 2025": ("/api/v1/reports/annual", {"year": 2025}),
                 "page /reports/2026": ("/reports/2026", {})}
    return requests


def measure(home: Path, url: str, rounds: int, freeze: bool = True) -> None:
    """Every request of the issue's table, `rounds` times each: p50 and p95 in ms (in
    process: the Flask test client, the whole request path)."""
    from api import create_app

    client = create_app(Settings.from_env(_env(home, url))).test_client()
    if freeze:
        # As a served worker has it: the heap it starts with (the screening index of every
        # entry) is frozen at the fork (blacklist.infra.forks), so no full collection walks it.
        gc.freeze()

    def get(path, params):
        answer = client.get(path, query_string=params)
        return answer.status_code, (answer.json if answer.is_json else None)

    _timed(_requests(home, url), rounds, get, time.process_time, _db_cpu(url))


def _cpu_of(pids) -> float:
    """CPU seconds (user + system) these processes have spent so far."""
    ticks = 0
    for pid in pids:
        try:
            ticks += sum(map(int, Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1]
                             .split()[11:13]))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def _db_cpu(url: str):
    """On PostgreSQL, the CPU seconds spent so far by the backends serving its database."""
    if not url.startswith("postgresql"):
        return lambda: 0.0
    from sqlalchemy import NullPool, create_engine, text

    engine = create_engine(url, poolclass=NullPool)

    def spent() -> float:
        with engine.connect() as conn:
            pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = "
                                     "current_database() AND pid <> pg_backend_pid()")).scalars()
            return _cpu_of(list(pids))
    return spent


def _timed(requests: dict, rounds: int, get, cpu, db_cpu) -> None:
    """p50 and p95 of each request's latency; beside them the serving processes' CPU and the
    database's, per request (averaged over the rounds)."""
    for label, (path, params) in requests.items():
        spent, status, body = [], None, None
        cpu_before, db_before = cpu(), db_cpu()
        for _ in range(rounds):
            started = time.perf_counter()
            status, body = get(path, params)
            spent.append((time.perf_counter() - started) * 1000)
        cpu_ms, db_ms = ((cpu() - cpu_before) * 1000 / rounds,
                         (db_cpu() - db_before) * 1000 / rounds)
        assert status == 200, (label, status)
        total = body.get("total", "") if isinstance(body, dict) else ""
        spent.sort()
        p95 = spent[min(len(spent) - 1, int(0.95 * len(spent)))]
        print(f"{label:34} p50 {statistics.median(spent):8.1f} ms  p95 {p95:8.1f} ms  "
              f"cpu {cpu_ms:6.1f} ms  db cpu {db_ms:5.1f} ms  total={total}  "
              f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)


def measure_http(home: Path, url: str, rounds: int, export: bool) -> None:
    """The same requests over HTTP: gunicorn (2 gthread workers, preloaded) on 127.0.0.1, one
    keep-alive client connection, latency as the client sees it; then the CSV export."""
    requests = _requests(home, url)
    with served(home, url) as (get, host, port, pid):
        for label, (path, params) in list(requests.items())[:2]:
            get(path, params)                      # both workers' first request
        workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        _timed(requests, rounds, get, lambda: _cpu_of(workers), _db_cpu(url))
        if export:
            _export_http(host, port, pid)


@contextlib.contextmanager
def served(home: Path, url: str):
    """gunicorn as `blacklist serve` runs it (api/server.py: gthread workers, timeout 60 s),
    and a GET over one keep-alive connection: (get, host, port, master pid)."""
    import http.client
    import json
    from urllib.parse import urlencode

    from bench.bench_check_http import REAL_APP, serve

    command = [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-k", "gthread",
               "--threads", "4", "--timeout", "60", "--log-level", "warning"]
    process, base = serve(REAL_APP, {**os.environ, **_env(home, url)}, command=command)
    host, port = base.removeprefix("http://").split(":")
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=120)

        def get(path, params):
            conn.request("GET", f"{path}?{urlencode(params)}" if params else path)
            answer = conn.getresponse()
            data = answer.read()
            kind = answer.getheader("Content-Type", "")
            return answer.status, (json.loads(data) if "json" in kind else None)

        yield get, host, int(port), process.pid
    finally:
        process.terminate()
        process.wait(30)


def _workers_kb(master: int, field: str) -> list[float]:
    """A /proc/PID/status field (VmRSS, VmHWM) of each gunicorn worker, in MB."""
    found = []
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        found.append(int(next(x for x in status.splitlines() if x.startswith(field))
                         .split()[1]) / 1024)
    return found


def _export_http(host: str, port: int, master: int) -> None:
    """GET the CSV export over HTTP to the end; seconds, and the workers' RSS before and
    their peak after (a worker holds the preloaded screening index before any export)."""
    import http.client

    before = _workers_kb(master, "VmRSS:")
    workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    started, size, cpu = time.perf_counter(), 0, _cpu_of(workers)
    conn = http.client.HTTPConnection(host, port, timeout=600)
    conn.request("GET", "/api/v1/exports/listings?format=csv")
    answer = conn.getresponse()
    while chunk := answer.read(1 << 20):
        size += len(chunk)
    spent = time.perf_counter() - started
    cpu = _cpu_of(workers) - cpu
    print(f"HTTP export: {size / 2**20:.0f} MiB CSV in {spent:.1f} s (workers' CPU {cpu:.1f} s, "
          f"client's {time.process_time():.1f} s in all), workers' RSS before "
          f"{max(before):.0f} MB, peak {max(_workers_kb(master, 'VmHWM:')):.0f} MB "
          f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)


def compare_memory(url: str, queries: list[str]) -> None:
    """The alternative measured: bigram postings in the process (what an in-memory public
    index beside the screening index would hold), its RSS and its query times."""
    from array import array

    from sqlalchemy import create_engine, text

    from blacklist.public.grams import fragment, grams_of

    engine, postings, keys = create_engine(url), {}, []
    started = time.perf_counter()
    with engine.connect() as conn:
        for seq, key in conn.execute(text("SELECT seq, search_key FROM public_entry ORDER BY seq")):
            keys.append(key)
            for gram in grams_of(key):
                postings.setdefault(gram, array("i")).append(len(keys) - 1)
    engine.dispose()
    # What the structure itself holds (RSS moves with everything else the process frees).
    grown = (sys.getsizeof(postings) + sum(sys.getsizeof(g) + a.buffer_info()[1] * 4 + 64
                                            for g, a in postings.items())) / 2**20
    print(f"in-memory bigram postings of {len(keys)} entries: built in "
          f"{time.perf_counter() - started:.0f} s, {grown:.0f} MB of postings per process (names not counted)", flush=True)
    for q in queries:
        frag, spent = fragment(q), []
        for _ in range(5):
            t = time.perf_counter()
            lists = sorted((postings.get(g, array("i")) for g in grams_of(frag)), key=len)
            rows = [r for r in reversed(lists[0]) if frag in keys[r]] if lists else []
            spent.append((time.perf_counter() - t) * 1000)
        print(f"  in-memory q={q!r:12} {statistics.median(spent):8.1f} ms  {len(rows)} found")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--home", help="an instance folder seeded before (skip seeding)")
    parser.add_argument("--url", help="DATABASE_URL (default: SQLite in the home folder)")
    parser.add_argument("--seed", action="store_true", help="seed even with --home")
    parser.add_argument("--outside", type=float, default=0.0,
                        help="share of organisations named from the outside vocabulary")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--http", action="store_true",
                        help="also over HTTP: gunicorn (2 gthread workers) and a keep-alive client")
    parser.add_argument("--no-inprocess", action="store_true")
    parser.add_argument("--no-freeze", action="store_true",
                        help="in process, leave the loaded heap to the cyclic collector")
    parser.add_argument("--compare-memory", action="store_true",
                        help="also measure bigram postings held in the process")
    args = parser.parse_args()
    home = Path(args.home or tempfile.mkdtemp(prefix="bench_public_"))
    url = args.url or f"sqlite:///{home / 'bench.db'}"
    if args.seed or not args.home:
        seed(home, url, args.n, args.outside)
    if not args.no_inprocess:
        measure(home, url, args.rounds, not args.no_freeze)
    if args.http:
        measure_http(home, url, args.rounds, not args.no_export)
    if args.compare_memory:
        compare_memory(url, list(samples(home, url).values()) + ["华信", "科技"])
    if not args.no_export:
        subprocess.run([sys.executable, "-m", "bench.bench_export", "--export-only", str(home),
                        url], check=True)
    print(f"home: {home}")


if __name__ == "__main__":
    main()
