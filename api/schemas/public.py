"""Query strings and answers of the public endpoints (no token)."""

from marshmallow import Schema, fields, pre_dump, validate

from api.schemas.common import Code, Str
from api.schemas.registry import ListingOut, PageOut, PenaltyOut
from blacklist.public.privacy import public_entity
from blacklist.registry.entities import KINDS
from blacklist.trail import events


class PublicQuery(Schema):
    q = Str(validate=validate.Length(max=100))
    domain = Code("domains")
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class PublicListingQuery(PublicQuery):
    source = Str(validate=validate.Length(max=64), metadata={
        "description": "only entries of this source (数据来源): a source's name or an org code"})


class PublicPersonOut(Schema):
    """A legal representative on the public tier: the name, never the ID number."""

    name = fields.Str(required=True)


class PublicEntityOut(Schema):
    """The party as anyone may see it: a natural person's `id_number` masked to its first 4
    and last 4 characters, a legal representative's never shown."""

    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))
    name = fields.Str(required=True)
    uscc = fields.Str()
    id_number = fields.Str(metadata={"description": "masked: 3205**********123X"})
    legal_representative = fields.Nested(PublicPersonOut)
    former_names = fields.List(fields.Str())

    @pre_dump
    def _masked(self, entity, **kwargs):
        return public_entity(events.entity_fields(entity))


class PublicListingOut(ListingOut):
    """A listed entry on the public tier."""

    entity = fields.Nested(PublicEntityOut, required=True)

    class Meta:
        exclude = ("statement_deadline", "repairable_from", "statement", "statement_note",
                   "created_at", "published_at", "removed_at", "removal_reason", "version")


class PublicPenaltyOut(PenaltyOut):
    """A published penalty on the public tier."""

    entity = fields.Nested(PublicEntityOut, required=True)

    class Meta:
        exclude = ("severity", "disclosure_deadline", "provisional", "late", "authority",
                   "created_at")


class PublicListingPageOut(PageOut):
    items = fields.List(fields.Nested(PublicListingOut), required=True)
    total_exact = fields.Bool(metadata={
        "description": "false when the total of a very common fragment is an estimate"})


class PublicPenaltyPageOut(PageOut):
    items = fields.List(fields.Nested(PublicPenaltyOut), required=True)
