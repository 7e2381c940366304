"""Name screening on an outside vocabulary: recall and precision per kind of variant.

    python -m bench.bench_names_outside --listed 6000 --queries 2000 --background 200000

Listed names are 行政区划 + 字号 + 行业 + 组织形式 from bench/names_outside_vocab.py's
words (jieba's dictionary, GB/T 4754 trades, the country's places), not bench/synth.py's;
`--background` adds that many synth.py entries around them, as a crowd. Each query is a
name only (no identifier), screened for any domain:
- same company (should be flagged, matching its listing): place dropped, place moved
  into brackets after the 字号 (or out of them), traditional script, full width;
- place changed (another county, same 字号): may be reviewed, must never be refused;
- unrelated (same place, trade and legal form, a 字号 sharing no character): should be clear.
"""

import argparse
import datetime
import random
import statistics
import time
import uuid
from itertools import islice
from pathlib import Path

import opencc

from bench.names_outside_vocab import BRANDS, TRADES, lines, places
from bench.synth import entries as synth_entries
from blacklist.screening.index import Entry, ScreeningIndex, load_matching_config, load_measure_domains

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = datetime.date(2026, 1, 1)
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "有限公司", "经营部", "商行")
SAME = ("place_dropped", "place_bracketed", "traditional", "full_width")


class Geography:
    """Counties with the prefecture and province they lie in, from data/regions.json."""

    def __init__(self):
        by_code = {p[3]: p for p in places()}
        self.counties = [p for p in places() if p[2] == "county"]
        self._by_code = by_code

    def chain(self, county: list[str]) -> list[list[str]]:
        """Province, prefecture (where one exists) and county."""
        code = county[3]
        found = [self._by_code.get(code[:2] + "0000"), self._by_code.get(code[:4] + "00"), county]
        return [p for p in found if p is not None]

    def prefix(self, rng: random.Random, county: list[str]) -> tuple[str, list[str]]:
        """A place prefix at some level, as names are registered; and its most specific place."""
        chain = self.chain(county)
        province, last = chain[0], chain[-1]
        middle = chain[-2] if len(chain) >= 2 else last
        forms = [
            ([last[0]], last), ([last[0]], last), ([middle[0], last[0]], last),
            ([p[0] for p in chain], last), ([middle[0]], middle),
            ([middle[1] or middle[0]], middle), ([province[1] or province[0], middle[0]], middle),
            ([province[0]], province),
        ]
        words, place = rng.choice(forms)
        return "".join(dict.fromkeys(words)), place


def make_listed(rng, geo, brands, trades) -> list[tuple[Entry, dict]]:
    """Listed organisations, one per brand, each with the parts its variants are made from."""
    made = []
    for brand in brands:
        county = rng.choice(geo.counties)
        prefix, place = geo.prefix(rng, county)
        parts = {"brand": brand, "prefix": prefix, "place": place, "trade": rng.choice(trades),
                 "legal": rng.choice(LEGAL_FORMS), "bracketed": rng.random() < 0.2}
        made.append((_entry(rng, listed_name(parts)), parts))
    return made


def listed_name(parts: dict) -> str:
    """The name as listed: place first, or (one in five) 字号（place）行业."""
    if parts["bracketed"]:
        return f"{parts['brand']}（{parts['place'][0]}）{parts['trade']}{parts['legal']}"
    return f"{parts['prefix']}{parts['brand']}{parts['trade']}{parts['legal']}"


def _entry(rng: random.Random, name: str) -> Entry:
    return Entry(listing_id=str(uuid.UUID(int=rng.getrandbits(128))), kind="legal_person",
                 name=name, former_names=(), uscc=None, id_number=None, legal_rep_name=None,
                 legal_rep_id=None, domain="construction", category="market_order",
                 measures=("housing_ban",), publish_until="2030-06-15", source_org="sz-housing",
                 source_name="市住建局")


def variants(rng, geo, parts: dict, spare_brands: list[str], to_trad) -> dict[str, str]:
    """One query of each kind for a listed name."""
    brand, trade, legal, place = parts["brand"], parts["trade"], parts["legal"], parts["place"]
    listed = listed_name(parts)
    inside = rng.choice([place[0], place[1] or place[0], parts["prefix"]])
    left, right = rng.choice([("（", "）"), ("(", ")")])
    moved = (f"{place[0]}{brand}{trade}{legal}" if parts["bracketed"]
             else f"{brand}{left}{inside}{right}{trade}{legal}")
    other, _ = geo.prefix(rng, rng.choice(geo.counties))
    stranger = rng.choice([b for b in rng.sample(spare_brands, 20) if not set(b) & set(brand)]
                          or spare_brands[:1])
    parts["stranger"] = stranger
    unrelated = (f"{stranger}（{place[0]}）{trade}{legal}" if parts["bracketed"]
                 else f"{parts['prefix']}{stranger}{trade}{legal}")
    return {
        "place_dropped": f"{brand}{trade}{legal}",
        "place_bracketed": moved,
        "traditional": to_trad.convert(listed),
        "full_width": listed.replace("（", "(").replace("）", ")") if parts["bracketed"]
        else f"{parts['prefix']}\u3000{brand}{trade}{legal}".translate(_WIDE),
        "place_changed": f"{other}{brand}{trade}{legal}" if other != parts["prefix"] else None,
        "unrelated": unrelated,
    }


_WIDE = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def evaluate(index, listed, queries: int, rng, geo, spare) -> dict[str, dict]:
    """Screen every variant of `queries` listed names; count what each kind got."""
    to_trad = opencc.OpenCC("s2t")
    brands = {entry.listing_id: (entry.name, parts["brand"]) for entry, parts in listed}
    tally: dict[str, dict] = {}
    for entry, parts in rng.sample(listed, min(queries, len(listed))):
        for kind, name in variants(rng, geo, parts, spare, to_trad).items():
            if name is None:
                continue
            started = time.perf_counter()
            result = index.screen_party({"name": name}, None, TODAY)
            spent = (time.perf_counter() - started) * 1000
            own = any(m["listing_id"] == entry.listing_id for m in result["matches"])
            t = tally.setdefault(kind, {"n": 0, "review": 0, "refuse": 0, "own": 0, "ms": [],
                                        "missed": []})
            t["n"] += 1
            t[result["decision"]] = t.get(result["decision"], 0) + 1
            t["own"] += own and result["decision"] != "clear"
            t["ms"].append(spent)
            if kind in SAME and not own and len(t["missed"]) < 5:
                t["missed"].append(f"{entry.name} <- {name}")
            if kind == "unrelated" and result["decision"] != "clear":
                _unrelated(t, result, name, parts, brands)
    return tally


def _unrelated(t: dict, result: dict, name: str, parts: dict, brands: dict) -> None:
    """A review is false when it names a listing whose 字号 shares no character with the query's.

    The query's 字号 may share a character with some other listed 字号 (草堂 and 草堆 in
    one trade): a review of that pair is the near-name rule at work, counted apart.
    """
    stranger = parts["stranger"]
    own = [brands.get(m["listing_id"], ("(synth)", "")) for m in result["matches"]]
    strict = any(not set(brand) & set(stranger) for _, brand in own)
    t["strict"] = t.get("strict", 0) + strict
    if len(t["missed"]) < 6:
        top = result["matches"][0]
        t["missed"].append(f"{own[0][0]} <- {name} ({top['score']}"
                           f"{', shares no 字号 character' if strict else ''})")


def report(tally: dict[str, dict]) -> None:
    for kind, t in tally.items():
        n, flagged = t["n"], t["review"] + t["refuse"]
        ms = statistics.median(t["ms"])
        if kind in SAME:
            precision = t["own"] / flagged if flagged else float("nan")
            print(f"{kind:16} n={n:5}  recall {t['own'] / n:.4f}  precision {precision:.4f}  "
                  f"(refuse {t['refuse'] / n:.3f}, review {t['review'] / n:.3f})  median {ms:.2f} ms")
        else:
            print(f"{kind:16} n={n:5}  flagged {flagged / n:.3f}: review {t['review'] / n:.3f}, "
                  f"refuse {t['refuse']} ({t['refuse'] / n:.3f})  median {ms:.2f} ms")
            if kind == "unrelated":
                print(f"{'':16} false reviews (a listing whose 字号 shares no character): "
                      f"{t.get('strict', 0) / n:.3f}")
        for example in t["missed"]:
            print(f"    e.g. {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listed", type=int, default=6000, help="listed outside-vocabulary names")
    parser.add_argument("--queries", type=int, default=2000, help="listed names whose variants are screened")
    parser.add_argument("--background", type=int, default=0, help="synth.py entries indexed as well")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    print("load average before:", Path("/proc/loadavg").read_text().split()[:3])
    rng, geo = random.Random(args.seed), Geography()
    words = lines(BRANDS)
    rng.shuffle(words)
    brands, spare = words[:args.listed], words[args.listed:]
    listed = make_listed(rng, geo, brands, lines(TRADES))
    index = ScreeningIndex(load_measure_domains(DATA / "measures.json"),
                           load_matching_config(DATA / "matching.json"))
    index.bulk_load(e for e, _ in listed)
    made = synth_entries(args.background)
    while chunk := list(islice(made, 50_000)):
        index.bulk_load(chunk)
    print(f"{len(index)} entries indexed ({len(listed)} outside-vocabulary, "
          f"{args.background} synth); {len(spare)} spare brands")
    report(evaluate(index, listed, args.queries, rng, geo, spare))
    print("load average after:", Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
