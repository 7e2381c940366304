"""The outside system a pull talks to: an HTTP GET of a source's change feed, behind a small
interface with a fake in tests (tests/fakes.py); the runtime holds the one a process uses."""

from dataclasses import dataclass, field
from typing import Protocol

import requests

from blacklist.sharing.transport import TransportError


@dataclass(frozen=True)
class Fetched:
    """What a source answered: status, the exact body bytes, and its headers."""

    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class Fetcher(Protocol):
    """GETs a source's change feed."""

    def get(self, url: str, params: dict, headers: dict,
            timeout: tuple[float, float]) -> Fetched:
        """The source's answer; no answer at all is a TransportError."""


class RequestsFetcher:
    """The real fetcher: requests, with connect and read timeouts and no redirects."""

    def get(self, url: str, params: dict, headers: dict,
            timeout: tuple[float, float]) -> Fetched:
        """GET url; a network failure of any kind is a TransportError."""
        try:
            answer = requests.get(url, params=params, headers=headers, timeout=timeout,
                                  allow_redirects=False)
        except requests.RequestException as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Fetched(answer.status_code, answer.content, dict(answer.headers))
