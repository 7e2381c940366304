"""What a trading center sends to screen a bid's parties, and the answers it gets."""

import datetime
import re

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from api.schemas.common import Code, Day, Identifier, Instant, Out, SourceOut, Str, Text
from blacklist.infra.clock import SHANGHAI
from blacklist.registry.entities import KINDS
from blacklist.screening.parties import MAX_PARTIES, check_count

DECISIONS = ("refuse", "review", "clear")
MATCHED_ON = ("uscc", "id_number", "name", "former_name", "legal_representative", "near_name")


# A "+" sent unencoded in a query string arrives as a space before the offset.
_UNENCODED_PLUS = re.compile(r" (\d{2}:?\d{2})$")


def parse_instant(value) -> datetime.datetime:
    """An RFC 3339 instant with its offset, in Shanghai time; ValueError names what is wrong."""
    if not isinstance(value, str):
        raise ValueError("must be an RFC 3339 instant")
    try:
        instant = datetime.datetime.fromisoformat(_UNENCODED_PLUS.sub(r"+\1", value.strip()))
        if instant.tzinfo is None:
            raise ValueError("must carry an offset, e.g. 2026-11-27T10:00:00+08:00")
        instant.astimezone(datetime.UTC)  # an instant the service can compute with
        return instant.astimezone(SHANGHAI)
    except OverflowError:
        raise ValueError("must be an RFC 3339 instant") from None
    except ValueError as exc:
        message = str(exc) if "offset" in str(exc) else "must be an RFC 3339 instant"
        raise ValueError(message) from None


class InstantIn(fields.Field):
    """An instant sent by a client (RFC 3339 with offset)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).update(type="string", format="date-time")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime.datetime:
        try:
            return parse_instant(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


WindowIn = Schema.from_dict({"from": InstantIn(required=True), "to": InstantIn(required=True)},
                            name="WindowIn")


class RepresentativeIn(Schema):
    name = Str(validate=validate.Length(max=100), allow_none=True)
    id_number = Identifier("id_number", allow_none=True)


class PartyIn(Schema):
    name = Text(200, required=True)
    kind = Str(validate=validate.OneOf(KINDS), allow_none=True)
    uscc = Identifier("uscc", allow_none=True)
    id_number = Identifier("id_number", allow_none=True)
    legal_representative = fields.Nested(RepresentativeIn, allow_none=True)


class ScreeningIn(Schema):
    project_code = Str(validate=validate.Length(max=100), allow_none=True)
    project_name = Str(validate=validate.Length(max=500), allow_none=True)
    domain = Code("domains", allow_none=True)
    # Counted by _count_first, so that too many is a 413 before any party is looked at.
    parties = fields.List(fields.Nested(PartyIn), required=True,
                          metadata={"minItems": 1, "maxItems": MAX_PARTIES})
    window = fields.Nested(WindowIn, allow_none=True, metadata={
        "description": "screen for [from, to]: the strictest decision of the window"})

    @pre_load
    def _count_first(self, data, **kwargs):
        """Too many parties is a 413 before any party is looked at; none is a 422."""
        if isinstance(data, dict) and isinstance(data.get("parties"), list):
            check_count(len(data["parties"]))
        return data


class CheckQuery(Schema):
    """GET /check's query, parsed by hand on the hot path; this schema only documents it."""

    uscc = Identifier("uscc", metadata={"description": "give uscc, id_number or name"})
    id_number = Identifier("id_number")
    name = fields.Str(validate=validate.Length(max=200))
    domain = Code("domains", metadata={"description": "screen for this domain (default: any)"})
    as_of = fields.Str(metadata={"format": "date-time",
                                 "description": "the decision as the list stood then"})
    from_ = fields.Str(data_key="from", metadata={
        "format": "date-time", "description": "a window's start (with `to`)"})
    to = fields.Str(metadata={"format": "date-time",
                              "description": "a window's end: the strictest decision of it"})


class RepresentativeOut(Out):
    name = fields.Str(allow_none=True)
    id_number = fields.Str(allow_none=True)


class PartyOut(Out):
    """The party as it was sent."""

    name = fields.Str(allow_none=True)
    kind = fields.Str(allow_none=True)
    uscc = fields.Str(allow_none=True)
    id_number = fields.Str(allow_none=True)
    legal_representative = fields.Nested(RepresentativeOut, allow_none=True)


class IntervalOut(Out):
    """A period in which a listing was listed; `to` is null while it still is."""

    from_ = Instant(data_key="from", attribute="from", required=True)
    to = Instant(required=True, allow_none=True)


WindowOut = Schema.from_dict({"from": fields.Str(required=True), "to": fields.Str(required=True)},
                             name="WindowOut")


class MatchOut(Out):
    """A listing the party matched, and whether its measures bar the screening's domain."""

    listing_id = fields.Str(required=True)
    matched_on = fields.Str(required=True, validate=validate.OneOf(MATCHED_ON))
    score = fields.Float(required=True, metadata={"minimum": 0, "maximum": 1})
    reason = fields.Str(required=True)
    domain = Code("domains", required=True)
    category = Code("categories", required=True)
    measures = fields.List(Code("measures"), required=True)
    restricts = fields.Bool(required=True)
    publish_until = Day(required=True)
    source = fields.Nested(SourceOut, required=True)
    origin = fields.Str(metadata={"description": "\"local\", or the source the entry came from"})
    under_objection = fields.Bool(metadata={
        "description": "an objection to the listing is open (异议处理中); the decision stands"})
    intervals = fields.List(fields.Nested(IntervalOut), metadata={
        "description": "as of an instant or over a window: the periods it was listed in"})


class ResultOut(Out):
    party = fields.Nested(PartyOut, required=True)
    decision = fields.Str(required=True, validate=validate.OneOf(DECISIONS))
    matches = fields.List(fields.Nested(MatchOut), required=True)


class ScreeningOut(Out):
    """A screening with its signed receipt (a compact JWS, ES256)."""

    id = fields.Str(required=True)
    checked_at = Instant(required=True)
    domain = Code("domains", required=True, allow_none=True)
    project_code = fields.Str(required=True, allow_none=True)
    project_name = fields.Str(required=True, allow_none=True)
    as_of_seq = fields.Int(required=True)
    results = fields.List(fields.Nested(ResultOut), required=True)
    receipt = fields.Str(required=True)
    window = fields.Nested(WindowOut, metadata={"description": "what the decisions answer for"})


class ScreeningRecordOut(ScreeningOut):
    """A stored screening, with who ran it and its counts."""

    org = fields.Str(required=True)
    sub = fields.Str(required=True)
    refusals = fields.Int(required=True)
    reviews = fields.Int(required=True)


class CheckOut(ResultOut):
    """One party's decision, now or as of an instant."""

    domain = Code("domains", required=True, allow_none=True)
    as_of_seq = fields.Int(required=True)
    window = fields.Nested(WindowOut, metadata={"description": "what the decision answers for"})
