"""Every forgery of DOMAIN.md §8 against every protected operation of the OpenAPI document:
each is a 401 problem, whatever the operation (issue 10)."""

import hashlib
import hmac
import re
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwt

from tests.api.test_tokens import b64, claims


def _forgeries(runtime) -> dict[str, str]:
    """Each forged token by what is wrong with it."""
    good = claims(runtime, org="sz-ops", roles=["admin"])
    public_pem = serialization.load_pem_private_key(
        runtime.keys.private_pem.encode(), None).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = b64({"alg": "HS256", "typ": "JWT", "kid": runtime.keys.kid})
    body = b64(good)
    confused = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    stranger = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    signed = runtime.keys.sign_token
    honest = signed(claims(runtime, org="sz-housing", roles=["filer"]))
    head, payload, signature = honest.split(".")
    tampered = b64({**claims(runtime, org="sz-housing", roles=["filer"]), "org": "sz-ops",
                    "roles": ["admin"]})
    forged = {
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}.",
        "alg none, signed": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}.c2ln",
        "hs256 with the public key": f"{header}.{body}.{b64(confused)}",
        "untrusted key under our kid": jwt.encode(good, stranger, "ES256",
                                                  headers={"kid": runtime.keys.kid}),
        "untrusted key with jku": jwt.encode(good, stranger, "ES256",
                                             headers={"kid": "x", "jku": "http://127.0.0.1:9/k"}),
        "changed claims": f"{head}.{tampered}.{signature}",
        "expired": signed({**good, "exp": int(time.time()) - 10}),
        "not yet valid": signed({**good, "nbf": int(time.time()) + 3600}),
        "wrong iss": signed({**good, "iss": "someone-else"}),
        "wrong aud": signed({**good, "aud": "another-service"}),
        "unknown org": signed({**good, "org": "sz-nowhere"}),
        "role its org may not hold": signed({**good, "org": "sz-trading-center"}),
    }
    for claim in ("exp", "iat", "iss", "aud"):
        forged[f"no {claim}"] = signed({k: v for k, v in good.items() if k != claim})
    return forged


def _protected(client) -> list[tuple[str, str]]:
    doc = client.get("/api/v1/openapi.json").json
    found = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and operation.get("security"):
                found.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path)))
    return found


def test_every_forgery_is_a_401_on_every_protected_operation(client, runtime):
    operations = _protected(client)
    assert len(operations) >= 12, operations   # listings, penalties, screenings, check ...
    refused = {}
    for method, path in operations:
        for what, token in _forgeries(runtime).items():
            answer = client.open(path, method=method, json={},
                                 headers={"Authorization": f"Bearer {token}"})
            if answer.status_code != 401 or answer.mimetype != "application/problem+json":
                refused[f"{method} {path} ({what})"] = answer.status_code
    assert refused == {}


@pytest.mark.parametrize(("token_of", "method", "path"), [
    ("screener", "POST", "/api/v1/listings"),       # a trading center may not file
    ("feed_reader", "POST", "/api/v1/listings"),    # a feed token may not file
    ("feed_reader", "POST", "/api/v1/screenings"),
    ("housing", "GET", "/api/v1/changes"),
    ("housing", "GET", "/api/v1/feeds"),
])
def test_a_valid_token_without_the_role_is_a_403(client, request, token_of, method, path):
    answer = client.open(path, method=method, json={}, headers=request.getfixturevalue(token_of))
    assert answer.status_code == 403


def test_a_filer_reads_neither_another_orgs_listing_nor_a_screening(client, housing, finance,
                                                                    screener):
    from tests.factories import file_listing

    listing = file_listing(client, housing)
    assert client.get(f"/api/v1/listings/{listing['id']}", headers=finance).status_code == 404
    screened = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "某公司"}]}).json
    assert client.get(f"/api/v1/screenings/{screened['id']}", headers=housing).status_code == 403
