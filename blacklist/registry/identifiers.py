"""Checks of the unified social credit code (GB 32100-2015) and the ID number (GB 11643-1999).

Every identifier is made canonical before it is checked or compared (API.md, Conventions):
Unicode compatibility forms folded (NFKC: full-width ９１３２…Ｘ is 9132…X), surrounding
white space dropped, letters upper-cased. What is still not ASCII after that (Arabic-Indic
or other script digits, zero-width or bidi marks) is refused: stored, signed, shared and
compared identifiers are always ASCII, so one party is always one entity.
"""

import datetime
import functools
import re
import string
import unicodedata

from blacklist.errors import DomainError

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
# The 个体工商户 placeholder ("17个0加X") means "no code", never an identifier.
USCC_PLACEHOLDER = "00000000000000000X"
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_BASE36 = {c: int(c, 36) for c in string.digits + string.ascii_letters}
# Identifiers are checked on every screening and check; the checks are pure functions of
# what was typed, so a party checked again is answered from here.
CHECKED_CACHE = 65_536
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
ID_CHECK = "10X98765432"
ID_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")


class IdentifierError(DomainError):
    """What is wrong with an identifier, in words a filer can act on."""

    slug, title = "invalid-identifier", "Invalid identifier"


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(map(int.__mul__, map(_USCC_VALUE.__getitem__, first17), USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character of an organisation code's first 8 characters."""
    total = sum(map(int.__mul__, map(_BASE36.__getitem__, first8), ORG_CODE_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def fold(value: str) -> str:
    """The compatibility form of what was typed: NFKC, trimmed, upper-cased."""
    return unicodedata.normalize("NFKC", value).strip().upper()


def canonical(value: str) -> str:
    """The folded identifier; IdentifierError if anything but ASCII is left in it."""
    if value.isascii():  # NFKC leaves ASCII as it is
        return value.strip().upper()
    code = fold(value)
    stray = next((c for c in code if not c.isascii()), None)
    if stray is not None:
        name = unicodedata.name(stray, "unnamed")
        raise IdentifierError(f"character U+{ord(stray):04X} ({name}) is not allowed: "
                              "use the ASCII digits 0-9 and letters")
    return code


@functools.lru_cache(maxsize=CHECKED_CACHE)
def check_uscc(value: str, *, allowed: frozenset[str] = frozenset()) -> str:
    """Return the canonical USCC, or raise IdentifierError naming what is wrong."""
    code = canonical(value)
    if code in allowed:
        return code
    if len(code) != 18:
        raise IdentifierError(f"must be 18 characters, got {len(code)}")
    if not USCC_PATTERN.match(code):
        bad = next((c for c in code if c not in USCC_CHARSET), None)
        if bad is not None:
            raise IdentifierError(f"character {bad!r} is not allowed")
        raise IdentifierError("positions 3-8 must be digits (the area code)")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(f"check digit is wrong: expected {expected}, got {code[17]}")
    org_expected = org_code_check_char(code[8:16])
    if code[16] != org_expected:
        raise IdentifierError(
            f"organisation code check digit is wrong: expected {org_expected}, got {code[16]}"
        )
    return code


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an ID number's first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


@functools.lru_cache(maxsize=CHECKED_CACHE)
def check_id_number(value: str) -> str:
    """Return the canonical 18-character ID number, or raise IdentifierError."""
    number = canonical(value)
    if len(number) != 18:
        raise IdentifierError(f"must be 18 characters, got {len(number)}")
    if not ID_PATTERN.match(number):
        raise IdentifierError("must be 17 digits followed by a digit or X")
    if not _is_date(number[6:14]):
        raise IdentifierError(f"birth date {number[6:14]} is not a calendar date")
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise IdentifierError(f"check digit is wrong: expected {expected}, got {number[17]}")
    return number


def mask_id_number(number: str) -> str:
    """The public form of an ID number: first 4 and last 4 characters, the rest hidden."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _is_date(yyyymmdd: str) -> bool:
    try:
        datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True
