"""Fakes of the outside systems, passed in through the runtime's seams (the `seams` fixture):
a platform that answers from a script, counters that remember, a calendar one can dictate."""

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable

from blacklist.infra.calendar import WorkCalendar
from blacklist.sharing.transport import Reply


class FakeTransport:
    """A platform that answers each POST with the next scripted reply (a status, a Reply, or an
    exception to raise), then with `otherwise(body)`; it keeps every POST it was sent."""

    def __init__(self, *script, otherwise: Callable[[dict], Reply | int] = lambda body: 200):
        self.script, self.otherwise = list(script), otherwise
        self.posts: list[dict] = []

    def post(self, url: str, body: bytes, headers: dict, timeout: tuple[float, float]) -> Reply:
        decoded = json.loads(body)
        self.posts.append({"url": url, "body": body, "headers": headers, "timeout": timeout,
                           "changes": decoded["changes"]})
        reply = self.script.pop(0) if self.script else self.otherwise(decoded)
        if isinstance(reply, Exception):
            raise reply
        return reply if isinstance(reply, Reply) else Reply(reply)

    def close(self) -> None:
        """Nothing is open."""

    @property
    def event_ids(self) -> list[str]:
        """Every change sent, in order, repeats included."""
        return [change["event_id"] for post in self.posts for change in post["changes"]]


class RecordingMetrics:
    """Counts what the service counts, by what and its labels: counts["pushed", feed, outcome]."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.durations: list[tuple[str, float]] = []

    def pushed(self, feed: str, outcome: str) -> None:
        self.counts["pushed", feed, outcome] += 1

    def settled(self, feed: str, outcome: str, count: int) -> None:
        self.counts["settled", feed, outcome] += count

    def job_ran(self, job: str, outcome: str, seconds: float | None = None) -> None:
        self.counts["job", job, outcome] += 1
        if seconds is not None:
            self.durations.append((job, seconds))

    def screened(self, decision: str, count: int = 1) -> None:
        self.counts["screened", decision] += count

    def pulled(self, source: str, outcome: str, lag_seconds: float | None = None) -> None:
        self.counts["pulled", source, outcome] += 1

    def exposition(self) -> bytes:
        return "".join(f"{' '.join(key)} {value}\n" for key, value in self.counts.items()).encode()


class FakeCalendar(WorkCalendar):
    """Weekdays work except `holidays`; nothing is known for certain after `known_until`.
    Counting working days is the real calendar's; only the facts about days are dictated."""

    def __init__(self, holidays=(), known_until: int = 9999):
        super().__init__()
        self.days_off = {dt.date.fromisoformat(day) for day in holidays}
        self.known_until = known_until

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        return day.weekday() < 5 and day not in self.days_off, day.year <= self.known_until


class DeploymentFetcher:
    """A source that is another deployment of this service: GETs go to its Flask app (on its
    own database and keys). `script` holds what to do instead of answering, one per GET:
    an int status, "tamper" (change the body after signing) or "timeout"."""

    def __init__(self, clients: dict):
        self.clients = clients          # netloc → Flask test client
        self.script: list = []
        self.asked: list[dict] = []

    def get(self, url, params, headers, timeout):
        from urllib.parse import urlparse

        from blacklist.joint.fetch import Fetched
        from blacklist.sharing.transport import TransportError

        self.asked.append(dict(params))
        step = self.script.pop(0) if self.script else None
        if step == "timeout":
            raise TransportError("ReadTimeout: the source did not answer")
        if isinstance(step, int):
            return Fetched(step, b"unavailable", {})
        parsed = urlparse(url)
        answer = self.clients[parsed.netloc].get(parsed.path, query_string=params,
                                                 headers=headers)
        body = answer.data
        if step == "tamper":
            body = body.replace("串通投标".encode(), "无违法".encode())
        return Fetched(answer.status_code, body, dict(answer.headers))
