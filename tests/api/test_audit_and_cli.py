"""Every action leaves a trace; editing the trace is caught; the console script works."""

import os
import subprocess
import sys
import threading

from sqlalchemy import text

from blacklist.infra.signing import KeyRing
from blacklist.trail import audit
from tests.factories import file_and_publish, file_listing


def run_cli(settings, *args):
    env = {**os.environ, "BLACKLIST_HOME": str(settings.paths.home),
           "DATABASE_URL": settings.database.url}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_action_is_chained_and_an_edit_breaks_the_chain(client, housing, runtime, settings):
    listing = file_and_publish(client, housing)
    client.post(f"/api/v1/listings/{listing['id']}/revoke", json={"reason": "撤销"},
                headers=housing)
    assert audit.verify_chain(runtime.uow(readonly=True)) == (True, None, 3)
    assert run_cli(settings, "audit", "verify").returncode == 0
    with runtime.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor_sub = 'someone-else' WHERE id = 2"))
    intact, broken_at, _ = audit.verify_chain(runtime.uow(readonly=True))
    assert not intact and broken_at == 2
    result = run_cli(settings, "audit", "verify")
    assert result.returncode == 1 and "BROKEN" in result.stderr


def test_deleting_an_audit_row_breaks_the_chain(client, housing, runtime):
    file_and_publish(client, housing)
    with runtime.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 1"))
    assert audit.verify_chain(runtime.uow(readonly=True))[0] is False


def test_init_is_idempotent_and_keeps_the_first_key(settings):
    kid = KeyRing.load(settings.keys.folder).kid
    for _ in range(2):
        result = run_cli(settings, "init")
        assert result.returncode == 0, result.stderr
    assert KeyRing.load(settings.keys.folder).kid == kid


def test_token_prints_one_token_and_refuses_roles_an_org_may_not_hold(settings, runtime):
    good = run_cli(settings, "token", "--org", "sz-housing", "--role", "filer", "--ttl", "60")
    assert good.returncode == 0 and good.stdout.count("\n") == 1
    claims = runtime.keys.verify_token(good.stdout.strip(), issuer=settings.keys.issuer,
                                       audience=settings.keys.audience)
    assert claims["org"] == "sz-housing" and claims["exp"] - claims["iat"] == 60
    assert run_cli(settings, "token", "--org", "sz-trading-center", "--role",
                   "filer").returncode == 2
    unknown = run_cli(settings, "token", "--org", "sz-nowhere", "--role", "filer")
    assert unknown.returncode == 2 and unknown.stdout == ""


def test_concurrent_corrections_let_exactly_one_win(app, housing, runtime):
    listing = file_listing(app.test_client(), housing)
    answers = []

    def correct(facts):
        answers.append(app.test_client().patch(
            f"/api/v1/listings/{listing['id']}", json={"version": 1, "facts": facts},
            headers=housing).status_code)

    threads = [threading.Thread(target=correct, args=(f"事实{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409, 409, 409]


def test_a_change_appended_later_never_overtakes_one_still_being_committed(app, runtime,
                                                                           housing):
    """A feed cursor that has passed a seq must never find a smaller one committed later:
    while one transaction holds an appended change uncommitted, the next append waits."""
    import datetime as dt
    import uuid

    from blacklist.trail.models import Change

    waiting = file_listing(app.test_client(), housing)
    answers = []

    def publish():
        answers.append(app.test_client().post(
            f"/api/v1/listings/{waiting['id']}/publish", json={"statement": "waived"},
            headers=housing).status_code)

    later = threading.Thread(target=publish)
    with runtime.uow() as held:
        held.lock_log()
        held.session.add(Change(event_id=str(uuid.uuid4()), at=dt.datetime.now(dt.UTC),
                                event="listed", listing_id="held", snapshot={}, source={}))
        held.session.flush()
        later.start()
        later.join(1.5)
        assert later.is_alive(), "the second append did not wait for the first to commit"
        with runtime.uow(readonly=True) as reader:
            assert reader.changes.after(0, 10) == []
        held.commit()
    later.join(30)
    assert answers == [200]
    with runtime.uow(readonly=True) as reader:
        changes = reader.changes.after(0, 10)
        assert [c.listing_id for c in changes] == ["held", waiting["id"]]
        assert audit.verify(reader)[0]
