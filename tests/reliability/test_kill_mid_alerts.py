"""SIGKILL the process delivering a watch's alerts; the next run loses none and doubles none
(by alert id), in the order they were recorded."""

import json
import signal
import subprocess
import uuid

from sqlalchemy import insert

from blacklist.infra.principal import SYSTEM
from blacklist.trail.models import Change
from blacklist.watching import service
from tests.factories import make_uscc
from tests.reliability.conftest import BLACKLIST, wait_for
from tests.reliability.seed import SOURCE, snapshot

PARTIES = 60


def list_companies(runtime, usccs: list[str]) -> None:
    """A listing of each company, appended to the change log in bulk."""
    rows = []
    for n, uscc in enumerate(usccs):
        listing_id = str(uuid.uuid4())
        body = snapshot(listing_id, n)
        body["entity"].update(kind="legal_person", name=f"苏州被盯{n}号建设工程有限公司",
                              uscc=uscc, id_number=None)
        rows.append({"event_id": str(uuid.uuid4()), "at": runtime.clock.now(), "event": "listed",
                     "listing_id": listing_id, "snapshot": body, "source": SOURCE})
    with runtime.db.engine.begin() as conn:
        conn.execute(insert(Change), rows)


def test_alerts_killed_mid_delivery_arrive_once_each_in_order(client, screener, runtime,
                                                               receiver, service_env):
    platform = receiver("--delay", "0.05")
    usccs = [make_uscc() for _ in range(PARTIES)]
    made = client.post("/api/v1/watches", headers=screener, json={
        "parties": [{"name": f"苏州被盯{n}号建设工程有限公司", "uscc": u}
                    for n, u in enumerate(usccs)],
        "until": "2026-12-31", "callback_url": platform.url})
    assert made.status_code == 201, made.json
    list_companies(runtime, usccs)
    first = subprocess.Popen([BLACKLIST, "jobs", "run", "watches"], env=service_env,
                             stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    wait_for(lambda: len(platform.records()) >= 10, timeout=60)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert len(platform.records()) < PARTIES, "killed in the middle"
    again = subprocess.run([BLACKLIST, "jobs", "run", "watches"], env=service_env, timeout=120,
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr[-2000:]
    arrived = [json.loads(record["body"])["alert"]["id"] for record in platform.records()]
    recorded = service.get(runtime.uow(readonly=True), made.json["id"],
                           SYSTEM)["alerts"]
    assert len(recorded) == PARTIES
    assert list(dict.fromkeys(arrived)) == [alert["id"] for alert in recorded]
    assert len(arrived) - len(set(arrived)) <= 1   # at most the one in flight at the kill
    assert {alert["delivery"]["status"] for alert in recorded} == {"sent"}
