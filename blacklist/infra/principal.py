"""Who is acting: the verified claims of a token, checked against the orgs of data/."""

from dataclasses import dataclass

from blacklist.errors import Forbidden, Unauthorized

SYSTEM_ORG = "sz-ops"


@dataclass(frozen=True)
class Principal:
    sub: str
    org: str
    roles: frozenset[str]

    def require(self, *roles: str) -> None:
        """A valid token still needs one of the endpoint's roles (403)."""
        if not self.roles.intersection(roles):
            raise Forbidden(f"this needs the role {' or '.join(roles)}")

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


SYSTEM = Principal(sub="scheduler", org=SYSTEM_ORG, roles=frozenset({"admin"}))


def principal_from_claims(claims: dict, orgs: dict[str, dict]) -> Principal:
    """A token naming an unknown org, or a role its org may not hold, is not a valid token."""
    org = orgs.get(claims.get("org"))
    if org is None:
        raise Unauthorized("unknown org")
    roles = claims.get("roles")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        raise Unauthorized("roles must be a non-empty list")
    refused = set(roles) - set(org["roles"])
    if refused:
        raise Unauthorized(f"org {org['code']} may not hold the roles {sorted(refused)}")
    return Principal(sub=str(claims["sub"]), org=org["code"], roles=frozenset(roles))


def require_domain(principal: Principal, domain: str, orgs: dict[str, dict]) -> None:
    """A department files only in the domains it supervises."""
    if domain not in orgs[principal.org]["domains"]:
        raise Forbidden(f"{principal.org} does not file in the domain {domain!r}")
