"""Settings come from the documented variables only; a wrong one stops the start, named."""

import os
from pathlib import Path

import pytest

from blacklist.errors import ConfigurationError
from blacklist.infra.config import METRICS_FOLDER, PROJECT_ROOT, Settings, use_metrics_folder
from blacklist.sharing.policy import PushPolicy


def test_only_the_instance_folder_matters_for_a_first_run(tmp_path):
    settings = Settings.from_env({"BLACKLIST_HOME": str(tmp_path)})
    assert settings.paths.home == tmp_path.resolve()
    assert settings.database.url == f"sqlite:///{tmp_path.resolve() / 'blacklist.db'}"
    assert settings.keys.folder == tmp_path.resolve() / "keys"
    assert settings.keys.recheck_seconds == 10
    assert settings.paths.data == PROJECT_ROOT / "data" and settings.paths.metrics is None
    assert (settings.keys.issuer, settings.keys.audience) == ("suzhou-blacklist",) * 2
    assert settings.limits.public_rate_limit == "120 per minute"
    assert (settings.limits.redis_url, settings.limits.trusted_proxies) == (None, 0)
    assert settings.leadership.lease_seconds == 30
    assert PushPolicy.from_settings(settings.push) == PushPolicy(
        batch_size=100, connect_timeout=3, read_timeout=10, attempts=6, backoff=0.5,
        backoff_max=30, pass_seconds=120, every=5)


def test_without_a_home_the_instance_is_the_instance_folder_here():
    assert Settings.from_env({}).paths.home == Path("instance").resolve()


def test_each_documented_variable_sets_its_setting(tmp_path):
    settings = Settings.from_env({
        "BLACKLIST_HOME": str(tmp_path), "DATABASE_URL": "postgresql+psycopg://u@db:5432/bl",
        "BLACKLIST_KEYS": "/etc/blacklist/keys", "BLACKLIST_DATA": "/srv/data",
        "BLACKLIST_KEYS_RECHECK_SECONDS": "2.5",
        "BLACKLIST_TRUSTED_JWKS": "/etc/idp.json", "BLACKLIST_ISSUER": "city-idp",
        "BLACKLIST_AUDIENCE": "blacklist", "REDIS_URL": "redis://cache:6379/1",
        "BLACKLIST_PUBLIC_RATE_LIMIT": "60 per minute", "BLACKLIST_TRUSTED_PROXIES": "2",
        "BLACKLIST_PUSH_BATCH": "25", "BLACKLIST_PUSH_CONNECT_TIMEOUT": "1.5",
        "BLACKLIST_PUSH_READ_TIMEOUT": "4", "BLACKLIST_PUSH_ATTEMPTS": "2",
        "BLACKLIST_PUSH_BACKOFF": "0", "BLACKLIST_PUSH_BACKOFF_MAX": "8",
        "BLACKLIST_PUSH_PASS_SECONDS": "60", "BLACKLIST_PUSH_EVERY": "0.5",
        "BLACKLIST_LEASE_SECONDS": "12", METRICS_FOLDER: "/run/prometheus",
        "PATH": "/usr/bin", "HOME": "/root"})
    assert settings.database.url == "postgresql+psycopg://u@db:5432/bl"
    assert settings.keys.folder == Path("/etc/blacklist/keys")
    assert settings.keys.recheck_seconds == 2.5
    assert settings.keys.trusted_jwks == Path("/etc/idp.json")
    assert (settings.keys.issuer, settings.keys.audience) == ("city-idp", "blacklist")
    assert settings.paths.data == Path("/srv/data")
    assert settings.paths.metrics == Path("/run/prometheus")
    assert settings.limits.redis_url == "redis://cache:6379/1"
    assert settings.limits.public_rate_limit == "60 per minute"
    assert settings.limits.trusted_proxies == 2
    assert settings.push.model_dump() == {
        "batch_size": 25, "connect_timeout": 1.5, "read_timeout": 4, "attempts": 2,
        "backoff": 0, "backoff_max": 8, "pass_seconds": 60, "every": 0.5}
    assert settings.leadership.lease_seconds == 12


def test_an_empty_variable_is_as_if_unset(tmp_path):
    settings = Settings.from_env({"BLACKLIST_HOME": str(tmp_path), "BLACKLIST_PUSH_BATCH": "",
                                  "REDIS_URL": ""})
    assert settings.push.batch_size == 100 and settings.limits.redis_url is None


@pytest.mark.parametrize("variable", ["BLACKLIST_PUSH_BATCHES", "BLACKLIST_LEASE",
                                      "BLACKLIST_HOMEDIR"])
def test_an_unknown_blacklist_variable_stops_the_start_naming_it(tmp_path, variable):
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env({"BLACKLIST_HOME": str(tmp_path), variable: "5"})
    assert variable in str(refused.value) and refused.value.extra["variables"] == [variable]


@pytest.mark.parametrize("variable, value", [
    ("BLACKLIST_PUSH_BATCH", "abc"), ("BLACKLIST_PUSH_BATCH", "0"),
    ("BLACKLIST_PUSH_ATTEMPTS", "-1"), ("BLACKLIST_PUSH_READ_TIMEOUT", "0"),
    ("BLACKLIST_PUSH_CONNECT_TIMEOUT", "nan"), ("BLACKLIST_PUSH_BACKOFF", "-0.5"),
    ("BLACKLIST_PUSH_EVERY", "soon"), ("BLACKLIST_LEASE_SECONDS", "0"),
    ("BLACKLIST_TRUSTED_PROXIES", "one"), ("BLACKLIST_TRUSTED_PROXIES", "-1"),
    ("BLACKLIST_PUBLIC_RATE_LIMIT", "lots"), ("BLACKLIST_PUBLIC_RATE_LIMIT", "120 per fortnight"),
    # API.md: every running server signs with a rotated key within 60 s.
    ("BLACKLIST_KEYS_RECHECK_SECONDS", "0"), ("BLACKLIST_KEYS_RECHECK_SECONDS", "61"),
])
def test_a_malformed_value_stops_the_start_naming_its_variable(tmp_path, variable, value):
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env({"BLACKLIST_HOME": str(tmp_path), variable: value})
    assert str(refused.value).startswith(f"{variable}={value!r}: ")
    assert refused.value.extra["variables"] == [variable]


@pytest.mark.parametrize("variable, value", [("DATABASE_URL", "postgresql://u:s3cret@db:x/bl"),
                                             ("REDIS_URL", "http://:s3cret@cache:6379")])
def test_a_malformed_address_is_named_without_its_password(tmp_path, variable, value):
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env({"BLACKLIST_HOME": str(tmp_path), variable: value})
    assert str(refused.value).startswith(f"{variable}: ") and "s3cret" not in str(refused.value)


def test_every_malformed_value_is_named_at_once(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env({"BLACKLIST_HOME": str(tmp_path), "BLACKLIST_PUSH_BATCH": "0",
                           "BLACKLIST_LEASE_SECONDS": "x"})
    assert sorted(refused.value.extra["variables"]) == ["BLACKLIST_LEASE_SECONDS",
                                                         "BLACKLIST_PUSH_BATCH"]


def test_a_changed_copy_is_checked_as_the_environment_is(tmp_path):
    settings = Settings.from_env({"BLACKLIST_HOME": str(tmp_path)})
    assert settings.updated(push={"batch_size": 7}).push.batch_size == 7
    assert settings.push.batch_size == 100
    with pytest.raises(ConfigurationError, match="BLACKLIST_PUSH_BATCH"):
        settings.updated(push={"batch_size": 0})


def test_serving_gives_prometheus_a_fresh_folder_in_the_instance(tmp_path, monkeypatch):
    monkeypatch.setenv(METRICS_FOLDER, "")  # undone after the test, like what follows
    settings = Settings.from_env({"BLACKLIST_HOME": str(tmp_path)})
    (tmp_path / "prometheus").mkdir()
    (tmp_path / "prometheus" / "counter_1.db").write_text("left by the last run")
    served = use_metrics_folder(settings)
    assert served.paths.metrics == tmp_path.resolve() / "prometheus"
    assert list(served.paths.metrics.iterdir()) == []
    assert os.environ[METRICS_FOLDER] == str(served.paths.metrics)


def test_a_prometheus_folder_given_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(METRICS_FOLDER, "")
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_1.db").write_text("another server's")
    served = use_metrics_folder(Settings.from_env({"BLACKLIST_HOME": str(tmp_path),
                                                   METRICS_FOLDER: str(folder)}))
    assert served.paths.metrics == folder and (folder / "counter_1.db").exists()
