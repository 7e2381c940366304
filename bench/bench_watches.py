"""Watches: the work one change costs with many open watches, and the memory they take.

    .venv/bin/python -m bench.bench_watches --watches 100000 --parties 10 --changes 2000

Seeds a fresh SQLite instance (or --database-url) with open watches of synthetic parties
(bench/synth.py), their reverse-index keys stored as `POST /watches` stores them, and a
change log of new listings: most unrelated to any watched party, `--hit-rate` of them
listing a watched party's code, some a near name of one. Prints the time a new leader
takes to load the watches (start or takeover; median of --loads rounds), the memory the
reverse index takes (RSS growth while it loads), the time one change costs (the
re-screening job's whole pass, database included, divided by the changes it applied;
median of --runs passes over fresh changes), and the alerts recorded. --unkeyed seeds
watches as made before migration 0006: the first load then makes and stores their keys.
Figures: docs/PERFORMANCE.md, "Watches".
"""

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from bench import synth
from bench.bench_push import SOURCE, snapshot
from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.screening.entries import json_value, matching_config
from blacklist.trail.models import Change
from blacklist.watching.models import Watch, WatchKey
from blacklist.watching.rescreen import Rescreener
from blacklist.watching.reverse import name_keys


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def party(rng: random.Random) -> dict:
    if rng.random() < 0.2:
        return {"kind": "natural_person", "name": synth.make_person_name(rng),
                "uscc": None, "id_number": synth.make_id_number(rng), "legal_representative": {}}
    return {"name": synth.make_org_name(rng), "uscc": synth.make_uscc(rng), "id_number": None,
            "legal_representative": {"name": synth.make_person_name(rng),
                                     "id_number": synth.make_id_number(rng)}}


def seed_watches(runtime, n: int, parties: int, rng: random.Random,
                 keyed: bool = True) -> list[dict]:
    """n open watches, with their reverse-index keys as `POST /watches` stores them (unless
    not `keyed`: as watches made before migration 0006); returns a sample of their parties."""
    now, sample = dt.datetime.now(dt.UTC), []
    names = name_keys(matching_config(runtime.reference, runtime.settings.paths.data))
    with runtime.db.engine.begin() as conn:
        for start in range(0, n, 5000):
            rows, keys = [], []
            for _ in range(start, min(n, start + 5000)):
                probes = [party(rng) for _ in range(parties)]
                if rng.random() < 0.01:
                    sample.append(rng.choice(probes))
                rows.append({"id": str(uuid.uuid4()), "org": "sz-trading-center", "sub": "bench",
                             "project_code": "B", "domain": "construction",
                             "until": dt.date(2027, 6, 30), "status": "open", "created_at": now,
                             "screening_id": str(uuid.uuid4()), "first_seq": 0,
                             "parties": probes, "probes": probes,
                             "state": [{"decision": "clear", "matches": {}} for _ in probes]})
                keys.append(names.stored(probes) if keyed else None)
            made = conn.execute(insert(Watch).returning(Watch.ordinal, Watch.id,
                                                        sort_by_parameter_order=True), rows)
            if keyed:
                conn.execute(insert(WatchKey), [
                    {"ordinal": ordinal, "watch_id": watch_id, "names": reduced, "packed": packed,
                     "version": names.version, "matching": False}
                    for (ordinal, watch_id), (reduced, packed) in zip(made.all(), keys)])
    return sample


def seed_changes(runtime, n: int, watched: list[dict], hit_rate: float, rng) -> None:
    """n listings published: a watched party's code at hit_rate, a near name as often."""
    now, rows = dt.datetime.now(dt.UTC), []
    for i in range(n):
        listing = str(uuid.uuid4())
        body = snapshot(listing, i)
        roll, entity = rng.random(), body["entity"]
        target = rng.choice(watched)
        if roll < hit_rate and target.get("uscc"):
            entity.update(name=target["name"], uscc=target["uscc"])
        elif roll < 2 * hit_rate and target.get("uscc"):
            entity.update(name=target["name"][:-4] + "建设有限公司", uscc=synth.make_uscc(rng))
        else:
            entity.update(name=synth.make_org_name(rng), uscc=synth.make_uscc(rng))
        rows.append({"event_id": str(uuid.uuid4()), "at": now, "event": "listed",
                     "listing_id": listing, "snapshot": body, "source": SOURCE})
    with runtime.db.engine.begin() as conn:
        conn.execute(insert(Change), rows)


def sample_parties(runtime, count: int) -> list[dict]:
    """Parties of the watches already seeded, to list some of them."""
    with runtime.db.read_engine.connect() as conn:
        rows = conn.execute(select(Watch.probes).limit(count)).all()
    return [json_value(row.probes)[0] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--watches", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=10)
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hit-rate", type=float, default=0.02)
    parser.add_argument("--loads", type=int, default=3, help="rounds of a leader's load")
    parser.add_argument("--unkeyed", action="store_true",
                        help="seed watches without stored keys (as before migration 0006)")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--home", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.home:
        return measure(args)
    home = Path(tempfile.mkdtemp(prefix="bench_watches_"))
    url = args.database_url or f"sqlite:///{home / 'bench.db'}"
    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": str(home),
                                                       "DATABASE_URL": url}))
    bootstrap.init(runtime)
    started = time.perf_counter()
    seed_watches(runtime, args.watches, args.parties, random.Random(2026), not args.unkeyed)
    print(f"seeded {args.watches} watches x {args.parties} parties in "
          f"{time.perf_counter() - started:.1f} s ({url.split(':')[0]})", flush=True)
    runtime.db.dispose()
    # Measured in a fresh process, so the memory freed by the seeding is not reused.
    subprocess.run([sys.executable, "-m", "bench.bench_watches", *sys.argv[1:], "--home",
                    str(home), "--database-url", url], check=True)


def measure(args) -> None:
    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": args.home,
                                                       "DATABASE_URL": args.database_url}))
    rng = random.Random(7)
    watched = sample_parties(runtime, 2000)
    rescreener, guard = Rescreener(runtime), lambda uow: None
    runtime.reference  # noqa: B018  loaded before the memory is measured
    gc.collect()
    before, started = rss_mb(), time.perf_counter()
    rescreener.run(guard)
    loads = [time.perf_counter() - started]
    gc.collect()
    grown = rss_mb() - before
    for _ in range(args.loads - 1):   # a new leader again: start or takeover
        started, rescreener.index = time.perf_counter(), None
        rescreener.run(guard)
        loads.append(time.perf_counter() - started)
    print(f"leader start/takeover: {len(rescreener.index):,} parties loaded in median "
          f"{statistics.median(loads):.2f} s (rounds {' / '.join(f'{x:.2f}' for x in loads)}), "
          f"reverse index RSS +{grown:.0f} MB (target <= 200 MB)", flush=True)
    per_change = []
    for _ in range(args.runs):
        seed_changes(runtime, args.changes, watched, args.hit_rate, rng)
        started = time.perf_counter()
        result = rescreener.run(guard)
        spent = time.perf_counter() - started
        per_change.append(1000 * spent / result["changes"])
        print(f"  pass: {result['changes']} changes, {result['alerts']} alerts, "
              f"{per_change[-1]:.2f} ms a change")
    print(f"work per change with {len(rescreener.index):,} watched parties: median "
          f"{statistics.median(per_change):.2f} ms over {args.runs} passes (target <= 5 ms)")


if __name__ == "__main__":
    main()
