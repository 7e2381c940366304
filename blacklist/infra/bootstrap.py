"""`blacklist init`: create or migrate the schema, load data/, make the first keys. Idempotent."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from blacklist.infra import reference
from blacklist.infra.keyfolder import ensure_keys
from blacklist.infra.runtime import Runtime
from blacklist.registry import canonical_ids

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """Alembic pointed at the migrations shipped in the package, not at an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`, from nothing or from any older version."""
    command.upgrade(alembic_config(url), revision)


def init(runtime: Runtime) -> dict:
    """Make an instance usable: home folder, schema, reference data, keys."""
    settings = runtime.settings
    settings.paths.home.mkdir(parents=True, exist_ok=True)
    migrate(settings.database.url)
    runtime.db.settle()   # a migration may have filled a table (0005: the public projection)
    bodies = reference.read_files(settings.paths.data)
    with runtime.uow() as uow:
        reference.store(uow.session, bodies, runtime.clock.now())
        uow.commit()
    ensure_keys(settings.keys.folder)
    runtime.reload()
    identifiers = canonical_ids.canonicalise(runtime.uow())
    return {"database": runtime.db.url.split("@")[-1], "reference": sorted(bodies),
            "keys": str(settings.keys.folder), "identifiers": identifiers}
