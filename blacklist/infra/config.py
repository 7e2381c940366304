"""Settings from the environment; everything but the instance folder has a working default."""

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    keys_dir: Path
    data_dir: Path
    trusted_jwks: Path | None = None
    redis_url: str | None = None
    issuer: str = "suzhou-blacklist"
    audience: str = "suzhou-blacklist"
    public_rate_limit: str = "120 per minute"
    push_batch_size: int = 100
    trusted_proxies: int = 0
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> "Settings":
        """Read BLACKLIST_HOME, DATABASE_URL, BLACKLIST_KEYS and friends."""
        env = os.environ if env is None else env
        home = Path(env.get("BLACKLIST_HOME", "instance")).resolve()
        values = dict(
            home=home,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{home / 'blacklist.infra.db'}",
            keys_dir=Path(env.get("BLACKLIST_KEYS") or home / "keys"),
            data_dir=Path(env.get("BLACKLIST_DATA") or PROJECT_ROOT / "data"),
            trusted_jwks=_optional_path(env.get("BLACKLIST_TRUSTED_JWKS")),
            redis_url=env.get("REDIS_URL") or None,
            issuer=env.get("BLACKLIST_ISSUER", "suzhou-blacklist"),
            audience=env.get("BLACKLIST_AUDIENCE", "suzhou-blacklist"),
            public_rate_limit=env.get("BLACKLIST_PUBLIC_RATE_LIMIT", "120 per minute"),
            push_batch_size=int(env.get("BLACKLIST_PUSH_BATCH", "100")),
            trusted_proxies=int(env.get("BLACKLIST_TRUSTED_PROXIES", "0")),
        )
        values.update(overrides)
        return cls(**values)


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None
