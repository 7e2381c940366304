"""Bodies a filer sends."""

from marshmallow import Schema, fields, validate

from api.schemas.common import INT64_MAX, Code, Identifier, Money, Str, Text
from blacklist.registry.entities import KINDS
from blacklist.registry.penalties import SEVERITIES

STATUSES = ("pending", "listed", "expired", "repaired", "revoked")
STATEMENTS = ("waived", "reviewed", "none_received")


class PersonIn(Schema):
    name = Text(100, required=True)
    id_number = Identifier("id_number", allow_none=True)


class EntityIn(Schema):
    kind = Str(required=True, validate=validate.OneOf(KINDS))
    name = Text(200, required=True)
    uscc = Identifier("uscc", allow_none=True)
    id_number = Identifier("id_number", allow_none=True)
    legal_representative = fields.Nested(PersonIn, allow_none=True)
    former_names = fields.List(Text(200), validate=validate.Length(max=50))


class ListingIn(Schema):
    entity = fields.Nested(EntityIn, required=True)
    domain = Code("domains", required=True)
    category = Code("categories", required=True)
    decision_no = Text(100, required=True)
    decision_date = fields.Date(required=True)
    facts = Text(10_000, required=True)
    legal_basis = Text(2_000, required=True)
    publish_until = fields.Date()
    measures = fields.List(Code("measures"), validate=validate.Length(max=20))


class PublishIn(Schema):
    statement = Str(required=True, validate=validate.OneOf(STATEMENTS))
    note = Str(validate=validate.Length(max=5_000), allow_none=True)


class RevokeIn(Schema):
    reason = Text(2_000, required=True)


class RepairIn(Schema):
    decision_no = Text(100, required=True)
    reason = Text(2_000, required=True)


class EntityPatch(Schema):
    former_names = fields.List(Text(200), required=True, validate=validate.Length(max=50))


class ListingPatch(Schema):
    version = fields.Int(required=True, strict=True,
                         validate=validate.Range(min=1, max=INT64_MAX))
    facts = Text(10_000)
    legal_basis = Text(2_000)
    publish_until = fields.Date()
    measures = fields.List(Code("measures"), validate=validate.Length(max=20))
    entity = fields.Nested(EntityPatch)


class ListingQuery(Schema):
    status = Str(validate=validate.OneOf(STATUSES))
    domain = Code("domains")
    q = Text(100)
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class PenaltyIn(Schema):
    entity = fields.Nested(EntityIn, required=True)
    domain = Code("domains", required=True)
    decision_no = Text(100, required=True)
    decision_date = fields.Date(required=True)
    violation_type = Text(500, required=True)
    facts = Text(10_000, required=True)
    legal_basis = Text(2_000, required=True)
    penalty_type = Text(200, required=True)
    content = Text(5_000, required=True)
    severity = Str(validate=validate.OneOf(SEVERITIES), load_default="general")
    fine_amount = Money(allow_none=True)
    confiscated_amount = Money(allow_none=True)
    license = Str(validate=validate.Length(max=500), allow_none=True)
    publish_until = fields.Date()
    publish = fields.Bool(load_default=True)
