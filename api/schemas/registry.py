"""Answers of the registry: listings and penalties as their filer sees them (full identifiers),
and the listing as the change log carries it to platforms. They dump the records the
services return (blacklist/registry/records.py)."""

from marshmallow import Schema, fields, post_dump, validate

from api.schemas.common import SourceOut
from blacklist.infra.clock import rfc3339
from blacklist.registry.entities import KINDS
from blacklist.registry.models import STATEMENTS, STATUSES
from blacklist.registry.penalties import SEVERITIES

HISTORY_ACTIONS = ("file", "publish", "correct", "revoke", "repair", "expire",
                   "object", "settle_objection")


class Instant(fields.String):
    """An instant in RFC 3339 with the Shanghai offset (`2026-11-27T10:00:00+08:00`)."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"format": "date-time"}, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return rfc3339(value)


class Money(fields.String):
    """An amount in yuan as a decimal string with two places (`"12000.00"`), or null."""

    def __init__(self, **kwargs):
        super().__init__(allow_none=True, metadata={"pattern": r"^\d+\.\d{2}$"}, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{value:.2f}"


def _drop_absent(data: dict, *keys: str) -> dict:
    """Identifiers a party does not have are left out, not sent as null."""
    for key in keys:
        if data.get(key) is None:
            data.pop(key, None)
    return data


class PersonOut(Schema):
    name = fields.Str(allow_none=True)
    id_number = fields.Str()

    @post_dump
    def _absent(self, data, **kwargs):
        return _drop_absent(data, "id_number")


class EntityOut(Schema):
    """The party with full identifiers; `uscc`, `id_number`, `legal_representative` only
    when it has them."""

    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))
    name = fields.Str(required=True)
    former_names = fields.List(fields.Str(), required=True)
    uscc = fields.Str()
    id_number = fields.Str()
    legal_representative = fields.Nested(PersonOut)

    @post_dump
    def _absent(self, data, **kwargs):
        return _drop_absent(data, "uscc", "id_number", "legal_representative")


class ListingOut(Schema):
    """A listing as its filer sees it."""

    id = fields.Str(attribute="listing.id", required=True)
    status = fields.Str(attribute="listing.status", required=True,
                        validate=validate.OneOf(STATUSES))
    entity = fields.Nested(EntityOut, required=True)
    domain = fields.Str(attribute="listing.domain", required=True)
    category = fields.Str(attribute="listing.category", required=True)
    decision_no = fields.Str(attribute="listing.decision_no", required=True)
    decision_date = fields.Date(attribute="listing.decision_date", required=True)
    facts = fields.Str(attribute="listing.facts", required=True)
    legal_basis = fields.Str(attribute="listing.legal_basis", required=True)
    publish_until = fields.Date(attribute="listing.publish_until", required=True)
    measures = fields.List(fields.Str(), attribute="listing.measures", required=True)
    statement_deadline = fields.Date(attribute="listing.statement_deadline", required=True)
    repairable_from = fields.Date(attribute="listing.repairable_from", required=True)
    statement = fields.Str(attribute="listing.statement", allow_none=True,
                           validate=validate.OneOf(STATEMENTS))
    statement_note = fields.Str(attribute="listing.statement_note", allow_none=True)
    source = fields.Nested(SourceOut, required=True)
    origin = fields.Str(attribute="listing.origin", required=True, metadata={
        "description": '"local" for an entry filed here, else the source it came from'})
    created_at = Instant(attribute="listing.created_at", required=True)
    published_at = Instant(attribute="listing.published_at", allow_none=True)
    removed_at = Instant(attribute="listing.removed_at", allow_none=True)
    removal_reason = fields.Str(attribute="listing.removal_reason", allow_none=True)
    version = fields.Int(attribute="listing.version", required=True)
    under_objection = fields.Bool(attribute="listing.under_objection", required=True,
                                  metadata={"description": "an objection is open (异议处理中)"})


class ActorOut(Schema):
    org = fields.Str(required=True)
    sub = fields.Str(required=True)


class ActionOut(Schema):
    """One step of the history: `changes` maps a field to `[old, new]`."""

    at = Instant(required=True)
    actor = fields.Nested(ActorOut, required=True)
    action = fields.Str(required=True, validate=validate.OneOf(HISTORY_ACTIONS))
    changes = fields.Dict(keys=fields.Str(), values=fields.List(fields.Raw()), required=True)


class ListingWithHistoryOut(ListingOut):
    """A listing read back one by one, with its history oldest first."""

    history = fields.List(fields.Nested(ActionOut), required=True)


class PageOut(Schema):
    """A page of a list: its `items` (below), how many match, which page, how many a page."""

    total = fields.Int(required=True)
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)


class ListingPageOut(PageOut):
    items = fields.List(fields.Nested(ListingOut), required=True)


class PenaltyOut(Schema):
    """A penalty as its filer sees it, with its disclosure deadline and lateness."""

    id = fields.Str(attribute="penalty.id", required=True)
    entity = fields.Nested(EntityOut, required=True)
    domain = fields.Str(attribute="penalty.domain", required=True)
    decision_no = fields.Str(attribute="penalty.decision_no", required=True)
    decision_date = fields.Date(attribute="penalty.decision_date", required=True)
    violation_type = fields.Str(attribute="penalty.violation_type", required=True)
    facts = fields.Str(attribute="penalty.facts", required=True)
    legal_basis = fields.Str(attribute="penalty.legal_basis", required=True)
    penalty_type = fields.Str(attribute="penalty.penalty_type", required=True)
    content = fields.Str(attribute="penalty.content", required=True)
    severity = fields.Str(attribute="penalty.severity", required=True,
                          validate=validate.OneOf(SEVERITIES))
    fine_amount = Money(attribute="penalty.fine_amount")
    confiscated_amount = Money(attribute="penalty.confiscated_amount")
    license = fields.Str(attribute="penalty.license", allow_none=True)
    publish_until = fields.Date(attribute="penalty.publish_until", required=True)
    disclosure_deadline = fields.Date(attribute="penalty.disclosure_deadline", required=True)
    provisional = fields.Bool(attribute="penalty.provisional", required=True)
    published_at = Instant(attribute="penalty.published_at", allow_none=True)
    late = fields.Bool(attribute="penalty.late", required=True)
    authority = fields.Nested(SourceOut, attribute="source", required=True, dump_only=True)
    source = fields.Nested(SourceOut, required=True)
    created_at = Instant(attribute="penalty.created_at", required=True)


def _date(**kwargs) -> fields.Str:
    return fields.Str(metadata={"format": "date"}, **kwargs)


def _instant(**kwargs) -> fields.Str:
    return fields.Str(metadata={"format": "date-time"}, **kwargs)


class SharedListingOut(Schema):
    """A listing as a change carries it to platforms (shared tier: full identifiers): the
    fields of ListingOut, as the change log recorded them when the change was made."""

    id = fields.Str(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(STATUSES))
    entity = fields.Nested(EntityOut, required=True)
    domain = fields.Str(required=True)
    category = fields.Str(required=True)
    decision_no = fields.Str(required=True)
    decision_date = _date(required=True)
    facts = fields.Str(required=True)
    legal_basis = fields.Str(required=True)
    publish_until = _date(required=True)
    measures = fields.List(fields.Str(), required=True)
    statement_deadline = _date(allow_none=True)
    repairable_from = _date(allow_none=True)
    statement = fields.Str(allow_none=True, validate=validate.OneOf(STATEMENTS))
    statement_note = fields.Str(allow_none=True)
    source = fields.Nested(SourceOut, required=True)
    created_at = _instant(allow_none=True)
    published_at = _instant(allow_none=True)
    removed_at = _instant(allow_none=True)
    removal_reason = fields.Str(allow_none=True)
    version = fields.Int(allow_none=True)
    origin = fields.Str(load_default="local", metadata={
        "description": '"local" for an entry filed here, else the source it came from'})
    under_objection = fields.Bool(metadata={"description": "an objection is open (异议处理中); "
                                            "absent on changes made before objections existed"})
