"""Query strings and answers of the sharing endpoints: the pull, feeds, the export, timeliness."""

from marshmallow import Schema, fields, validate

from api.schemas.common import INT64_MAX, Code, Day, Instant, Out, SourceOut
from api.schemas.party import PartyTimelinessOut
from api.schemas.registry import SharedListingOut
from blacklist.registry.entities import KINDS

EVENTS = ("listed", "updated", "removed")
TIERS = ("shared", "public")
FORMATS = ("csv", "json")


class ChangesQuery(Schema):
    after = fields.Int(load_default=0, validate=validate.Range(min=0, max=INT64_MAX))
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=1000))
    include_sources = fields.Bool(load_default=False, metadata={
        "description": "also the entries of our sources (default: our own only, no echo)"})


class ExportQuery(Schema):
    format = fields.Str(load_default="json", validate=validate.OneOf(FORMATS))


class TimelinessQuery(Schema):
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")


class ChangeOut(Out):
    seq = fields.Int(required=True)
    event_id = fields.Str(required=True)
    at = Instant(required=True)
    event = fields.Str(required=True, validate=validate.OneOf(EVENTS))
    listing = fields.Nested(SharedListingOut, required=True)
    source = fields.Nested(SourceOut, required=True)


class ChangesOut(Out):
    changes = fields.List(fields.Nested(ChangeOut), required=True)
    next_after = fields.Int(required=True, metadata={
        "description": "the last seq returned, or `after` when none"})


class Parked(Out):
    """A change the platform rejected, with its answer, waiting for a replay."""

    seq = fields.Int(required=True)
    event_id = fields.Str(required=True)
    listing_id = fields.Str(required=True)
    answer = fields.Str(required=True)
    parked_at = Instant(required=True)


class Lag(Out):
    changes = fields.Int(required=True)
    seconds = fields.Int(required=True)


class FeedOut(Out):
    name = fields.Str(required=True)
    url = fields.Str(required=True)
    tier = fields.Str(required=True, validate=validate.OneOf(TIERS))
    cursor = fields.Int(required=True)
    lag = fields.Nested(Lag, required=True)
    last_success_at = Instant(required=True, allow_none=True)
    last_error = fields.Str(required=True, allow_none=True)
    stopped = fields.Bool(required=True)
    parked = fields.List(fields.Nested(Parked), required=True)


class FeedsOut(Out):
    items = fields.List(fields.Nested(FeedOut), required=True)


class ReplayOut(Out):
    name = fields.Str(required=True)
    delivered = fields.Int(required=True)
    parked = fields.Int(required=True, metadata={"description": "changes still parked"})
    error = fields.Str(required=True, allow_none=True)
    feed = fields.Nested(FeedOut, required=True)


class ExportedEntity(Out):
    """The party as the public page shows it: a person's ID masked, no representative's ID."""

    kind = fields.Str(required=True, validate=validate.OneOf(KINDS))
    name = fields.Str(required=True)
    uscc = fields.Str()
    id_number = fields.Str(metadata={"description": "masked: 3205**********123X"})
    legal_representative = fields.Dict(keys=fields.Str(), values=fields.Str())
    former_names = fields.List(fields.Str())


class ExportedListing(Out):
    """A listed entry of the export, masked as on the public page."""

    id = fields.Str(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(("listed",)))
    entity = fields.Nested(ExportedEntity, required=True)
    domain = Code("domains", required=True)
    category = Code("categories", required=True)
    decision_no = fields.Str(required=True)
    decision_date = Day(required=True)
    facts = fields.Str(required=True)
    legal_basis = fields.Str(required=True)
    measures = fields.List(Code("measures"), required=True)
    publish_until = Day(required=True)
    source = fields.Nested(SourceOut, required=True)
    origin = fields.Str(required=True)
    under_objection = fields.Bool(metadata={"description": "an objection is open (异议处理中)"})


EXPORT_DOC = {"responses": {"200": {
    "description": "Every listed entry, streamed: one JSON array, or CSV whose header row is "
                   "the 双公示 field names (DOMAIN.md §3)",
    "headers": {"Content-Disposition": {"schema": {"type": "string"},
                                        "description": "attachment; filename=listings.<format>"}},
    "content": {"application/json": {"schema": ExportedListing(many=True)},
                "text/csv": {"schema": {"type": "string"}}}}}}


class OverdueOut(Out):
    """A penalty disclosed late, or a draft past its deadline."""

    id = fields.Str(required=True)
    decision_no = fields.Str(required=True)
    decision_date = Day(required=True)
    disclosure_deadline = Day(required=True)
    provisional = fields.Bool(required=True)
    published_at = Instant(required=True, allow_none=True)


class TimelinessGroupOut(Out):
    """One department in one domain."""

    org = fields.Str(required=True)
    org_name = fields.Str(required=True)
    domain = Code("domains", required=True)
    on_time = fields.Int(required=True)
    late = fields.Int(required=True)
    overdue_drafts = fields.Int(required=True)
    drafts_due = fields.Int(required=True)
    late_items = fields.List(fields.Nested(OverdueOut), required=True)
    overdue_items = fields.List(fields.Nested(OverdueOut), required=True)


class TimelinessOut(Out):
    date_from = Day(required=True, attribute="from", data_key="from")
    date_to = Day(required=True, attribute="to", data_key="to")
    as_of = Day(required=True)
    items = fields.List(fields.Nested(TimelinessGroupOut), required=True)
    party = fields.List(fields.Nested(PartyTimelinessOut), required=True,
                        metadata={"description": "repair applications and objections"})
