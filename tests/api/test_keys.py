"""Key rotation and retirement through `blacklist keys`, seen by an app that keeps running:
it signs with the new key after its recheck interval, what the old key signed still verifies
until that key is retired, and a retired key's tokens are refused even when cached."""

import base64
import json
import time

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwt

from api import create_app
from api.cli import cli
from blacklist.infra import keyfolder
from blacklist.infra.runtime import Runtime
from blacklist.infra.signing import SignatureError, public_jwk, verify_compact, verify_detached
from blacklist.sharing import feeds, push
from blacklist.sharing.policy import PushPolicy
from tests.factories import file_and_publish, make_uscc
from tests.reliability.seed import seed_changes

RECHECK = 0.05


@pytest.fixture
def settings(settings):
    """The instance, its running app looking at the key folder every RECHECK seconds."""
    return settings.updated(keys={"recheck_seconds": RECHECK})


def kid_of(compact: str) -> str:
    header = compact.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]


def blacklist(settings, *args: str):
    """The console script, run in this process (tests/reliability runs the real one)."""
    env = {"BLACKLIST_HOME": str(settings.paths.home), "DATABASE_URL": settings.database.url}
    return CliRunner().invoke(cli, list(args), env=env)


def rotate(settings) -> str:
    done = blacklist(settings, "keys", "rotate")
    assert done.exit_code == 0, done.output
    time.sleep(RECHECK * 3)  # the app's next look at the key folder
    return done.stdout.strip()


def retire(settings, kid: str):
    done = blacklist(settings, "keys", "retire", kid)
    time.sleep(RECHECK * 3)
    return done


def screen(client, screener, uscc: str) -> dict:
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0457", "domain": "procurement",
        "parties": [{"name": "甲", "uscc": uscc}]})
    assert answer.status_code == 201, answer.json
    return answer.json


def served_kids(client) -> set[str]:
    return {key["kid"] for key in client.get("/.well-known/jwks.json").json["keys"]}


def check(client, headers, uscc: str):
    return client.get("/api/v1/check", query_string={"uscc": uscc}, headers=headers)


def test_after_a_rotation_the_running_app_signs_with_the_new_key_and_the_old_still_verifies(
        client, housing, screener, token, settings):
    uscc = file_and_publish(client, housing)["entity"]["uscc"]
    before = screen(client, screener, uscc)
    old = kid_of(before["receipt"])
    assert check(client, screener, uscc).status_code == 200  # the old token is now cached
    new = rotate(settings)
    assert new and new != old
    after = screen(client, screener, uscc)
    assert kid_of(after["receipt"]) == new
    assert served_kids(client) == {old, new}
    jwks = client.get("/.well-known/jwks.json").json
    assert verify_compact(before["receipt"], jwks)["id"] == before["id"]
    assert verify_compact(after["receipt"], jwks)["id"] == after["id"]
    assert check(client, screener, uscc).json["decision"] == "refuse"
    fresh = token("sz-trading-center", "screener")
    assert kid_of(fresh["Authorization"].split()[1]) == new
    assert check(client, fresh, uscc).status_code == 200


def test_a_token_printed_after_a_rotation_carries_the_new_kid(client, settings):
    new = rotate(settings)
    printed = blacklist(settings, "token", "--org", "sz-ops", "--role", "admin").stdout.strip()
    assert kid_of(printed) == new
    assert client.get("/api/v1/feeds", headers={
        "Authorization": f"Bearer {printed}"}).status_code == 200


def test_a_retired_keys_token_is_refused_even_when_cached_and_leaves_the_jwks(
        client, housing, screener, settings):
    uscc = file_and_publish(client, housing)["entity"]["uscc"]
    receipt = screen(client, screener, uscc)["receipt"]
    assert check(client, screener, uscc).status_code == 200  # cached under the old key
    old, new = kid_of(receipt), rotate(settings)
    assert check(client, screener, uscc).status_code == 200
    done = retire(settings, old)
    assert done.exit_code == 0, done.output
    refused = check(client, screener, uscc)
    assert refused.status_code == 401
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert served_kids(client) == {new}
    with pytest.raises(SignatureError):
        verify_compact(receipt, client.get("/.well-known/jwks.json").json)
    assert (settings.keys.folder / "retired" / f"{old}.pem").exists()


def test_retiring_the_current_key_or_an_unknown_kid_exits_2_and_changes_nothing(client,
                                                                                settings):
    current = keyfolder.current_kid(settings.keys.folder)
    for kid, said in ((current, "current key"), ("no-such-kid", "no served key"),
                      ("../hmac.key", "no served key")):
        done = retire(settings, kid)
        assert done.exit_code == 2 and said in done.stderr, done.output
    assert served_kids(client) == {current}
    assert keyfolder.current_kid(settings.keys.folder) == current


def test_a_new_keys_kid_never_reads_as_an_option_to_keys_retire(settings, monkeypatch):
    # A kid is a base64url thumbprint: one key in 64 has one starting with "-".
    dashed = next(key for key in iter(lambda: ec.generate_private_key(ec.SECP256R1()), None)
                  if public_jwk(key)["kid"].startswith("-"))
    made, generate = iter([dashed]), ec.generate_private_key
    monkeypatch.setattr(keyfolder.ec, "generate_private_key",
                        lambda curve: next(made, None) or generate(curve))
    old = keyfolder.current_kid(settings.keys.folder)
    new = rotate(settings)
    assert not new.startswith("-") and new != public_jwk(dashed)["kid"]
    assert retire(settings, old).exit_code == 0


def test_keys_list_shows_each_key_current_previous_or_retired(settings):
    first = keyfolder.current_kid(settings.keys.folder)
    second, third = rotate(settings), rotate(settings)
    assert retire(settings, first).exit_code == 0
    listed = json.loads(blacklist(settings, "keys", "list", "--json").stdout)
    assert [(k["kid"], k["status"]) for k in listed] == [
        (first, "retired"), (second, "previous"), (third, "current")]
    assert all(k["created_at"] for k in listed)


@pytest.fixture
def seams(fakes):
    return fakes


def test_a_push_pass_that_outlasts_a_rotation_signs_its_next_batch_with_the_new_key(
        runtime, leader, transport, settings):
    old, rotated = runtime.keys.kid, []

    def acknowledge_then_rotate(body):
        if not rotated:
            rotated.append(rotate(settings))
        return 200
    transport.otherwise = acknowledge_then_rotate
    seed_changes(runtime, 2)
    feeds.add_feed(runtime.uow(), "city", "https://xyk.example/changes", "shared")
    push.push_all(runtime, guard=leader.guard, policy=PushPolicy(batch_size=1, pass_seconds=10))
    first, second = transport.posts
    assert kid_of(first["headers"]["X-Signature"]) == old
    assert kid_of(second["headers"]["X-Signature"]) == rotated[0] != old
    for post in (first, second):
        verify_detached(post["headers"]["X-Signature"], post["body"], runtime.keys.jwks())


def test_the_check_path_looks_at_the_key_folder_at_most_once_per_interval(
        client, screener, runtime, monkeypatch):
    looks = []
    real = keyfolder.stamp
    monkeypatch.setattr(keyfolder, "stamp", lambda *a: looks.append(1) or real(*a))
    uscc, started = make_uscc(), time.monotonic()
    for _ in range(200):
        assert check(client, screener, uscc).json["decision"] == "clear"
    elapsed = time.monotonic() - started
    assert len(looks) <= elapsed / RECHECK + 1


def test_a_replaced_identity_provider_jwks_is_read_again_without_a_restart(settings, clock,
                                                                          tmp_path):
    first, second = (ec.generate_private_key(ec.SECP256R1()) for _ in range(2))
    trusted = tmp_path / "idp.json"
    trusted.write_text(json.dumps({"keys": [public_jwk(first)]}))
    rt = Runtime.from_settings(settings.updated(keys={"trusted_jwks": trusted}), clock)
    client = create_app(runtime=rt).test_client()
    now = int(time.time())
    claims = {"sub": "clerk", "org": "sz-ops", "roles": ["admin"], "iat": now, "exp": now + 60,
              "iss": settings.keys.issuer, "aud": settings.keys.audience}
    pem = second.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()).decode()
    bearer = {"Authorization": "Bearer " + jwt.encode(claims, pem, "ES256",
                                                      headers={"kid": public_jwk(second)["kid"]})}
    assert client.get("/api/v1/feeds", headers=bearer).status_code == 401
    replacement = tmp_path / "idp.json.new"
    replacement.write_text(json.dumps({"keys": [public_jwk(first), public_jwk(second)]}))
    replacement.replace(trusted)
    time.sleep(RECHECK * 3)
    assert client.get("/api/v1/feeds", headers=bearer).status_code == 200
    rt.db.dispose()
