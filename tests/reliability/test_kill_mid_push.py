"""SIGKILL the pushing process in the middle of a backlog; the next run loses nothing."""

import signal
import subprocess

from blacklist.sharing import feeds
from tests.reliability.conftest import BLACKLIST, wait_for
from tests.reliability.seed import received, seed_changes


def test_a_push_killed_mid_backlog_resumes_without_loss_or_disorder(runtime, receiver,
                                                                    service_env):
    platform = receiver("--delay", "0.01")
    events = seed_changes(runtime, 500, listings=200)
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    env = {**service_env, "BLACKLIST_PUSH_BATCH": "10"}
    first = subprocess.Popen([BLACKLIST, "jobs", "run", "push"], env=env,
                             stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    wait_for(lambda: len(platform.records()) >= 20, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    cursor = feeds.list_feeds(runtime.uow())[0]["cursor"]
    assert 0 < cursor < 500, "killed in the middle"
    again = subprocess.run([BLACKLIST, "jobs", "run", "push"], env=env, timeout=90,
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr[-2000:]
    arrived = received(platform.records())
    assert list(dict.fromkeys(change["event_id"] for change in arrived)) == events
    assert feeds.list_feeds(runtime.uow())[0]["lag"]["changes"] == 0
