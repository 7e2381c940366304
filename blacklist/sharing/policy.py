"""How hard the push tries: timeouts, retries and backoff, all configurable by environment."""

import os
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class PushPolicy:
    """Timeouts and backoff of one push pass; a pass always ends within `pass_seconds`."""

    batch_size: int = 100
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    attempts: int = 6
    backoff: float = 0.5
    backoff_max: float = 30.0
    pass_seconds: float = 120.0

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> "PushPolicy":
        """BLACKLIST_PUSH_* variables; anything unset keeps its default."""
        env = os.environ if env is None else env
        names = {"batch_size": ("BLACKLIST_PUSH_BATCH", int),
                 "connect_timeout": ("BLACKLIST_PUSH_CONNECT_TIMEOUT", float),
                 "read_timeout": ("BLACKLIST_PUSH_READ_TIMEOUT", float),
                 "attempts": ("BLACKLIST_PUSH_ATTEMPTS", int),
                 "backoff": ("BLACKLIST_PUSH_BACKOFF", float),
                 "backoff_max": ("BLACKLIST_PUSH_BACKOFF_MAX", float),
                 "pass_seconds": ("BLACKLIST_PUSH_PASS_SECONDS", float)}
        values = {key: kind(env[var]) for key, (var, kind) in names.items() if env.get(var)}
        values.update(overrides)
        return cls(**values)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Exponential backoff with jitter (half fixed, half random); Retry-After is a floor."""
        ceiling = min(self.backoff_max, self.backoff * (2 ** attempt))
        wait = ceiling / 2 + random.uniform(0, ceiling / 2)
        return max(wait, retry_after or 0.0)
