"""GET /metrics: Prometheus text, gathered across gunicorn workers and the scheduler process
(multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set), plus feed lag read at scrape time."""

import os

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from api import deps
from blacklist.sharing import feeds
from blacklist.sharing import metrics as _instruments  # noqa: F401  (registers them)

bp = Blueprint("metrics", __name__)


class FeedLag:
    """Lag per feed from the database, so every process reports the same figure."""

    def __init__(self, items: list[dict]):
        self.items = items

    def collect(self):
        changes = GaugeMetricFamily("blacklist_feed_lag_changes",
                                    "Changes past the feed's cursor", labels=["feed"])
        seconds = GaugeMetricFamily("blacklist_feed_lag_seconds",
                                    "Age of the oldest change past the cursor", labels=["feed"])
        for item in self.items:
            changes.add_metric([item["name"]], item["lag"]["changes"])
            seconds.add_metric([item["name"]], item["lag"]["seconds"])
        yield changes
        yield seconds


@bp.get("/metrics")
def metrics():
    """Counters of every process, and feed lag as of now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    lag = CollectorRegistry()
    lag.register(FeedLag(feeds.list_feeds(deps.uow(readonly=True))))
    return Response(generate_latest(registry) + generate_latest(lag),
                    mimetype=CONTENT_TYPE_LATEST)
