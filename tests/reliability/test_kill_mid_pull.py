"""SIGKILL the pulling process in the middle of a source's feed; the next run loses nothing
and doubles nothing."""

import json
import subprocess
import sys

from sqlalchemy import func, select

from blacklist.joint import sources
from blacklist.registry.models import Listing
from blacklist.trail.models import Change
from tests.reliability.conftest import BLACKLIST, ROOT, wait_for

CHANGES, PAGE = 2000, 500


def _cursor(runtime) -> int:
    with runtime.uow(readonly=True) as uow:
        return uow.joint.source("jiangsu").cursor


def test_a_pull_killed_mid_feed_applies_every_change_once_when_run_again(
        runtime, service_env, tmp_path):
    port_file = tmp_path / "province.port"
    province = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.province", "--home", str(tmp_path / "p"),
         "--changes", str(CHANGES), "--delay", "0.5", "--port-file", str(port_file)],
        cwd=ROOT, env=service_env)
    try:
        port = wait_for(lambda: port_file.exists() and port_file.read_text(), timeout=60)
        jwks = json.loads(port_file.with_suffix(".jwks").read_text())
        sources.add_source(runtime.uow(), "jiangsu", f"http://127.0.0.1:{port}/api/v1/changes",
                           jwks, authority="江苏省公共信用信息中心")
        first = subprocess.Popen([BLACKLIST, "jobs", "run", "pull"], env=service_env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: _cursor(runtime) >= PAGE, timeout=120, every=0.02)
        first.kill()
        first.wait(10)
        assert PAGE <= _cursor(runtime) < CHANGES, "killed in the middle"
        again = subprocess.run([BLACKLIST, "jobs", "run", "pull"], env=service_env,
                               timeout=180, capture_output=True, text=True, check=False)
        assert again.returncode == 0, again.stderr[-2000:]
    finally:
        province.kill()
        province.wait(10)
    assert _cursor(runtime) == CHANGES
    with runtime.uow(readonly=True) as uow:
        assert uow.joint.entries_of("jiangsu") == CHANGES
        listings = uow.session.execute(select(func.count()).select_from(Listing)).scalar()
        logged = uow.session.execute(select(func.count(), func.count(
            Change.listing_id.distinct()))).one()
    assert listings == CHANGES
    assert tuple(logged) == (CHANGES, CHANGES), "each change applied exactly once"
    verify = subprocess.run([BLACKLIST, "audit", "verify"], env=service_env, timeout=120,
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
