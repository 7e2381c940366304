"""Every error the domain raises; api/errors.py alone maps them to problem details."""


class DomainError(Exception):
    """Base of every error raised in blacklist/."""

    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str = "", **extra):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class InvalidInput(DomainError):
    """Fields that fail a rule; `errors` maps a dotted field path to messages."""

    status, slug, title = 422, "invalid-input", "Invalid input"

    def __init__(self, errors: dict[str, list[str]], detail: str = ""):
        fields = ", ".join(sorted(errors))
        super().__init__(detail or f"invalid fields: {fields}")
        self.extra = {"errors": errors}

    @classmethod
    def field(cls, path: str, message: str) -> "InvalidInput":
        return cls({path: [message]})


class MalformedBody(DomainError):
    status, slug, title = 400, "malformed-body", "Malformed body"


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class StaleVersion(Conflict):
    slug, title = "stale-version", "Stale version"


class StatementPeriodOpen(Conflict):
    slug, title = "statement-period-open", "Statement period still open"


class RepairTooEarly(Conflict):
    slug, title = "repair-too-early", "Repair too early"


class DuplicateDecision(Conflict):
    slug, title = "duplicate-decision", "Duplicate decision"


class InvalidTransition(Conflict):
    slug, title = "invalid-transition", "Invalid transition"


class TooManyParties(DomainError):
    status, slug, title = 413, "too-many-parties", "Too many parties"


class ConfigurationError(DomainError):
    status, slug, title = 500, "configuration", "Configuration error"
