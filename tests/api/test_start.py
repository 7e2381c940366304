"""The console script refuses to start on a setting it does not know or cannot read, and
says which one."""

import os
import subprocess
import sys

import pytest


def blacklist(settings, *args, **env):
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("BLACKLIST_")}
    environment.update(BLACKLIST_HOME=str(settings.paths.home),
                       DATABASE_URL=settings.database.url, **env)
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("variable, value", [("BLACKLIST_PUSH_BATCH", "abc"),
                                             ("BLACKLIST_PUSH_BATCH", "0"),
                                             ("BLACKLIST_PUSH_BATCHSIZE", "100")])
def test_init_refuses_a_wrong_setting_naming_it(settings, variable, value):
    result = blacklist(settings, "init", **{variable: value})
    assert result.returncode == 2
    assert variable in result.stderr and "Traceback" not in result.stderr


def test_init_starts_with_the_documented_settings(settings):
    result = blacklist(settings, "init", BLACKLIST_PUSH_BATCH="50",
                       BLACKLIST_PUBLIC_RATE_LIMIT="60 per minute")
    assert result.returncode == 0, result.stderr
