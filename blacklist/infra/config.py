"""Settings: read from the environment in this module only, grouped by area, checked at start.

Every variable the README documents maps to one field of one group (VARIABLES). An unknown
BLACKLIST_* variable, or a value its field refuses, stops the start with a ConfigurationError
that names the variable. Only the instance folder matters for a first run.
"""

import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from blacklist.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "BLACKLIST_"
METRICS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"
# limits' rate-limit notation ("120 per minute", "10/second; 1000/day"), what Flask-Limiter reads.
_ONE_LIMIT = r"\s*\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day|month|year)s?\s*"
RATE_LIMIT = re.compile(rf"^{_ONE_LIMIT}([,;|]{_ONE_LIMIT})*$", re.IGNORECASE)
REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://", "redis+sentinel://", "redis+cluster://")
UNSHOWN = frozenset({"DATABASE_URL", "REDIS_URL"})  # may carry a password: named, not echoed


def _database_url(url: str) -> str:
    try:
        make_url(url)
    except ArgumentError as exc:
        raise ValueError(f"not a database URL ({exc})") from None
    return url


def _rate_limit(limit: str) -> str:
    if not RATE_LIMIT.match(limit):
        raise ValueError('not a rate limit such as "120 per minute"')
    return limit


def _redis_url(url: str | None) -> str | None:
    if url is not None and not url.startswith(REDIS_SCHEMES):
        raise ValueError(f"not a Redis URL (one of {', '.join(REDIS_SCHEMES)})")
    return url


Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Wait = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(gt=0)]
Text = Annotated[str, Field(min_length=1)]


class Group(BaseModel):
    """One area's settings: fixed once made, and no field the area does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Paths(Group):
    """Where the instance, the reference data and Prometheus' multiprocess files live."""

    home: Path
    data: Path = PROJECT_ROOT / "data"
    metrics: Path | None = None


class DatabaseSettings(Group):
    """The system of record: SQLite in the instance folder, or PostgreSQL."""

    url: Annotated[str, AfterValidator(_database_url)]


class KeySettings(Group):
    """The signing keys, how often a running process looks for a rotation, the identity
    provider trusted beside them, and the tokens' iss/aud."""

    folder: Path
    # At most 60: API.md promises every running server signs with a new key within 60 s.
    recheck_seconds: Annotated[float, Field(gt=0, le=60, allow_inf_nan=False)] = 10.0
    trusted_jwks: Path | None = None
    issuer: Text = "suzhou-blacklist"
    audience: Text = "suzhou-blacklist"


class PushSettings(Group):
    """How the push to the credit platforms runs: batch, timeouts, retries, pass length, pace."""

    batch_size: Count = 100
    connect_timeout: Seconds = 3.0
    read_timeout: Seconds = 10.0
    attempts: Count = 6
    backoff: Wait = 0.5
    backoff_max: Wait = 30.0
    pass_seconds: Seconds = 120.0
    every: Seconds = 5.0


class LeadershipSettings(Group):
    """How long a scheduler's lease on leadership lasts without renewal (SQLite)."""

    lease_seconds: Seconds = 30.0


class LimitSettings(Group):
    """The public tier's rate limit, where its counters are kept, and who the client is."""

    public_rate_limit: Annotated[str, AfterValidator(_rate_limit)] = "120 per minute"
    redis_url: Annotated[str | None, AfterValidator(_redis_url)] = None
    trusted_proxies: Annotated[int, Field(ge=0)] = 0
    # Not a variable: lets several apps (tests) share one Redis without sharing counters.
    key_prefix: Text = "blacklist-public"


# Each documented variable, and the field of the group it sets.
VARIABLES: dict[str, tuple[str, str]] = {
    "BLACKLIST_HOME": ("paths", "home"),
    "BLACKLIST_DATA": ("paths", "data"),
    METRICS_FOLDER: ("paths", "metrics"),
    "DATABASE_URL": ("database", "url"),
    "BLACKLIST_KEYS": ("keys", "folder"),
    "BLACKLIST_KEYS_RECHECK_SECONDS": ("keys", "recheck_seconds"),
    "BLACKLIST_TRUSTED_JWKS": ("keys", "trusted_jwks"),
    "BLACKLIST_ISSUER": ("keys", "issuer"),
    "BLACKLIST_AUDIENCE": ("keys", "audience"),
    "BLACKLIST_PUSH_BATCH": ("push", "batch_size"),
    "BLACKLIST_PUSH_CONNECT_TIMEOUT": ("push", "connect_timeout"),
    "BLACKLIST_PUSH_READ_TIMEOUT": ("push", "read_timeout"),
    "BLACKLIST_PUSH_ATTEMPTS": ("push", "attempts"),
    "BLACKLIST_PUSH_BACKOFF": ("push", "backoff"),
    "BLACKLIST_PUSH_BACKOFF_MAX": ("push", "backoff_max"),
    "BLACKLIST_PUSH_PASS_SECONDS": ("push", "pass_seconds"),
    "BLACKLIST_PUSH_EVERY": ("push", "every"),
    "BLACKLIST_LEASE_SECONDS": ("leadership", "lease_seconds"),
    "BLACKLIST_PUBLIC_RATE_LIMIT": ("limits", "public_rate_limit"),
    "REDIS_URL": ("limits", "redis_url"),
    "BLACKLIST_TRUSTED_PROXIES": ("limits", "trusted_proxies"),
}
_NAMES = {place: variable for variable, place in VARIABLES.items()}


class Variables(PydanticBaseSettingsSource):
    """The documented variables of one environment, nested by group; an empty one is unset."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]):
        super().__init__(settings_cls)
        self.env = env

    def get_field_value(self, field, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads the groups whole

    def __call__(self) -> dict[str, dict[str, Any]]:
        unknown = sorted(name for name in self.env
                         if name.startswith(PREFIX) and name not in VARIABLES)
        if unknown:
            raise ConfigurationError(f"{', '.join(unknown)}: no such setting (README, "
                                     "Configuration)", variables=unknown)
        values: dict[str, dict[str, Any]] = {group: {} for group in self.settings_cls.model_fields}
        for variable, (group, name) in VARIABLES.items():
            if self.env.get(variable):
                values[group][name] = self.env[variable]
        home = Path(values["paths"].get("home") or "instance").resolve()
        values["paths"]["home"] = home
        values["database"].setdefault("url", f"sqlite:///{home / 'blacklist.db'}")
        values["keys"].setdefault("folder", home / "keys")
        return values


class Settings(BaseSettings):
    """The whole configuration of one process, made once at start by `from_env`."""

    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    paths: Paths
    database: DatabaseSettings
    keys: KeySettings
    push: PushSettings = PushSettings()
    leadership: LeadershipSettings = LeadershipSettings()
    limits: LimitSettings = LimitSettings()

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, **_defaults):
        """Only what `from_env` hands over: it alone knows each variable's name."""
        return (init_settings,)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings of the process environment, or of `env` alone (tests); an unknown
        BLACKLIST_* variable or a malformed value is a ConfigurationError naming it."""
        values = Variables(cls, os.environ if env is None else env)()
        try:
            return cls(**values)
        except ValidationError as exc:
            raise _refusal(exc) from None

    def updated(self, **groups: dict[str, Any]) -> "Settings":
        """A copy with some fields of some groups changed, checked as the environment is."""
        values = self.model_dump()
        for group, changes in groups.items():
            values[group] = {**values[group], **changes}
        try:
            return type(self)(**values)
        except ValidationError as exc:
            raise _refusal(exc) from None


def _refusal(exc: ValidationError) -> ConfigurationError:
    """One line per refused value, each named by its variable."""
    problems, names = [], []
    for error in exc.errors(include_url=False):
        place = tuple(str(part) for part in error["loc"][:2])
        name = _NAMES.get(place, ".".join(place))
        names.append(name)
        shown = name if name in UNSHOWN else f"{name}={error['input']!r}"
        problems.append(f"{shown}: {error['msg'].removeprefix('Value error, ')}")
    return ConfigurationError("; ".join(problems), variables=names)


def use_metrics_folder(settings: Settings) -> Settings:
    """Prometheus' multiprocess mode for gunicorn: a fresh folder under the instance unless
    PROMETHEUS_MULTIPROC_DIR names one. prometheus_client reads the variable itself when it
    is first imported, here and in every process started later, so it is exported too."""
    folder = settings.paths.metrics
    if folder is None:
        folder = settings.paths.home / "prometheus"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    os.environ[METRICS_FOLDER] = str(folder)
    return settings.updated(paths={"metrics": folder})


def child_environment() -> dict[str, str]:
    """The environment a child process (the scheduler) starts with: this process's own."""
    return dict(os.environ)
