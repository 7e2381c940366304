"""Build the screening index from synthetic listings and print time, memory and quality figures.

    /work/venv/bin/python -m bench.bench_screen --n 1000000
"""

import argparse
import datetime
import random
import statistics
import time
from itertools import islice
from pathlib import Path

from bench.synth import entries, labelled_parties, make_id_number, make_org_name, make_uscc
from blacklist.screening.index import ScreeningIndex, load_matching_config, load_measure_domains

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = datetime.date(2026, 1, 1)


def rss_mb() -> float:
    """Resident set size of this process, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(n: int, sample_every: int, chunk: int = 5_000):
    """Index n entries by bulk_load; keep every sample_every-th for queries.

    Entries are made a chunk at a time outside the clock, so the figures are the
    index's own work (wall and CPU seconds), not the synthesis of the data.
    """
    index = ScreeningIndex(load_measure_domains(DATA / "measures.json"),
                           load_matching_config(DATA / "matching.json"))
    sample, spent, cpu, made = [], 0.0, 0.0, entries(n)
    while batch := list(islice(made, chunk)):
        started, started_cpu = time.perf_counter(), time.process_time()
        index.bulk_load(batch)
        spent += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        sample += batch[::sample_every]
    return index, sample, (spent, cpu)


def listed_party(entry) -> dict:
    return {"name": entry.name, "uscc": entry.uscc}


def party_batches(sample, count: int, size: int, seed: int = 11) -> list[list[dict]]:
    """Bidder lists: mostly unknown firms with codes, some listed, persons, reps, no-code names."""
    rng = random.Random(seed)
    orgs = [e for e in sample if e.kind != "natural_person"]
    persons = [e for e in sample if e.kind == "natural_person"]
    makers = [
        (55, lambda: {"name": make_org_name(rng), "uscc": make_uscc(rng)}),
        (10, lambda: listed_party(rng.choice(orgs))),
        (10, lambda: {"name": rng.choice(persons).name, "id_number": make_id_number(rng)}),
        (15, lambda: {"name": make_org_name(rng)}),
        (10, lambda: {"name": make_org_name(rng), "uscc": make_uscc(rng),
                      "legal_representative": {"name": "某", "id_number": rng.choice(
                          [rng.choice(orgs).legal_rep_id, make_id_number(rng)])}}),
    ]
    weights, funcs = zip(*makers)
    return [[rng.choices(funcs, weights)[0]() for _ in range(size)] for _ in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_screens(index, batches, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per screen; CPU time shows the cost on a busy machine."""
    wall, cpu = [], []
    for run in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        index.screen(batches[run % len(batches)], "construction", TODAY)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def time_near_names(index, sample, runs: int, seed: int = 5) -> list[float]:
    rng = random.Random(seed)
    orgs = [e.name for e in sample if e.kind != "natural_person"]
    timings = []
    for _ in range(runs):
        name = rng.choice(orgs)
        party = {"name": name[:-4] + "吴江分公司" if rng.random() < 0.5 else make_org_name(rng)}
        started = time.perf_counter()
        index.screen_party(party, None, TODAY)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def quality(index, sample) -> dict[str, tuple[float, float]]:
    """Precision and recall of refuse and review against the labelled parties."""
    live = [e for e in sample if e.publish_until >= TODAY.isoformat()]
    labelled = labelled_parties(live)
    got = [index.screen_party(party, None, TODAY)["decision"] for party, _ in labelled]
    figures = {}
    for decision in ("refuse", "review"):
        tp = sum(g == decision and want == decision for g, (_, want) in zip(got, labelled))
        predicted = sum(g == decision for g in got)
        actual = sum(want == decision for _, want in labelled)
        figures[decision] = (tp / max(predicted, 1), tp / max(actual, 1), actual)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="listed entries to index")
    parser.add_argument("--runs", type=int, default=300, help="timed screens of 100 parties")
    args = parser.parse_args()
    print("load average before:", Path("/proc/loadavg").read_text().split()[:3])
    base = rss_mb()
    index, sample, (spent, cpu) = build(args.n, max(1, args.n // 2000))
    print(f"build: {args.n} entries in {spent:.1f} s of bulk_load, {cpu:.1f} s CPU "
          "(target <= 60 s)")
    print(f"RSS after build: {rss_mb():.0f} MB (process before build {base:.0f} MB; target <= 600)")
    wall, cpu = time_screens(index, party_batches(sample, 50, 100), args.runs)
    for label, timings in (("wall", wall), ("CPU", cpu)):
        print(f"screen 100 parties x {args.runs} ({label}): p50 {percentile(timings, .5):.2f} ms, "
              f"p99 {percentile(timings, .99):.2f} ms (targets 10 / 30)")
    near = time_near_names(index, sample, 1000)
    print(f"one near-name query x 1000: p50 {statistics.median(near):.3f} ms, "
          f"p95 {percentile(near, .95):.3f} ms (target p95 <= 5)")
    for decision, (precision, recall, actual) in quality(index, sample).items():
        print(f"{decision}: precision {precision:.3f}, recall {recall:.3f} over {actual} labelled")


if __name__ == "__main__":
    main()
