"""Query strings and answers of the reports."""

from marshmallow import Schema, fields, validate

from api.schemas.common import Out


def counts(description: str) -> fields.Dict:
    """A count per code (domain, department or month)."""
    return fields.Dict(keys=fields.Str(), values=fields.Int(), required=True,
                       metadata={"description": description})


class AnnualQuery(Schema):
    year = fields.Int(required=True, validate=validate.Range(min=2018, max=2100))


class RemovalsOut(Out):
    expired = fields.Int(required=True)
    repaired = fields.Int(required=True)
    revoked = fields.Int(required=True)


class ListingFiguresOut(Out):
    new = fields.Int(required=True)
    new_by_domain = counts("new listings per domain code")
    new_by_month = counts("new listings per month, YYYY-MM, all twelve")
    new_by_department = counts("new listings per org code")
    removals = fields.Nested(RemovalsOut, required=True)
    removals_by_domain = fields.Dict(keys=fields.Str(), values=fields.Nested(RemovalsOut),
                                     required=True)
    listed_at_year_end = counts("entries listed on 31 December, per domain code")
    listed_at_year_end_by_department = counts("entries listed on 31 December, per org code")


class DepartmentPenaltiesOut(Out):
    org = fields.Str(required=True)
    name = fields.Str(required=True)
    filed = fields.Int(required=True)
    on_time = fields.Int(required=True)
    late = fields.Int(required=True)
    share_on_time = fields.Float(required=True, allow_none=True,
                                 metadata={"minimum": 0, "maximum": 1})


class PenaltyFiguresOut(Out):
    filed = fields.Int(required=True)
    by_department = fields.List(fields.Nested(DepartmentPenaltiesOut), required=True)


class DomainScreeningsOut(Out):
    total = fields.Int(required=True)
    refusals = fields.Int(required=True)


class ScreeningFiguresOut(Out):
    total = fields.Int(required=True)
    refusals = fields.Int(required=True)
    reviews = fields.Int(required=True)
    by_domain = fields.Dict(keys=fields.Str(), values=fields.Nested(DomainScreeningsOut),
                            required=True, metadata={"description": "per domain code, or any"})


class AnnualOut(Out):
    """The year per domain and per department (三(三))."""

    year = fields.Int(required=True)
    listings = fields.Nested(ListingFiguresOut, required=True)
    penalties = fields.Nested(PenaltyFiguresOut, required=True)
    screenings = fields.Nested(ScreeningFiguresOut, required=True)
