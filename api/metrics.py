"""GET /metrics: the runtime's counters in Prometheus text (gathered across gunicorn workers and
the scheduler process in multiprocess mode), plus feed lag and watch alert deliveries read at scrape time."""

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from api import deps
from blacklist.sharing import feeds, removals
from blacklist.watching import service as watching

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


class UnacknowledgedRemovals:
    """Removals a feed's platform has not acknowledged yet, from the database."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts

    def collect(self):
        gauge = GaugeMetricFamily("blacklist_removals_unacknowledged",
                                  "Removed changes past the feed's cursor or parked by it",
                                  labels=["feed"])
        for feed, count in self.counts.items():
            gauge.add_metric([feed], count)
        yield gauge


class AlertDeliveries:
    """Watch alerts by delivery state from the database: sent, pending, failed (parked)."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts

    def collect(self):
        alerts = GaugeMetricFamily("blacklist_watch_alerts",
                                   "Watch alerts by delivery: sent, pending, failed (parked "
                                   "with the receiver's answer)", labels=["delivery"])
        for label, state in (("sent", "sent"), ("pending", "pending"), ("failed", "parked")):
            alerts.add_metric([label], self.counts.get(state, 0))
        yield alerts


@bp.get("/metrics")
def metrics():
    """Counters of every process, and feed lag as of now."""
    lag = CollectorRegistry()
    lag.register(FeedLag(feeds.list_feeds(deps.uow(readonly=True))))
    lag.register(UnacknowledgedRemovals(removals.unacknowledged(deps.uow(readonly=True))))
    lag.register(AlertDeliveries(watching.delivery_counts(deps.uow(readonly=True))))
    return Response(deps.runtime().metrics.exposition() + generate_latest(lag),
                    mimetype=CONTENT_TYPE_LATEST)
