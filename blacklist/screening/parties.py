"""Parties as a trading center sends them: checked, made canonical, and hashed for receipts."""

import functools

from blacklist.errors import InvalidInput, TooManyParties
from blacklist.registry.entities import checked_identifier
from blacklist.registry.identifiers import USCC_PLACEHOLDER, check_id_number, check_uscc

MAX_PARTIES = 1000


def check_count(count: int) -> None:
    """At least one party and at most MAX_PARTIES per request."""
    if count > MAX_PARTIES:
        raise TooManyParties(f"at most {MAX_PARTIES} parties per request, got {count}")
    if count == 0:
        raise InvalidInput.field("parties", "at least one party is required")


def canonical(party: dict, path: str, errors: dict, allowed: frozenset[str]) -> dict:
    """The party with canonical identifiers; a bad identifier is recorded under its path.
    A code of the audited override (`allowed`) is taken as filed, so it can be refused."""
    prefix = f"{path}." if path else ""
    uscc = checked_identifier(party.get("uscc"), f"{prefix}uscc", errors, _uscc_check(allowed))
    if uscc == USCC_PLACEHOLDER:
        uscc = None  # the 个体工商户 placeholder is no code at all
    id_number = checked_identifier(party.get("id_number"), f"{prefix}id_number", errors,
                                   check_id_number)
    rep = dict(party.get("legal_representative") or {})
    rep["id_number"] = checked_identifier(
        rep.get("id_number"), f"{prefix}legal_representative.id_number", errors, check_id_number)
    return {**party, "uscc": uscc, "id_number": id_number, "legal_representative": rep}


@functools.lru_cache(maxsize=8)
def _uscc_check(allowed: frozenset[str]):
    """The USCC check that also takes the codes of the override and the placeholder."""
    return functools.partial(check_uscc, allowed=allowed | {USCC_PLACEHOLDER})


def canonical_parties(parties: list[dict], allowed: frozenset[str]) -> list[dict]:
    """Every party checked; any bad identifier is a 422 naming parties.N.<field>."""
    check_count(len(parties))
    errors: dict[str, list[str]] = {}
    checked = [canonical(party, f"parties.{i}", errors, allowed)
               for i, party in enumerate(parties)]
    if errors:
        raise InvalidInput(errors)
    return checked


def check_domain(domains: dict, domain: str | None, path: str = "domain") -> None:
    """A domain, when given, is one of the seven of data/domains.json."""
    if domain is not None and domain not in domains:
        raise InvalidInput.field(path, f"unknown domain {domain!r}; one of {', '.join(domains)}")


def receipt_party(party: dict, decision: str, fingerprint) -> dict:
    """What a receipt says of a party: name, decision, and its identifier only as an HMAC."""
    kind = "uscc" if party.get("uscc") else "id_number" if party.get("id_number") else None
    return {"name": party.get("name"), "decision": decision, "identifier_type": kind,
            "identifier_hmac": fingerprint(party[kind]) if kind else None}
