"""What the service counts, seen through the runtime's metrics seam, and served at /metrics."""

import pytest

from tests.factories import company, file_and_publish


@pytest.fixture
def seams(metrics):
    return {"metrics": metrics}


def test_each_screened_party_is_counted_by_its_decision(client, housing, screener, metrics):
    listed = file_and_publish(client, housing, entity=company("苏州计数建设工程有限公司"))
    parties = [{"name": "苏州别名有限公司", "uscc": listed["entity"]["uscc"]},
               company("苏州清白一号有限公司"), company("苏州清白二号有限公司")]
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0001", "domain": "construction", "parties": parties})
    assert answer.status_code == 201, answer.json
    assert metrics.counts["screened", "refuse"] == 1
    assert metrics.counts["screened", "clear"] == 2


def test_metrics_serve_the_runtimes_counters_beside_feed_lag(client, housing, screener, metrics):
    metrics.screened("clear", 4)
    text = client.get("/metrics").get_data(as_text=True)
    assert "screened clear 4" in text
    assert "# TYPE blacklist_feed_lag_changes gauge" in text
