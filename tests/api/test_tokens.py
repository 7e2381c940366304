"""Every forgery of DOMAIN.md §8 is refused with a 401; roles and domains with a 403."""

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwt

from tests.factories import listing_body


def b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims(runtime, **extra):
    now = int(time.time())
    return {"sub": "clerk", "org": "sz-housing", "roles": ["filer"], "iat": now, "exp": now + 600,
            "iss": runtime.settings.keys.issuer, "aud": runtime.settings.keys.audience, **extra}


def attempt(client, token):
    return client.post("/api/v1/listings", json=listing_body(),
                       headers={"Authorization": f"Bearer {token}"})


def assert_refused(answer):
    assert answer.status_code == 401, answer.json
    assert answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/problems/unauthorized"


def test_a_valid_token_files(client, runtime):
    assert attempt(client, runtime.keys.sign_token(claims(runtime))).status_code == 201


@pytest.mark.parametrize("signature", ["", "c2ln"])
def test_alg_none_is_refused(client, runtime, signature):
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims(runtime))}.{signature}"
    assert_refused(attempt(client, token))


def test_hs256_signed_with_the_public_key_is_refused(client, runtime):
    public_pem = serialization.load_pem_private_key(
        runtime.keys.private_pem.encode(), None).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    import hashlib
    import hmac
    header = b64({"alg": "HS256", "typ": "JWT", "kid": runtime.keys.kid})
    body = b64(claims(runtime))
    sig = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    assert_refused(attempt(client, f"{header}.{body}.{b64(sig)}"))


def test_a_key_the_service_does_not_trust_is_refused_whatever_the_headers_say(client, runtime):
    stranger = ec.generate_private_key(ec.SECP256R1())
    pem = stranger.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    for headers in ({"kid": runtime.keys.kid}, {"kid": "other", "jku": "http://127.0.0.1:9/k"},
                    {"kid": "x", "x5u": "http://127.0.0.1:9/c"}):
        assert_refused(attempt(client, jwt.encode(claims(runtime), pem, "ES256", headers=headers)))


@pytest.mark.parametrize("change", [
    {"exp": int(time.time()) - 10},
    {"nbf": int(time.time()) + 3600},
    {"iss": "someone-else"},
    {"aud": "another-service"},
    {"org": "sz-nowhere"},
    {"org": "sz-trading-center"},          # a trading center as filer
    {"roles": ["admin"]},                  # a role its org may not hold
    {"roles": []},
])
def test_invalid_claims_are_refused(client, runtime, change):
    assert_refused(attempt(client, runtime.keys.sign_token(claims(runtime, **change))))


@pytest.mark.parametrize("missing", ["exp", "iat", "iss", "aud", "sub", "org", "roles"])
def test_a_token_lacking_a_claim_is_refused(client, runtime, missing):
    body = claims(runtime)
    del body[missing]
    assert_refused(attempt(client, runtime.keys.sign_token(body)))


def test_a_changed_claim_under_the_original_signature_is_refused(client, runtime):
    header, body, sig = runtime.keys.sign_token(claims(runtime, org="sz-land")).split(".")
    forged = b64(claims(runtime, org="sz-housing"))
    assert_refused(attempt(client, f"{header}.{forged}.{sig}"))


@pytest.mark.parametrize("header", ["", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt"])
def test_missing_or_garbled_credentials_are_refused(client, header):
    answer = client.post("/api/v1/listings", json=listing_body(), headers={"Authorization": header})
    assert_refused(answer)


def test_a_valid_token_without_the_role_is_forbidden(client, screener):
    answer = client.post("/api/v1/listings", json=listing_body(), headers=screener)
    assert answer.status_code == 403
    assert answer.json["type"] == "/problems/forbidden"


def test_a_department_files_only_in_its_own_domains(client, finance):
    answer = client.post("/api/v1/listings", json=listing_body(domain="construction"),
                         headers=finance)
    assert answer.status_code == 403
    assert "construction" in answer.json["detail"]


def test_the_public_keys_verify_what_the_service_signs(client, runtime):
    jwks = client.get("/.well-known/jwks.json").json
    assert [k["kid"] for k in jwks["keys"]] == [runtime.keys.kid]
    assert all("d" not in k for k in jwks["keys"])
    token = runtime.keys.sign_token(claims(runtime))
    assert jwt.decode(token, jwks["keys"][0], algorithms=["ES256"],
                      audience=runtime.settings.keys.audience)["org"] == "sz-housing"


def test_tokens_of_a_trusted_identity_provider_are_accepted(tmp_path, settings, clock):
    from api import create_app
    from blacklist.infra.runtime import Runtime
    from blacklist.infra.signing import public_jwk

    idp = ec.generate_private_key(ec.SECP256R1())
    jwk = public_jwk(idp)
    (tmp_path / "idp.json").write_text(json.dumps({"keys": [jwk]}))
    rt = Runtime.from_settings(settings.updated(keys={"trusted_jwks": tmp_path / "idp.json"}),
                               clock)
    client = create_app(runtime=rt).test_client()
    pem = idp.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    token = jwt.encode(claims(rt), pem, "ES256", headers={"kid": jwk["kid"]})
    assert attempt(client, token).status_code == 201
    rt.db.dispose()
