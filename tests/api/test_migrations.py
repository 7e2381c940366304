"""`blacklist init` makes a new database and brings an older one up to date, keeping its data."""

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from blacklist.infra import bootstrap
from blacklist.models import metadata
from tests.conftest import ON_POSTGRES, PG_URL, _reset_postgres


def _url(tmp_path):
    if ON_POSTGRES:
        _reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'old.db'}"


def test_every_revision_upgrades_to_the_models_schema_and_keeps_data(tmp_path, template):
    url = _url(tmp_path)
    script = ScriptDirectory.from_config(bootstrap.alembic_config(url))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    bootstrap.migrate(url, revisions[0])
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO reference_data (name, body, loaded_at) "
                          "VALUES ('old', '{}', CURRENT_TIMESTAMP)"))
    bootstrap.migrate(url)            # what `blacklist init` does on an older database
    bootstrap.migrate(url)            # and again: idempotent
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM reference_data")).scalars().all() == ["old"]
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert head == script.get_current_head()
    engine.dispose()
    if ON_POSTGRES:
        _restore_template(template)


def test_the_models_and_the_migrations_agree(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    url = f"sqlite:///{tmp_path / 'cmp.db'}"
    bootstrap.migrate(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == [], diff


def test_the_kept_totals_come_through_0011_in_one_b_tree_on_sqlite(tmp_path, template):
    url = _url(tmp_path)
    bootstrap.migrate(url, "0010")
    engine = create_engine(url)
    totals = {"*": 1_000_003, "g:华信": 7, "g:华信|d:construction": 5, "b:0|d:housing": 2048}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO public_count (key, n) VALUES (:k, :n)"),
                     [{"k": k, "n": n} for k, n in totals.items()])
    bootstrap.migrate(url)
    with engine.begin() as conn:
        assert dict(conn.execute(text("SELECT key, n FROM public_count")).all()) == totals
        conn.execute(text("INSERT INTO public_count (key, n) VALUES ('g:华信', 1) ON CONFLICT "
                          "(key) DO UPDATE SET n = public_count.n + excluded.n"))
        assert conn.execute(text("SELECT n FROM public_count WHERE key = 'g:华信'")).scalar() == 8
        if not ON_POSTGRES:   # the table is its key's B-tree, no rowid table beside it
            ddl = conn.execute(text("SELECT sql FROM sqlite_master "
                                    "WHERE name = 'public_count'")).scalar_one()
            assert "WITHOUT ROWID" in ddl
    engine.dispose()
    if ON_POSTGRES:
        _restore_template(template)


def _restore_template(template) -> None:
    """Leave the shared PostgreSQL database as the session template made it."""
    from blacklist.infra.clock import FixedClock
    from blacklist.infra.runtime import Runtime
    from tests.conftest import START

    _reset_postgres(PG_URL)
    rt = Runtime.from_settings(template, FixedClock(START))
    bootstrap.init(rt)
    rt.db.dispose()
