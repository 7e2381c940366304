"""Every action leaves a trace; editing the trace is caught; the console script works."""

import os
import subprocess
import sys
import threading

from sqlalchemy import text

from blacklist.infra.signing import KeyRing
from blacklist.trail import audit
from tests.conftest import ON_POSTGRES
from tests.factories import file_and_publish, file_listing


def run_cli(settings, *args):
    env = {**os.environ, "BLACKLIST_HOME": str(settings.home),
           "DATABASE_URL": settings.database_url}
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
    kid = KeyRing.load(settings.keys_dir).kid
    for _ in range(2):
        result = run_cli(settings, "init")
        assert result.returncode == 0, result.stderr
    assert KeyRing.load(settings.keys_dir).kid == kid


def test_token_prints_one_token_and_refuses_roles_an_org_may_not_hold(settings, runtime):
    good = run_cli(settings, "token", "--org", "sz-housing", "--role", "filer", "--ttl", "60")
    assert good.returncode == 0 and good.stdout.count("\n") == 1
    claims = runtime.keys.verify_token(good.stdout.strip(), issuer=settings.issuer,
                                       audience=settings.audience)
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


def test_the_change_log_order_is_commit_order_under_concurrent_filers(app, housing):
    listings = [file_listing(app.test_client(), housing) for _ in range(6)]

    def publish(listing_id):
        app.test_client().post(f"/api/v1/listings/{listing_id}/publish",
                               json={"statement": "waived"}, headers=housing)

    threads = [threading.Thread(target=publish, args=(item["id"],)) for item in listings]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runtime = app.extensions["blacklist"]
    with runtime.uow(readonly=True) as uow:
        seqs = [c.seq for c in uow.changes.after(0, 100)]
    assert audit.verify_chain(runtime.uow(readonly=True))[0]
    assert seqs == sorted(seqs) and len(seqs) == 6
    assert seqs == list(range(seqs[0], seqs[0] + 6)) or ON_POSTGRES
