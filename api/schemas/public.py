"""Query strings of the public endpoints."""

from marshmallow import Schema, fields, validate

from api.schemas.common import Code, Str


class PublicQuery(Schema):
    q = Str(validate=validate.Length(max=100))
    domain = Code("domains")
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))
