"""GET /api/v1/check?uscc= over HTTP against a bare Flask JSON endpoint, served the same way.

Both are served by gunicorn (2 sync workers, app preloaded) on 127.0.0.1 and driven by wrk
(apt-get install -y wrk), alternately, in the same run:

    .venv/bin/python -m bench.bench_check_http --listings 100000 --rounds 5 --seconds 8

With `--baseline DIR` (a source tree of another commit, e.g. `git archive <rev> | tar -x -C
DIR`), that tree's check is served too, in the same rounds, for a before/after in one run.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from flask import Flask

GUNICORN = [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-k", "sync",
            "--log-level", "warning"]
REAL_APP, BARE_APP = "api:create_app()", "bench.bench_check_http:bare_app()"
# gunicorn importing the app of another source tree: this project's editable install is a
# meta path finder, which would otherwise win over the tree put first on sys.path.
FROM_TREE = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in "
             "repr(f)]; sys.path.insert(0, {tree!r}); sys.argv[0] = 'gunicorn'; "
             "from gunicorn.app.wsgiapp import run; run()")


def bare_app() -> Flask:
    """The yardstick: a Flask app with one JSON endpoint and nothing else."""
    app = Flask("bare")

    @app.get("/bare")
    def bare():
        return {"decision": "clear", "matches": []}

    return app


def populate(home: Path, url: str, n: int) -> tuple[list[str], str]:
    """A fresh instance with n listed entries; return some listed USCCs and a screener token."""
    from bench.synth import entries
    from blacklist.infra import bootstrap
    from blacklist.infra.config import Settings
    from blacklist.infra.runtime import Runtime
    from blacklist.registry.models import Entity, Listing

    runtime = Runtime.from_settings(Settings.from_env({"BLACKLIST_HOME": str(home),
                                                       "DATABASE_URL": url}))
    bootstrap.init(runtime)
    now, usccs = dt.datetime.now(dt.UTC), []
    with runtime.db.engine.begin() as conn:
        batch, seen = [], set()
        for entry in entries(n):
            key = entry.uscc or entry.id_number
            if key in seen:   # synthetic identifiers can collide; one entity per identifier
                continue
            seen.add(key)
            batch.append(_rows(entry, now))
            if entry.uscc and len(usccs) < 1000:
                usccs.append(entry.uscc)
            if len(batch) >= 5000:
                _flush(conn, Entity, Listing, batch)
        _flush(conn, Entity, Listing, batch)
    claims = {"sub": "bench", "org": "sz-trading-center", "roles": ["screener"],
              "iat": int(time.time()), "exp": int(time.time()) + 86400,
              "iss": runtime.settings.keys.issuer, "aud": runtime.settings.keys.audience}
    token = runtime.keys.sign_token(claims)
    runtime.db.dispose()
    return usccs, token


def _rows(entry, now) -> tuple[dict, dict]:
    """The entity and listing rows of one synthetic listed entry."""
    from blacklist.registry.names import normalise_name

    entity_id = str(uuid.uuid4())
    names = [entry.name, *entry.former_names]
    entity = {"id": entity_id, "kind": entry.kind, "name": entry.name, "uscc": entry.uscc,
              "id_number": entry.id_number, "legal_rep_name": entry.legal_rep_name,
              "legal_rep_id": entry.legal_rep_id, "former_names": list(entry.former_names),
              "search_key": "|".join(dict.fromkeys(normalise_name(x) for x in names)),
              "created_at": now, "updated_at": now}
    listing = {"id": entry.listing_id, "entity_id": entity_id, "org": entry.source_org,
               "domain": entry.domain, "category": entry.category,
               "decision_no": f"D-{entity_id}", "decision_date": dt.date(2026, 1, 5),
               "facts": "-", "legal_basis": "-", "measures": list(entry.measures),
               "publish_until": dt.date.fromisoformat(entry.publish_until),
               "statement_deadline": dt.date(2026, 1, 12),
               "repairable_from": dt.date(2027, 1, 5), "status": "listed", "published_at": now,
               "version": 2, "created_at": now, "updated_at": now}
    return entity, listing


def _flush(conn, entity, listing, batch) -> None:
    if batch:
        conn.execute(entity.__table__.insert(), [e for e, _ in batch])
        conn.execute(listing.__table__.insert(), [x for _, x in batch])
    batch.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, env: dict, tree: str | None = None,
          command: list[str] = GUNICORN) -> tuple[subprocess.Popen, str]:
    """Start gunicorn (on the app of another source tree if given) and wait until it answers."""
    port = free_port()
    command = [*command, "-b", f"127.0.0.1:{port}", app]
    if tree:
        command[1:3] = ["-c", FROM_TREE.format(tree=tree)]
    process = subprocess.Popen(command, env=env,
                               cwd=tree or Path(__file__).resolve().parent.parent)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {app} exited with {process.returncode}")
            time.sleep(0.2)
    raise SystemExit(f"gunicorn {app} did not come up")


LUA = """
local usccs = {%s}
local i = 0
request = function()
  i = i %% #usccs + 1
  return wrk.format("GET", "/api/v1/check?uscc=" .. usccs[i], {["Authorization"] = "Bearer %s"})
end
"""


def drive(url: str, seconds: int, connections: int, script: str | None) -> float:
    """Requests per second that wrk (or the Python fallback) gets out of url."""
    if shutil.which("wrk"):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
        if script:
            command[1:1] = ["-s", script]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        if "Non-2xx" in out:
            raise SystemExit(f"errors under load:\n{out}")
        return float(next(l for l in out.splitlines() if l.startswith("Requests/sec")).split()[1])
    raise SystemExit("wrk not found: apt-get install -y wrk")


def cpu_seconds(master: int) -> float:
    """User and system CPU of the gunicorn master and its workers so far."""
    pids = [master] + [int(p) for p in Path(f"/proc/{master}/task/{master}/children")
                       .read_text().split()]
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def check_answers(base: str, uscc: str, token: str) -> None:
    import requests

    answer = requests.get(f"{base}/api/v1/check", params={"uscc": uscc},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200 and answer.json()["decision"] == "refuse", answer.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default="", help="default: a SQLite file")
    parser.add_argument("--baseline", default="", help="a source tree whose check is served too")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-check-"))
    url = args.database_url or f"sqlite:///{home / 'blacklist.db'}"
    started = time.perf_counter()
    usccs, token = populate(home, url, args.listings)
    print(f"populated {args.listings} listings in {time.perf_counter() - started:.1f} s")
    script = home / "check.lua"
    script.write_text(LUA % (", ".join(json.dumps(u) for u in usccs), token))
    env = {**os.environ, "BLACKLIST_HOME": str(home), "DATABASE_URL": url}
    served = [("check", REAL_APP, "/", None), ("bare", BARE_APP, "/bare", None)]
    if args.baseline:
        served.insert(0, ("base", REAL_APP, "/", str(Path(args.baseline).resolve())))
    figures = {name: [] for name, *_ in served}
    cpu = {name: [] for name, *_ in served}
    for round_no in range(args.rounds):
        for name, app, path, tree in served:
            process, base = serve(app, env, tree)
            lua = str(script) if name != "bare" else None
            try:
                if lua:
                    check_answers(base, usccs[0], token)
                drive(base + path, 2, args.connections, lua)
                spent = cpu_seconds(process.pid)
                rate = drive(base + path, args.seconds, args.connections, lua)
                spent = cpu_seconds(process.pid) - spent
            finally:
                process.terminate()
                process.wait(timeout=30)
            figures[name].append(rate)
            cpu[name].append(spent / (rate * args.seconds) * 1e6)
            print(f"round {round_no + 1}: {name:5} {rate:9.0f} req/s, "
                  f"{cpu[name][-1]:5.0f} µs server CPU per request, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    report(figures, cpu)
    shutil.rmtree(home, ignore_errors=True)


def report(figures: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    bare, bare_cpu = statistics.median(figures["bare"]), statistics.median(cpu["bare"])
    for name in figures:
        print(f"{name:5} median {statistics.median(figures[name]):.0f} req/s "
              f"(min {min(figures[name]):.0f}, max {max(figures[name]):.0f}), "
              f"{statistics.median(cpu[name]):.0f} µs server CPU per request")
    for name in (n for n in figures if n != "bare"):
        ratios = [c / b for c, b in zip(figures[name], figures["bare"])]
        check_cpu = statistics.median(cpu[name])
        print(f"{name}: ratio of medians {statistics.median(figures[name]) / bare:.2f} "
              f"(per round {', '.join(f'{r:.2f}' for r in ratios)}; goal >= 0.85, "
              f"floor 0.70); CPU bare/{name} {bare_cpu / check_cpu:.2f} "
              "(the ratio on otherwise idle cores)")


if __name__ == "__main__":
    main()
