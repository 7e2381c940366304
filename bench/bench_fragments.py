"""Public search by partial name, on fragments not drawn from bench/synth.py's words:
p50/p95 per kind of fragment, in process (Flask test client, the whole request path) and,
with --http, over HTTP (gunicorn as `blacklist serve` runs it).

    .venv/bin/python -m bench.bench_fragments --home DIR                  # SQLite in DIR
    .venv/bin/python -m bench.bench_fragments --home DIR --url postgresql+psycopg://…
    .venv/bin/python -m bench.bench_fragments --home DIR --dump answers.json   # to compare

Fragments come from the outside vocabulary of bench/names_outside_vocab.py: 字号 words
(jieba's dictionary), 行业 (GB/T 4754), the country's places, and pieces of names composed
of them as bench_names_outside lists them. On a synth instance most of them share common
grams (有限, 公司, 科技, 苏州…) with many names and match few: the hard case of the index.
`--dump` writes every answer (ids, total, total_exact), so two versions can be compared.
"""

import argparse
import gc
import json
import random
import statistics
import time
from pathlib import Path

from bench.bench_names_outside import LEGAL_FORMS, Geography, listed_name
from bench.bench_public import _env, served
from bench.names_outside_vocab import BRANDS, TRADES, lines
from blacklist.infra.config import Settings

API = "/api/v1/public/listings"


def outside_names(rng: random.Random):
    """Endless company names of the outside vocabulary, composed as bench_names_outside
    lists them (a place of the country, 字号, 行业, legal form)."""
    geo, brands, trades = Geography(), lines(BRANDS), lines(TRADES)
    while True:
        prefix, place = geo.prefix(rng, rng.choice(geo.counties))
        yield listed_name({"brand": rng.choice(brands), "prefix": prefix, "place": place,
                           "trade": rng.choice(trades), "legal": rng.choice(LEGAL_FORMS),
                           "bracketed": rng.random() < 0.2})


def fragments(per_kind: int, seed: int = 11) -> dict[str, list[str]]:
    """`per_kind` fragments of each kind, the same for a given seed."""
    rng, geo = random.Random(seed), Geography()
    brands, trades, names = lines(BRANDS), lines(TRADES), outside_names(random.Random(seed + 1))
    suzhou = [p[0] for p in geo.counties if p[3].startswith("3205")] + ["苏州市", "江苏省"]

    def piece() -> str:
        whole = next(names)
        size = rng.randint(3, 8)
        start = rng.randrange(max(1, len(whole) - size + 1))
        return whole[start:start + size]

    kinds = {
        "字号 (2-3 characters)": lambda: rng.choice(brands),
        "行业": lambda: rng.choice(trades),
        "place, whole country": lambda: rng.choice(geo.counties)[0],
        "place of Suzhou": lambda: rng.choice(suzhou),
        "行业 + legal form": lambda: rng.choice(trades) + rng.choice(LEGAL_FORMS),
        "Suzhou place + 行业": lambda: rng.choice(suzhou) + rng.choice(trades),
        "piece of a name (3-8)": piece,
        "字号 + 行业": lambda: rng.choice(brands) + rng.choice(trades),
    }
    return {kind: [make() for _ in range(per_kind)] for kind, make in kinds.items()}


def run(get, sample: dict[str, list[str]], rounds: int, pages: tuple[int, ...]) -> dict:
    """Each fragment `rounds` times per page; print p50/p95 per kind; return the answers."""
    answers = {}
    for kind, queries in sample.items():
        spent, cpu, estimated, found, slowest = [], [], 0, 0, {}
        for q in queries:
            for page in pages:
                times = []
                for _ in range(rounds):
                    started, used = time.perf_counter(), time.process_time()
                    status, body = get(API, {"q": q, "page": page})
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
                spent.extend(times)
                slowest[f"{q} p{page}"] = statistics.median(times)
                assert status == 200, (kind, q, status)
                answers[f"{q}|{page}"] = {"ids": [i["id"] for i in body["items"]],
                                          "total": body["total"],
                                          "exact": body.get("total_exact", True)}
                estimated += not body.get("total_exact", True)
                found += body["total"] > 0
        spent.sort()
        p95 = spent[min(len(spent) - 1, int(0.95 * len(spent)))]
        print(f"{kind:24} n={len(spent):4}  p50 {statistics.median(spent):7.1f} ms  "
              f"p95 {p95:7.1f} ms  max {spent[-1]:7.1f} ms  CPU p50 "
              f"{statistics.median(cpu):5.1f} ms  found {found}/"
              f"{len(queries) * len(pages)}, estimated {estimated}  "
              f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)
        worst = sorted(slowest.items(), key=lambda kv: -kv[1])[:3]
        print("    slowest (median of rounds): " + ", ".join(f"{q} {ms:.0f} ms" for q, ms in worst))
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True, help="an instance folder seeded before")
    parser.add_argument("--url", help="DATABASE_URL (default: SQLite in the home folder)")
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default="1,3", help="pages asked of each fragment")
    parser.add_argument("--http", action="store_true", help="also over HTTP (gunicorn)")
    parser.add_argument("--dump", help="write every answer to this JSON file")
    args = parser.parse_args()
    home = Path(args.home)
    url = args.url or f"sqlite:///{home / 'bench.db'}"
    sample, pages = fragments(args.per_kind), tuple(int(p) for p in args.pages.split(","))
    started, cpu = time.perf_counter(), time.process_time()
    answers = run(_in_process(home, url), sample, args.rounds, pages)
    print(f"in process: {time.perf_counter() - started:.1f} s wall, "
          f"{time.process_time() - cpu:.1f} s CPU of this process", flush=True)
    if args.http:
        _over_http(home, url, sample, args.rounds, pages)
    if args.dump:
        Path(args.dump).write_text(json.dumps(answers, ensure_ascii=False, indent=0,
                                              sort_keys=True), encoding="utf-8")


def _in_process(home: Path, url: str):
    from api import create_app

    client = create_app(Settings.from_env(_env(home, url))).test_client()
    # As a served worker has it (blacklist.infra.forks, bench_public.measure): the heap it
    # starts with (the screening index of every entry) is frozen, so no full collection
    # walks it in the middle of a request.
    gc.freeze()

    def get(path, params):
        answer = client.get(path, query_string=params)
        return answer.status_code, answer.json

    return get


def _over_http(home: Path, url: str, sample, rounds: int, pages) -> None:
    with served(home, url) as (get, *_):
        get(API, {"q": "华信"})                  # both workers' first request
        get(API, {"q": "华信"})
        print("over HTTP:", flush=True)
        run(get, sample, rounds, pages)


if __name__ == "__main__":
    main()
