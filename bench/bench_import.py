"""`blacklist import` of a generated file: N rows of JSON Lines (UTF-8) or 双公示 CSV (GB18030),
into a fresh instance, timed as the operator sees it (the console script, a separate
process), with its peak RSS and the CPU seconds it took (the figure that holds on a
loaded machine; wall time is that CPU time spread over the share of a core it got).
Target: 1,000,000 rows in ≤ 120 s, peak RSS ≤ 500 MB.

    .venv/bin/python -m bench.bench_import --rows 100000 --format csv
    .venv/bin/python -m bench.bench_import --rows 1000000 --format jsonl \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/blacklist_test_b
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import make_org_name
from blacklist.registry.identifiers import org_code_check_char, uscc_check_char

HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号",
          "违法行为类型", "违法事实", "处罚依据", "处罚决定日期", "处罚机关", "领域", "惩戒措施"]
DOMAINS = [("construction", "工程建设项目招标投标", "bid_ban"),
           ("procurement", "政府采购", "procurement_ban")]


def uscc(n: int) -> str:
    body = f"{n:08d}"
    first17 = "91320505" + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def rows(n: int, seed: int = 7):
    """n distinct decided listings, decided in 2026 (within their publication period)."""
    rng = random.Random(seed)
    for i in range(n):
        domain, domain_name, measure = DOMAINS[i % 2]
        # Names as varied as a real list's (one pattern for all would make every party a
        # near name of every other, and screening them a different benchmark).
        yield {"name": make_org_name(rng), "uscc": uscc(i), "rep": "张三",
               "decision_no": f"苏罚〔2026〕{i}号", "domain": domain, "domain_name": domain_name,
               "measure": measure, "date": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"}


def write(path: Path, n: int, fmt: str) -> None:
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            for r in rows(n):
                f.write(json.dumps({
                    "entity": {"kind": "legal_person", "name": r["name"], "uscc": r["uscc"],
                               "legal_representative": {"name": r["rep"]}},
                    "domain": r["domain"], "category": "market_order",
                    "decision_no": r["decision_no"], "decision_date": r["date"],
                    "facts": "串通投标", "legal_basis": "《招标投标法》第五十三条",
                    "measures": [r["measure"]], "authority": "江苏省住房和城乡建设厅"},
                    ensure_ascii=False) + "\n")
        return
    with path.open("w", encoding="gb18030", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for r in rows(n):
            writer.writerow([r["name"], "法人及非法人组织", r["uscc"], r["rep"], r["decision_no"],
                             "严重破坏市场公平竞争秩序和骗取公共资源的行为", "串通投标",
                             "《招标投标法》第五十三条", r["date"].replace("-", "/"),
                             "江苏省住房和城乡建设厅", r["domain_name"], r["measure"]])


def parsed_args() -> argparse.Namespace:
    """The options of both import benches."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--batch", type=int, default=None,
                        help="default: the import's own")
    return parser.parse_args()


def prepared(args: argparse.Namespace, prefix: str) -> tuple[Path, dict]:
    """The generated file in a new folder, and the environment of an instance initialised
    beside it (on the database given, emptied first)."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    path = work / f"old.{args.format}"
    write(path, args.rows, args.format)
    env = {**os.environ, "BLACKLIST_HOME": str(work / "instance")}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        from tests.conftest import _reset_postgres

        _reset_postgres(args.database_url)
    subprocess.run([sys.executable, "-m", "api.cli", "init"], env=env, check=True,
                   capture_output=True)
    return path, env


def main() -> None:
    args = parsed_args()
    path, env = prepared(args, "bench-import-")
    encoding = ["--encoding", "gb18030"] if args.format == "csv" else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    batch = ["--batch", str(args.batch)] if args.batch else []
    done = subprocess.run([sys.executable, "-m", "api.cli", "import", str(path), "--source",
                           "legacy", *batch, *encoding], env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    print(json.dumps({"rows": args.rows, "format": args.format,
                      "database": "postgresql" if args.database_url else "sqlite",
                      "home": env["BLACKLIST_HOME"],
                      "exit": done.returncode, "summary": done.stdout.strip(),
                      "seconds": round(seconds, 1), "rows_per_s": round(args.rows / seconds),
                      "cpu_s": round(cpu, 1), "peak_rss_mb": round(peak_mb),
                      "load": os.getloadavg()[0]},
                     ensure_ascii=False))
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)


if __name__ == "__main__":
    main()
