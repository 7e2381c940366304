"""`blacklist keys rotate` beside a running `blacklist serve`: its workers sign with the new
key within the recheck interval, without a restart, and the old receipts still verify."""

import subprocess
import time

import pytest
import requests

from blacklist.infra.signing import verify_compact
from tests.api.test_keys import kid_of
from tests.reliability.conftest import BLACKLIST, serving

RECHECK = 1.0
WORKERS = 2


@pytest.fixture
def served(service_env):
    env = {**service_env, "BLACKLIST_KEYS_RECHECK_SECONDS": str(RECHECK)}
    with serving(env, workers=WORKERS) as base:
        yield base


def receipt(base: str, screener: dict) -> str:
    answer = requests.post(f"{base}/api/v1/screenings", headers=screener, timeout=10, json={
        "project_code": "SZGP-2026-0457", "domain": "procurement", "parties": [{"name": "甲"}]})
    assert answer.status_code == 201, answer.text
    return answer.json()["receipt"]


def test_a_running_server_signs_receipts_with_the_new_key_within_the_recheck_interval(
        served, service_env, screener):
    before = [receipt(served, screener) for _ in range(2 * WORKERS)]
    [old] = {kid_of(r) for r in before}
    rotated = subprocess.run([BLACKLIST, "keys", "rotate"], env=service_env, timeout=60,
                             capture_output=True, text=True, check=False)
    assert rotated.returncode == 0, rotated.stderr
    new, since = rotated.stdout.strip(), time.monotonic()
    in_a_row = 0
    while in_a_row < 4 * WORKERS:  # in a row: every worker has seen the rotation
        assert time.monotonic() - since < RECHECK + 5, "still signing with the old key"
        in_a_row = in_a_row + 1 if kid_of(receipt(served, screener)) == new else 0
    jwks = requests.get(f"{served}/.well-known/jwks.json", timeout=10).json()
    assert {key["kid"] for key in jwks["keys"]} == {old, new}
    for old_receipt in before:
        verify_compact(old_receipt, jwks)
