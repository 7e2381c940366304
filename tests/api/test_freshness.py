"""Two real server processes on one database: what one publishes, the other refuses at once."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.factories import company, listing_body

SERVE = """
import sys
from werkzeug.serving import make_server
from api import create_app
make_server("127.0.0.1", int(sys.argv[1]), create_app(), threaded=True).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(process, base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"{base} did not come up")


@pytest.fixture
def servers(settings, runtime):
    """A werkzeug server, and gunicorn with two workers forked after the index was built."""
    env = {**os.environ, "BLACKLIST_HOME": str(settings.paths.home),
           "DATABASE_URL": settings.database.url}
    ports = free_port(), free_port()
    commands = ([sys.executable, "-c", SERVE, str(ports[0])],
                [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-b",
                 f"127.0.0.1:{ports[1]}", "api:create_app()"])
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for command in commands]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for process, base in zip(processes, bases):
            wait_until_up(process, base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()


def test_a_listing_published_through_one_server_refuses_through_the_other_at_once(
        servers, housing, screener):
    one, other = servers
    entity = company("苏州跨进程失信建设工程有限公司")
    party = {"name": entity["name"], "uscc": entity["uscc"]}
    check = f"{other}/api/v1/check"
    assert requests.get(check, params={"uscc": entity["uscc"]}, headers=screener).json()[
        "decision"] == "clear"
    filed = requests.post(f"{one}/api/v1/listings", json=listing_body(entity), headers=housing)
    listing_id = filed.json()["id"]
    published = requests.post(f"{one}/api/v1/listings/{listing_id}/publish",
                              json={"statement": "waived"}, headers=housing)
    assert published.status_code == 200
    for _ in range(4):  # both gunicorn workers, with no wait in between
        answer = requests.get(check, params={"uscc": entity["uscc"]}, headers=screener).json()
        assert answer["decision"] == "refuse"
    screened = requests.post(f"{other}/api/v1/screenings", headers=screener, json={
        "project_code": "P-1", "domain": "procurement", "parties": [party]})
    assert screened.json()["results"][0]["decision"] == "refuse"
    revoked = requests.post(f"{one}/api/v1/listings/{listing_id}/revoke",
                            json={"reason": "撤销"}, headers=housing)
    assert revoked.status_code == 200
    for _ in range(4):
        answer = requests.get(check, params={"uscc": entity["uscc"]}, headers=screener).json()
        assert answer["decision"] == "clear"
