"""Two `blacklist serve` on one PostgreSQL with nginx in front (deploy/nginx.conf): a listing
published through one refuses a bidder through the other at once; the scheduler's leader dies
and the other server leads within the lease, losing and doubling no push; the database stops
under load and the servers say so on /readyz and recover by themselves, losing no
acknowledged write and leaving nothing half written."""

import itertools
import subprocess
import threading
import time

import pytest
import requests
from sqlalchemy import create_engine, text

from blacklist.sharing import feeds
from tests.factories import company, listing_body
from tests.reliability.conftest import BLACKLIST, FAST_ENV, wait_for
from tests.reliability.deployment import Cluster, Server, nginx, wait_ready
from tests.reliability.seed import received

pytestmark = pytest.mark.postgres
LEASE = float(FAST_ENV["BLACKLIST_LEASE_SECONDS"])


def publish(base: str, filer: dict, **overrides) -> dict:
    """File and publish one listing through `base`; the published listing."""
    filed = requests.post(f"{base}/api/v1/listings", json=listing_body(**overrides),
                          headers=filer, timeout=30)
    assert filed.status_code == 201, filed.text
    done = requests.post(f"{base}/api/v1/listings/{filed.json()['id']}/publish",
                         json={"statement": "waived"}, headers=filer, timeout=30)
    assert done.status_code == 200, done.text
    return done.json()


def decision(base: str, screener: dict, uscc: str) -> str:
    answer = requests.get(f"{base}/api/v1/check", params={"uscc": uscc}, headers=screener,
                          timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["decision"]


@pytest.fixture
def deployment(service_env, tmp_path):
    """start(n, env) → n servers on the test's database behind nginx; stopped at the end."""
    started: list[Server] = []
    stack = []

    def start(n: int = 2, env: dict | None = None):
        servers = [Server(env or service_env, tmp_path) for _ in range(n)]
        started.extend(servers)
        balancer = nginx([s.port for s in servers], tmp_path / f"nginx{len(stack)}")
        stack.append(balancer)
        return servers, balancer.__enter__()
    yield start
    for balancer in stack:
        balancer.__exit__(None, None, None)
    for server in started:
        server.stop()


def test_a_listing_published_through_one_server_refuses_through_the_other_at_once(
        deployment, housing, screener):
    (one, other), front = deployment()
    for n in range(5):
        uscc = publish(one.base, housing, entity=company(name=f"苏州双机{n}建设有限公司"))["entity"]["uscc"]
        assert decision(other.base, screener, uscc) == "refuse"
        # nginx spreads the checks over both servers: each of them refuses at once
        assert {decision(front, screener, uscc) for _ in range(4)} == {"refuse"}
    uscc = publish(front, housing)["entity"]["uscc"]
    assert decision(one.base, screener, uscc) == decision(other.base, screener, uscc) == "refuse"


def test_the_leader_killed_hands_over_within_the_lease_and_no_push_is_lost_or_doubled(
        deployment, runtime, receiver, service_env, housing):
    platform = receiver("--delay", "0.02")
    feeds.add_feed(runtime.uow(), "city", platform.url, "shared")
    env = {**service_env, "BLACKLIST_PUSH_EVERY": "0.2", "BLACKLIST_PUSH_BATCH": "5"}
    servers, front = deployment(2, env)
    leader = wait_for(lambda: next((s for s in servers if s.leads()), None), timeout=30)
    survivor = next(s for s in servers if s is not leader)
    stop, published, cut = threading.Event(), [], []

    def keep_publishing():
        while not stop.is_set():
            try:
                published.append(publish(front, housing)["id"])
            except (AssertionError, requests.RequestException) as exc:
                cut.append(exc)  # the request the dead server was answering
    writer = threading.Thread(target=keep_publishing)
    writer.start()
    wait_for(lambda: len(published) >= 5 and received(platform.records()), timeout=60)
    leader.kill()
    killed = time.monotonic()
    wait_for(survivor.leads, timeout=LEASE + 10, every=0.05)
    handover = time.monotonic() - killed
    time.sleep(2)
    stop.set()
    writer.join(60)
    with runtime.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT event_id, listing_id FROM change ORDER BY seq")).all()
    events = [row.event_id for row in rows]
    wait_for(lambda: len({c["event_id"] for c in received(platform.records())}) >= len(events),
             timeout=60)
    arrived = [change["event_id"] for change in received(platform.records())]
    assert handover <= LEASE + 2, f"leadership moved after {handover:.1f}s"
    assert list(dict.fromkeys(arrived)) == events, "a change was lost or came out of order"
    # At most the batch in flight at the kill is sent again; receivers drop it by event id.
    assert len(arrived) - len(events) <= 5
    # Every acknowledged publication is in the change log (filing writes no change).
    assert set(published) <= {row.listing_id for row in rows}
    assert len(cut) <= 2, cut


@pytest.fixture
def cluster():
    made = Cluster()
    yield made
    made.drop()


def test_a_database_stopped_under_load_is_survived_without_losing_an_acknowledged_write(
        deployment, cluster, service_env, housing, screener, tmp_path):
    env = {**service_env, "DATABASE_URL": cluster.url}
    subprocess.run([BLACKLIST, "init"], env=env, check=True, capture_output=True, timeout=120)
    servers, front = deployment(2, env)
    stop, acknowledged, refused = threading.Event(), [], []

    def load():
        for n in itertools.count():
            if stop.is_set():
                return
            body = listing_body(entity=company(name=f"苏州压测{n}有限公司"))
            try:
                answer = requests.post(f"{front}/api/v1/listings", json=body, headers=housing,
                                       timeout=10)
            except requests.RequestException:
                refused.append(None)
                continue
            (acknowledged if answer.status_code == 201 else refused).append(answer)
    writers = [threading.Thread(target=load) for _ in range(3)]
    for writer in writers:
        writer.start()
    wait_for(lambda: len(acknowledged) >= 20, timeout=60)
    cluster.stop()
    for server in servers:
        wait_for(lambda: requests.get(f"{server.base}/readyz", timeout=5).status_code == 503,
                 timeout=15)
        assert requests.get(f"{server.base}/readyz", timeout=5).json()["status"] == 503
    time.sleep(1)
    cluster.start()
    recovery = max(wait_ready(server.base, timeout=30) for server in servers)
    before = len(acknowledged)
    wait_for(lambda: len(acknowledged) >= before + 20, timeout=60)
    stop.set()
    for writer in writers:
        writer.join(60)
    assert refused, "the outage was not seen by the writers"
    answers = [answer for answer in refused if answer is not None]
    # Refused while the database was away: a 503 problem saying so, with Retry-After.
    assert {a.status_code for a in answers} <= {503}, {a.status_code for a in answers}
    assert all(a.headers["Content-Type"] == "application/problem+json"
               and a.headers["Retry-After"] for a in answers)
    ids = {answer.json()["id"] for answer in acknowledged}
    engine = create_engine(cluster.url)
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT id FROM listing")).scalars())
        traced = set(conn.execute(text(
            "SELECT object_id FROM audit_event WHERE object_type = 'listing'")).scalars())
    engine.dispose()
    assert ids <= stored, "an acknowledged filing was lost"
    assert stored <= traced, "a listing was written without its audit trace"
    verified = subprocess.run([BLACKLIST, "audit", "verify"], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    print(f"acknowledged {len(acknowledged)}, refused {len(answers)} (503), "
          f"cut {len(refused) - len(answers)}, "
          f"ready again {recovery:.1f}s after the database")
    assert decision(front, screener, publish(front, housing)["entity"]["uscc"]) == "refuse"
