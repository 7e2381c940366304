"""The outside system a feed talks to: an HTTP POST, behind an interface with a fake for tests."""

import datetime as dt
import email.utils
from dataclasses import dataclass

import requests

from blacklist.errors import DomainError
from blacklist.sharing.policy import PushPolicy


@dataclass(frozen=True)
class Reply:
    """What a platform answered: status, the start of its body, and any Retry-After in seconds."""

    status: int
    text: str = ""
    retry_after: float | None = None


class TransportError(DomainError):
    """No answer: a timeout, a refused or dropped connection."""

    slug, title = "transport", "No answer from the platform"


class RequestsTransport:
    """The real transport: one keep-alive session, connect and read timeouts."""

    def __init__(self, policy: PushPolicy):
        self.timeout = (policy.connect_timeout, policy.read_timeout)
        self.session = requests.Session()

    def post(self, url: str, body: bytes, headers: dict) -> Reply:
        """POST body; a network failure of any kind is a TransportError."""
        try:
            answer = self.session.post(url, data=body, headers=headers, timeout=self.timeout,
                                       allow_redirects=False)
        except requests.RequestException as exc:
            self.session.close()  # a half-read connection must not be reused
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Reply(answer.status_code, answer.text[:500],
                     parse_retry_after(answer.headers.get("Retry-After")))

    def close(self) -> None:
        self.session.close()


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: either delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())
