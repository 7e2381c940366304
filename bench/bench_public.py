"""The public tier at a million listed entries: search (partial name, USCC, ID, no match),
browsing (first and deep page), the /search page, the annual report (API and page) and
the CSV export; medians and p95 in process (Flask test client, the whole request path).

    .venv/bin/python -m bench.bench_public --n 1000000          # seed, then measure
    .venv/bin/python -m bench.bench_public --home DIR            # measure a seeded DIR again
    .venv/bin/python -m bench.bench_public --n 100000 --seed --home DIR --url postgresql+psycopg://…

Entities and listings are bulk-inserted (names from bench.synth, published over 2024-2026
in order), then the public projection is built by blacklist.public.backfill.rebuild.
"""

import argparse
import datetime as dt
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


def seed(home: Path, url: str, n: int) -> None:
    """n listed entries, the i-th published i·(3 years / n) after 2024-01-01."""
    from blacklist.public.backfill import rebuild

    runtime = Runtime.from_settings(Settings.from_env(_env(home, url)))
    bootstrap.init(runtime)
    rng, step, started = random.Random(5), dt.timedelta(days=1000) / n, time.perf_counter()
    with runtime.db.engine.begin() as conn:
        batch, seen = [], set()
        for i, entry in enumerate(entries(n)):
            key = entry.uscc or entry.id_number
            if key in seen:
                continue
            seen.add(key)
            entity, listing = _rows(entry, START + i * step)
            listing["published_at"] = START + i * step
            listing["decision_date"] = (START + i * step).date()
            listing["publish_until"] = dt.date(2027 + rng.randint(0, 4), rng.randint(1, 12), 15)
            batch.append((entity, listing))
            if len(batch) >= 5000:
                _flush(conn, Entity, Listing, batch)
        _flush(conn, Entity, Listing, batch)
    print(f"seeded {len(seen)} listings in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with runtime.db.engine.begin() as conn:
        built = rebuild(conn)
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
    return {"q=2 characters": trade, "q=华信": "华信", "q=科技 (common)": "科技", "q=4 characters": name[2:6], "q=whole name": name,
            "q=USCC": uscc, "q=ID number": id_number, "q=no match": "无此企业名称"}


def measure(home: Path, url: str, rounds: int) -> None:
    """Every request of the issue's table, `rounds` times each: p50 and p95 in ms."""
    from api import create_app

    app = create_app(Settings.from_env(_env(home, url)))
    client = app.test_client()
    api = "/api/v1/public/listings"
    requests = {f"API {k}": (api, {"q": v}) for k, v in samples(home, url).items()}
    requests |= {"API browse page 1": (api, {}), "API browse page 5000": (api, {"page": 5000}),
                 "API browse domain page 1000": (api, {"domain": "construction", "page": 1000}),
                 "page /search q=2 characters": ("/search", {"q": requests[
                     "API q=2 characters"][1]["q"]}),
                 "page /search (browse)": ("/search", {}),
                 "API reports/annual 2026": ("/api/v1/reports/annual", {"year": 2026}),
                 "API reports/annual 2025": ("/api/v1/reports/annual", {"year": 2025}),
                 "page /reports/2026": ("/reports/2026", {})}
    for label, (path, params) in requests.items():
        spent, answer = [], None
        for _ in range(rounds):
            started = time.perf_counter()
            answer = client.get(path, query_string=params)
            spent.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (label, answer.status_code)
        total = (answer.json or {}).get("total", "") if answer.is_json else ""
        spent.sort()
        p95 = spent[min(len(spent) - 1, int(0.95 * len(spent)))]
        print(f"{label:34} p50 {statistics.median(spent):8.1f} ms  p95 {p95:8.1f} ms  "
              f"total={total}", flush=True)


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
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--compare-memory", action="store_true",
                        help="also measure bigram postings held in the process")
    args = parser.parse_args()
    home = Path(args.home or tempfile.mkdtemp(prefix="bench_public_"))
    url = args.url or f"sqlite:///{home / 'bench.db'}"
    if args.seed or not args.home:
        seed(home, url, args.n)
    measure(home, url, args.rounds)
    if args.compare_memory:
        compare_memory(url, list(samples(home, url).values()) + ["华信", "科技"])
    if not args.no_export:
        subprocess.run([sys.executable, "-m", "bench.bench_export", "--export-only", str(home),
                        url], check=True)
    print(f"home: {home}")


if __name__ == "__main__":
    main()
