"""`pull` of N changes from a source into a fresh instance: the source is a fake province
serving signed pages of its change feed (GET /api/v1/changes as another deployment of this
service serves it: the page's exact bytes signed, detached, with the province's own key), the
city's pull_source verifies and applies every page. Timed in process; the time the source
spends making and signing its pages is counted apart (a real source does it on its own
machine). Target: 100,000 changes in <= 60 s.

    .venv/bin/python -m bench.bench_pull --changes 100000
    .venv/bin/python -m bench.bench_pull --changes 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_i_pull
"""

import argparse
import datetime as dt
import json
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

from bench.bench_import import DOMAINS, uscc
from blacklist.infra import bootstrap
from blacklist.infra.clock import rfc3339
from blacklist.infra.config import Settings
from blacklist.infra.leadership import for_runtime
from blacklist.infra.runtime import Runtime
from blacklist.joint import pull, sources
from blacklist.joint.fetch import Fetched
from blacklist.registry.periods import check_publish_until
from blacklist.trail import audit

URL = "http://province.test/api/v1/changes"


def changes(ref, n: int, today: dt.date) -> list[dict]:
    """n `listed` changes of distinct parties, shaped as the feed shapes them."""
    rule, at = ref.listing_rule("market_order"), rfc3339(dt.datetime.now(dt.UTC))
    made = []
    for i in range(n):
        domain, _, measure = DOMAINS[i % 2]
        decided = dt.date(2026, 1 + i % 10, 1 + i % 28)
        entity = {"id": str(uuid.uuid4()), "kind": "legal_person",
                  "name": f"江苏省列{i}建设工程有限公司", "uscc": uscc(50_000_000 + i),
                  "id_number": None, "legal_representative": {"name": "李四"},
                  "former_names": []}
        listing = {"id": str(uuid.uuid4()), "status": "listed", "entity": entity,
                   "domain": domain, "category": "market_order",
                   "decision_no": f"苏建罚〔2026〕{i}号", "decision_date": decided.isoformat(),
                   "facts": "串通投标", "legal_basis": "《招标投标法》第五十三条",
                   "publish_until": check_publish_until(rule, decided, None, today).isoformat(),
                   "measures": [measure], "origin": "local",
                   "source": {"org": "js-housing", "name": "江苏省住房和城乡建设厅", "uscc": None}}
        made.append({"seq": i + 1, "event_id": str(uuid.uuid4()), "at": at, "event": "listed",
                     "listing": listing, "source": listing["source"]})
    return made


class Province:
    """The source: pages of its feed past `after`, signed with its key; time spent counted."""

    def __init__(self, keys, feed: list[dict]):
        self.keys, self.feed, self.seconds, self.cpu, self.pages = keys, feed, 0.0, 0.0, 0

    def get(self, url, params, headers, timeout) -> Fetched:
        started, started_cpu = time.perf_counter(), time.process_time()
        after, limit = int(params["after"]), int(params["limit"])
        page = self.feed[after:after + limit]       # seq i + 1 sits at index i
        body = json.dumps({"changes": page, "next_after": page[-1]["seq"] if page else after},
                          ensure_ascii=False).encode()
        answer = Fetched(200, body, {"X-Signature": self.keys.detached(body)})
        self.seconds += time.perf_counter() - started
        self.cpu += time.process_time() - started_cpu
        self.pages += 1
        return answer


def instance(home: Path, url: str | None, **seams) -> Runtime:
    """A fresh deployment (`blacklist init`) on its own database."""
    env = {"BLACKLIST_HOME": str(home), "DATABASE_URL": url or f"sqlite:///{home / 'b.db'}"}
    if url:
        from tests.conftest import _reset_postgres

        _reset_postgres(url)
    runtime = Runtime.from_settings(Settings.from_env(env), **seams)
    bootstrap.init(runtime)
    return runtime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=500, help="changes a page")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pull-"))
    province_rt = instance(work / "province", None)
    feed = changes(province_rt.reference, args.changes, province_rt.clock.today())
    source = Province(province_rt.keys, feed)
    city = instance(work / "city", args.database_url, fetcher=source)
    sources.add_source(city.uow(), "jiangsu", URL, province_rt.keys.jwks(),
                       authority="江苏省公共信用信息中心")
    leader = for_runtime(city, lease_seconds=3600)
    assert leader.ensure()
    started, cpu = time.monotonic(), time.process_time()
    outcome = pull.pull_source(city, "jiangsu", leader.guard, limit=args.limit, budget=3600)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    with city.uow(readonly=True) as uow:
        held, (intact, _, _) = uow.joint.entries_of("jiangsu"), audit.verify(uow)
    leader.release()
    print(json.dumps({
        "changes": args.changes, "database": "postgresql" if args.database_url else "sqlite",
        "applied": outcome.applied, "error": outcome.error, "entries": held,
        "audit_intact": intact, "seconds": round(seconds, 1),
        "seconds_without_source": round(seconds - source.seconds, 1),
        "source_seconds": round(source.seconds, 1), "pages": source.pages,
        "cpu_s": round(cpu, 1), "cpu_s_without_source": round(cpu - source.cpu, 1),
        "changes_per_s": round(args.changes / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load": os.getloadavg()[0]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
