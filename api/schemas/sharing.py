"""Query strings and answers of the sharing endpoints."""

from marshmallow import Schema, fields, validate

from api.schemas.registry import SharedListingOut


class ChangesQuery(Schema):
    after = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=1000))


class ExportQuery(Schema):
    format = fields.Str(load_default="json", validate=validate.OneOf(["csv", "json"]))


class TimelinessQuery(Schema):
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")


class Source(Schema):
    org = fields.Str()
    name = fields.Str()
    uscc = fields.Str()


class ChangeOut(Schema):
    seq = fields.Int()
    event_id = fields.Str()
    at = fields.Str()
    event = fields.Str()
    listing = fields.Nested(SharedListingOut)
    source = fields.Nested(Source)


class ChangesOut(Schema):
    changes = fields.List(fields.Nested(ChangeOut))
    next_after = fields.Int()


class Parked(Schema):
    seq = fields.Int()
    event_id = fields.Str()
    listing_id = fields.Str()
    answer = fields.Str()
    parked_at = fields.Str()


class Lag(Schema):
    changes = fields.Int()
    seconds = fields.Int()


class FeedOut(Schema):
    name = fields.Str()
    url = fields.Str()
    tier = fields.Str()
    cursor = fields.Int()
    lag = fields.Nested(Lag)
    last_success_at = fields.Str(allow_none=True)
    last_error = fields.Str(allow_none=True)
    stopped = fields.Bool()
    parked = fields.List(fields.Nested(Parked))


class FeedsOut(Schema):
    items = fields.List(fields.Nested(FeedOut))


class ReplayOut(Schema):
    name = fields.Str()
    delivered = fields.Int()
    parked = fields.Int()
    error = fields.Str(allow_none=True)
    feed = fields.Nested(FeedOut)
