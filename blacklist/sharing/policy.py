"""How hard the push tries: timeouts, retries and backoff, from the settings' push group."""

import random

from blacklist.infra.config import PushSettings


class PushPolicy(PushSettings):
    """Timeouts and backoff of one push pass; a pass always ends within `pass_seconds`."""

    @classmethod
    def from_settings(cls, push: PushSettings) -> "PushPolicy":
        """The policy the BLACKLIST_PUSH_* variables set."""
        return cls(**push.model_dump())

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) seconds of one POST."""
        return self.connect_timeout, self.read_timeout

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Exponential backoff with jitter (half fixed, half random); Retry-After is a floor."""
        ceiling = min(self.backoff_max, self.backoff * (2 ** attempt))
        wait = ceiling / 2 + random.uniform(0, ceiling / 2)
        return max(wait, retry_after or 0.0)
