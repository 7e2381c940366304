"""Export 1,000,000 listed entries as CSV through the streaming export; print time and peak RSS.
The data is bulk-inserted into a temporary SQLite first; the export runs in a fresh process so
its peak RSS is the export's alone.

    /work/venv/bin/python -m bench.bench_export --n 1000000
"""

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.registry.models import Entity, Listing


def seed(runtime: Runtime, n: int, chunk: int = 20_000) -> None:
    """n listed entries, each with its own entity (a person every tenth row)."""
    now = dt.datetime.now(dt.UTC)
    day = dt.date(2026, 11, 20)
    with runtime.db.engine.begin() as conn:
        for start in range(0, n, chunk):
            entities, listings = [], []
            for i in range(start, min(n, start + chunk)):
                eid = str(uuid.uuid4())
                person = i % 10 == 0
                entities.append({"id": eid, "kind": "natural_person" if person else "legal_person",
                                 "name": f"张{i}" if person else f"苏州某某{i}工程有限公司",
                                 "uscc": None if person else f"91320505{i:09d}X",
                                 "id_number": f"3205051980{i:07d}X" if person else None,
                                 "former_names": [], "search_key": "", "created_at": now,
                                 "updated_at": now})
                listings.append({"id": str(uuid.uuid4()), "entity_id": eid, "org": "sz-housing",
                                 "domain": "construction", "category": "market_order",
                                 "decision_no": f"苏建罚〔2026〕{i}号", "decision_date": day,
                                 "facts": "串通投标，情节严重", "legal_basis": "《招标投标法》第五十三条",
                                 "measures": ["bid_ban", "procurement_ban"],
                                 "publish_until": dt.date(2029, 11, 19), "statement_deadline": day,
                                 "repairable_from": dt.date(2027, 11, 20), "status": "listed",
                                 "published_at": now, "version": 2, "created_at": now,
                                 "updated_at": now})
            conn.execute(insert(Entity), entities)
            conn.execute(insert(Listing), listings)


def _peak_rss_mb() -> float:
    """This process's own peak (VmHWM): ru_maxrss would carry a big parent's over exec."""
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def export_only(home: str, url: str) -> None:
    """Stream the CSV to /dev/null; print rows, seconds and peak RSS."""
    from blacklist.sharing import export

    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": home,
                                                       "DATABASE_URL": url}))
    started, cpu, size, lines = time.perf_counter(), time.process_time(), 0, 0
    with open("/dev/null", "wb") as sink:
        for chunk in export.as_csv(runtime.uow(readonly=True)):
            sink.write(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
    spent, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _peak_rss_mb()
    print(f"export: {lines - 1} rows, {size / 2**20:.0f} MiB CSV in {spent:.1f} s "
          f"({(lines - 1) / spent:,.0f} rows/s, CPU {cpu:.1f} s), peak RSS {peak:.0f} MB "
          f"(target ≤ 300 MB) (load {open('/proc/loadavg').read().split()[0]})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--export-only", nargs=2, metavar=("HOME", "URL"))
    args = parser.parse_args()
    if args.export_only:
        export_only(*args.export_only)
        return
    home = Path(tempfile.mkdtemp(prefix="bench_export_"))
    url = f"sqlite:///{home / 'bench.db'}"
    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": str(home),
                                                       "DATABASE_URL": url}))
    bootstrap.init(runtime)
    started = time.perf_counter()
    seed(runtime, args.n)
    runtime.db.dispose()
    print(f"seeded {args.n} listings in {time.perf_counter() - started:.1f} s")
    for _ in range(args.runs):
        subprocess.run([sys.executable, "-m", "bench.bench_export", "--export-only", str(home),
                        url], check=True)


if __name__ == "__main__":
    main()
