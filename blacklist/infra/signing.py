"""Keys, tokens, receipts and detached signatures: the one module that touches python-jose."""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jws, jwt
from jose.exceptions import JOSEError

from blacklist.errors import NotReady, Unauthorized

ALGORITHM = "ES256"
# Only this; a token naming any other algorithm ("none", HS256 ...) is refused before decoding.
ALGORITHMS = [ALGORITHM]
REQUIRED_CLAIMS = ("sub", "org", "roles", "iat", "exp", "iss", "aud")


class SignatureError(Unauthorized):
    """A token, receipt or signature that must not be trusted (as a token: no token at all)."""


class UnknownKey(SignatureError):
    """Signed under a kid the JWKS does not hold (a key the signer rotated to, or a forgery)."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(private_key: ec.EllipticCurvePrivateKey) -> dict:
    """The RFC 7517 public JWK of a P-256 key, its kid the RFC 7638 thumbprint."""
    numbers = private_key.public_key().public_numbers()
    jwk = {"crv": "P-256", "kty": "EC",
           "x": _b64url(numbers.x.to_bytes(32, "big")), "y": _b64url(numbers.y.to_bytes(32, "big"))}
    thumb = hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest()
    return {**jwk, "kid": _b64url(thumb)[:16], "alg": ALGORITHM, "use": "sig"}


@dataclass(frozen=True)
class KeyRing:
    """The deployment's keys as read once: the current signing key, the previous ones that
    still verify, and trusted outside keys. A rotation is a new KeyRing (runtime.keys)."""

    kid: str
    private_pem: str
    own: dict[str, dict]       # kid -> public JWK, current and previous
    trusted: dict[str, dict]   # kid -> public JWK of an identity provider's tokens
    hmac_key: bytes
    generation: int = 0        # which reading of the key folder this is, in this process

    @classmethod
    def load(cls, keys_dir: Path, trusted_jwks: Path | None = None,
             generation: int = 0) -> "KeyRing":
        """Read the key folder that `blacklist init` made: the keys at its top level are
        served and trusted; those under retired/ are neither."""
        current = keys_dir / "current"
        if not current.exists():
            raise NotReady(f"no signing key in {keys_dir}: run `blacklist init`")
        kid = current.read_text().strip()
        own = {}
        for pem_path in sorted(keys_dir.glob("*.pem")):
            key = serialization.load_pem_private_key(pem_path.read_bytes(), password=None)
            own[pem_path.stem] = {**public_jwk(key), "kid": pem_path.stem}
        trusted = {}
        if trusted_jwks:
            trusted = {k["kid"]: k for k in json.loads(trusted_jwks.read_text())["keys"]}
        if kid not in own:
            raise NotReady(f"the current key {kid} is not in {keys_dir}")
        return cls(kid=kid, private_pem=(keys_dir / f"{kid}.pem").read_text(), own=own,
                   trusted=trusted, hmac_key=(keys_dir / "hmac.key").read_bytes().strip(),
                   generation=generation)

    def jwks(self) -> dict:
        """The public half, as served at /.well-known/jwks.json."""
        return {"keys": list(self.own.values())}

    def sign_token(self, claims: dict) -> str:
        """A token under the current key, its kid in the header (`blacklist token`)."""
        return jwt.encode(claims, self.private_pem, algorithm=ALGORITHM, headers={"kid": self.kid})

    def verify_token(self, token: str, *, issuer: str, audience: str) -> dict:
        """The claims of a token signed by a key we trust, with every claim present and valid."""
        key = self._key_for(token, {**self.trusted, **self.own})
        try:
            claims = jwt.decode(token, key, algorithms=ALGORITHMS, issuer=issuer,
                                audience=audience, options=_REQUIRE_ALL)
        except (JOSEError, ValueError, TypeError) as exc:
            raise SignatureError(str(exc)) from exc
        missing = [c for c in REQUIRED_CLAIMS if c not in claims]
        if missing:
            raise SignatureError(f"missing claims: {', '.join(missing)}")
        return claims

    def sign(self, payload: dict | bytes) -> str:
        """A compact JWS of the payload under the current key (receipts)."""
        return jws.sign(payload, self.private_pem, headers={"kid": self.kid}, algorithm=ALGORITHM)

    def detached(self, body: bytes) -> str:
        """RFC 7515 Appendix F: the compact JWS of body with its payload part left empty."""
        header, _, signature = self.sign(body).split(".")
        return f"{header}..{signature}"

    def fingerprint(self, identifier: str) -> str:
        """HMAC-SHA256 of an identifier: receipts prove what was checked without carrying it."""
        return hmac.new(self.hmac_key, identifier.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def _key_for(token: str, keys: dict[str, dict]) -> dict:
        try:
            header = jwt.get_unverified_header(token)
        except (JOSEError, ValueError, TypeError) as exc:
            raise SignatureError("not a compact JWS") from exc
        if header.get("alg") != ALGORITHM:
            raise SignatureError(f"algorithm {header.get('alg')!r} is not accepted")
        # A jwk/jku/x5u header is never followed: only keys we hold are tried.
        key = keys.get(header.get("kid"))
        if key is None:
            raise UnknownKey("unknown signing key")
        return key


_REQUIRE_ALL = {"require_exp": True, "require_iat": True, "require_iss": True,
                "require_aud": True, "require_sub": True, "verify_nbf": True}


def verify_compact(token: str, jwks: dict) -> dict:
    """Verify a receipt offline against a published JWKS; return its payload."""
    keys = {k["kid"]: k for k in jwks["keys"]}
    key = KeyRing._key_for(token, keys)
    try:
        return json.loads(jws.verify(token, key, algorithms=ALGORITHMS))
    except (JOSEError, ValueError) as exc:
        raise SignatureError(str(exc)) from exc


def verify_detached(signature: str, body: bytes, jwks: dict) -> None:
    """Check an X-Signature header against the exact body bytes."""
    header, _, sig = signature.partition("..")
    verify_compact(f"{header}.{_b64url(body)}.{sig}", jwks)
