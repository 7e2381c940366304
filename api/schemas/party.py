"""Bodies and answers of the party's side: repair applications and objections. What the
public is answered says nothing of the applicant beyond the request's own status."""

from marshmallow import Schema, fields, validate

from api.schemas.common import Day, Identifier, Instant, Out, Str, Text
from api.schemas.filing import EntityPatch
from api.schemas.registry import PageOut
from blacklist.party.models import (
    ACTIONS,
    APPLICATION_STATUSES,
    GROUNDS,
    OBJECTION_STATUSES,
)

PHONE = r"^[0-9+\- ()]{5,30}$"


class ApplicantIn(Schema):
    """The listed party: its name and the listing's identifier (one of the two)."""

    name = Text(200, required=True)
    uscc = Identifier("uscc")
    id_number = Identifier("id_number")


class ContactIn(Schema):
    name = Text(100, required=True)
    phone = Str(required=True, validate=validate.Regexp(PHONE, error="not a phone number"))


class RepairApplicationIn(Schema):
    listing_id = Text(36, required=True)
    applicant = fields.Nested(ApplicantIn, required=True)
    contact = fields.Nested(ContactIn, required=True)
    statement = Text(5_000, required=True, metadata={"description": "how the breach was corrected"})
    commitment = fields.Bool(required=True, validate=validate.Equal(
        True, error="the public credit commitment (信用承诺) must be given: true"))
    evidence = fields.List(Text(2_000), load_default=list, validate=validate.Length(max=20))


class ObjectionIn(Schema):
    listing_id = Text(36, required=True)
    applicant = fields.Nested(ApplicantIn, required=True)
    contact = fields.Nested(ContactIn, required=True)
    grounds = Str(required=True, validate=validate.OneOf(GROUNDS))
    statement = Text(5_000, required=True)


class LookupQuery(Schema):
    """The applicant's identifier: the status is told to the listed party only."""

    uscc = Identifier("uscc")
    id_number = Identifier("id_number")


class RequestQuery(Schema):
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class ApplicationQuery(RequestQuery):
    status = Str(validate=validate.OneOf(APPLICATION_STATUSES))


class ObjectionQuery(RequestQuery):
    status = Str(validate=validate.OneOf(OBJECTION_STATUSES))


class DecideIn(Schema):
    outcome = Str(required=True, validate=validate.OneOf(("approved", "rejected")))
    reason = Str(validate=validate.Length(max=2_000), allow_none=True)
    decision_no = Str(validate=validate.Length(max=100), allow_none=True)


class CorrectionIn(Schema):
    """The fields an upheld objection corrects, as PATCH takes them (without the version)."""

    facts = Text(10_000)
    legal_basis = Text(2_000)
    publish_until = fields.Date()
    measures = fields.List(Str(validate=validate.Length(min=1, max=32)),
                           validate=validate.Length(max=20))
    entity = fields.Nested(EntityPatch)


class ResolveIn(Schema):
    outcome = Str(required=True, validate=validate.OneOf(("upheld", "dismissed")))
    reason = Text(2_000, required=True)
    action = Str(validate=validate.OneOf(ACTIONS), allow_none=True, load_default=None)
    correction = fields.Nested(CorrectionIn, allow_none=True, load_default=None)


class _RequestStatusOut(Out):
    id = fields.Str(required=True)
    listing_id = fields.Str(required=True)
    status = fields.Str(required=True)
    received_at = Instant(required=True)
    provisional = fields.Bool(required=True,
                              metadata={"description": "a deadline in a year not yet known"})
    decided_at = Instant(allow_none=True)
    reason = fields.Str(allow_none=True)
    on_time = fields.Bool(allow_none=True)


class ApplicationStatusOut(_RequestStatusOut):
    """What the applicant is told: the status, the deadlines and the outcome."""

    decide_by = Day(required=True)
    reply_by = Day(required=True)
    decision_no = fields.Str(allow_none=True)


class ObjectionStatusOut(_RequestStatusOut):
    grounds = fields.Str(required=True)
    resolve_by = Day(required=True)
    action = fields.Str(allow_none=True)


class _DepartmentFields(Schema):
    org = fields.Str(required=True)
    applicant = fields.Function(lambda r: {"name": r.applicant_name, "code": r.applicant_code},
                                required=True)
    contact = fields.Dict(required=True)
    statement = fields.Str(required=True)
    decided_by = fields.Str(allow_none=True)


class ApplicationOut(ApplicationStatusOut, _DepartmentFields):
    """An application as the department sees it."""

    evidence = fields.List(fields.Str(), required=True)


class ObjectionOut(ObjectionStatusOut, _DepartmentFields):
    """An objection as the department sees it."""


class ApplicationPageOut(PageOut):
    items = fields.List(fields.Nested(ApplicationOut), required=True)


class ObjectionPageOut(PageOut):
    items = fields.List(fields.Nested(ObjectionOut), required=True)


class RemovalsQuery(Schema):
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")


class RemovalFeedOut(Out):
    """One platform's acknowledgement of one removal (`null` while not yet)."""

    feed = fields.Str(required=True)
    acknowledged_at = Instant(required=True, allow_none=True)
    on_time = fields.Bool(required=True, allow_none=True,
                          metadata={"description": "null: not acknowledged, not yet due"})
    parked = fields.Bool(required=True)
    delay_seconds = fields.Int(required=True, allow_none=True)


class RemovalOut(Out):
    seq = fields.Int(required=True)
    event_id = fields.Str(required=True)
    listing_id = fields.Str(required=True)
    status = fields.Str(required=True)
    org = fields.Str(required=True)
    removed_at = Instant(required=True)
    due = Day(required=True)
    provisional = fields.Bool(required=True)
    feeds = fields.List(fields.Nested(RemovalFeedOut), required=True)


class RemovalSummaryOut(Out):
    feed = fields.Str(required=True)
    removals = fields.Int(required=True)
    on_time = fields.Int(required=True)
    late = fields.Int(required=True)
    outstanding = fields.Int(required=True)
    outstanding_overdue = fields.Int(required=True)
    longest_delay_seconds = fields.Int(required=True)


class RemovalReportOut(Out):
    date_from = Day(required=True, attribute="from", data_key="from")
    date_to = Day(required=True, attribute="to", data_key="to")
    as_of = Instant(required=True)
    limit_working_days = fields.Int(required=True)
    items = fields.List(fields.Nested(RemovalOut), required=True)
    feeds = fields.List(fields.Nested(RemovalSummaryOut), required=True)


class RequestTimelinessOut(Out):
    received = fields.Int(required=True)
    decided_on_time = fields.Int(required=True)
    decided_late = fields.Int(required=True)
    open = fields.Int(required=True)
    open_past_deadline = fields.Int(required=True)
    overdue_ids = fields.List(fields.Str(), required=True)


class PartyTimelinessOut(Out):
    """One department's repair applications and objections (received in the period)."""

    org = fields.Str(required=True)
    org_name = fields.Str(required=True)
    repair_applications = fields.Nested(RequestTimelinessOut, required=True)
    objections = fields.Nested(RequestTimelinessOut, required=True)
