"""The key folder every server of a deployment reads: which key signs, which still verify,
which are retired. Rotation and retirement only ever add a file or move one, each step atomic,
so a server reading the folder at any moment sees a state it can use.

    KID.pem          a private key whose public half is served and trusted
    current          the kid of the one that signs
    hmac.key         the receipts' identifier HMAC key (not rotated)
    retired/KID.pem  retired keys: neither served nor trusted, kept for the record
"""

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from blacklist.errors import Conflict, NotFound
from blacklist.infra.signing import public_jwk

CURRENT, HMAC_KEY, RETIRED = "current", "hmac.key", "retired"


@dataclass(frozen=True)
class KeyInfo:
    """One key of the folder as `blacklist keys list` shows it."""

    kid: str
    status: str  # current | previous (verifies, no longer signs) | retired
    created_at: dt.datetime


def ensure_keys(folder: Path) -> None:
    """Make the first key pair and the receipt HMAC key if the key folder has none."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / CURRENT).exists():
        _make_current(folder)
    if not (folder / HMAC_KEY).exists():
        _write_atomic(folder / HMAC_KEY, secrets.token_hex(32).encode())


def rotate(folder: Path) -> str:
    """A new ES256 key pair becomes current; every older served key keeps verifying."""
    if not (folder / CURRENT).exists():
        raise NotFound(f"no key in {folder}: run `blacklist init` first")
    return _make_current(folder)


def retire(folder: Path, kid: str) -> Path:
    """Take a key that no longer signs out of what is served and trusted; its private file
    moves to retired/ (never deleted). The current key and an unknown kid are refused."""
    if kid == current_kid(folder):
        raise Conflict(f"{kid} is the current key: rotate first, then retire it")
    served = folder / f"{kid}.pem"
    if _is_kid(kid) and (folder / RETIRED / served.name).exists():
        raise NotFound(f"{kid} is already retired")
    if not _is_kid(kid) or not served.exists():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.pem")))
        raise NotFound(f"no served key {kid!r} in {folder} (served: {known})")
    (folder / RETIRED).mkdir(mode=0o700, exist_ok=True)
    target = folder / RETIRED / served.name
    os.replace(served, target)
    return target


def describe(folder: Path) -> list[KeyInfo]:
    """Every key of the folder, oldest first, with what it is used for."""
    current = current_kid(folder)
    found = [(p, "current" if p.stem == current else "previous") for p in folder.glob("*.pem")]
    found += [(p, "retired") for p in (folder / RETIRED).glob("*.pem")]
    keys = [KeyInfo(p.stem, status, dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC))
            for p, status in found]
    return sorted(keys, key=lambda k: (k.created_at, k.kid))


def current_kid(folder: Path) -> str:
    """The kid that signs, as the `current` file names it."""
    return (folder / CURRENT).read_text().strip()


def stamp(folder: Path, trusted_jwks: Path | None = None) -> tuple:
    """What rotating, retiring or replacing the identity provider's JWKS file changes: the
    current kid, the names of the served keys, the trusted file's modification time."""
    try:
        current = current_kid(folder)
    except FileNotFoundError:
        current = None
    names = tuple(sorted(p.name for p in folder.glob("*.pem")))
    trusted = trusted_jwks.stat().st_mtime_ns if trusted_jwks and trusted_jwks.exists() else None
    return current, names, trusted


def _make_current(folder: Path) -> str:
    # The new key is served before it signs: its file lands first, then `current` names it.
    while True:   # a kid never starts with "-" (one in 64): `keys retire KID` reads an option
        key = ec.generate_private_key(ec.SECP256R1())
        kid = public_jwk(key)["kid"]
        if not kid.startswith("-"):
            break
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    _write_atomic(folder / f"{kid}.pem", pem)
    _write_atomic(folder / CURRENT, f"{kid}\n".encode())
    return kid


def _write_atomic(path: Path, data: bytes) -> None:
    """Written under a name no reader looks at, then renamed: never seen half written."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def _is_kid(kid: str) -> bool:
    # A kid is a file name here: nothing that could reach outside the folder.
    return bool(kid) and "/" not in kid and "\\" not in kid and not kid.startswith(".")
