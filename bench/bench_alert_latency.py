"""Alert latency: from a listing's publication to its watch's alert recorded, and delivered.

    .venv/bin/python -m bench.bench_alert_latency --samples 20 --background 10000

One process: the app (Flask test client, over the real services and database) and the
scheduler as `blacklist serve` runs it (jobs/scheduler.py: the watches job every 2 s under
leadership), a receiver on 127.0.0.1 noting when each alert arrives. Each sample watches a
fresh party with a callback, publishes a listing of it after a random pause (so samples
fall anywhere in the job's period), and measures publication → alert recorded (its `at`)
and publication → callback received, from the start of the publishing request. Then
--takeovers times the leader steps down and a new runtime (a new process's state) takes
over, loading every watch again, while a listing is published at once: the alert of that
publication measures a takeover. `--background` open watches of 10 synthetic parties
each are seeded first, so the reverse index is not empty.

It prints first how long the leader took from its start to the reverse index loaded (the
same path a takeover runs). Figures: docs/PERFORMANCE.md, "Watches".
"""

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from api import create_app
from bench.bench_watches import seed_watches
from blacklist.infra import bootstrap, leadership
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.watching import rescreen
from jobs import scheduler as schedule
from tests.factories import company, listing_body, make_uscc

ARRIVED: dict[str, float] = {}


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ARRIVED.setdefault(json.loads(body)["watch_id"], time.time())
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def tokens(runtime) -> tuple[dict, dict]:
    def make(org, role):
        now, keys = int(time.time()), runtime.settings.keys
        claims = {"sub": f"{org}-bench", "org": org, "roles": [role], "iat": now,
                  "exp": now + 36000, "iss": keys.issuer, "aud": keys.audience,
                  "jti": str(uuid.uuid4())}
        return {"Authorization": f"Bearer {runtime.keys.sign_token(claims)}"}
    return make("sz-housing", "filer"), make("sz-trading-center", "screener")


def sample(client, runtime, filer, screener, url: str, rng,
           pause: float = 2.5) -> tuple[float, float]:
    uscc = make_uscc(rng.getrandbits(32))
    until = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    made = client.post("/api/v1/watches", headers=screener, json={
        "domain": "construction", "parties": [{"name": "苏州被盯建设工程有限公司", "uscc": uscc}],
        "until": until, "callback_url": url})
    assert made.status_code == 201, made.json
    time.sleep(rng.uniform(0, pause))
    filed = client.post("/api/v1/listings", headers=filer,
                        json=listing_body(entity=company(uscc=uscc)))
    assert filed.status_code == 201, filed.json
    start = time.time()   # before the publication's request: its commit is within it
    published = client.post(f"/api/v1/listings/{filed.json['id']}/publish", headers=filer,
                            json={"statement": "waived"})
    assert published.status_code == 200, published.json
    watch_id = made.json["id"]
    while watch_id not in ARRIVED and time.time() - start < 60:
        time.sleep(0.01)
    alert = client.get(f"/api/v1/watches/{watch_id}", headers=screener).json["alerts"][0]
    recorded = dt.datetime.fromisoformat(alert["at"]).timestamp() - start
    return recorded, ARRIVED[watch_id] - start


def start_leader(runtime, watches: int, wait: bool = True):
    """A scheduler as `blacklist serve` runs it, leading; returns once its watches are
    loaded (or at once, noting the time they take in a thread)."""
    leader = leadership.for_runtime(runtime)
    jobs = schedule.build(runtime, leader)
    started = time.perf_counter()
    jobs.start()

    def note() -> None:
        print(f"leader start with {watches:,} open watches: ready (reverse index loaded) "
              f"in {leader_ready(runtime, started):.2f} s", flush=True)
    note() if wait else threading.Thread(target=note, daemon=True).start()
    return leader, jobs


def leader_ready(runtime, started: float) -> float:
    """Seconds from the scheduler's start until its first pass has loaded the watches: what
    a new leader takes at start or takeover before it can record an alert."""
    held = rescreen.rescreener(runtime)
    while held.index is None:
        if time.perf_counter() - started > 600:
            raise SystemExit("the leader did not load the watches in 10 minutes")
        time.sleep(0.05)
    return time.perf_counter() - started


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--background", type=int, default=10_000)
    parser.add_argument("--takeovers", type=int, default=3,
                        help="then this many leader changes, a publication at each")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench_alerts_"))
    url = args.database_url or f"sqlite:///{home / 'bench.db'}"
    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": str(home),
                                                       "DATABASE_URL": url}))
    bootstrap.init(runtime)
    rng = random.Random(13)
    seed_watches(runtime, args.background, 10, rng)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    callback = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    client = create_app(runtime=runtime).test_client()
    filer, screener = tokens(runtime)
    leader, jobs = start_leader(runtime, args.background)
    results = [sample(client, runtime, filer, screener, callback, rng)
               for _ in range(args.samples)]
    # Takeovers: the leader steps down, a new process's runtime leads (loading every watch
    # again), and a listing is published at once, while it loads.
    taken = []
    for _ in range(args.takeovers):
        jobs.shutdown(wait=True)
        leader.release()
        successor = Runtime.from_settings(runtime.settings)
        leader, jobs = start_leader(successor, args.background, wait=False)
        taken.append(sample(client, runtime, filer, screener, callback, rng, pause=0))
    jobs.shutdown(wait=True)
    leader.release()
    if taken:
        print(f"publication at a takeover ({args.takeovers} takeovers): recorded after "
              + " / ".join(f"{r:.2f}" for r, _ in taken) + " s, delivered after "
              + " / ".join(f"{d:.2f}" for _, d in taken) + " s", flush=True)
    recorded, delivered = [r for r, _ in results], [d for _, d in results]
    print(f"alert latency over {args.samples} publications, {args.background:,} background "
          f"watches ({url.split(':')[0]}): recorded p50 {statistics.median(recorded):.2f} s "
          f"p95 {p(recorded, 95):.2f} s (target <= 10 s); delivered p50 "
          f"{statistics.median(delivered):.2f} s p95 {p(delivered, 95):.2f} s (target <= 15 s)")


if __name__ == "__main__":
    main()
