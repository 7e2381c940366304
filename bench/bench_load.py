"""Mixed load on PostgreSQL (80% check, 15% public search, 5% filing), driven by wrk: two
`blacklist serve` behind nginx (deploy/nginx.conf) against one server with the same total
workers, side by side in one run, with the CPU each request costs the servers and the database.

The database is a PostgreSQL cluster of the bench alone (pg_createcluster, dropped at the end),
so that its CPU is the bench's own:

    .venv/bin/python -m bench.bench_load --listings 100000 --seconds 60 --rounds 2
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.bench_check_http import populate
from tests.factories import make_uscc
from tests.reliability.deployment import Cluster, Server, nginx

LUA = """
local usccs = {%(usccs)s}
local names = {%(names)s}
local fresh = {%(fresh)s}
local screener = "Bearer %(screener)s"
local filer = "Bearer %(filer)s"
local counter, tid = 0, 0
threads_seen = {}
-- setup runs in the main state; thread:set makes `id` a global of that thread's own state
function setup(thread) table.insert(threads_seen, thread); thread:set("id", #threads_seen) end
function init(args) tid = id or 0; math.randomseed(os.time() + tid * 7919) end
request = function()
  local roll = math.random(100)
  if roll <= %(check)d then
    return wrk.format("GET", "/api/v1/check?uscc=" .. usccs[math.random(#usccs)],
                      {["Authorization"] = screener})
  elseif roll <= %(search)d then
    return wrk.format("GET", "/api/v1/public/listings?q=" .. names[math.random(#names)])
  end
  counter = counter + 1
  local party = math.random(#fresh)  -- one name per code: a filing never renames the entity
  local body = string.format('{"entity": {"kind": "legal_person", "name": "苏州负载%%d有限公司", ' ..
    '"uscc": "%%s"}, "domain": "construction", "category": "market_order", ' ..
    '"decision_no": "LOAD-%(tag)s-%%d-%%d", "decision_date": "2026-11-20", "facts": "串通投标", ' ..
    '"legal_basis": "《招标投标法》第五十三条", "measures": ["bid_ban"]}',
    party, fresh[party], tid, counter)
  return wrk.format("POST", "/api/v1/listings",
                    {["Authorization"] = filer, ["Content-Type"] = "application/json"}, body)
end
"""


def tree_cpu(root: int) -> float:
    """User and system CPU seconds of a process and all its descendants, live ones."""
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def postmaster(cluster: Cluster) -> int:
    data = Path(f"/var/lib/postgresql/{cluster.version}/{cluster.name}/postmaster.pid")
    return int(data.read_text().split()[0])


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    """Requests/s, latency percentiles and errors that wrk saw."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "--timeout", "10s",
                          "-s", str(script), url], capture_output=True, text=True,
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    total = int(re.search(r"(\d+) requests in", out)[1])
    if not total:
        raise SystemExit(f"no request was answered:\n{out}")
    errors = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    errors += sum(int(x) for x in socket.groups()) if socket else 0
    return {"rate": rate, "total": total, "errors": errors,
            "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out)[1]),
            "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out)[1])}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_one(name: str, servers: list[Server], front: str, cluster: Cluster, script: Path,
            args) -> dict:
    wrk(front, script, 3, args.connections)   # warm every worker and the pools
    roots = [s.process.pid for s in servers]
    db_before, app_before = tree_cpu(postmaster(cluster)), sum(map(tree_cpu, roots))
    figures = wrk(front, script, args.seconds, args.connections)
    db = tree_cpu(postmaster(cluster)) - db_before
    app = sum(map(tree_cpu, roots)) - app_before
    figures.update(db_us=db / figures["total"] * 1e6, app_us=app / figures["total"] * 1e6)
    print(f"{name:>11}: {figures['rate']:7.0f} req/s  p50 {figures['p50']:6.1f} ms  "
          f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']}  "
          f"server CPU {figures['app_us']:5.0f} µs/req  database CPU {figures['db_us']:4.0f} "
          f"µs/req", flush=True)
    return figures


def script_for(home: Path, usccs, names, tokens, tag: str, mix: tuple[int, int]) -> Path:
    fresh = [make_uscc(900_000 + n) for n in range(2000)]
    path = home / f"load-{tag}.lua"
    path.write_text(LUA % {"usccs": ", ".join(json.dumps(u) for u in usccs),
                           "names": ", ".join(json.dumps(n) for n in names),
                           "fresh": ", ".join(json.dumps(u) for u in fresh),
                           "screener": tokens[0], "filer": tokens[1], "tag": tag,
                           "check": mix[0], "search": mix[0] + mix[1]})
    return path


def unexpired(url: str) -> None:
    """The synthetic set holds entries already past their period: left so, every server's
    scheduler would spend the first minutes of the run expiring them instead of idling."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE listing SET publish_until = :until WHERE publish_until < :today"),
                     {"until": dt.date(2029, 12, 31), "today": dt.date.today()})
    engine.dispose()


def fragments(url: str, count: int = 500) -> list[str]:
    """URL-encoded pieces (2 to 4 characters) of listed names, as a citizen types them."""
    from urllib.parse import quote

    engine = create_engine(url)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM entity LIMIT :n"), {"n": count}).scalars()
        pieces = []
        for name in names:
            start = random.randrange(max(1, len(name) - 4))
            pieces.append(quote(name[start:start + random.randint(2, 4)]))
    engine.dispose()
    return pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="in all, for each layout")
    parser.add_argument("--mix", default="80,15,5", help="percent check, search, filing")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-load-"))
    cluster = Cluster()
    try:
        measure(home, cluster, args)
    finally:
        cluster.drop()
        shutil.rmtree(home, ignore_errors=True)


def measure(home: Path, cluster: Cluster, args) -> None:
    started = time.perf_counter()
    usccs, screener = populate(home, cluster.url, args.listings)
    unexpired(cluster.url)
    env = {**os.environ, "BLACKLIST_HOME": str(home), "DATABASE_URL": cluster.url,
           "BLACKLIST_PUBLIC_RATE_LIMIT": "100000000 per minute",
           "BLACKLIST_TRUSTED_PROXIES": "1"}
    filer = subprocess.run([str(Path(sys.executable).parent / "blacklist"), "token", "--org",
                            "sz-housing", "--role", "filer", "--ttl", "86400"], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    names = fragments(cluster.url)
    print(f"populated {args.listings} listings in {time.perf_counter() - started:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    results: dict[str, list[dict]] = {"one server": [], "two servers": []}
    for round_no in range(args.rounds):
        for layout, count in (("one server", 1), ("two servers", 2)):
            mix = tuple(int(x) for x in args.mix.split(","))[:2]
            script = script_for(home, usccs, names, (screener, filer), f"{round_no}{count}", mix)
            servers = [Server({**env}, home, workers=args.workers // count)
                       for _ in range(count)]
            try:
                with nginx([s.port for s in servers], home / f"nginx-{round_no}-{count}") as front:
                    results[layout].append(run_one(layout, servers, front, cluster, script,
                                                   args))
            finally:
                for server in servers:
                    server.stop()
    report(results)


def report(results: dict[str, list[dict]]) -> None:
    med = {k: {f: statistics.median(r[f] for r in v) for f in v[0]} for k, v in results.items()}
    one, two = med["one server"], med["two servers"]
    print(f"two servers / one server, requests/s: {two['rate'] / one['rate']:.2f} "
          f"(target >= 0.90); p99 {two['p99']:.0f} ms (target <= 250 ms)")
    print(f"database CPU per request {two['db_us']:.0f} µs, server CPU per request "
          f"{two['app_us']:.0f} µs: one database core serves about "
          f"{1e6 / two['db_us']:.0f} req/s, one server core about {1e6 / two['app_us']:.0f}")


if __name__ == "__main__":
    main()
