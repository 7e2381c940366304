"""Answers of the sources endpoint (joint punishment: the authorities we pull from)."""

from marshmallow import fields

from api.schemas.common import Instant, Out


class SourceStateOut(Out):
    name = fields.Str(required=True)
    url = fields.Str(required=True)
    jwks_url = fields.Str(allow_none=True, metadata={
        "description": "where the JWKS is read again when the source rotates its key"})
    authority = fields.Str(required=True, allow_none=True)
    authority_uscc = fields.Str(allow_none=True)
    every = fields.Int(required=True)
    cursor = fields.Int(required=True)
    entries = fields.Int(required=True, metadata={"description": "entries on the list now"})
    last_success_at = Instant(required=True, allow_none=True)
    last_change_at = Instant(allow_none=True)
    lag_seconds = fields.Int(allow_none=True)
    last_error = fields.Str(required=True, allow_none=True)
    stopped = fields.Bool(required=True)


class SourcesOut(Out):
    items = fields.List(fields.Nested(SourceStateOut), required=True)
