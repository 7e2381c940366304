"""Push a backlog of changes to a local platform that acknowledges at once; print the time.

    /work/venv/bin/python -m bench.bench_push --n 100000 --runs 3
"""

import argparse
import datetime as dt
import multiprocessing
import statistics
import tempfile
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import insert, update

from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.sharing import feeds, push
from blacklist.sharing.models import Feed
from blacklist.sharing.policy import PushPolicy
from blacklist.trail.models import Change
from blacklist.infra.leadership import for_runtime

SOURCE = {"org": "sz-housing", "name": "市住建局", "uscc": "11320500MB1234567X"}


class Ack(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs cost 40 ms an answer

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _serve(port_queue) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ack)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def snapshot(listing_id: str, n: int) -> dict:
    """A listed company as the change log stores it (blacklist.trail.events, version 1)."""
    listing = {"id": listing_id, "org": SOURCE["org"], "status": "listed",
               "domain": "construction", "category": "market_order",
               "decision_no": f"苏建罚〔2026〕{n}号", "decision_date": "2026-11-20",
               "facts": "串通投标" * 10, "legal_basis": "《招标投标法》",
               "measures": ["bid_ban", "procurement_ban"], "publish_until": "2029-11-19",
               "statement_deadline": "2026-11-27", "repairable_from": "2027-11-20",
               "statement": "waived", "statement_note": None,
               "created_at": "2026-11-20T10:00:00+08:00",
               "published_at": "2026-11-27T10:00:00+08:00", "removed_at": None,
               "removal_reason": None, "repair_decision_no": None, "version": 2}
    entity = {"id": None, "kind": "legal_person", "name": f"苏州某某{n}有限公司",
              "uscc": "91320505MA1XXXXX0X", "id_number": None, "legal_rep_name": None,
              "legal_rep_id": None, "former_names": []}
    return {"v": 1, "listing": listing, "entity": entity, "source": SOURCE}


def seed(runtime: Runtime, n: int) -> None:
    """Bulk-insert n changes with SQLAlchemy core."""
    now = dt.datetime.now(dt.UTC)
    with runtime.db.engine.begin() as conn:
        for start in range(0, n, 10_000):
            rows = []
            for i in range(start, min(n, start + 10_000)):
                listing = str(uuid.uuid4())
                rows.append({"event_id": str(uuid.uuid4()), "at": now, "event": "listed",
                             "listing_id": listing, "snapshot": snapshot(listing, i),
                             "source": SOURCE})
            conn.execute(insert(Change), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench_push_"))
    url = args.database_url or f"sqlite:///{home / 'bench.db'}"
    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": str(home),
                                                       "DATABASE_URL": url}))
    bootstrap.init(runtime)
    started = time.perf_counter()
    seed(runtime, args.n)
    print(f"seeded {args.n} changes in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")
    ports = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=_serve, args=(ports,), daemon=True)
    receiver.start()
    feeds.add_feed(runtime.uow(), "bench", f"http://127.0.0.1:{ports.get()}/changes", "shared")
    leader = for_runtime(runtime, lease_seconds=120)
    assert leader.ensure()
    times = [run_once(runtime, leader, args.n) for _ in range(args.runs)]
    leader.release()
    receiver.terminate()
    print(f"push {args.n} changes: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f}, max {max(times):.2f} over {len(times)} runs "
          f"({args.n / statistics.median(times):,.0f} changes/s); target ≤ 30 s")


def run_once(runtime, leader, n: int) -> float:
    with runtime.db.engine.begin() as conn:
        conn.execute(update(Feed).values(cursor=0))
    policy = PushPolicy(pass_seconds=600)
    started = time.perf_counter()
    [outcome] = push.push_all(runtime, guard=leader.guard, policy=policy)
    spent = time.perf_counter() - started
    assert outcome.delivered == n and outcome.error is None, outcome
    print(f"  run: {spent:.2f} s")
    return spent


if __name__ == "__main__":
    main()
