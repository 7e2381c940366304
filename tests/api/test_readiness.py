"""Readiness: the screening index is built when the app is made, never by a request; until
the database and data/ are there, /readyz and screening say "not ready" (503)."""

import time

from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.screening.holder import IndexHolder


def _uninitialised(tmp_path, clock):
    home = tmp_path / "fresh"
    settings = Settings.from_env({"BLACKLIST_HOME": str(home),
                                  "DATABASE_URL": f"sqlite:///{home / 'blacklist.db'}"})
    home.mkdir()
    return Runtime.from_settings(settings, clock)


def test_readyz_is_503_until_blacklist_init_has_run(tmp_path, clock):
    from api import create_app

    runtime = _uninitialised(tmp_path, clock)
    app = create_app(runtime=runtime)
    try:
        client = app.test_client()
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.mimetype == "application/problem+json"
        assert answer.json["type"] == "/problems/not-ready"
        assert client.get("/api/v1/check?uscc=x", headers={"Authorization": "Bearer x.y.z"}
                          ).status_code == 503  # no keys yet either
        assert not app.extensions["screening"].ready  # no request built it
    finally:
        app.extensions["screening"].stop()
        runtime.db.dispose()


def test_an_index_that_could_not_be_built_is_built_once_the_database_is_ready(tmp_path, clock):
    runtime = _uninitialised(tmp_path, clock)
    holder = IndexHolder(runtime, retry_seconds=0.05).start()
    try:
        assert not holder.ready
        bootstrap.init(runtime)
        give_up = time.monotonic() + 10
        while not holder.ready and time.monotonic() < give_up:
            time.sleep(0.05)
        assert holder.ready and len(holder.get()) == 0
    finally:
        holder.stop()
        runtime.db.dispose()


def test_readyz_says_ready_when_the_index_is_built(client):
    assert client.get("/readyz").json == {"status": "ready"}
