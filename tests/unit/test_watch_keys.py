"""The keys a watch stores when it is made are found by another process's leader: the
reverse index's hashes do not depend on the process (PYTHONHASHSEED)."""

import os
import subprocess
import sys

from blacklist.screening.index.config import load_matching_config
from blacklist.watching.reverse import WatchIndex, name_keys

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "matching.json")
PARTIES = [{"name": "苏州华信达电子科技有限公司", "uscc": "91320500MA1XXXXX0X"},
           {"kind": "natural_person", "name": "张三", "id_number": "320502198001011234"}]


def _stored_elsewhere() -> tuple[str, bytes]:
    """NameKeys.stored of PARTIES, made in another process with another hash seed."""
    code = ("import sys; from blacklist.screening.index.config import load_matching_config;"
            "from blacklist.watching.reverse import name_keys;"
            f"n, k = name_keys(load_matching_config({DATA!r})).stored({PARTIES!r});"
            "sys.stdout.buffer.write(n.encode() + b'\\0' + k)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    names, _, packed = out.partition(b"\0")
    return names.decode(), packed


def test_keys_stored_by_one_process_find_the_parties_in_another():
    config = load_matching_config(DATA)
    names, packed = _stored_elsewhere()
    assert (names, packed) == name_keys(config).stored(PARTIES)
    for loaded in (True, False):
        index = WatchIndex(config)
        index.load([("w1", names, packed, None)]) if loaded else index.add("w1", names, packed)
        company = {"name": "苏州华信达电子科技有限公司", "uscc": "91320500MA1XXXXX0X"}
        person = {"kind": "natural_person", "name": "张三", "id_number": "320502198001011234"}
        assert {index.owner(r) for r in index.touched("l1", company)} == {("w1", 0)}
        assert {index.owner(r) for r in index.touched("l2", person)} == {("w1", 1)}
        assert index.touched("l3", {"name": "无关贸易有限公司", "uscc": "91320500MA1YYYYY0Y"}) == set()

