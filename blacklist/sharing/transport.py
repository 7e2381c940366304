"""The outside system a feed talks to: an HTTP POST, behind a small interface with a fake for
tests (tests/fakes.py). The runtime holds the one a process uses."""

import datetime as dt
import email.utils
import threading
from dataclasses import dataclass
from typing import Protocol

import requests

from blacklist.errors import DomainError


@dataclass(frozen=True)
class Reply:
    """What a platform answered: status, the start of its body, and any Retry-After in seconds."""

    status: int
    text: str = ""
    retry_after: float | None = None


class TransportError(DomainError):
    """No answer: a timeout, a refused or dropped connection."""

    slug, title = "transport", "No answer from the platform"


class Transport(Protocol):
    """POSTs a body to a platform and tells what it answered."""

    def post(self, url: str, body: bytes, headers: dict,
             timeout: tuple[float, float]) -> Reply:
        """The platform's answer; no answer at all is a TransportError."""

    def close(self) -> None:
        """Let go of this thread's open connections; the transport stays usable."""


class RequestsTransport:
    """The real transport: a keep-alive session per thread, connect and read timeouts."""

    def __init__(self):
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def post(self, url: str, body: bytes, headers: dict,
             timeout: tuple[float, float]) -> Reply:
        """POST body; a network failure of any kind is a TransportError."""
        try:
            answer = self._session().post(url, data=body, headers=headers, timeout=timeout,
                                          allow_redirects=False)
        except requests.RequestException as exc:
            self.close()  # a half-read connection must not be reused
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Reply(answer.status_code, answer.text[:500],
                     parse_retry_after(answer.headers.get("Retry-After")))

    def close(self) -> None:
        """Close this thread's session; the next post opens a new one."""
        session = getattr(self._local, "session", None)
        if session is not None:
            self._local.session = None
            session.close()


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
