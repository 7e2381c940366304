"""Fixtures: a fresh database per test (SQLite file, or PostgreSQL when DATABASE_URL says so),
a clock that stands still, the app and its test client, and tokens for each kind of caller."""

import datetime as dt
import os
import shutil
import time
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from blacklist.infra import bootstrap
from blacklist.infra.clock import FixedClock
from blacklist.infra.config import Settings
from blacklist.infra.leadership import for_runtime
from blacklist.infra.runtime import Runtime
from blacklist.models import metadata
from tests.fakes import FakeTransport, RecordingMetrics

# 10:00 in Suzhou on Friday 2026-11-27.
START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgresql")


def pytest_configure(config):
    if os.environ.get("CI_REQUIRE_POSTGRES") == "1" and not ON_POSTGRES:
        raise pytest.UsageError("CI_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    name = make_url(PG_URL).database if ON_POSTGRES else ""
    if ON_POSTGRES and not any(word in name for word in ("test", "ci", "bench")):
        # The suite drops the schema of the database it is given: never a real one.
        raise pytest.UsageError(f"refusing to run the tests on database {name!r}: "
                                "use a throwaway one whose name contains 'test' or 'ci'")


def pytest_collection_modifyitems(config, items):
    """A test marked postgres needs PostgreSQL itself (advisory locks, several servers)."""
    if ON_POSTGRES:
        return
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgresql+psycopg://…"))


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """Migrate once per session; each test then starts from this state."""
    home = tmp_path_factory.mktemp("template")
    if ON_POSTGRES:
        _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{home / 'blacklist.db'}"
    settings = Settings.from_env({"BLACKLIST_HOME": str(home), "DATABASE_URL": url})
    runtime = Runtime.from_settings(settings, FixedClock(START))
    bootstrap.init(runtime)
    runtime.db.dispose()
    return settings


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _truncate_postgres(url: str) -> None:
    tables = [t.name for t in metadata.sorted_tables if t.name != "reference_data"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def settings(template, tmp_path):
    """A fresh instance: its own home and keys, and an empty registry."""
    home = tmp_path / "instance"
    shutil.copytree(template.paths.home, home)
    if ON_POSTGRES:
        _truncate_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{home / 'blacklist.db'}"
    return Settings.from_env({"BLACKLIST_HOME": str(home), "DATABASE_URL": url})


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def seams():
    """Fakes the runtime is built with (calendar, transport, metrics); a test or a module
    replaces this fixture, or parametrizes it, to pass its own (e.g. `fakes`)."""
    return {}


@pytest.fixture
def metrics():
    """Counters that remember what was counted."""
    return RecordingMetrics()


@pytest.fixture
def transport():
    """A platform that acknowledges everything unless scripted otherwise."""
    return FakeTransport()


@pytest.fixture
def fakes(metrics, transport):
    """The seams of a runtime whose platforms and counters are fakes."""
    return {"metrics": metrics, "transport": transport}


@pytest.fixture
def runtime(settings, clock, seams):
    rt = Runtime.from_settings(settings, clock, **seams)
    yield rt
    rt.db.dispose()


@pytest.fixture
def leader(runtime):
    """This process leads the scheduler for the test."""
    lead = for_runtime(runtime, lease_seconds=30)
    assert lead.ensure()
    yield lead
    lead.release()


@pytest.fixture
def app(runtime):
    from api import create_app

    app = create_app(runtime=runtime)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(runtime):
    """token(org, *roles, **claims) → a bearer header signed by the instance's key."""
    def make(org: str, *roles: str, ttl: int = 3600, **claims) -> dict:
        now = int(time.time())
        keys = runtime.settings.keys
        body = {"sub": f"{org}-clerk", "org": org, "roles": list(roles), "iat": now,
                "exp": now + ttl, "iss": keys.issuer, "aud": keys.audience,
                "jti": str(uuid.uuid4()), **claims}
        return {"Authorization": f"Bearer {runtime.keys.sign_token(body)}"}
    return make


@pytest.fixture
def housing(token):
    """市住建局, a filer in housing and construction."""
    return token("sz-housing", "filer")


@pytest.fixture
def finance(token):
    """市财政局, a filer in procurement and state assets."""
    return token("sz-finance", "filer")


@pytest.fixture
def admin(token):
    return token("sz-ops", "admin")


@pytest.fixture
def screener(token):
    return token("sz-trading-center", "screener")


@pytest.fixture
def feed_reader(token):
    return token("sz-credit", "feed")
