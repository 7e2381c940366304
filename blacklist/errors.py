"""Every error the domain raises, by meaning; api/errors.py alone maps them to HTTP.

Each class carries a `slug` (the last part of a problem's `type`) and a `title`; none
knows a status code. Errors of one area (signatures, identifiers, transport, leadership,
configuration) subclass these too, so every error raised in blacklist/ has one base.
"""


class DomainError(Exception):
    """Base of every error raised in blacklist/."""

    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str = "", **extra):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class InvalidInput(DomainError):
    """Fields that fail a rule; `errors` maps a dotted field path to messages."""

    slug, title = "invalid-input", "Invalid input"

    def __init__(self, errors: dict[str, list[str]], detail: str = ""):
        fields = ", ".join(sorted(errors))
        super().__init__(detail or f"invalid fields: {fields}")
        self.extra = {"errors": errors}

    @classmethod
    def field(cls, path: str, message: str) -> "InvalidInput":
        return cls({path: [message]})


class MalformedBody(DomainError):
    """A body that is not a JSON object at all, or not JSON."""

    slug, title = "malformed-body", "Malformed body"


class BadQuery(DomainError):
    """A page's query string the pages cannot answer; the detail is shown to the visitor."""

    slug, title = "bad-query", "Bad query"


class Unauthorized(DomainError):
    """No token, or a token that is not valid (API.md: such a token is not a token)."""

    slug, title = "unauthorized", "Unauthorized"


class Forbidden(DomainError):
    """A valid token that may not do this."""

    slug, title = "forbidden", "Forbidden"


class NotFound(DomainError):
    """No such record, or one the actor may not know exists."""

    slug, title = "not-found", "Not found"


class Conflict(DomainError):
    """A state rule forbids it now."""

    slug, title = "conflict", "Conflict"


class StaleVersion(Conflict):
    slug, title = "stale-version", "Stale version"


class StatementPeriodOpen(Conflict):
    slug, title = "statement-period-open", "Statement period still open"


class RepairTooEarly(Conflict):
    slug, title = "repair-too-early", "Repair too early"


class DuplicateDecision(Conflict):
    slug, title = "duplicate-decision", "Duplicate decision"


class OwnedElsewhere(Conflict):
    slug, title = "owned-elsewhere", "Owned elsewhere"


class InvalidTransition(Conflict):
    slug, title = "invalid-transition", "Invalid transition"


class TooManyParties(DomainError):
    """More parties in one request than the service screens at once."""

    slug, title = "too-many-parties", "Too many parties"


class NotReady(DomainError):
    """The service cannot answer yet: the database, the reference data or the index is missing."""

    slug, title = "not-ready", "Not ready"


class ConfigurationError(DomainError):
    """A setting or file the service needs is missing or malformed; it must not start."""

    slug, title = "configuration", "Configuration error"
