"""Field types shared by the schemas, each documented as the service checks it."""

import datetime as dt
import decimal
import re

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from blacklist.infra.clock import rfc3339

# What `printable` lets through, as the OpenAPI document states it (ECMA-262 and Python alike).
# `printable` also refuses a lone surrogate (a `\uD8xx` escape left unpaired: no character, and
# no database or signature can carry it); the pattern does not say so, because contract
# testers cannot use a pattern with a surrogate range and then generate anything at all.
PRINTABLE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Yuan with at most two decimals; Numeric(18, 2) holds 16 digits before the point.
MONEY_PATTERN = r"^[0-9]{1,16}(\.[0-9]{1,2})?$"
_MONEY = re.compile(MONEY_PATTERN)
# What the database stores a number in (BIGINT): anything past it is a 422, never a 500.
INT64_MAX = 2**63 - 1


def printable(value: str) -> None:
    """Control characters (NUL above all, which PostgreSQL refuses) and lone surrogates have
    no place in a field."""
    if _UNPRINTABLE.search(value) is None:
        return
    if _CONTROL.search(value):
        raise ValidationError("must not contain control characters")
    raise ValidationError("must not contain a lone surrogate (an unpaired \\u escape)")


class Str(fields.Str):
    """A string without control characters."""

    def __init__(self, *args, **kwargs):
        extra = kwargs.pop("validate", None)
        checks = [printable, *([] if extra is None else
                               (extra if isinstance(extra, list) else [extra]))]
        metadata = {"pattern": PRINTABLE_PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(*args, validate=checks, metadata=metadata, **kwargs)


def Text(max_length: int, **kwargs) -> Str:
    """A required-looking text field: at least one character, at most max_length."""
    return Str(validate=validate.Length(min=1, max=max_length), **kwargs)


class KnownCode:
    """A code of the reference data the service runs on (data/, as `blacklist init` loaded it)."""

    def __init__(self, codes: str):
        self.codes = codes

    def __call__(self, value: str) -> None:
        known = getattr(current_app.extensions["blacklist"].reference, self.codes)
        if value not in known:
            raise ValidationError(f"unknown code {value!r}; one of {', '.join(known)}")


def Code(codes: str, **kwargs) -> Str:
    """A code of data/<codes>.json; the document lists them (api/openapi.py fills the enum)."""
    metadata = {"x-codes": codes, **kwargs.pop("metadata", {})}
    return Str(validate=[validate.Length(min=1, max=32), KnownCode(codes)], metadata=metadata,
               **kwargs)


def Identifier(kind: str, **kwargs) -> Str:
    """A USCC (GB 32100) or ID number (GB 11643): made canonical, then checked by the domain."""
    formats = {"uscc": ("uscc", "统一社会信用代码 (GB 32100-2015), 18 characters"),
               "id_number": ("id-number", "公民身份号码 (GB 11643-1999), 18 characters")}
    fmt, text = formats[kind]
    metadata = dict(kwargs.pop("metadata", {}))
    own = f"{text}; full-width forms are folded (NFKC)"
    described = " ".join(filter(None, (metadata.pop("description", None), own)))
    metadata.update({"format": fmt, "description": described})
    return Str(validate=validate.Length(max=30), metadata=metadata, **kwargs)


class Money(fields.Field):
    """Yuan as a decimal string ("12000.00"); a JSON number is refused, as the contract says."""

    def __init__(self, **kwargs):
        metadata = {"type": "string", "pattern": MONEY_PATTERN, "example": "12000.00",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> decimal.Decimal:
        if not isinstance(value, str) or not _MONEY.match(value):
            raise ValidationError("must be a decimal string of yuan, e.g. \"12000.00\"")
        return decimal.Decimal(value).quantize(decimal.Decimal("0.01"))

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        return None if value is None else f"{decimal.Decimal(value):.2f}"


class Out(Schema):
    """An answer: what it lists is always there; a field added later is always allowed."""

    class Meta:
        unknown = EXCLUDE


class Instant(fields.Field):
    """An instant in an answer: RFC 3339 with the Shanghai offset (a string passes as it is)."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"type": "string", "format": "date-time",
                                   **kwargs.pop("metadata", {})}, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        return value if value is None or isinstance(value, str) else rfc3339(value)


class Day(fields.Field):
    """A calendar day in an answer, YYYY-MM-DD (a string passes as it is)."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"type": "string", "format": "date",
                                   **kwargs.pop("metadata", {})}, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        return value.isoformat() if isinstance(value, dt.date) else value


class SourceOut(Out):
    """The 数据来源单位: the org's code, its name and (where it has one) its USCC."""

    org = fields.Str(required=True)
    name = fields.Str(required=True)
    uscc = fields.Str(allow_none=True)
