"""What a trading center sends to watch a bid's parties, and the watch it reads back."""

from marshmallow import Schema, fields, pre_load, validate

from api.schemas.common import Code, Day, Instant, Out, Str
from api.schemas.registry import PageOut
from api.schemas.screening import DECISIONS, MatchOut, PartyIn, PartyOut, ScreeningOut
from blacklist.screening.parties import MAX_PARTIES, check_count

STATUSES = ("open", "closed")


class WatchIn(Schema):
    project_code = Str(validate=validate.Length(max=100), allow_none=True)
    project_name = Str(validate=validate.Length(max=500), allow_none=True)
    domain = Code("domains", allow_none=True)
    parties = fields.List(fields.Nested(PartyIn), required=True,
                          metadata={"minItems": 1, "maxItems": MAX_PARTIES})
    until = fields.Date(required=True, metadata={
        "description": "the last day watched (inclusive): today at the earliest, 2 years ahead "
                       "at the latest"})
    callback_url = Str(validate=validate.Length(max=2000), allow_none=True, metadata={
        "format": "uri", "description": "http(s), never this service: where alerts are POSTed"})

    @pre_load
    def _count_first(self, data, **kwargs):
        """Too many parties is a 413 before any party is looked at; none is a 422."""
        if isinstance(data, dict) and isinstance(data.get("parties"), list):
            check_count(len(data["parties"]))
        return data


class WatchQuery(Schema):
    status = Str(validate=validate.OneOf(STATUSES))
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class DeliveryOut(Out):
    """How the alert reached the callback: pending, sent, parked (refused), none (not sent)."""

    status = fields.Str(required=True, validate=validate.OneOf(("pending", "sent", "parked",
                                                                "none")))
    attempts = fields.Int(required=True)
    delivered_at = Instant(required=True, allow_none=True)
    answer = fields.Str(required=True, allow_none=True)


class AlertOut(Out):
    """A watched party's decision changed; `receipt` signs the re-screening."""

    id = fields.Str(required=True)
    at = Instant(required=True)
    seq = fields.Int(required=True)
    party_index = fields.Int(required=True)
    party = fields.Nested(PartyOut, required=True)
    from_ = fields.Str(data_key="from", attribute="from", required=True,
                       validate=validate.OneOf(DECISIONS))
    to = fields.Str(required=True, validate=validate.OneOf(DECISIONS))
    matches = fields.List(fields.Nested(MatchOut), required=True)
    receipt = fields.Str(required=True)
    delivery = fields.Nested(DeliveryOut, required=True)


class WatchedPartyOut(Out):
    party = fields.Nested(PartyOut, required=True)
    decision = fields.Str(required=True, validate=validate.OneOf(DECISIONS))
    matches = fields.List(fields.Nested(MatchOut), required=True)


class WatchSummaryOut(Out):
    """A watch without its alerts."""

    id = fields.Str(required=True)
    org = fields.Str(required=True)
    project_code = fields.Str(required=True, allow_none=True)
    project_name = fields.Str(required=True, allow_none=True)
    domain = Code("domains", required=True, allow_none=True)
    until = Day(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(STATUSES))
    callback_url = fields.Str(required=True, allow_none=True)
    created_at = Instant(required=True)
    closed_at = Instant(required=True, allow_none=True)
    closed_reason = fields.Str(required=True, allow_none=True,
                               validate=validate.OneOf(("award", "until")))
    screening_id = fields.Str(required=True)
    parties = fields.List(fields.Nested(WatchedPartyOut), required=True)


class WatchOut(WatchSummaryOut):
    """A watch, its parties' current decisions, and its alerts in order."""

    alerts = fields.List(fields.Nested(AlertOut), required=True)


class WatchCreatedOut(WatchOut):
    """The watch and its first screening, receipt included."""

    screening = fields.Nested(ScreeningOut, required=True)


class WatchPageOut(PageOut):
    items = fields.List(fields.Nested(WatchSummaryOut), required=True)
