"""`blacklist backup DIR`: a consistent copy of the system of record, taken while the service
serves, and of the key folder. README "Operations: backup and restore" has the restore."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from blacklist.errors import ConfigurationError, Conflict
from blacklist.infra.config import Settings, child_environment

SQLITE_COPY, POSTGRES_DUMP, KEYS_COPY = "blacklist.db", "blacklist.dump", "keys"


def backup(settings: Settings, target: Path) -> dict[str, str]:
    """The database first, then the key folder: keys are only ever added or moved to
    retired/, so every key that signed anything in the copy is in the copy of the keys."""
    _empty_folder(target)
    url = make_url(settings.database.url)
    if url.get_backend_name() == "sqlite":
        database = sqlite_backup(Path(url.database), target / SQLITE_COPY)
    elif url.get_backend_name() == "postgresql":
        database = pg_dump(url, target / POSTGRES_DUMP)
    else:
        raise ConfigurationError(f"no backup for a {url.get_backend_name()} database")
    keys = target / KEYS_COPY
    shutil.copytree(settings.keys.folder, keys, ignore=shutil.ignore_patterns(".*.tmp"))
    return {"database": str(database), "keys": str(keys)}


def sqlite_backup(source: Path, copy: Path) -> Path:
    """SQLite's online backup: one consistent snapshot, while writers go on (WAL)."""
    if not source.exists():
        raise ConfigurationError(f"no database at {source}: run `blacklist init`")
    origin, destination = sqlite3.connect(source, timeout=30), sqlite3.connect(copy)
    try:
        # All pages in one step: a step-by-step copy restarts whenever another process
        # writes, and may never finish under load.
        origin.backup(destination)
    finally:
        destination.close()
        origin.close()
    return copy


def pg_dump(url: URL, dump: Path) -> Path:
    """pg_dump's custom format (one snapshot, restored with pg_restore); the password goes
    through the environment, never the command line."""
    program = shutil.which("pg_dump")
    if program is None:
        raise ConfigurationError("pg_dump is not installed (Debian: postgresql-client)")
    env = child_environment()
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run([program, "--format=custom", "--no-owner", "--file", str(dump), dsn],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ConfigurationError(f"pg_dump failed: {done.stderr.strip()[-500:]}")
    return dump


def _empty_folder(target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        raise Conflict(f"{target} is not empty: a backup never overwrites another")
    # The copy holds the private keys: readable by its owner only.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
